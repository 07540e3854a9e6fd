//! The practice org: local pages reproducing the HubSpot and Salesforce screens of the seed procedure
//! (disconnect the HubSpot-Salesforce integration, reassign owners, uninstall the package), served on
//! 127.0.0.1 so that users can rehearse a runbook and tests, demos and benchmarks have something real
//! to run against.
//!
//! Each server keeps its own state (tests start many at once); the pages read it as JSON and the UI's
//! actions change it, so that a procedure run twice fails the way a real org would.

mod accounts;
mod api;
mod drift;
pub mod i18n;
mod interruption;
mod login;
mod options;
mod reaction;
mod routes;
mod seed;
mod sessions;
mod site;
pub mod state;
mod strings;
mod template;
mod transitions;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use accounts::{Account, Product, account, accounts};
pub use drift::Drift;
pub use i18n::Lang;
pub use interruption::{Interruption, InterruptionLog, shows as interruption_shows};
pub use options::{DEFAULT_SESSION_LIFETIME, LOGIN_BY_DEFAULT, PracticeOptions};
pub use seed::HUBSPOT_PACKAGE_ID;
pub use state::PracticeState;

/// How the Lightning pages run their components' shadow DOM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ShadowMode {
    /// `@lwc/synthetic-shadow`, as production Lightning Experience runs.
    #[default]
    Synthetic,
    /// The browser's own shadow DOM, as newer orgs run.
    Native,
}

impl ShadowMode {
    /// `synthetic` or `native`.
    pub fn as_str(self) -> &'static str {
        match self {
            ShadowMode::Synthetic => "synthetic",
            ShadowMode::Native => "native",
        }
    }

    /// `synthetic` or `native` (any case); anything else is `None`.
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "synthetic" => Some(ShadowMode::Synthetic),
            "native" => Some(ShadowMode::Native),
            _ => None,
        }
    }
}

/// The org's state behind the server: the current state and the one `reset` returns to, the
/// benchmark's reaction measurements (which `reset` leaves alone), the Lightning pages' shadow
/// mode when a page's `?shadow=` names none, who is logged in, and the seeded interruptions so far.
pub(crate) struct Org {
    current: Mutex<PracticeState>,
    initial: Mutex<PracticeState>,
    reactions: reaction::Reactions,
    shadow: ShadowMode,
    login: bool,
    sessions: Mutex<sessions::Sessions>,
    interruptions: Option<u64>,
    interruption_log: Mutex<InterruptionLog>,
    /// How the screens differ on purpose (the visual tests' switch).
    pub(crate) drift: drift::DriftSwitch,
}

impl Org {
    fn new(options: PracticeOptions) -> Self {
        let lifetime_ms = u64::try_from(options.session_lifetime.as_millis()).unwrap_or(u64::MAX);
        Org {
            current: Mutex::new(options.state.clone()),
            initial: Mutex::new(options.state),
            reactions: reaction::Reactions::default(),
            shadow: options.shadow,
            login: options.login,
            sessions: Mutex::new(sessions::Sessions::new(lifetime_ms)),
            interruptions: options.interruptions,
            interruption_log: Mutex::new(InterruptionLog::default()),
            drift: drift::DriftSwitch::new(options.drift),
        }
    }

    /// Whether app pages need a session.
    pub(crate) fn login_required(&self) -> bool {
        self.login
    }

    /// Runs `f` on the sessions.
    pub(crate) fn sessions<R>(&self, f: impl FnOnce(&mut sessions::Sessions) -> R) -> R {
        f(&mut lock(&self.sessions))
    }

    /// Counts a load of an app page whose dialog is `kind`: the dialog it shows, if the seed says so.
    pub(crate) fn interruption(&self, kind: Interruption) -> Option<Interruption> {
        let seed = self.interruptions?;
        lock(&self.interruption_log).next(seed, kind)
    }

    /// The app page loads counted so far and those that showed a dialog.
    pub(crate) fn interruption_log(&self) -> InterruptionLog {
        lock(&self.interruption_log).clone()
    }

    /// The shadow mode of Lightning pages that do not choose one with `?shadow=`.
    pub(crate) fn shadow(&self) -> ShadowMode {
        self.shadow
    }

    /// Runs `f` on the current state, brought up to now first.
    pub(crate) fn with<R>(&self, f: impl FnOnce(&mut PracticeState) -> R) -> R {
        let mut state = lock(&self.current);
        state.advance(state::now_ms());
        f(&mut state)
    }

    /// A copy of the current state.
    pub(crate) fn snapshot(&self) -> PracticeState {
        self.with(|s| s.clone())
    }

    /// Back to the initial state; with a language, that language becomes the initial one too.
    pub(crate) fn reset(&self, language: Option<Lang>) -> PracticeState {
        let mut initial = lock(&self.initial);
        if let Some(l) = language {
            initial.language = l;
        }
        let mut current = lock(&self.current);
        *current = initial.clone();
        current.clone()
    }
}

// A panic while the lock was held cannot leave the state half-changed (every transition checks
// before it changes anything, sessions and logs change in one step), so a poisoned lock is still usable.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A running practice org.
pub struct PracticeServer {
    addr: SocketAddr,
    org: Arc<Org>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

/// Starts a practice org in its initial state on 127.0.0.1 (`None` or `Some(0)`: a free port), with
/// [`PracticeOptions::default`] (login as [`LOGIN_BY_DEFAULT`] says, no interruptions).
pub async fn start(port: Option<u16>) -> std::io::Result<PracticeServer> {
    start_options(port, PracticeOptions::default()).await
}

/// Starts a practice org in the given state, e.g. [`PracticeState::after_procedure`], whose Lightning
/// pages run in `shadow` mode unless a page's `?shadow=native|synthetic` says otherwise.
pub async fn start_with(
    port: Option<u16>,
    state: PracticeState,
    shadow: ShadowMode,
) -> std::io::Result<PracticeServer> {
    start_options(port, PracticeOptions::new().state(state).shadow(shadow)).await
}

/// Starts a practice org as `options` say: its state, shadow mode, login and interruptions.
pub async fn start_options(
    port: Option<u16>,
    options: PracticeOptions,
) -> std::io::Result<PracticeServer> {
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, port.unwrap_or(0))).await?;
    let addr = listener.local_addr()?;
    let org = Arc::new(Org::new(options));
    let app = routes::router(org.clone());
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let serve = axum::serve(listener, app).with_graceful_shutdown(async {
            let _ = stopped.await;
        });
        if let Err(e) = serve.await {
            tracing::warn!("practice org server stopped: {e}");
        }
    });
    Ok(PracticeServer {
        addr,
        org,
        stop: Some(stop),
        task: Some(task),
    })
}

impl PracticeServer {
    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Where each product starts, for printing.
    pub fn entry_points(&self) -> Vec<(&'static str, String)> {
        let base = self.base_url();
        vec![
            ("HubSpot", format!("{base}/hubspot")),
            ("Salesforce Classic", format!("{base}/classic/home")),
            (
                "Salesforce Lightning",
                format!("{base}/lightning/page/home"),
            ),
            ("Inbox", format!("{base}/inbox")),
        ]
    }

    /// Whether app pages need a session (else they open without a login).
    pub fn login_required(&self) -> bool {
        self.org.login_required()
    }

    /// Each product's login page: the product and its URL.
    pub fn login_urls(&self) -> Vec<(Product, String)> {
        let base = self.base_url();
        [Product::HubSpot, Product::Salesforce]
            .into_iter()
            .map(|p| (p, format!("{base}{}", p.login_path())))
            .collect()
    }

    /// Ends every session now, as if their lifetime had passed: the next app page asks for a login.
    pub fn expire_sessions(&self) {
        self.org.sessions(|s| s.expire_all());
    }

    /// Changes how the screens look from the next page load on (see [`Drift`]).
    pub fn set_drift(&self, drift: Drift) {
        self.org.drift.set(drift);
    }

    /// The app page loads so far and which of them showed their seeded interruption (empty without a seed).
    pub fn interruptions(&self) -> InterruptionLog {
        self.org.interruption_log()
    }

    /// Whether a value of [`PracticeServer::runbook_vars`] is a credential (a password or an
    /// authenticator secret), to be given as a secret.
    pub fn is_credential(name: &str) -> bool {
        name.ends_with("_password") || name.ends_with("_mfa_secret")
    }

    /// The values `runbooks/hubspot-salesforce-uninstall.yaml` needs to run against this server: its URLs
    /// (with `inbox_url` given, the e-mail is followed in the practice inbox).
    pub fn runbook_vars(&self) -> Vec<(&'static str, String)> {
        let base = self.base_url();
        let hubspot = account(Product::HubSpot);
        let salesforce = account(Product::Salesforce);
        vec![
            ("hubspot_url", format!("{base}/hubspot")),
            ("salesforce_url", base.clone()),
            ("inbox_url", format!("{base}/inbox")),
            ("hubspot_user", hubspot.username.to_owned()),
            ("hubspot_password", hubspot.password.to_owned()),
            ("hubspot_mfa_secret", hubspot.totp_secret.to_owned()),
            ("salesforce_user", salesforce.username.to_owned()),
            ("salesforce_password", salesforce.password.to_owned()),
            ("salesforce_mfa_secret", salesforce.totp_secret.to_owned()),
        ]
    }

    /// A snapshot of the current state.
    pub fn state(&self) -> PracticeState {
        self.org.snapshot()
    }

    /// Back to the state the server started with.
    pub fn reset(&self) {
        self.org.reset(None);
    }

    /// Back to the starting state, with another UI language.
    pub fn reset_language(&self, language: Lang) {
        self.org.reset(Some(language));
    }

    /// Stops serving and waits (briefly) for the server task to end.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            // Idle keep-alive connections can hold a graceful shutdown open: give up after a moment.
            let abort = task.abort_handle();
            if tokio::time::timeout(std::time::Duration::from_secs(2), task)
                .await
                .is_err()
            {
                abort.abort();
            }
        }
    }
}

impl Drop for PracticeServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

#[cfg(test)]
mod tests;
