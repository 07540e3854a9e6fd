//! A switch that changes the practice org's screens on purpose, for the tests of visual baselines:
//! the kinds of change a release brings that no text locator notices.

use std::sync::atomic::{AtomicU8, Ordering};

/// How the screens differ from their usual look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Drift {
    /// As usual.
    #[default]
    None,
    /// Another brand colour: headers and primary buttons.
    Colour,
    /// A moved panel: the main content shifted down and right.
    Moved,
    /// A new element: a notice above the content ("a new required field").
    New,
}

impl Drift {
    /// Every kind, as written.
    pub const ALL: [Drift; 4] = [Drift::None, Drift::Colour, Drift::Moved, Drift::New];

    /// Its name (`none`, `colour`, `moved`, `new`): the pages' `data-drift`.
    pub fn as_str(self) -> &'static str {
        match self {
            Drift::None => "none",
            Drift::Colour => "colour",
            Drift::Moved => "moved",
            Drift::New => "new",
        }
    }

    /// The kind of that name (`color` too); anything else is `None`.
    pub fn parse(s: &str) -> Option<Drift> {
        match s.to_ascii_lowercase().as_str() {
            "color" => Some(Drift::Colour),
            other => Drift::ALL.into_iter().find(|d| d.as_str() == other),
        }
    }
}

/// The org's current drift, changed while it serves (`POST /__practice/drift?kind=...`).
#[derive(Debug, Default)]
pub(crate) struct DriftSwitch(AtomicU8);

impl DriftSwitch {
    pub(crate) fn new(drift: Drift) -> Self {
        let switch = DriftSwitch::default();
        switch.set(drift);
        switch
    }

    pub(crate) fn get(&self) -> Drift {
        Drift::ALL
            .get(usize::from(self.0.load(Ordering::Relaxed)))
            .copied()
            .unwrap_or_default()
    }

    pub(crate) fn set(&self, drift: Drift) {
        let index = Drift::ALL.iter().position(|d| *d == drift).unwrap_or(0);
        self.0
            .store(u8::try_from(index).unwrap_or(0), Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_the_switch_keeps_the_last_one() {
        for d in Drift::ALL {
            assert_eq!(Drift::parse(d.as_str()), Some(d));
        }
        assert_eq!(Drift::parse("Color"), Some(Drift::Colour));
        assert_eq!(Drift::parse("tilt"), None);
        let switch = DriftSwitch::new(Drift::Moved);
        assert_eq!(switch.get(), Drift::Moved);
        switch.set(Drift::None);
        assert_eq!(switch.get(), Drift::None);
    }
}
