//! The result model of a run: one value that every report format is written from, and the schema of
//! `report.json`. Its types are its own (versioned by [`SCHEMA_VERSION`]), so a change inside another
//! layer never changes the file by accident; the conversions from those layers are at the end.

use serde::{Deserialize, Serialize};

use crate::browser::BrowserInfo;
use crate::runbook::plan::ParamValue;

/// The version of the `report.json` layout; raised on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// A whole run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunReport {
    /// Layout version of this document.
    pub schema_version: u32,
    /// The clickpath version that wrote it.
    pub clickpath_version: String,
    /// The runbook.
    pub runbook: RunbookInfo,
    /// The UI language.
    pub locale: String,
    /// The variant values.
    pub variants: std::collections::BTreeMap<String, String>,
    /// Param values (secrets as `•••`).
    pub params: Vec<ParamReport>,
    /// The browser.
    pub browser: Option<BrowserReport>,
    /// When the run started (RFC 3339, UTC).
    pub started_at: String,
    /// How long it took so far.
    pub duration_ms: u64,
    /// The outcome so far.
    pub status: RunStatus,
    /// Why the run ended early, if it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// When the run was resumed (`--resume`), and from which step.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resumed: Vec<Resumed>,
    /// What the run did with saved sessions (`--session`, `--save-session`): origins and counts,
    /// never a value.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub session: Vec<String>,
    /// Every planned step, in order.
    pub steps: Vec<StepReport>,
    /// The run read as the article its runbook names for this locale: each instruction and what
    /// this run showed of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documentation: Option<Documentation>,
    /// The clickpath process's peak resident memory so far, in KiB (its own, not the driver's or the
    /// browser's); set at the end of the run where the system reports it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peak_rss_kib: Option<u64>,
    /// With `--baseline`: how long the run waited at its end for comparisons still under way (what
    /// the comparisons added to its wall time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visual_wait_ms: Option<u64>,
    /// How the run's time outside its steps went: getting the browser (driver, session, DevTools
    /// connection) and ending it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overhead: Option<Overhead>,
}

/// Where a run's time outside its steps went, in milliseconds.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Overhead {
    /// Starting (or reaching) the WebDriver server and opening the session, the browser's own
    /// start included.
    pub session_ms: u64,
    /// Opening clickpath's own DevTools connection (part of `session_ms`).
    pub devtools_ms: u64,
    /// Preparing the page (timeouts, windows) before the first step.
    pub page_ms: u64,
    /// Closing the session and stopping the driver.
    pub close_ms: u64,
    /// Waiting at the end for the annotated copies still being made.
    pub annotations_ms: u64,
}

/// The article of the run's locale, sentence by sentence, each instruction with its status in this run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Documentation {
    /// The article's language.
    pub locale: String,
    /// The article's path as the runbook names it (relative to the runbook).
    pub article: String,
    /// Why the article could not be read, when it could not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// How many instructions the article has.
    pub instructions: usize,
    /// How many of them this run verified.
    pub verified: usize,
    /// The article's sections in its order.
    pub sections: Vec<DocSection>,
}

/// A heading of the article and what follows it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocSection {
    /// The heading (none for the text before the first one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// Its paragraphs and list items.
    pub blocks: Vec<DocBlock>,
}

/// A paragraph or a list item of the article.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocBlock {
    /// A list item (instructions are list items), or running prose.
    pub item: bool,
    /// The title of a variant's subsection (`Salesforce Classic:`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub subsection: bool,
    /// Its line in the article (0 where the format has none).
    pub line: usize,
    /// Its sentences.
    pub sentences: Vec<DocSentence>,
}

/// One sentence of the article; an instruction has a status.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocSentence {
    /// The sentence as the article writes it.
    pub text: String,
    /// For an instruction: what this run showed of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<DocStatus>,
    /// The steps that implement it (their `index`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<usize>,
    /// The screenshot that shows it: its last step's (verified) or its failed step's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub screenshot: Option<String>,
    /// The annotated copy of that screenshot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotated: Option<String>,
    /// For a drifted instruction: the UI word the article (and its step) looks for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article_says: Option<String>,
    /// For a drifted instruction: the page's nearest label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_shows: Option<String>,
    /// Why it has this status, in a sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What a run showed of one instruction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocStatus {
    /// Its steps passed (or, in `check`, a step that cannot be undone was proven there).
    Verified,
    /// A step missed, and the page shows a label close to the one the article names.
    Drifted,
    /// A step failed for another reason.
    Failed,
    /// No step of the runbook implements it.
    NotCovered,
    /// Its steps belong to another variant than this run's (Salesforce Classic in a Lightning run).
    OtherVariant,
    /// Its steps did not run.
    NotReached,
}

/// Which runbook ran.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunbookInfo {
    /// Its name.
    pub name: String,
    /// The file.
    pub file: String,
}

/// The outcome of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    /// Still going (seen only in reports written during the run).
    Running,
    /// Every step passed (optional misses allowed).
    Passed,
    /// A step failed.
    Failed,
    /// Stopped by Ctrl-C or SIGTERM.
    Interrupted,
    /// The browser or driver went away.
    Error,
    /// Stopped before a destructive step nobody confirmed.
    Blocked,
}

/// The outcome of a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    /// Done as written.
    Passed,
    /// Not done; the run stops here.
    Failed,
    /// An optional step that missed.
    Skipped,
    /// The run ended before this step.
    NotReached,
    /// A destructive step the run was not allowed to perform: its target was found, not acted on.
    Blocked,
    /// `check`: the destructive step's target was found ready; it was not performed.
    Verified,
}

/// One step of the run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StepReport {
    /// 1-based position.
    pub index: usize,
    /// The section's name.
    pub section: String,
    /// The step's name.
    pub name: String,
    /// The action keyword.
    pub action: String,
    /// The locator, as text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locator: Option<String>,
    /// The documentation sentence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// The line in the runbook.
    pub line: u32,
    /// The outcome.
    pub status: StepStatus,
    /// When it started (RFC 3339, UTC).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    /// How long it took.
    pub duration_ms: u64,
    /// Of `duration_ms`: the round trips that located the target and waited for it to be ready (or, for
    /// `expect`/`wait` and dialogs, waited for the condition).
    #[serde(default)]
    pub locate_ms: u64,
    /// Of `duration_ms`: the action itself, including the wait for the page a click or navigation led to.
    #[serde(default)]
    pub act_ms: u64,
    /// The screenshot file, relative to the report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub screenshot: Option<String>,
    /// The screenshot with the element acted on boxed and a caption, relative to the report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotated: Option<String>,
    /// Regions covered before the screenshot (masks and fields that received a secret), in CSS pixels
    /// of the captured image.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub masked: Vec<Rect>,
    /// Time spent capturing the evidence after the step (masking, screenshot, URL, settling).
    #[serde(default)]
    pub capture_ms: u64,
    /// Of that, how long the screenshot waited for busy indicators (spinners) to go.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settle_ms: Option<u64>,
    /// Of the capture, how long the browser took to make the picture over clickpath's own
    /// DevTools connection, while the runner went on (not counted in `capture_ms`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shot_ms: Option<u64>,
    /// Time a worker spent on the annotated copy, off the step's own time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotate_ms: Option<u64>,
    /// What went wrong.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// For a failed or skipped step: the page's DOM at that moment (`NN-<step>.dom.html`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dom_snapshot: Option<String>,
    /// What the element found was ("button \"Salva\"") and where.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub element: Option<ElementInfo>,
    /// The text of a JavaScript dialog open after the step (its evidence: no screenshot can be taken).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dialog: Option<String>,
    /// The URL after the step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Earlier attempts at this step, oldest first (a resumed run keeps them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attempts: Vec<Attempt>,
    /// Notes (e.g. "already checked", "switched to a new tab").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The step's `if:` (or its section's), and whether it held.
    #[serde(default, rename = "if", skip_serializing_if = "Option::is_none")]
    pub condition: Option<ConditionOutcome>,
    /// The file name its screenshot has in a baseline folder (`03-goto-hubspot-url.png`): from the
    /// step's name as the runbook writes it, so another port or org keeps the same baseline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_name: Option<String>,
    /// How the screenshot compares with its baseline (`--baseline`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visual: Option<crate::visual::verdict::VisualReport>,
    /// Interruptions dismissed by the runbook's handlers while the step looked for its target,
    /// in order, each with the steps it performed and their evidence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interruptions: Vec<Interruption>,
}

/// An `if:` and how it turned out when the run reached it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ConditionOutcome {
    /// The condition, described (`label 'Password' visible`).
    pub condition: String,
    /// Whether it held (the step ran) or not (it was skipped).
    pub held: bool,
    /// How long it took to tell.
    pub waited_ms: u64,
    /// It is the section's `if:`, evaluated at its first step.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub section: bool,
}

/// An interruption a handler dismissed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Interruption {
    /// The handler's name.
    pub handler: String,
    /// What showed it was there.
    pub when: String,
    /// Its steps as performed.
    pub steps: Vec<StepReport>,
}

/// An earlier attempt at a step, kept when a run is resumed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Attempt {
    /// Its outcome.
    pub status: StepStatus,
    /// When it started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    /// How long it took.
    pub duration_ms: u64,
    /// Its screenshot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub screenshot: Option<String>,
    /// Its annotated copy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotated: Option<String>,
    /// Its DOM snapshot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dom_snapshot: Option<String>,
    /// What went wrong.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The element a step acted on.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ElementInfo {
    /// Tag, role and name.
    pub description: String,
    /// Frames and shadow hosts on the way.
    pub path: String,
    /// Box in viewport CSS pixels.
    pub rect: Option<Rect>,
    /// Device pixel ratio.
    pub dpr: Option<f64>,
    /// `exact` or `normalized` text match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched: Option<String>,
    /// Time the page spent locating and waiting.
    pub locate_ms: Option<f64>,
    /// The page the element was on (the step may have led elsewhere).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_url: Option<String>,
    /// The click started a navigation (of the page or of the frame the element was in): the
    /// screenshot shows where it led, so no box is drawn where the element was.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub navigated: bool,
}

/// One resumption of a run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Resumed {
    /// When (RFC 3339, UTC).
    pub at: String,
    /// The first step performed again (1-based).
    pub from_step: usize,
}

/// A param and its value in this run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParamReport {
    /// The name.
    pub name: String,
    /// The value, `•••` when secret, absent when none was given.
    pub value: Option<String>,
    /// Whether the value is secret.
    pub secret: bool,
    /// Where the value came from: `var`, `env`, `default`.
    pub source: String,
}

/// The browser a run used.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct BrowserReport {
    /// Browser name as reported by the driver.
    pub name: String,
    /// Browser version.
    pub version: String,
    /// Driver version, when the driver reports it.
    pub driver_version: Option<String>,
    /// The WebDriver URL used (a password in it shown as `•••`).
    pub webdriver: String,
    /// Whether the window was hidden.
    pub headless: bool,
    /// clickpath's own DevTools connection, when it had one: which session capability gave its
    /// address (`se:cdp`, `debuggerAddress`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub devtools: Option<String>,
    /// The paths the screenshots took, in the order first used: `devtools` (clickpath's own
    /// connection), `driver-devtools` (Chromium's DevTools through the WebDriver server),
    /// `webdriver` (WebDriver's Take Screenshot).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub screenshots: Vec<String>,
    /// The paths the page scripts (locating, settling, masks) took: `devtools` (clickpath's own
    /// connection, in a window's top document), `webdriver` (Execute Script: inside frames of
    /// another origin, and without that connection).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scripts: Vec<String>,
}

/// A box in CSS pixels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Rect {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

impl From<&ParamValue> for ParamReport {
    fn from(p: &ParamValue) -> Self {
        ParamReport {
            name: p.name.clone(),
            value: p.value.clone(),
            secret: p.secret,
            source: p.source.clone(),
        }
    }
}

impl From<&BrowserInfo> for BrowserReport {
    fn from(b: &BrowserInfo) -> Self {
        BrowserReport {
            name: b.name.clone(),
            version: b.version.clone(),
            driver_version: b.driver_version.clone(),
            webdriver: b.webdriver.clone(),
            headless: b.headless,
            devtools: b.devtools.map(str::to_owned),
            screenshots: Vec::new(),
            scripts: Vec::new(),
        }
    }
}

impl From<crate::locate::Rect> for Rect {
    fn from(r: crate::locate::Rect) -> Self {
        Rect {
            x: r.x,
            y: r.y,
            width: r.width,
            height: r.height,
        }
    }
}
