//! How a practice org starts: its state, shadow mode, login and seeded interruptions.

use std::time::Duration;

use super::{PracticeState, ShadowMode};

/// Whether [`PracticeOptions::default`] (and so [`super::start`] and [`super::start_with`]) asks for
/// a login: on, as the products do; the shipped runbook logs in (`--no-login` turns it off).
pub const LOGIN_BY_DEFAULT: bool = true;

/// How long a session lasts unless [`PracticeOptions::session_lifetime`] says otherwise.
pub const DEFAULT_SESSION_LIFETIME: Duration = Duration::from_secs(2 * 60 * 60);

/// How a practice org starts; build one with [`PracticeOptions::new`] and its setters.
#[derive(Debug, Clone)]
pub struct PracticeOptions {
    /// The state it starts in (and `reset` returns to).
    pub state: PracticeState,
    /// The Lightning pages' shadow mode when a page's `?shadow=` names none.
    pub shadow: ShadowMode,
    /// Whether app pages redirect to their product's login page without a session.
    pub login: bool,
    /// How long a session lasts after its login.
    pub session_lifetime: Duration,
    /// The seed choosing the app page loads that show a pop-up; `None`: none does.
    pub interruptions: Option<u64>,
    /// How the screens differ on purpose (none by default).
    pub drift: super::Drift,
}

impl Default for PracticeOptions {
    fn default() -> Self {
        PracticeOptions {
            state: PracticeState::fresh(),
            shadow: ShadowMode::default(),
            login: LOGIN_BY_DEFAULT,
            session_lifetime: DEFAULT_SESSION_LIFETIME,
            interruptions: None,
            drift: super::Drift::None,
        }
    }
}

impl PracticeOptions {
    /// The defaults: a fresh org, synthetic shadow, login as [`LOGIN_BY_DEFAULT`], two-hour sessions,
    /// no interruptions.
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts in `state`.
    pub fn state(mut self, state: PracticeState) -> Self {
        self.state = state;
        self
    }

    /// Lightning pages in `shadow` mode.
    pub fn shadow(mut self, shadow: ShadowMode) -> Self {
        self.shadow = shadow;
        self
    }

    /// Whether app pages ask for a login.
    pub fn login(mut self, login: bool) -> Self {
        self.login = login;
        self
    }

    /// Sessions last `lifetime`.
    pub fn session_lifetime(mut self, lifetime: Duration) -> Self {
        self.session_lifetime = lifetime;
        self
    }

    /// Pop-ups on the app page loads `seed` chooses (see [`super::interruption_shows`]).
    pub fn interruptions(mut self, seed: u64) -> Self {
        self.interruptions = Some(seed);
        self
    }

    /// Screens that differ on purpose, for the visual tests.
    pub fn drift(mut self, drift: super::Drift) -> Self {
        self.drift = drift;
        self
    }
}
