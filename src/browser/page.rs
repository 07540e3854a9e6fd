//! The page as the runner sees it: locate, click, type, screenshots, tabs and dialogs over WebDriver.

use std::sync::atomic::{AtomicBool, Ordering};
use std::task::Poll;
use std::time::{Duration, Instant};

use fantoccini::error::{CmdError, ErrorStatus};
use fantoccini::wd::{TimeoutConfiguration, WindowHandle};
use serde_json::{Value, json};

use crate::browser::Browser;
use crate::browser::command::SessionCommand;
use crate::browser::devtools::script::{Flavor, ScriptError};
use crate::locate::{
    Answer, COVER_JS, Intent, LocateScripts, Point, Rect, Request, SETTLE_JS, SNAPSHOT_JS,
    locate_scripts,
};
use crate::runbook::duration::millis;
use crate::runbook::keys::{Chord, Modifier};
use crate::runbook::plan::Press;

/// A WebDriver failure as the runner classifies it.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    /// A JavaScript dialog is open and blocks the page.
    #[error("a JavaScript dialog is open: {0:?}")]
    DialogOpen(String),
    /// The browser or the driver is gone; the run cannot go on.
    #[error("the browser is gone: {0}")]
    Lost(String),
    /// Any other WebDriver error.
    #[error("{0}")]
    Other(String),
}

/// The connection to the WebDriver server itself failed (the server is gone).
fn server_lost(err: &CmdError) -> bool {
    matches!(
        err,
        CmdError::Lost(_) | CmdError::Failed(_) | CmdError::FailedC(_)
    )
}

impl PageError {
    fn from_cmd(err: CmdError) -> Self {
        if err.is_unexpected_alert_open() {
            return PageError::DialogOpen(String::new());
        }
        match &err {
            e if server_lost(e) => PageError::Lost(format!(
                "lost the connection to the WebDriver server (did chromedriver stop?): {err}"
            )),
            CmdError::Standard(wd)
                if matches!(
                    wd.error,
                    fantoccini::error::ErrorStatus::InvalidSessionId
                        | fantoccini::error::ErrorStatus::SessionNotCreated
                ) =>
            {
                PageError::Lost(format!("the browser is gone (closed or crashed): {err}"))
            }
            CmdError::Standard(wd)
                if wd.message.contains("chrome not reachable")
                    || wd.message.contains("session deleted")
                    || wd.message.contains("disconnected") =>
            {
                PageError::Lost(format!("the browser is gone (closed or crashed): {err}"))
            }
            _ => PageError::Other(err.to_string()),
        }
    }
}

/// The runner's handle on the browser: the session plus what it remembers between steps.
pub struct Page<'b> {
    browser: &'b Browser,
    windows: Vec<WindowHandle>,
    page_load_timeout: Option<Duration>,
    /// The window WebDriver is switched to (its handle is its DevTools target id).
    current: Option<String>,
    /// Screenshots go through clickpath's own DevTools connection until it fails.
    own_screenshots: bool,
    /// Screenshots go through Chromium's DevTools endpoint until it turns out to be missing.
    cdp_screenshots: bool,
    /// Pointer input goes over clickpath's own DevTools connection until it fails.
    own_input: bool,
    /// Page scripts go over clickpath's own DevTools connection until it fails.
    own_scripts: AtomicBool,
    /// Which paths page scripts took: [`SCRIPT_PATHS`], in that order.
    script_paths: [AtomicBool; 2],
    /// WebDriver is switched into a frame of another origin: scripts go through it.
    in_frame: bool,
    /// A look whose frames WebDriver must switch into: it goes through WebDriver, which gives
    /// element references (see [`Page::switchable`]).
    webdriver_look: bool,
    /// The paths screenshots took, in the order first used (for the report).
    screenshot_paths: Vec<&'static str>,
    /// A screenshot being made over clickpath's own DevTools connection while the runner goes on
    /// (see [`Page::begin_screenshot`]).
    in_flight: Option<InFlight>,
    /// Whether the current document probably keeps the locate function from an earlier call (a
    /// guess: a wrong one costs one short round trip, see [`LocateScripts`]).
    locate_kept: bool,
}

/// What is done with a screenshot the moment it arrives (the evidence written to disk): `Err`
/// says why it could not be.
pub type Keep = Box<dyn FnOnce(&[u8]) -> Result<(), String> + Send>;

/// A screenshot on its way: asked for, about to go to the browser or with it, the PNG not yet here.
struct InFlight {
    /// The request, answered with the PNG (and, once it came, what keeping it gave).
    task: Option<tokio::task::JoinHandle<Arrived>>,
    /// Masks cover the page for it: they come off once it is taken.
    uncover: bool,
    /// The PNG (or why there is none) and what keeping it gave, once the task is done.
    result: Option<Finished>,
    /// When it was asked for.
    asked: Instant,
    /// Told the moment the picture is secured (see [`Page::when_secured`]).
    announce: Option<Announce>,
    /// Lets the request go to the browser before its short wait is over (see
    /// [`Page::begin_screenshot`]); `None` once used. The request goes anyway once the wait is up.
    release: Option<tokio::sync::oneshot::Sender<()>>,
}

/// Told once a screenshot made while the runner went on is secured: the runner's report of its
/// step, which must not say more than the disk holds.
pub type Announce = Box<dyn FnOnce(&Finished) + Send + Sync>;

/// A screenshot made while the runner went on, as [`Page::finish_screenshot`] hands it over.
pub struct Finished {
    /// The PNG, or why there is none.
    pub png: Result<Vec<u8>, PageError>,
    /// What keeping it gave; `None` when it was not kept (the caller keeps it).
    pub kept: Option<Result<(), String>>,
    /// From asking for it to having it: the browser's time, and the up to [`LOOK_FIRST`] the
    /// request waited for the next look.
    pub took: Duration,
}

/// What the screenshot task ends with.
struct Arrived {
    shot: Result<Vec<u8>, super::devtools::DevToolsError>,
    /// What keeping it gave; the keeper back when there was nothing to keep.
    kept: Result<Result<(), String>, Keep>,
}

/// How long a look taken while a screenshot is being made may wait (about what the browser
/// takes to make one, and time for the two frames that prove an element at rest); past it, the
/// screenshot is awaited and the look goes on as usual, frames of another origin included.
const HELD_LOOK: Duration = Duration::from_millis(60);

/// How long a screenshot asked for waits for the next look to go first (see
/// [`Page::begin_screenshot`]): about two short round trips of page scripts.
const LOOK_FIRST: Duration = Duration::from_millis(5);

/// How long pointer input over DevTools is waited for before asking whether a dialog it opened
/// holds it.
const DIALOG_CHECK: Duration = Duration::from_millis(300);

const UNCOVER_JS: &str =
    "const m = document.getElementById('__clickpath_masks'); if (m) m.remove(); return true;";

/// What followed a click.
#[derive(Debug, Default)]
pub struct Settled {
    /// The click started a navigation and clickpath waited for the new document.
    pub navigated: bool,
    /// Where the click landed, when the page stayed.
    pub landing: Option<Landing>,
}

/// Where a click landed.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Landing {
    /// On the element (or a re-rendered copy of it).
    pub landed: bool,
    /// On a re-rendered copy: same kind of element, same text.
    #[serde(default)]
    pub replaced: bool,
    /// What it landed on instead.
    #[serde(default)]
    pub on: Option<String>,
}

/// Scrolls a frame element into view when it is outside its document's viewport; answers where its
/// content box starts in that viewport.
const FRAME_INTO_VIEW_JS: &str = r#"
const f = arguments[0], w = f.ownerDocument.defaultView;
let r = f.getBoundingClientRect();
if (r.bottom <= 0 || r.right <= 0 || r.top >= w.innerHeight || r.left >= w.innerWidth) {
  f.scrollIntoView({ block: 'center', inline: 'center', behavior: 'instant' });
  r = f.getBoundingClientRect();
}
const st = w.getComputedStyle(f);
return { x: r.left + f.clientLeft + parseFloat(st.paddingLeft), y: r.top + f.clientTop + parseFloat(st.paddingTop) };
"#;

/// What the field the last `fill` located shows: `value` for inputs, text for editable content.
const FOCUSED_FIELD_JS: &str = r#"
const el = window.__clickpathFilled;
window.__clickpathFilled = null;
if (!el || !el.isConnected) return null;
const value = /^(input|textarea)$/.test(el.localName) ? String(el.value) : el.isContentEditable ? el.innerText : null;
return value == null ? null : { value, secret: el.localName === 'input' && (el.type || '').toLowerCase() === 'password' };
"#;

/// How long the page took to settle before a screenshot.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct Settle {
    /// How long the wait lasted.
    pub waited_ms: u64,
    /// The last busy indicator seen (`lightning-spinner.cp-spinner`).
    #[serde(default)]
    pub busy: Option<String>,
    /// It was still busy when the wait ended.
    #[serde(default)]
    pub timed_out: bool,
    /// The top document's address once it settled: the evidence's URL, without a round trip
    /// of its own.
    #[serde(default)]
    pub url: Option<String>,
}

/// What a focused field shows.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct FocusedField {
    /// Its value (or editable text).
    pub value: String,
    /// A password field: its value is never repeated.
    #[serde(default)]
    pub secret: bool,
}

/// How a `goto` reached its page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Navigated {
    /// The first navigation loaded it.
    AtOnce,
    /// The first navigation never started (the browser stayed on `stayed`); the second worked.
    Again {
        /// The start page the browser stayed on.
        stayed: String,
    },
}

/// A page a browser shows before anything was opened.
fn is_start_page(url: &str) -> bool {
    let url = url.trim();
    url.is_empty()
        || url.starts_with("about:blank")
        || url.starts_with("data:,")
        || url.starts_with("chrome://newtab")
        || url.starts_with("chrome://new-tab-page")
        || url.starts_with("chrome-search://")
}

/// WebDriver's script timeout: a backstop for a script chromedriver never hears back from.
const SCRIPT_LIMIT: Duration = Duration::from_secs(60);
/// How often a script waiting over DevTools asks WebDriver whether a dialog holds the page (and so
/// whether the server is still there).
const DRIVER_CHECK: Duration = Duration::from_millis(500);
/// What a wait around a DevTools script allows beyond the script's own limit: the document's load
/// it may wait for first.
const LOAD_MARGIN: Duration = crate::browser::devtools::LOAD_WAIT;
/// How long a script that does not wait may take over DevTools (a page busy for longer is hung).
const SHORT_SCRIPT: Duration = Duration::from_secs(10);

/// How long the first look in the top document lasts before frames of another origin are tried.
const FIRST_LOOK: Duration = Duration::from_millis(1500);
/// How long each look inside a cross-origin frame (and each later look at the top) lasts.
const FRAME_LOOK: Duration = Duration::from_millis(300);
/// How long a submit or link click that has not started its navigation yet is waited for.
const SOFT_NAVIGATION_WAIT: Duration = Duration::from_secs(2);
/// How deep cross-origin frames inside cross-origin frames are followed.
const MAX_FRAME_DEPTH: u32 = 3;

/// Where a cross-origin frame's viewport starts in the top-level viewport, as the locate script
/// reported it.
fn frame_origin(frame: &Value) -> Point {
    Point {
        x: frame["content_origin"]["x"].as_f64().unwrap_or(0.0),
        y: frame["content_origin"]["y"].as_f64().unwrap_or(0.0),
    }
}

/// The PNG in a DevTools `Page.captureScreenshot` answer.
fn cdp_png(answer: &Value) -> Option<Vec<u8>> {
    use base64::Engine;
    let data = answer["data"].as_str()?;
    base64::engine::general_purpose::STANDARD.decode(data).ok()
}

/// Key actions that hold `modifiers` down (in order) around `inner`, and release them (in reverse).
fn held(modifiers: &[Modifier], inner: Vec<Value>) -> Vec<Value> {
    let key = |kind: &str, m: &Modifier| json!({"type": kind, "value": m.code().to_string()});
    let down = modifiers.iter().map(|m| key("keyDown", m));
    let up = modifiers.iter().rev().map(|m| key("keyUp", m));
    down.chain(inner).chain(up).collect()
}

/// `n` pauses of an input source: it waits while another acts.
fn pauses(n: usize) -> Vec<Value> {
    vec![json!({"type": "pause", "duration": 0}); n]
}

/// Moves an answer found inside a frame into the coordinates of the viewport around it.
fn shift(answer: &mut Answer, by: Point) {
    if let Some(p) = answer.point.as_mut() {
        p.x += by.x;
        p.y += by.y;
    }
    if let Some(r) = answer.rect.as_mut() {
        r.x += by.x;
        r.y += by.y;
    }
}

/// Script errors that mean "the page navigated under the script"; locating simply starts again.
///
/// chromedriver reports a navigation during an async script as a "script timeout" after a few hundred
/// milliseconds; a script that reaches [`SCRIPT_LIMIT`] is one chromedriver lost track of (or a wait
/// longer than the limit, sent again): either way, the call is made again.
fn is_navigation_race(err: &CmdError) -> bool {
    if let CmdError::Standard(wd) = err
        && wd.error == fantoccini::error::ErrorStatus::ScriptTimeout
    {
        return true;
    }
    let text = err.to_string();
    text.contains("document unloaded")
        || text.contains("Execution context was destroyed")
        || text.contains("Cannot find context")
        || text.contains("Inspected target navigated or closed")
}

/// The paths a page script may take, as the report names them.
const SCRIPT_PATHS: [&str; 2] = ["devtools", "webdriver"];

/// A script's failure over DevTools as the WebDriver error chromedriver gives for it, so that
/// both paths are read alike.
fn script_error(e: ScriptError) -> CmdError {
    let status = match &e {
        ScriptError::Dialog(_) => ErrorStatus::UnexpectedAlertOpen,
        ScriptError::WindowGone(_) => ErrorStatus::NoSuchWindow,
        ScriptError::Timeout(_) => ErrorStatus::ScriptTimeout,
        ScriptError::Threw(_) | ScriptError::Navigated(_) | ScriptError::Connection(_) => {
            ErrorStatus::JavascriptError
        }
    };
    CmdError::Standard(fantoccini::error::WebDriver::new(status, e.to_string()))
}

impl<'b> Page<'b> {
    /// Runs a page script in the current document and gives what it returns (`CallsBack`: what
    /// it calls its last argument with): over clickpath's own DevTools connection while WebDriver
    /// is in a window's top document, else (inside a frame of another origin, without that
    /// connection, or once it failed) through WebDriver's Execute Script. `limit`: how long it may
    /// take over DevTools (WebDriver's own script timeout bounds the other path).
    async fn script(
        &self,
        script: &str,
        args: Vec<Value>,
        flavor: Flavor,
        limit: Duration,
    ) -> Result<Value, CmdError> {
        let started = Instant::now();
        let outcome = self.script_by_a_path(script, args, flavor, limit).await;
        tracing::trace!(
            script = script.trim_start().lines().next().unwrap_or_default(),
            ms = started.elapsed().as_secs_f64() * 1000.0,
            "page script"
        );
        outcome
    }

    async fn script_by_a_path(
        &self,
        script: &str,
        args: Vec<Value>,
        flavor: Flavor,
        limit: Duration,
    ) -> Result<Value, CmdError> {
        if !self.webdriver_look
            && self.scripts_over_devtools()
            && let (Some(devtools), Some(target)) = (&self.browser.devtools, &self.current)
        {
            self.script_paths[0].store(true, Ordering::Relaxed);
            let run = devtools.run_script(target, script, &args, flavor, limit);
            tokio::pin!(run);
            // A long wait asks WebDriver now and then whether a dialog holds the page (one this
            // connection heard nothing of: open before it attached) and, by the same call, whether
            // the server is still there, so a server that went away ends the run as through it.
            let outcome = loop {
                tokio::select! {
                    outcome = &mut run => break outcome,
                    () = tokio::time::sleep(DRIVER_CHECK) => match self.browser.client.get_alert_text().await {
                        Ok(text) => return Err(script_error(ScriptError::Dialog(text))),
                        Err(e) if server_lost(&e) => return Err(e),
                        Err(_) => {}
                    },
                }
            };
            match outcome {
                Ok(value) => return Ok(value),
                Err(ScriptError::Connection(e)) => {
                    tracing::debug!("page scripts leave clickpath's DevTools connection: {e}");
                    self.own_scripts.store(false, Ordering::Relaxed);
                }
                Err(e) => return Err(script_error(e)),
            }
        }
        self.script_paths[1].store(true, Ordering::Relaxed);
        match flavor {
            Flavor::Returns => self.browser.client.execute(script, args).await,
            Flavor::CallsBack => self.browser.client.execute_async(script, args).await,
        }
    }

    /// Whether page scripts go over clickpath's own DevTools connection now.
    fn scripts_over_devtools(&self) -> bool {
        !self.in_frame
            && self.own_scripts.load(Ordering::Relaxed)
            && self.browser.devtools.is_some()
            && self.current.is_some()
    }

    /// From now on, page scripts go through WebDriver only, as without a DevTools connection of
    /// clickpath's own (to compare the paths, or to leave a connection that misbehaves).
    pub fn scripts_over_webdriver(&self) {
        self.own_scripts.store(false, Ordering::Relaxed);
    }

    /// The paths page scripts took (for the report): `devtools` (clickpath's own connection),
    /// `webdriver` (Execute Script).
    pub fn script_paths(&self) -> Vec<String> {
        SCRIPT_PATHS
            .iter()
            .zip(&self.script_paths)
            .filter(|(_, used)| used.load(Ordering::Relaxed))
            .map(|(path, _)| (*path).to_owned())
            .collect()
    }

    /// Prepares the session: timeouts and the list of open windows.
    pub async fn new(browser: &'b Browser) -> Result<Page<'b>, PageError> {
        // Waiting happens in our scripts with their own limits. WebDriver's script timeout is only a
        // backstop: chromedriver now and then keeps waiting for an async script whose document
        // navigated away (a page that navigates by itself just after a click, during the settle
        // script), and would hold the session for as long as the limit allows. At the limit it
        // answers "script timeout", which every caller takes for "the page changed": a locate
        // longer than the limit is simply sent again.
        let timeouts = TimeoutConfiguration::new(
            Some(SCRIPT_LIMIT),
            Some(Duration::from_secs(30)),
            Some(Duration::ZERO),
        );
        browser
            .client
            .update_timeouts(timeouts)
            .await
            .map_err(PageError::from_cmd)?;
        let windows = browser
            .client
            .windows()
            .await
            .map_err(PageError::from_cmd)?;
        let current = match &browser.devtools {
            Some(_) => browser.client.window().await.ok().map(String::from),
            None => None,
        };
        Ok(Page {
            browser,
            windows,
            page_load_timeout: Some(Duration::from_secs(30)),
            own_screenshots: current.is_some(),
            own_input: current.is_some(),
            own_scripts: AtomicBool::new(current.is_some()),
            script_paths: [AtomicBool::new(false), AtomicBool::new(false)],
            in_frame: false,
            webdriver_look: false,
            current,
            cdp_screenshots: true,
            screenshot_paths: Vec::new(),
            in_flight: None,
            locate_kept: false,
        })
    }

    /// Opens a URL and waits for it to load, at most `timeout`. Says whether it had to ask twice: a
    /// fresh browser under load may answer the first navigation and stay on its blank start page,
    /// the request never reaching the server; that is seen and the navigation asked for once more.
    pub async fn goto(&mut self, url: &str, timeout: Duration) -> Result<Navigated, PageError> {
        self.secure().await;
        if self.page_load_timeout != Some(timeout) {
            let t = TimeoutConfiguration::new(None, Some(timeout), None);
            self.browser
                .client
                .update_timeouts(t)
                .await
                .map_err(PageError::from_cmd)?;
            self.page_load_timeout = Some(timeout);
        }
        self.locate_kept = false;
        self.navigate(url, timeout).await?;
        let Some(stayed) = self.still_on_start_page(url).await? else {
            return Ok(Navigated::AtOnce);
        };
        tracing::debug!("the navigation to {url} never started (still on {stayed}): asking again");
        self.navigate(url, timeout).await?;
        match self.still_on_start_page(url).await? {
            None => Ok(Navigated::Again { stayed }),
            Some(still) => Err(PageError::Other(format!(
                "the browser did not open {url}: asked twice, it stayed on {still}"
            ))),
        }
    }

    async fn navigate(&self, url: &str, timeout: Duration) -> Result<(), PageError> {
        match self.browser.client.goto(url).await {
            Ok(()) => Ok(()),
            Err(CmdError::Standard(wd)) if wd.error == fantoccini::error::ErrorStatus::Timeout => {
                Err(PageError::Other(format!(
                    "the page did not finish loading within {:.1}s",
                    timeout.as_secs_f64()
                )))
            }
            Err(e) => Err(PageError::from_cmd(e)),
        }
    }

    /// The browser's start page (blank, `data:,`, the new-tab page) when it is still showing although
    /// `wanted` is not one.
    async fn still_on_start_page(&self, wanted: &str) -> Result<Option<String>, PageError> {
        if is_start_page(wanted) {
            return Ok(None);
        }
        let now = self.url().await?;
        Ok(is_start_page(&now).then_some(now))
    }

    /// Locates in the page and, when it has frames of another origin, inside them too.
    ///
    /// The in-page script cannot see into a cross-origin frame, so WebDriver switches into each one and
    /// runs the script there; the answer's coordinates are then moved into the top-level viewport.
    pub async fn locate(&mut self, request: &Request<'_>) -> Result<Answer, PageError> {
        if self.shot_pending() {
            // The last step's screenshot is being made: a look that changes nothing may overlap it.
            let started = Instant::now();
            let mut held = request.clone();
            held.hold = true;
            held.collect_labels = false;
            held.timeout = request.timeout.min(HELD_LOOK);
            // The look's script goes to the browser before the screenshot request (over our
            // own DevTools connection the first poll sends it, when the page is not loading), so
            // it runs while the picture is made, not after.
            let release = self.in_flight.as_mut().and_then(|f| f.release.take());
            let answer = {
                let mut look = std::pin::pin!(self.locate_here(&held));
                let first = std::future::poll_fn(|cx| Poll::Ready(look.as_mut().poll(cx))).await;
                if let Some(release) = release {
                    let _ = release.send(());
                }
                match first {
                    Poll::Ready(answer) => answer,
                    Poll::Pending => look.await,
                }
            }?;
            if answer.ok {
                return Ok(answer);
            }
            self.secure().await;
            let mut rest = request.clone();
            rest.timeout = request.timeout.saturating_sub(started.elapsed());
            return Box::pin(self.locate_everywhere(&rest)).await;
        }
        self.locate_everywhere(request).await
    }

    /// [`Page::locate`] with nothing in flight.
    async fn locate_everywhere(&mut self, request: &Request<'_>) -> Result<Answer, PageError> {
        let deadline = Instant::now() + request.timeout;
        // A first look, short enough to leave time for frames the page may turn out to have.
        let mut slice = FIRST_LOOK.min(request.timeout);
        loop {
            let mut req = request.clone();
            req.timeout = slice.min(deadline.saturating_duration_since(Instant::now()));
            let answer = self.locate_here(&req).await?;
            let frames = answer.cross_origin_frames.clone();
            let searchable = !answer.ok
                && matches!(
                    answer.reason.as_deref(),
                    Some("not_found") | Some("scope_not_found")
                )
                && request.intent != crate::locate::Intent::Absent;
            if answer.ok || answer.is_final || Instant::now() >= deadline {
                return Ok(answer);
            }
            if !searchable || frames.is_empty() {
                // Nothing else to try: give the page the rest of the time in one wait.
                let mut rest = request.clone();
                rest.timeout = deadline.saturating_duration_since(Instant::now());
                return self.locate_here(&rest).await;
            }
            let frames = self.switchable(frames, request).await?;
            for frame in &frames {
                let mut inner = request.clone();
                inner.timeout = FRAME_LOOK.min(deadline.saturating_duration_since(Instant::now()));
                if let Some(found) = self.locate_in_frame(frame, &inner, 1).await? {
                    return Ok(found);
                }
            }
            if Instant::now() >= deadline {
                return Ok(answer);
            }
            slice = FRAME_LOOK;
        }
    }

    /// An answer's frames of another origin, each with the element reference WebDriver switches
    /// into it by (a frame in a shadow root has no index it could use instead). An answer given
    /// over DevTools carries no references (an element does not cross it as a value): then the
    /// look is taken once more, through WebDriver.
    async fn switchable(
        &mut self,
        frames: Vec<Value>,
        request: &Request<'_>,
    ) -> Result<Vec<Value>, PageError> {
        let referenced = |f: &Value| {
            f.get("element")
                .is_some_and(|e| e.as_object().is_some_and(|o| !o.is_empty()))
        };
        if frames.iter().all(referenced) {
            return Ok(frames);
        }
        let mut once = request.clone();
        once.timeout = Duration::ZERO;
        self.webdriver_look = true;
        let answer = self.locate_here(&once).await;
        self.webdriver_look = false;
        Ok(answer?.cross_origin_frames)
    }

    /// Switches into one cross-origin frame, locates there (and in its own cross-origin frames),
    /// and always switches back to the top document.
    async fn locate_in_frame(
        &mut self,
        frame: &Value,
        request: &Request<'_>,
        depth: u32,
    ) -> Result<Option<Answer>, PageError> {
        let origin = self
            .frame_into_view(frame)
            .await
            .unwrap_or_else(|| frame_origin(frame));
        if !self.enter_frame(frame).await? {
            return Ok(None);
        }
        let found = self.locate_here(request).await;
        let mut result = match found {
            Ok(mut answer) if answer.ok => {
                shift(&mut answer, origin);
                Some(answer)
            }
            Ok(answer) if depth < MAX_FRAME_DEPTH => {
                let mut nested = None;
                for inner in &answer.cross_origin_frames {
                    // The nested frame's origin is relative to this frame: shift it afterwards.
                    if let Some(mut a) =
                        Box::pin(self.locate_in_frame(inner, request, depth + 1)).await?
                    {
                        shift(&mut a, origin);
                        nested = Some(a);
                        break;
                    }
                    self.enter_frame(frame).await?;
                }
                nested
            }
            Ok(_) => None,
            Err(e) => {
                self.top_frame().await?;
                return Err(e);
            }
        };
        self.top_frame().await?;
        if let Some(a) = result.as_mut() {
            a.path = Some(format!(
                "{} > {}",
                frame["path"].as_str().unwrap_or("iframe"),
                a.path.clone().unwrap_or_default()
            ));
        }
        Ok(result)
    }

    /// Scrolls a frame of another origin into view in the document around it, when it is outside
    /// that viewport, and answers where its content now starts: a click point found inside it is only
    /// reachable when the frame is on screen (a frame far down the page gave the driver a point
    /// outside the window). `None` when the frame has no element reference here.
    async fn frame_into_view(&self, frame: &Value) -> Option<Point> {
        let element = frame.get("element").filter(|e| e.is_object())?;
        match self
            .browser
            .client
            .execute(FRAME_INTO_VIEW_JS, vec![element.clone()])
            .await
        {
            Ok(v) => Some(Point {
                x: v["x"].as_f64()?,
                y: v["y"].as_f64()?,
            }),
            Err(e) => {
                tracing::debug!("cannot bring frame {frame} into view: {e}");
                None
            }
        }
    }

    /// Switches into a frame by element reference or index path; false when it cannot.
    async fn enter_frame(&mut self, frame: &Value) -> Result<bool, PageError> {
        self.locate_kept = false;
        if let Some(element) = frame.get("element").filter(|e| e.is_object()) {
            return match self
                .browser
                .command(SessionCommand::post("frame", json!({"id": element})))
                .await
            {
                Ok(_) => {
                    self.in_frame = true;
                    Ok(true)
                }
                Err(e) => {
                    tracing::debug!("cannot enter frame {frame}: {e}");
                    Ok(false)
                }
            };
        }
        let Some(path) = frame["index_path"].as_array() else {
            return Ok(false);
        };
        // From the first switch on, WebDriver is inside a frame (a failure goes back to the top).
        self.in_frame = true;
        for index in path {
            match index.as_i64() {
                Some(i) if i >= 0 => {
                    if let Err(e) = self
                        .browser
                        .command(SessionCommand::post("frame", json!({"id": i})))
                        .await
                    {
                        tracing::debug!("cannot enter frame {frame}: {e}");
                        self.top_frame().await?;
                        return Ok(false);
                    }
                }
                _ => {
                    self.top_frame().await?;
                    return Ok(false);
                }
            }
        }
        Ok(true)
    }

    /// Back to the top-level document.
    async fn top_frame(&mut self) -> Result<(), PageError> {
        self.locate_kept = false;
        self.in_frame = false;
        self.browser
            .command(SessionCommand::post("frame", json!({"id": null})))
            .await
            .map(|_| ())
            .map_err(PageError::from_cmd)
    }

    /// Runs the locate script until it answers, starting again when the page navigates under it.
    async fn locate_here(&mut self, request: &Request<'_>) -> Result<Answer, PageError> {
        let deadline = Instant::now() + request.timeout;
        loop {
            let remaining = deadline.saturating_duration_since(Instant::now());
            // A wait longer than WebDriver's script limit goes in slices, each answered in time.
            let slice = remaining.min(SCRIPT_LIMIT - Duration::from_secs(10));
            let mut req = request.clone();
            req.timeout = slice;
            let arg = serde_json::to_value(&req).map_err(|e| PageError::Other(e.to_string()))?;
            // A hung driver must not hang the run: allow the page's wait plus a margin.
            let scripts = locate_scripts();
            let script = if self.locate_kept {
                &scripts.call
            } else {
                &scripts.full
            };
            let script_limit = slice + Duration::from_secs(15);
            let call = self.script(script, vec![arg], Flavor::CallsBack, script_limit);
            // The wait around it allows more: a load the script waits for before it runs.
            let limit = script_limit + LOAD_MARGIN;
            let result = match tokio::time::timeout(limit, call).await {
                Ok(r) => r,
                Err(_) => {
                    return Err(PageError::Lost(format!(
                        "the driver did not answer within {:.0}s",
                        limit.as_secs_f64()
                    )));
                }
            };
            match result {
                Ok(value) if LocateScripts::not_kept(&value) => {
                    // A new document: send the whole script, which keeps it for the next calls.
                    tracing::trace!("this document has no locate function yet: sending the script");
                    self.locate_kept = false;
                }
                Ok(value) => {
                    self.locate_kept = true;
                    let answer = serde_json::from_value::<Answer>(value).map_err(|e| {
                        PageError::Other(format!("the locate script answered nonsense: {e}"))
                    })?;
                    let more = slice < remaining && Instant::now() < deadline;
                    if answer.ok || answer.is_final || !more {
                        return Ok(answer);
                    }
                }
                Err(e) if is_navigation_race(&e) && Instant::now() < deadline => {
                    self.locate_kept = false;
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
                Err(e) if e.is_no_such_window() => {
                    self.recover_window().await?;
                    if Instant::now() >= deadline {
                        return Err(PageError::Other("the window was closed".into()));
                    }
                }
                Err(e) => return Err(self.classify(e).await),
            }
        }
    }

    /// Turns a command error into a [`PageError`], reading the dialog text when one is open.
    async fn classify(&self, err: CmdError) -> PageError {
        match PageError::from_cmd(err) {
            PageError::DialogOpen(_) => {
                PageError::DialogOpen(self.dialog_text().await.unwrap_or_default())
            }
            other => other,
        }
    }

    /// Clicks at a point of the viewport with a real (trusted) mouse press and release.
    pub async fn click_at(&mut self, point: Point) -> Result<(), PageError> {
        self.press_at(point, &Press::default()).await
    }

    /// Presses at a point of the viewport with real (trusted) input, in one actions request: the
    /// button pressed and released `count` times in a row (the browser sees a double or triple
    /// click), the modifiers held down around all of it.
    pub async fn press_at(&mut self, point: Point, press: &Press) -> Result<(), PageError> {
        let button = press.button.number();
        if press.modifiers.is_empty() {
            let (x, y) = (point.x.round(), point.y.round());
            let events = super::devtools::input::presses(x, y, button, press.count);
            if self.dispatch_own(events).await? {
                return Ok(());
            }
        }
        let mut pointer = vec![
            json!({"type": "pointerMove", "duration": 0, "origin": "viewport",
            "x": point.x.round() as i64, "y": point.y.round() as i64}),
        ];
        for _ in 0..press.count.max(1) {
            pointer.push(json!({"type": "pointerDown", "button": button}));
            pointer.push(json!({"type": "pointerUp", "button": button}));
        }
        let mut sources = Vec::new();
        if !press.modifiers.is_empty() {
            // Sources advance together, one action each per tick: the keys go down first, wait
            // while the pointer acts, and come up last; the pointer waits for them around it.
            let keys = held(&press.modifiers, pauses(pointer.len()));
            let wait = press.modifiers.len();
            pointer = pauses(wait)
                .into_iter()
                .chain(pointer)
                .chain(pauses(wait))
                .collect();
            sources.push(json!({"type": "key", "id": "clickpath-keyboard", "actions": keys}));
        }
        sources.push(json!({
            "type": "pointer",
            "id": "clickpath-mouse",
            "parameters": {"pointerType": "mouse"},
            "actions": pointer,
        }));
        self.actions(json!({ "actions": sources })).await
    }

    /// Moves the mouse to a point of the viewport and leaves it there (what `:hover` and
    /// `mouseover` handlers react to).
    pub async fn move_to(&mut self, point: Point) -> Result<(), PageError> {
        let events = super::devtools::input::moved(point.x.round(), point.y.round());
        if self.dispatch_own(events).await? {
            return Ok(());
        }
        let body = json!({"actions": [{
            "type": "pointer",
            "id": "clickpath-mouse",
            "parameters": {"pointerType": "mouse"},
            "actions": [
                {"type": "pointerMove", "duration": 0, "origin": "viewport",
                 "x": point.x.round() as i64, "y": point.y.round() as i64}
            ]
        }]});
        self.actions(body).await
    }

    /// After a click: waits, at most `timeout`, for a navigation the click started to load its new
    /// document, so the step's evidence shows where the click led; says whether one did and, when the
    /// page stayed, where the click landed.
    pub async fn settle(&mut self, timeout: Duration) -> Result<Settled, PageError> {
        let arg = json!({"timeout_ms": millis(timeout)});
        let limit = timeout + Duration::from_secs(5);
        let answer = match self
            .script(SETTLE_JS, vec![arg], Flavor::CallsBack, limit)
            .await
        {
            Ok(v) => v,
            Err(e) if e.is_unexpected_alert_open() || e.is_no_such_window() => {
                return Ok(Settled::default());
            }
            Err(e) if is_navigation_race(&e) => json!({"navigating": true, "top": true}),
            Err(e) => return Err(PageError::from_cmd(e)),
        };
        if answer["navigating"].as_bool() == Some(true) {
            self.locate_kept = false;
        }
        if answer["top"].as_bool() == Some(true) {
            // A soft navigation may be cancelled by the page: wait for it only briefly.
            let limit = if answer["soft"].as_bool() == Some(true) {
                timeout.min(SOFT_NAVIGATION_WAIT)
            } else {
                timeout
            };
            self.wait_new_document(limit).await?;
        }
        Ok(Settled {
            navigated: answer["navigating"].as_bool() == Some(true),
            landing: serde_json::from_value(answer["landing"].clone()).ok(),
        })
    }

    /// Polls until the top document is a new one (without the old one's mark) and has loaded.
    async fn wait_new_document(&self, timeout: Duration) -> Result<(), PageError> {
        const PROBE: &str = "return [document.readyState, window.__clickpathOldDocument === true];";
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            match self
                .script(PROBE, Vec::new(), Flavor::Returns, SHORT_SCRIPT)
                .await
            {
                Ok(v) if v[0] == "complete" && v[1] == false => return Ok(()),
                Ok(_) => {}
                Err(e) if e.is_unexpected_alert_open() || e.is_no_such_window() => return Ok(()),
                Err(e) => {
                    if let PageError::Lost(m) = PageError::from_cmd(e) {
                        return Err(PageError::Lost(m));
                    }
                }
            }
            // A probe through WebDriver costs a few milliseconds of chromedriver's; over DevTools
            // it costs well under one, and a probe made while the document loads waits for it.
            let pause = if self.scripts_over_devtools() { 5 } else { 15 };
            tokio::time::sleep(Duration::from_millis(pause)).await;
        }
        // A navigation that never commits (a download, a 204) leaves the page as it is: not a failure.
        Ok(())
    }

    /// Types text into the focused element as real key presses, in one request.
    pub async fn type_text(&mut self, text: &str) -> Result<(), PageError> {
        let mut keys = Vec::with_capacity(text.chars().count() * 2);
        for c in text.chars() {
            let key = match c {
                '\n' => "\u{E007}".to_owned(),
                '\t' => "\u{E004}".to_owned(),
                c => c.to_string(),
            };
            keys.push(json!({"type": "keyDown", "value": key}));
            keys.push(json!({"type": "keyUp", "value": key}));
        }
        if keys.is_empty() {
            // Nothing to type: the selected content is removed with Delete.
            keys.push(json!({"type": "keyDown", "value": "\u{E017}"}));
            keys.push(json!({"type": "keyUp", "value": "\u{E017}"}));
        }
        let body =
            json!({"actions": [{"type": "key", "id": "clickpath-keyboard", "actions": keys}]});
        self.actions(body).await
    }

    /// Presses a key with real key presses, its modifiers held down around it, in one request.
    pub async fn press_key(&mut self, chord: &Chord) -> Result<(), PageError> {
        let key = chord.key.value();
        let keys = held(
            &chord.modifiers,
            vec![
                json!({"type": "keyDown", "value": key}),
                json!({"type": "keyUp", "value": key}),
            ],
        );
        let body =
            json!({"actions": [{"type": "key", "id": "clickpath-keyboard", "actions": keys}]});
        self.actions(body).await
    }

    /// Dispatches pointer events over clickpath's own DevTools connection, back to back (the
    /// browser handles them in order, without a frame between the move and the press); false
    /// when there is none (the caller then uses WebDriver's actions).
    async fn dispatch_own(
        &mut self,
        events: Vec<(&'static str, Value)>,
    ) -> Result<bool, PageError> {
        if !self.own_input {
            return Ok(false);
        }
        let (Some(devtools), Some(target)) = (self.browser.devtools.clone(), self.current.clone())
        else {
            return Ok(false);
        };
        self.secure().await;
        let started = Instant::now();
        let sending = devtools.call_in_a_row(&target, events);
        tokio::pin!(sending);
        let answered = tokio::select! {
            r = &mut sending => Some(r),
            // A dialog the press opened holds the release's answer until it is closed: the
            // press was made.
            Some(_) = devtools.dialog_opened(&target) => return Ok(true),
            () = tokio::time::sleep(DIALOG_CHECK) => None,
        };
        let result = match answered {
            Some(r) => r,
            None => {
                // Not answered yet, and no dialog heard of (the page's events may not reach
                // this connection): WebDriver is asked.
                if self.browser.client.get_alert_text().await.is_ok() {
                    return Ok(true);
                }
                sending.await
            }
        };
        tracing::trace!(
            ms = started.elapsed().as_secs_f64() * 1000.0,
            "pointer input"
        );
        match result {
            Ok(_) => Ok(true),
            Err(e) => {
                self.own_input = false;
                Err(PageError::Other(format!(
                    "the pointer input did not reach the page: {e}"
                )))
            }
        }
    }

    async fn actions(&mut self, body: Value) -> Result<(), PageError> {
        self.secure().await;
        match self
            .browser
            .command(SessionCommand::post("actions", body))
            .await
        {
            Ok(_) => Ok(()),
            // The action itself opened a dialog: it was performed.
            Err(e) if e.is_unexpected_alert_open() => Ok(()),
            Err(e) => Err(PageError::from_cmd(e)),
        }
    }

    /// Switches to a window opened since the last check, if any; returns whether it did.
    pub async fn follow_new_window(&mut self, settle: Duration) -> Result<bool, PageError> {
        self.release_screenshot();
        // Our DevTools connection hears of every new tab: without one, nothing to ask WebDriver.
        if settle.is_zero()
            && let Some(devtools) = &self.browser.devtools
            && devtools.new_pages().await == Some(false)
        {
            return Ok(false);
        }
        let started = Instant::now();
        loop {
            let now = match self.browser.client.windows().await {
                Ok(w) => w,
                Err(e) if e.is_unexpected_alert_open() => return Ok(false),
                Err(e) => return Err(PageError::from_cmd(e)),
            };
            let new: Vec<WindowHandle> = now
                .iter()
                .filter(|w| !self.windows.contains(w))
                .cloned()
                .collect();
            self.windows = now;
            if let Some(handle) = new.last() {
                self.locate_kept = false;
                self.in_frame = false;
                self.browser
                    .client
                    .switch_to_window(handle.clone())
                    .await
                    .map_err(PageError::from_cmd)?;
                self.current = Some(String::from(handle.clone()));
                return Ok(true);
            }
            if started.elapsed() >= settle {
                return Ok(false);
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// After the current window closed, continues in the most recent one still open.
    async fn recover_window(&mut self) -> Result<(), PageError> {
        self.release_screenshot();
        let now = self
            .browser
            .client
            .windows()
            .await
            .map_err(PageError::from_cmd)?;
        self.windows = now.clone();
        self.locate_kept = false;
        self.in_frame = false;
        match now.last() {
            Some(handle) => {
                self.current = Some(String::from(handle.clone()));
                self.browser
                    .client
                    .switch_to_window(handle.clone())
                    .await
                    .map_err(PageError::from_cmd)
            }
            None => Err(PageError::Lost("every browser window was closed".into())),
        }
    }

    /// The text of the open JavaScript dialog, if one is open.
    pub async fn dialog_text(&self) -> Option<String> {
        self.browser.client.get_alert_text().await.ok()
    }

    /// Waits for a dialog to open, at most `timeout`; returns its text.
    pub async fn wait_dialog(&mut self, timeout: Duration) -> Result<String, PageError> {
        self.release_screenshot();
        let deadline = Instant::now() + timeout;
        loop {
            match self.browser.client.get_alert_text().await {
                Ok(text) => return Ok(text),
                Err(e) if e.is_no_such_alert() => {
                    if Instant::now() >= deadline {
                        return Err(PageError::Other(format!(
                            "no JavaScript dialog opened within {:.1}s",
                            timeout.as_secs_f64()
                        )));
                    }
                    tokio::time::sleep(Duration::from_millis(25)).await;
                }
                Err(e) => return Err(PageError::from_cmd(e)),
            }
        }
    }

    /// Accepts the open dialog, typing `prompt` first when given.
    pub async fn accept_dialog(&mut self, prompt: Option<&str>) -> Result<(), PageError> {
        self.release_screenshot();
        if let Some(text) = prompt {
            self.browser
                .client
                .send_alert_text(text)
                .await
                .map_err(PageError::from_cmd)?;
        }
        self.browser
            .client
            .accept_alert()
            .await
            .map_err(PageError::from_cmd)
    }

    /// Dismisses the open dialog.
    pub async fn dismiss_dialog(&mut self) -> Result<(), PageError> {
        self.release_screenshot();
        self.browser
            .client
            .dismiss_alert()
            .await
            .map_err(PageError::from_cmd)
    }

    /// The boxes (top-level viewport CSS pixels) of every visible element a mask target matches,
    /// cross-origin frames included.
    pub async fn mask_rects(
        &mut self,
        target: &crate::runbook::plan::Target,
    ) -> Result<Vec<Rect>, PageError> {
        let mut request = Request::for_target(target, Intent::Mask, Duration::ZERO);
        request.collect_labels = false;
        let answer = self.locate_here(&request).await?;
        let mut rects = answer.rects.clone();
        let frames = self
            .switchable(answer.cross_origin_frames, &request)
            .await?;
        for frame in &frames {
            let origin = frame_origin(frame);
            if !self.enter_frame(frame).await? {
                continue;
            }
            let inner = self.locate_here(&request).await;
            self.top_frame().await?;
            for r in inner?.rects {
                rects.push(Rect {
                    x: r.x + origin.x,
                    y: r.y + origin.y,
                    ..r
                });
            }
        }
        Ok(rects)
    }

    /// Covers the given boxes, and every place a secret shows as text or as a field's value, with
    /// opaque blocks drawn by the top document; returns the covered boxes as read back from the DOM,
    /// or an error when not every block could be placed.
    pub async fn cover(
        &mut self,
        rects: &[Rect],
        secrets: &[String],
    ) -> Result<Vec<Rect>, PageError> {
        self.secure().await;
        let arg = json!({"rects": rects, "secrets": secrets});
        let answer = match self
            .script(COVER_JS, vec![arg], Flavor::Returns, SHORT_SCRIPT)
            .await
        {
            Ok(v) => v,
            Err(e) => return Err(self.classify(e).await),
        };
        let placed = answer["boxes"].as_u64().unwrap_or(0);
        let wanted = answer["wanted"].as_u64().unwrap_or(u64::MAX);
        if placed != wanted {
            return Err(PageError::Other(format!(
                "{placed} of {wanted} masks could be placed"
            )));
        }
        serde_json::from_value(answer["rects"].clone()).map_err(|e| PageError::Other(e.to_string()))
    }

    /// Removes the blocks [`Page::cover`] drew.
    pub async fn uncover(&self) -> Result<(), PageError> {
        match self
            .script(UNCOVER_JS, Vec::new(), Flavor::Returns, SHORT_SCRIPT)
            .await
        {
            Ok(_) => Ok(()),
            Err(e) => Err(self.classify(e).await),
        }
    }

    /// What the field the last `fill` located shows now, to prove that typing reached it; `None`
    /// when that cannot be read from the top document (a field in a frame of another origin).
    pub async fn filled_field(&self) -> Result<Option<FocusedField>, PageError> {
        match self
            .script(FOCUSED_FIELD_JS, Vec::new(), Flavor::Returns, SHORT_SCRIPT)
            .await
        {
            Ok(v) if v.is_object() => Ok(serde_json::from_value(v).ok()),
            Ok(_) => Ok(None),
            Err(e) if e.is_unexpected_alert_open() => Ok(None),
            Err(e) => Err(PageError::from_cmd(e)),
        }
    }

    /// Waits, at most `limit`, until no busy indicator (a spinner, a progress bar, `aria-busy`, the
    /// runbook's `busy` selectors) shows, so the screenshot shows where the step led; `None` when the
    /// page cannot be asked (a dialog, a page going away).
    pub async fn settle_evidence(&self, limit: Duration, busy: &[String]) -> Option<Settle> {
        let arg = json!({"limit_ms": millis(limit), "busy": busy});
        let margin = limit + Duration::from_secs(5);
        let call = self.script(crate::locate::BUSY_JS, vec![arg], Flavor::CallsBack, margin);
        let answer = tokio::time::timeout(margin + LOAD_MARGIN, call)
            .await
            .ok()?
            .ok()?;
        serde_json::from_value(answer).ok()
    }

    /// The session this page drives (for the other parts of the browser layer, e.g. `storage`).
    pub(super) fn browser(&self) -> &'b Browser {
        self.browser
    }

    /// A Chromium DevTools command through the driver's endpoint (chromedriver's, also through a
    /// Selenium Grid); an error when the driver has none.
    pub(super) async fn devtools(&self, cmd: &str, params: Value) -> Result<Value, CmdError> {
        self.browser
            .command(SessionCommand::post(
                "goog/cdp/execute",
                json!({"cmd": cmd, "params": params}),
            ))
            .await
    }

    /// A PNG of the whole page (beyond the viewport) through Chromium's DevTools endpoint, when the
    /// driver offers it; `None` when it does not (another browser, a Grid without it).
    pub async fn full_page_screenshot(&self) -> Result<Option<Vec<u8>>, PageError> {
        let metrics = self.devtools("Page.getLayoutMetrics", json!({})).await;
        let Ok(metrics) = metrics else {
            return Ok(None);
        };
        let size = &metrics["cssContentSize"];
        let (Some(width), Some(height)) = (size["width"].as_f64(), size["height"].as_f64()) else {
            return Ok(None);
        };
        let params = json!({
            "format": "png",
            "captureBeyondViewport": true,
            "clip": {"x": 0, "y": 0, "width": width.ceil(), "height": height.ceil().min(16_384.0), "scale": 1},
        });
        match self.devtools("Page.captureScreenshot", params).await {
            Ok(v) => cdp_png(&v).map(Some).ok_or_else(|| {
                PageError::Other("the full-page screenshot is not base64 PNG data".into())
            }),
            Err(e) if e.is_unexpected_alert_open() => Err(self.classify(e).await),
            Err(_) => Ok(None),
        }
    }

    /// The page's DOM as one HTML document (shadow roots and same-origin frames inlined).
    pub async fn dom_snapshot(&self) -> Result<String, PageError> {
        match self
            .script(SNAPSHOT_JS, Vec::new(), Flavor::Returns, SHORT_SCRIPT)
            .await
        {
            Ok(v) => Ok(v.as_str().unwrap_or_default().to_owned()),
            Err(e) => Err(self.classify(e).await),
        }
    }

    /// The top document's scroll offset in CSS pixels.
    pub async fn scroll_offset(&self) -> Result<(f64, f64), PageError> {
        match self
            .browser
            .client
            .execute("return [window.scrollX, window.scrollY];", Vec::new())
            .await
        {
            Ok(v) => Ok((v[0].as_f64().unwrap_or(0.0), v[1].as_f64().unwrap_or(0.0))),
            Err(e) => Err(self.classify(e).await),
        }
    }

    /// A PNG of the viewport, exactly as the browser sends it: over clickpath's own DevTools
    /// connection (it does not queue behind WebDriver commands), else through Chromium's DevTools
    /// endpoint of the WebDriver server (`optimizeForSpeed`, about half the time of WebDriver's
    /// screenshot), else through WebDriver.
    ///
    /// `dialog_checked` says the caller has just made sure no dialog is open (see
    /// [`Page::url`]), which saves asking again.
    pub async fn screenshot(&mut self, dialog_checked: bool) -> Result<Vec<u8>, PageError> {
        let (png, path) = self.screenshot_by_any_path(dialog_checked).await?;
        self.took_path(path);
        Ok(png)
    }

    /// Records that a screenshot took `path` (the report lists each path once, first used first).
    fn took_path(&mut self, path: &'static str) {
        if !self.screenshot_paths.contains(&path) {
            self.screenshot_paths.push(path);
        }
    }

    /// The paths screenshots took so far, in the order first used (see [`Page::screenshot`]).
    pub fn screenshot_paths(&self) -> Vec<String> {
        self.screenshot_paths
            .iter()
            .map(|p| (*p).to_owned())
            .collect()
    }

    async fn screenshot_by_any_path(
        &mut self,
        dialog_checked: bool,
    ) -> Result<(Vec<u8>, &'static str), PageError> {
        // DevTools would wait behind an open dialog: WebDriver reports it instead.
        if (self.own_screenshots || self.cdp_screenshots)
            && !dialog_checked
            && let Ok(text) = self.browser.client.get_alert_text().await
        {
            return Err(PageError::DialogOpen(text));
        }
        if self.own_screenshots
            && let (Some(devtools), Some(target)) = (&self.browser.devtools, &self.current)
        {
            match devtools.screenshot(target).await {
                Ok(png) => return Ok((png, "devtools")),
                Err(e) => {
                    tracing::debug!("screenshots leave clickpath's DevTools connection: {e}");
                    self.own_screenshots = false;
                }
            }
        }
        if self.cdp_screenshots {
            let params = json!({"format": "png", "optimizeForSpeed": true});
            match self.devtools("Page.captureScreenshot", params).await {
                Ok(v) => match cdp_png(&v) {
                    Some(png) => return Ok((png, "driver-devtools")),
                    None => self.cdp_screenshots = false,
                },
                Err(e) if e.is_unexpected_alert_open() => return Err(self.classify(e).await),
                Err(e) => {
                    tracing::debug!("no DevTools screenshots here, using WebDriver's: {e}");
                    self.cdp_screenshots = false;
                }
            }
        }
        match self.browser.client.screenshot().await {
            Ok(png) => Ok((png, "webdriver")),
            Err(e) => Err(self.classify(e).await),
        }
    }

    /// The DevTools target id of the window WebDriver drives, when clickpath has its own DevTools
    /// connection.
    pub fn target(&self) -> Option<&str> {
        self.current.as_deref()
    }

    /// Whether a screenshot can be made while the runner goes on (over clickpath's own DevTools
    /// connection, see [`Page::begin_screenshot`]).
    pub fn can_overlap_screenshots(&self) -> bool {
        self.own_screenshots && self.current.is_some() && self.browser.devtools.is_some()
    }

    /// Asks for a screenshot of the page as it is now and returns at once. The request goes to
    /// the browser when the next look has gone first, or after at most [`LOOK_FIRST`]; the page
    /// is not changed again until the browser has answered: every call that may change it (an
    /// action, a navigation, a script, a look that must scroll or focus) first waits for the
    /// answer ([`Page::secure`]). `uncover`: the masks come off once the picture is taken.
    /// Returns false when it cannot (no own DevTools connection): then take [`Page::screenshot`].
    pub async fn begin_screenshot(&mut self, uncover: bool, keep: Keep) -> bool {
        if self.in_flight.is_some() {
            // The last one is not collected yet ([`Page::finish_screenshot`]): one at a time.
            return false;
        }
        let (Some(devtools), Some(target)) = (self.browser.devtools.clone(), self.current.clone())
        else {
            return false;
        };
        if !self.own_screenshots {
            return false;
        }
        let (release, released) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            // The next look goes first: a page script sent after a screenshot request waits in
            // the browser until the screenshot is made, one sent before it runs alongside.
            let _ = tokio::time::timeout(LOOK_FIRST, released).await;
            let shot = devtools.screenshot(&target).await;
            let kept = match &shot {
                Ok(png) => Ok(keep(png)),
                Err(_) => Err(keep),
            };
            Arrived { shot, kept }
        });
        self.in_flight = Some(InFlight {
            task: Some(task),
            uncover,
            result: None,
            asked: Instant::now(),
            announce: None,
            release: Some(release),
        });
        true
    }

    /// Sends the screenshot asked for to the browser now, if it has not gone yet.
    fn release_screenshot(&mut self) {
        if let Some(release) = self.in_flight.as_mut().and_then(|f| f.release.take()) {
            let _ = release.send(());
        }
    }

    /// Whether a screenshot asked for is not yet taken.
    fn shot_pending(&self) -> bool {
        self.in_flight.as_ref().is_some_and(|f| f.task.is_some())
    }

    /// Waits until the screenshot in flight (if any) is taken and kept, so the page may change:
    /// the picture shows the page as it was when it was asked for. If the DevTools connection
    /// failed it, the picture is taken now by another path, still before anything changes.
    async fn secure(&mut self) {
        self.release_screenshot();
        let Some(flight) = self.in_flight.as_mut() else {
            return;
        };
        let Some(task) = flight.task.take() else {
            return;
        };
        let waited = Instant::now();
        let arrived = task.await;
        tracing::trace!(
            waited_ms = waited.elapsed().as_secs_f64() * 1000.0,
            asked_ms = flight.asked.elapsed().as_secs_f64() * 1000.0,
            "screenshot secured"
        );
        let took = flight.asked.elapsed();
        let uncover = flight.uncover;
        let result = match arrived {
            Ok(Arrived {
                shot: Ok(png),
                kept: Ok(kept),
            }) => {
                self.took_path("devtools");
                (Ok(png), Some(kept))
            }
            Ok(Arrived { shot, kept }) => {
                let why = shot.err().map(|e| e.to_string()).unwrap_or_default();
                tracing::debug!("screenshots leave clickpath's DevTools connection: {why}");
                self.own_screenshots = false;
                let png = self.screenshot(false).await;
                let kept = match (&png, kept) {
                    (Ok(png), Err(keep)) => Some(keep(png)),
                    _ => None,
                };
                (png, kept)
            }
            Err(e) => {
                // The task itself is gone (it panicked): the keeper with it; the picture is
                // taken here, and kept by the caller.
                tracing::debug!("the screenshot task failed: {e}");
                self.own_screenshots = false;
                (self.screenshot(false).await, None)
            }
        };
        if let Some(flight) = self.in_flight.as_mut() {
            let (png, kept) = result;
            let finished = Finished { png, kept, took };
            if let Some(announce) = flight.announce.take() {
                announce(&finished);
            }
            flight.result = Some(finished);
        }
        if uncover {
            let _ = self
                .script(UNCOVER_JS, Vec::new(), Flavor::Returns, SHORT_SCRIPT)
                .await;
        }
    }

    /// Has `announce` told the moment the screenshot in flight is secured (at once when it already
    /// is; never when none is in flight).
    pub fn when_secured(&mut self, announce: Announce) {
        let Some(flight) = self.in_flight.as_mut() else {
            return;
        };
        match &flight.result {
            Some(finished) => announce(finished),
            None => flight.announce = Some(announce),
        }
    }

    /// The screenshot [`Page::begin_screenshot`] asked for (waiting for it if need be): the PNG,
    /// what keeping it gave (`None`: it was not kept), and how long the browser took to make it;
    /// `None` when none was asked for.
    pub async fn finish_screenshot(&mut self) -> Option<Finished> {
        self.secure().await;
        self.in_flight.take()?.result
    }

    /// Holds the page still for a screenshot that will be compared with a baseline: finite CSS
    /// animations and transitions jump to their end, endless ones pause at their start, the text
    /// caret is hidden, and web fonts have loaded; in the top document and its same-origin frames.
    /// [`Page::unsteady`] gives the page its motion back.
    pub async fn steady(&mut self) -> Result<(), PageError> {
        self.secure().await;
        self.evaluate_async(STEADY_JS, Vec::new()).await.map(|_| ())
    }

    /// Undoes [`Page::steady`]: the paused animations play again, the caret and transitions return.
    pub async fn unsteady(&mut self) -> Result<(), PageError> {
        self.evaluate(UNSTEADY_JS, Vec::new()).await.map(|_| ())
    }

    /// The page's address when it is a login page: a visible password, one-time-code or username
    /// field (the e-mail-first screens ask for the password later) in a page whose address speaks of
    /// logging in (`login`, `signin`, `auth`, `verify`, `identity`, ...).
    pub async fn login_page(&self) -> Result<Option<String>, PageError> {
        let found = self.read(LOGIN_PAGE_JS, Vec::new()).await?;
        Ok(found.as_str().map(str::to_owned))
    }

    /// The current URL, or [`PageError::DialogOpen`] with the dialog's text when one is open: with
    /// prompts left open, WebDriver refuses the URL while one is, so one round trip tells both.
    pub async fn url(&self) -> Result<String, PageError> {
        match self.browser.client.current_url().await {
            Ok(u) => Ok(u.to_string()),
            Err(e) => Err(self.classify(e).await),
        }
    }

    /// Runs `script` (a function body; `arguments` holds `args`) in the current document and returns
    /// what it returns: for tools and tests that look at a page beyond what steps do.
    pub async fn evaluate(&mut self, script: &str, args: Vec<Value>) -> Result<Value, PageError> {
        self.secure().await;
        match self
            .script(script, args, Flavor::Returns, SCRIPT_LIMIT)
            .await
        {
            Ok(v) => Ok(v),
            Err(e) => Err(self.classify(e).await),
        }
    }

    /// Like [`Page::evaluate`] for a script that only reads the page (it changes nothing a
    /// screenshot could show): it may run while a screenshot is being made.
    pub async fn read(&self, script: &str, args: Vec<Value>) -> Result<Value, PageError> {
        match self
            .script(script, args, Flavor::Returns, SCRIPT_LIMIT)
            .await
        {
            Ok(v) => Ok(v),
            Err(e) => Err(self.classify(e).await),
        }
    }

    /// Like [`Page::evaluate`] for a script that ends by calling its last argument with the result.
    pub async fn evaluate_async(
        &mut self,
        script: &str,
        args: Vec<Value>,
    ) -> Result<Value, PageError> {
        self.secure().await;
        match self
            .script(script, args, Flavor::CallsBack, SCRIPT_LIMIT)
            .await
        {
            Ok(v) => Ok(v),
            Err(e) => Err(self.classify(e).await),
        }
    }

    /// The current title.
    pub async fn title(&self) -> Result<String, PageError> {
        match self.browser.client.title().await {
            Ok(t) => Ok(t),
            Err(e) => Err(self.classify(e).await),
        }
    }
}

/// Whether the page is a login page: its address, or null.
const LOGIN_PAGE_JS: &str = r#"
const address = /log-?in|sign-?in|log-?on|auth|sso|verif|identity|mfa|2fa|two-factor/i;
if (!address.test(location.pathname + location.search)) return null;
const fields = document.querySelectorAll(
  'input[type=password], input[autocomplete="one-time-code"], input[autocomplete="current-password"], ' +
  'input[autocomplete="username"], input[type=email], input[name=username]');
for (const f of fields) {
  const r = f.getBoundingClientRect();
  if (r.width > 0 && r.height > 0 && getComputedStyle(f).visibility !== 'hidden') return location.href;
}
return null;
"#;

/// See [`Page::steady`].
const STEADY_JS: &str = r#"
const done = arguments[arguments.length - 1];
const docs = [document];
for (const f of document.querySelectorAll('iframe, frame')) {
  try { if (f.contentDocument) docs.push(f.contentDocument); } catch (e) { /* another origin */ }
}
const paused = [];
for (const doc of docs) {
  if (!doc.getElementById('__clickpath_steady')) {
    const style = doc.createElement('style');
    style.id = '__clickpath_steady';
    style.textContent = '*, *::before, *::after { caret-color: transparent !important; transition: none !important; }';
    (doc.head || doc.documentElement).appendChild(style);
  }
  for (const a of doc.getAnimations ? doc.getAnimations() : []) {
    try {
      const end = a.effect && a.effect.getComputedTiming().endTime;
      if (Number.isFinite(end)) { a.finish(); } else if (a.playState === 'running') { a.pause(); a.currentTime = 0; paused.push(a); }
    } catch (e) { /* an animation that cannot be finished stays as it is */ }
  }
}
window.__clickpathPaused = paused;
// The screenshot makes a new frame of its own: fonts are all that must be waited for here.
Promise.all(docs.map((d) => d.fonts ? d.fonts.ready : null)).then(() => done(true), () => done(true));
"#;

/// See [`Page::unsteady`].
const UNSTEADY_JS: &str = r#"
const docs = [document];
for (const f of document.querySelectorAll('iframe, frame')) {
  try { if (f.contentDocument) docs.push(f.contentDocument); } catch (e) { /* another origin */ }
}
for (const doc of docs) { const s = doc.getElementById('__clickpath_steady'); if (s) s.remove(); }
for (const a of window.__clickpathPaused || []) { try { a.play(); } catch (e) { /* gone */ } }
window.__clickpathPaused = [];
return true;
"#;
