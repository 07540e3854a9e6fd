//! clickpath's own DevTools connection to the browser, beside the WebDriver session.
//!
//! chromedriver runs a session's commands one at a time, so a screenshot through it waits behind
//! every other command and holds the next one up. Over a connection of its own, clickpath takes
//! screenshots, dispatches pointer input and hears of new tabs without queueing behind WebDriver.
//! The address comes from the session: a Selenium Grid 4 gives `se:cdp` (the hub relays it),
//! a local chromedriver gives `goog:chromeOptions.debuggerAddress`. A server that gives neither
//! (another browser, a remote chromedriver whose debugging port is its own loopback) leaves
//! clickpath on the WebDriver paths, and the report says which path its screenshots took.

mod connection;
mod endpoint;
pub mod input;
mod page_state;
pub mod script;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub use connection::{Connection, Event};
pub use endpoint::endpoint;
use page_state::PageStates;
use script::{Flavor, ScriptError};

/// Why a DevTools command did not give its answer.
#[derive(Debug, Clone, thiserror::Error)]
pub enum DevToolsError {
    /// The socket could not be opened.
    #[error("DevTools unreachable: {0}")]
    Unreachable(String),
    /// The socket closed (the browser went away).
    #[error("the DevTools connection closed")]
    Closed,
    /// The browser answered with an error.
    #[error("DevTools refused {0}")]
    Refused(String),
    /// No answer in time (a JavaScript dialog holds the page, or the browser hangs).
    #[error("DevTools gave no answer: {0}")]
    NoAnswer(String),
}

/// How long a DevTools command may take before clickpath falls back or gives up.
const COMMAND_LIMIT: Duration = Duration::from_secs(10);
/// How long a script waits for its page's main frame to load a document before it runs anyway
/// (what chromedriver waits for before every script, bounded).
pub const LOAD_WAIT: Duration = Duration::from_secs(10);
/// How long opening the socket may take.
const CONNECT_LIMIT: Duration = Duration::from_secs(5);

/// Page targets the browser created, as the target watcher heard of them.
#[derive(Debug, Default)]
struct NewPages {
    /// Their target ids (WebDriver window handles), oldest first.
    ids: Vec<String>,
}

/// The browser's DevTools, as clickpath's own connection reaches them.
pub struct DevTools {
    connection: Connection,
    /// The flat session of each page target (a WebDriver window handle is its target id).
    sessions: tokio::sync::Mutex<HashMap<String, String>>,
    /// Page targets created since the last [`DevTools::new_pages`]; `None` when the browser
    /// does not report them.
    new_pages: Option<Arc<Mutex<NewPages>>>,
    /// Each attached page's open dialog and loading frames.
    states: PageStates,
    /// Where the address came from, for the report (`se:cdp`, `debuggerAddress`).
    pub source: &'static str,
}

impl DevTools {
    /// Connects to the DevTools the session's capabilities point at; `None` (with the reason in
    /// the debug log) when they point nowhere this process can reach.
    pub async fn connect(
        capabilities: &serde_json::Map<String, Value>,
        local_server: bool,
    ) -> Option<DevTools> {
        let (url, source) = match endpoint(capabilities, local_server, CONNECT_LIMIT).await {
            Ok(found) => found,
            Err(why) => {
                tracing::debug!("no DevTools connection of clickpath's own: {why}");
                return None;
            }
        };
        let pages = Arc::new(Mutex::new(NewPages::default()));
        let heard = Arc::clone(&pages);
        let states = PageStates::default();
        let told = states.clone();
        let hook: connection::Hook = Box::new(move |event| {
            told.hear(event);
            if event.method != "Target.targetCreated" {
                return;
            }
            let info = &event.params["targetInfo"];
            if info["type"] == "page"
                && let Some(id) = info["targetId"].as_str()
                && let Ok(mut list) = heard.lock()
            {
                list.ids.push(id.to_owned());
            }
        });
        let connection = match Connection::open(&url, CONNECT_LIMIT, hook).await {
            Ok(c) => c,
            Err(e) => {
                tracing::debug!("no DevTools connection of clickpath's own: {e}");
                return None;
            }
        };
        // The targets already open are announced before the answer: not new.
        let discovered = connection
            .call(
                "Target.setDiscoverTargets",
                json!({"discover": true}),
                None,
                COMMAND_LIMIT,
            )
            .await;
        let new_pages = match discovered {
            Ok(_) => {
                if let Ok(mut list) = pages.lock() {
                    list.ids.clear();
                }
                Some(pages)
            }
            Err(e) => {
                tracing::debug!("new tabs will be asked for after each click: {e}");
                None
            }
        };
        Some(DevTools {
            connection,
            sessions: tokio::sync::Mutex::default(),
            new_pages,
            states,
            source,
        })
    }

    /// Whether a page target was created since the last call: `Some(false)` when none was,
    /// `None` when the connection cannot tell (then WebDriver's window handles must be asked).
    /// One round trip first: every event the browser sent before its answer has then been read.
    pub async fn new_pages(&self) -> Option<bool> {
        let pages = self.new_pages.as_ref()?;
        self.connection
            .call(
                "Target.getTargets",
                json!({"filter": [{"type": "page"}]}),
                None,
                COMMAND_LIMIT,
            )
            .await
            .ok()?;
        let mut list = pages.lock().ok()?;
        let any = !list.ids.is_empty();
        list.ids.clear();
        Some(any)
    }

    /// Every event the browser sends from now on (a page target's once a command attached to
    /// it, e.g. `Page.screencastFrame`), with the flat session it came from.
    pub fn events(&self) -> tokio::sync::broadcast::Receiver<Event> {
        self.connection.events()
    }

    /// The flat session of a page target (attaching to it on first use).
    pub async fn session_of(&self, target: &str) -> Result<String, DevToolsError> {
        self.session(target).await
    }

    /// The flat session attached to a page target (a window handle), attaching on first use.
    async fn session(&self, target: &str) -> Result<String, DevToolsError> {
        let mut sessions = self.sessions.lock().await;
        // A session the browser let go is attached afresh (a closed page refuses: the window
        // is gone).
        if let Some(s) = sessions.get(target)
            && !self.states.detached(s)
        {
            return Ok(s.clone());
        }
        let answer = self
            .connection
            .call(
                "Target.attachToTarget",
                json!({"targetId": target, "flatten": true}),
                None,
                COMMAND_LIMIT,
            )
            .await?;
        let session = answer["sessionId"]
            .as_str()
            .ok_or_else(|| DevToolsError::Refused("Target.attachToTarget: no session".into()))?
            .to_owned();
        // Its dialogs and loads are heard from now on (what scripts wait for).
        if let Err(e) = self
            .connection
            .call("Page.enable", json!({}), Some(&session), COMMAND_LIMIT)
            .await
        {
            tracing::debug!("no page events from {target}: {e}");
        }
        sessions.insert(target.to_owned(), session.clone());
        Ok(session)
    }

    /// Sends a command to a page target and waits for its answer. A target that went away since
    /// it was attached is attached afresh once.
    pub async fn call(
        &self,
        target: &str,
        method: &str,
        params: Value,
    ) -> Result<Value, DevToolsError> {
        let session = self.session(target).await?;
        match self
            .connection
            .call(method, params.clone(), Some(&session), COMMAND_LIMIT)
            .await
        {
            Err(DevToolsError::Refused(m)) if m.contains("session") => {
                self.sessions.lock().await.remove(target);
                let session = self.session(target).await?;
                self.connection
                    .call(method, params, Some(&session), COMMAND_LIMIT)
                    .await
            }
            other => other,
        }
    }

    /// Sends commands to a page target back to back, without waiting between them, and waits
    /// for all their answers (the first error wins).
    pub async fn call_in_a_row(
        &self,
        target: &str,
        commands: Vec<(&str, Value)>,
    ) -> Result<Vec<Value>, DevToolsError> {
        let session = self.session(target).await?;
        let mut answers = Vec::with_capacity(commands.len());
        for (method, params) in commands {
            answers.push((
                method,
                self.connection.send(method, params, Some(&session))?,
            ));
        }
        let mut out = Vec::with_capacity(answers.len());
        for (method, answer) in answers {
            out.push(Connection::answer(method, answer, COMMAND_LIMIT).await?);
        }
        Ok(out)
    }

    /// A PNG of the target's viewport, exactly as the browser encodes it.
    pub async fn screenshot(&self, target: &str) -> Result<Vec<u8>, DevToolsError> {
        use base64::Engine;
        let answer = self
            .call(
                target,
                "Page.captureScreenshot",
                json!({"format": "png", "optimizeForSpeed": true}),
            )
            .await?;
        let data = answer["data"]
            .as_str()
            .ok_or_else(|| DevToolsError::Refused("Page.captureScreenshot: no data".into()))?;
        base64::engine::general_purpose::STANDARD
            .decode(data)
            .map_err(|e| DevToolsError::Refused(format!("Page.captureScreenshot: {e}")))
    }

    /// Waits until a JavaScript dialog holds the target's page and gives its message; `None` at
    /// once when the page was never attached, or when the connection closes.
    pub async fn dialog_opened(&self, target: &str) -> Option<String> {
        let session = self.sessions.lock().await.get(target).cloned()?;
        match self.held(&session, &mut self.states.watch()).await {
            ScriptError::Dialog(text) => Some(text),
            _ => None,
        }
    }

    /// Waits until the page of `session` is held by a dialog ([`ScriptError::Dialog`]) or its
    /// session goes away ([`ScriptError::WindowGone`]: its pending commands are never answered
    /// then); `changes` was subscribed before the caller last looked. Never ends once the
    /// connection is gone (the command waited for ends instead).
    async fn held(
        &self,
        session: &str,
        changes: &mut tokio::sync::watch::Receiver<u64>,
    ) -> ScriptError {
        loop {
            if let Some(text) = self.states.dialog(session) {
                return ScriptError::Dialog(text);
            }
            if self.states.detached(session) {
                return ScriptError::WindowGone(format!("the session {session} was detached"));
            }
            if changes.changed().await.is_err() {
                std::future::pending::<()>().await;
            }
        }
    }

    /// Runs a WebDriver-style script in the target's top document (its main world) and gives its
    /// result, as chromedriver's Execute Script does, without the round trips through it: a page
    /// whose main frame is loading a document is waited for first (at most [`LOAD_WAIT`]); a page
    /// a dialog holds answers [`ScriptError::Dialog`] at once, and one that opens while the script
    /// runs does too. `limit`: how long the script may take once it runs.
    pub async fn run_script(
        &self,
        target: &str,
        script: &str,
        args: &[Value],
        flavor: Flavor,
        limit: Duration,
    ) -> Result<Value, ScriptError> {
        let loaded_by = Instant::now() + LOAD_WAIT;
        let params = script::evaluate_params(script, args, flavor);
        loop {
            let outcome = self.run_once(target, &params, limit, loaded_by).await;
            match outcome {
                // A document still being parsed (its load not heard of: a tab attached late):
                // asked again until it has loaded, as chromedriver waits for it.
                Err(ScriptError::Navigated(why))
                    if why.contains(script::LOADING) && Instant::now() < loaded_by =>
                {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                other => return other,
            }
        }
    }

    async fn run_once(
        &self,
        target: &str,
        params: &Value,
        limit: Duration,
        loaded_by: Instant,
    ) -> Result<Value, ScriptError> {
        let session = self.session(target).await.map_err(attach_failure)?;
        let mut changes = self.states.watch();
        while self.states.loading(&session, target) && self.states.dialog(&session).is_none() {
            let left = loaded_by.saturating_duration_since(Instant::now());
            // Past the wait the script runs anyway: a load that never ends is no reason to fail.
            if left.is_zero() || tokio::time::timeout(left, changes.changed()).await.is_err() {
                break;
            }
        }
        if let Some(text) = self.states.dialog(&session) {
            return Err(ScriptError::Dialog(text));
        }
        let answer = self
            .connection
            .send("Runtime.evaluate", params.clone(), Some(&session))
            .map_err(ScriptError::Connection)?;
        let answered = Connection::answer("Runtime.evaluate", answer, limit);
        // What ends the wait besides the answer: a dialog that holds the page, or its session
        // going away.
        let held = self.held(&session, &mut changes);
        tokio::select! {
            answer = answered => match answer {
                Ok(value) => script::result(value),
                Err(DevToolsError::Refused(m)) => Err(script::refused(&m)),
                Err(DevToolsError::NoAnswer(_)) => Err(ScriptError::Timeout(limit.as_secs_f64())),
                Err(e) => Err(ScriptError::Connection(e)),
            },
            why = held => Err(why),
        }
    }
}

/// What a failed attach means for a script.
fn attach_failure(e: DevToolsError) -> ScriptError {
    match e {
        DevToolsError::Refused(m) => script::refused(&m),
        other => ScriptError::Connection(other),
    }
}
