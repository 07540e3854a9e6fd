//! Seeded interruptions: the pop-ups real orgs show on some page loads (HubSpot's "What's new",
//! Lightning's In-App Guidance prompts, Classic's "Switch to Lightning Experience"), on loads that a
//! seed chooses, so that a run meets them where a test can predict it.

use serde::Serialize;

/// The dialog a product family shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Interruption {
    /// HubSpot's "What's new" modal.
    HubSpot,
    /// Salesforce Classic's "Switch to Lightning Experience" prompt.
    Classic,
    /// Lightning's In-App Guidance prompt.
    Lightning,
}

impl Interruption {
    /// The dialog of the app page at `path`; `None` off the app pages (login pages, inbox, index).
    pub fn of_page(path: &str) -> Option<Interruption> {
        let under = |prefix: &str| {
            path == prefix
                || path
                    .strip_prefix(prefix)
                    .is_some_and(|rest| rest.starts_with('/'))
        };
        if under("/hubspot/login") {
            None
        } else if under("/hubspot") {
            Some(Interruption::HubSpot)
        } else if under("/classic") {
            Some(Interruption::Classic)
        } else if under("/lightning") {
            Some(Interruption::Lightning)
        } else {
            None
        }
    }
}

/// Whether the app page load number `load` (0 for the first) of an org seeded with `seed` shows its
/// dialog: roughly one load in three, the same loads for the same seed.
pub fn shows(seed: u64, load: u64) -> bool {
    splitmix64(seed ^ load.wrapping_mul(0x9E37_79B9_7F4A_7C15)).is_multiple_of(3)
}

/// SplitMix64's output function: a well-mixed 64-bit hash of `x`.
fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// What the org's app page loads met so far.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct InterruptionLog {
    /// App page loads counted (those that could show a dialog).
    pub loads: u64,
    /// The loads (0-based) that showed one, and which.
    pub shown: Vec<(u64, Interruption)>,
}

impl InterruptionLog {
    /// Counts a load of a page whose dialog is `kind`: the dialog, when this load shows it.
    pub fn next(&mut self, seed: u64, kind: Interruption) -> Option<Interruption> {
        let load = self.loads;
        self.loads += 1;
        shows(seed, load).then(|| {
            self.shown.push((load, kind));
            kind
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn about_one_load_in_three_shows_the_same_loads_per_seed() {
        for seed in [0, 1, 42, u64::MAX] {
            let shown = (0..3000).filter(|&n| shows(seed, n)).count();
            assert!((800..1200).contains(&shown), "seed {seed}: {shown}");
        }
        let a: Vec<bool> = (0..50).map(|n| shows(7, n)).collect();
        let b: Vec<bool> = (0..50).map(|n| shows(7, n)).collect();
        let c: Vec<bool> = (0..50).map(|n| shows(8, n)).collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn the_log_counts_loads_and_records_the_shown_ones() {
        let mut log = InterruptionLog::default();
        let seen: Vec<Option<Interruption>> = (0..10)
            .map(|_| log.next(42, Interruption::Lightning))
            .collect();
        assert_eq!(log.loads, 10);
        let expected: Vec<u64> = (0..10).filter(|&n| shows(42, n)).collect();
        let got: Vec<u64> = log.shown.iter().map(|(n, _)| *n).collect();
        assert_eq!(got, expected);
        assert_eq!(seen.iter().flatten().count(), expected.len());
    }

    #[test]
    fn only_app_pages_have_a_dialog() {
        assert_eq!(
            Interruption::of_page("/hubspot"),
            Some(Interruption::HubSpot)
        );
        assert_eq!(
            Interruption::of_page("/hubspot/settings/integrations/connected-apps"),
            Some(Interruption::HubSpot)
        );
        assert_eq!(
            Interruption::of_page("/classic/setup/packages"),
            Some(Interruption::Classic)
        );
        assert_eq!(
            Interruption::of_page("/lightning/setup/ImportedPackage/home"),
            Some(Interruption::Lightning)
        );
        for page in ["/hubspot/login", "/login", "/inbox", "/", "/hubspotx"] {
            assert_eq!(Interruption::of_page(page), None, "{page}");
        }
    }
}
