//! From a parsed runbook and the run's settings (locale, variants, values) to the concrete step list.
//!
//! Everything that can be wrong with a runbook for a given run is found here, before any browser starts.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;

use super::duration::parse_duration;
use super::keys::{Chord, Modifier, parse_chord};
use super::model::{
    Action, By, Check, Condition, Doc, FillValue, Handler, Locator, MouseButton, OneOrMany, Param,
    Pick, PointerSpec, Position, Runbook, Scope, Section, Step, Text, TotpAlgorithm,
};
use super::source::{Diagnostic, Pos, did_you_mean, one_of, suggest};
use super::step_kind::StepKind;
use super::vars::{LabelRef, interpolate, label_ref};
use crate::redact::Redactor;

/// What a run asks for on top of the runbook.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// `--locale`.
    pub locale: Option<String>,
    /// `--variant k=v`, in order given.
    pub variants: Vec<(String, String)>,
    /// `--var k=v` (and `--secret k=v`, flagged secret).
    pub vars: Vec<VarValue>,
    /// Values from the environment: `CLICKPATH_VAR_<NAME>`, keyed by `<NAME>` (a param's name in capitals).
    pub env: BTreeMap<String, String>,
    /// The default step timeout (`--timeout`).
    pub timeout: Option<Duration>,
    /// Plan without values for required params (for `validate` and `plan`).
    pub allow_missing: bool,
}

/// A value given on the command line.
#[derive(Debug, Clone)]
pub struct VarValue {
    /// The param name.
    pub name: String,
    /// The value.
    pub value: String,
    /// Given with `--secret`.
    pub secret: bool,
}

/// The default time a step waits for its target.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long an `if:` waits for its condition to hold, unless it says (`if: { ..., timeout: 5s }`).
pub const CONDITION_WAIT: Duration = Duration::from_secs(2);

/// A runbook resolved for one run: the steps exactly as they will be performed.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// The runbook's name.
    pub runbook: String,
    /// The UI language used for labels.
    pub locale: String,
    /// The variant values chosen.
    pub variants: BTreeMap<String, String>,
    /// The params with their values (secrets shown as `•••`).
    pub params: Vec<ParamValue>,
    /// The steps, numbered from 1.
    pub steps: Vec<PlannedStep>,
    /// Sections left out by their `when`.
    pub skipped_sections: Vec<String>,
    /// Elements covered in every screenshot.
    pub masks: Vec<Target>,
    /// The first steps (0-based) of sections marked `independent`, where `check` goes on after
    /// proving a destructive step.
    pub independent_starts: Vec<usize>,
    /// The sections the run has, with their steps' place in `steps`.
    pub sections: Vec<PlannedSection>,
    /// What dismisses the interruptions the pages may show.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub handlers: Vec<PlannedHandler>,
    /// The runbook's own busy indicators (CSS selectors) the screenshots wait out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub busy: Vec<String>,
    /// Values never to be written anywhere.
    #[serde(skip)]
    pub redactor: Redactor,
}

/// A section of the run: where its steps are, and what it runs under.
#[derive(Debug, Clone, Serialize)]
pub struct PlannedSection {
    /// Its name.
    pub name: String,
    /// Its first step, 0-based in [`Plan::steps`].
    pub first: usize,
    /// How many steps it has.
    pub len: usize,
    /// It runs only when this holds.
    #[serde(rename = "if", skip_serializing_if = "Option::is_none")]
    pub condition: Option<PlannedIf>,
    /// It logs in.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub login: bool,
}

/// An `if:`: what must hold, and how long the run waits for it.
#[derive(Debug, Clone, Serialize)]
pub struct PlannedIf {
    /// The condition.
    pub check: PlannedCheck,
    /// How long it may take to hold.
    #[serde(rename = "timeout_ms", serialize_with = "as_millis")]
    pub timeout: Duration,
}

/// A handler: the interruption it recognizes and the steps that dismiss it.
#[derive(Debug, Clone, Serialize)]
pub struct PlannedHandler {
    /// What the report calls it.
    pub name: String,
    /// The element that shows the interruption is there.
    pub when: Target,
    /// What dismisses it (numbered from 1 within the handler).
    pub steps: Vec<PlannedStep>,
}

/// How a `fill: { totp: ... }` makes its code.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PlannedTotp {
    /// Digits per code.
    pub digits: u8,
    /// Seconds each code lasts.
    pub period: u32,
    /// The HMAC hash.
    pub algorithm: TotpAlgorithm,
}

/// A param and its value for this run.
#[derive(Debug, Clone, Serialize)]
pub struct ParamValue {
    /// The name.
    pub name: String,
    /// The value, `•••` when secret, absent when none was given.
    pub value: Option<String>,
    /// Whether the value is secret.
    pub secret: bool,
    /// Where the value came from: `var`, `env`, `default`.
    pub source: String,
}

/// A step as it will be performed.
#[derive(Debug, Clone, Serialize)]
pub struct PlannedStep {
    /// 1-based position in the run.
    pub index: usize,
    /// The section's name.
    pub section: String,
    /// The step's name (given or derived from the action).
    pub name: String,
    /// What to do.
    pub action: PlannedAction,
    /// The documentation sentence it implements.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// How long to wait for the target (`timeout_ms` in `plan --json`).
    #[serde(rename = "timeout_ms", serialize_with = "as_millis")]
    pub timeout: Duration,
    /// A miss is recorded, not fatal.
    pub optional: bool,
    /// The step cannot be undone.
    pub destructive: bool,
    /// Act without waiting for the element's state (`force: true`).
    pub force: bool,
    /// Check everything, perform nothing (`trial: true`).
    pub trial: bool,
    /// The line in the runbook.
    pub line: u32,
    /// Where a failure of the step points: its locator (or its value) in the runbook.
    #[serde(skip)]
    pub pos: Pos,
    /// Where a resumed run starting at this step starts instead: the first of these sections the
    /// plan has.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub resume_from: Vec<String>,
    /// The step is performed only when this holds.
    #[serde(rename = "if", skip_serializing_if = "Option::is_none")]
    pub condition: Option<PlannedIf>,
    /// How long its screenshot may wait for busy indicators to go (default: the run's).
    #[serde(
        rename = "settle_ms",
        skip_serializing_if = "Option::is_none",
        serialize_with = "as_opt_millis"
    )]
    pub settle: Option<Duration>,
    /// How its screenshot is compared with its baseline, when it says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visual: Option<PlannedVisual>,
    /// Its name with the values given for the run written back as `${name}`: the same from run to
    /// run (another port, another org), so its baseline image keeps its name.
    #[serde(skip)]
    pub stable_name: String,
}

/// A step's `visual:`, resolved.
#[derive(Debug, Clone, Serialize)]
pub struct PlannedVisual {
    /// Its own threshold.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_diff_ratio: Option<f64>,
    /// The elements its comparison leaves out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<Target>,
}

fn as_opt_millis<S: serde::Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => as_millis(d, s),
        None => s.serialize_none(),
    }
}

/// A duration as whole milliseconds, for the JSON a person or the page reads.
pub fn as_millis<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(super::duration::millis(*d))
}

/// A resolved action.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PlannedAction {
    /// Open a URL.
    Goto {
        /// The URL.
        url: String,
    },
    /// Click an element.
    Click {
        /// The element.
        target: Target,
        /// How.
        #[serde(flatten)]
        press: Press,
    },
    /// Double-click an element.
    DoubleClick {
        /// The element.
        target: Target,
        /// How (its count is 2).
        #[serde(flatten)]
        press: Press,
    },
    /// Move the pointer over an element.
    Hover {
        /// The element.
        target: Target,
        /// Where, from its top-left corner (default its centre).
        #[serde(skip_serializing_if = "Option::is_none")]
        position: Option<Position>,
    },
    /// Type into a field.
    Fill {
        /// The field.
        target: Target,
        /// The value (redacted in every output when secret); with `totp`, the authenticator's
        /// secret the code is made from.
        value: String,
        /// Whether the value is (or contains) a secret.
        secret: bool,
        /// Type the current one-time code of the secret in `value`, made this way.
        #[serde(skip_serializing_if = "Option::is_none")]
        totp: Option<PlannedTotp>,
    },
    /// Press a key or chord.
    Press {
        /// The key, and the modifiers held while it is pressed.
        key: Chord,
        /// The element that gets the focus first; else wherever the focus is.
        #[serde(skip_serializing_if = "Option::is_none")]
        target: Option<Target>,
    },
    /// Tick a checkbox.
    Check {
        /// The checkbox.
        target: Target,
    },
    /// Untick a checkbox.
    Uncheck {
        /// The checkbox.
        target: Target,
    },
    /// Select a radio button.
    Choose {
        /// The radio button.
        target: Target,
    },
    /// Choose an option in a drop-down list.
    Select {
        /// The list.
        target: Target,
        /// The options its selection becomes.
        #[serde(flatten)]
        pick: PlannedPick,
    },
    /// Assert a condition (waiting up to the timeout).
    Expect {
        /// The condition.
        condition: PlannedCheck,
    },
    /// Wait for a condition.
    Wait {
        /// The condition.
        condition: PlannedCheck,
    },
    /// Accept the open dialog.
    AcceptDialog {
        /// Text the dialog must contain.
        text: Option<String>,
        /// Text for a prompt().
        prompt: Option<String>,
    },
    /// Dismiss the open dialog.
    DismissDialog {
        /// Text the dialog must contain.
        text: Option<String>,
    },
    /// An extra named screenshot.
    Screenshot {
        /// Its name.
        name: String,
    },
    /// An operator instruction.
    Manual {
        /// The instruction.
        instruction: String,
    },
}

/// Which options a `select` chooses, resolved; serialized as the script reads it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlannedPick {
    /// By visible text (exact, then normalized), else by value.
    Option(String),
    /// By value.
    Value(String),
    /// By position, from 0.
    Index(u32),
    /// Several, each by text or value (none: no option chosen).
    Options(Vec<String>),
}

impl PlannedPick {
    /// The words a person reads on the page for the options (none for values and positions).
    pub fn wanted_texts(&self) -> Vec<&str> {
        match self {
            PlannedPick::Option(text) => vec![text],
            PlannedPick::Options(texts) => texts.iter().map(String::as_str).collect(),
            PlannedPick::Value(_) | PlannedPick::Index(_) => Vec::new(),
        }
    }
}

impl std::fmt::Display for PlannedPick {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlannedPick::Option(text) => write!(f, "'{text}'"),
            PlannedPick::Value(value) => write!(f, "value '{value}'"),
            PlannedPick::Index(index) => write!(f, "option #{index}"),
            PlannedPick::Options(texts) if texts.is_empty() => f.write_str("no option"),
            PlannedPick::Options(texts) => {
                let quoted: Vec<String> = texts.iter().map(|t| format!("'{t}'")).collect();
                f.write_str(&quoted.join(", "))
            }
        }
    }
}

/// How the pointer presses an element, every option resolved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Press {
    /// The mouse button.
    pub button: MouseButton,
    /// How many presses in quick succession.
    pub count: u8,
    /// Where, from the element's top-left corner (default its centre).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
    /// Keys held during the presses.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub modifiers: Vec<Modifier>,
}

impl Default for Press {
    fn default() -> Self {
        Press {
            button: MouseButton::Left,
            count: 1,
            position: None,
            modifiers: Vec::new(),
        }
    }
}

impl Press {
    /// What the press is called in a step's name: `click`, `right-click`, `Shift+double-click`.
    pub fn verb(&self) -> String {
        let mut out: String = self
            .modifiers
            .iter()
            .map(|m| format!("{}+", m.name()))
            .collect();
        if self.button != MouseButton::Left {
            out.push_str(self.button.name());
            out.push('-');
        }
        out.push_str(match self.count {
            0 | 1 => "click",
            2 => "double-click",
            _ => "triple-click",
        });
        out
    }
}

impl PlannedAction {
    /// The action's kind.
    pub fn kind(&self) -> StepKind {
        match self {
            PlannedAction::Goto { .. } => StepKind::Goto,
            PlannedAction::Click { .. } => StepKind::Click,
            PlannedAction::DoubleClick { .. } => StepKind::DoubleClick,
            PlannedAction::Hover { .. } => StepKind::Hover,
            PlannedAction::Fill { .. } => StepKind::Fill,
            PlannedAction::Press { .. } => StepKind::Press,
            PlannedAction::Check { .. } => StepKind::Check,
            PlannedAction::Uncheck { .. } => StepKind::Uncheck,
            PlannedAction::Choose { .. } => StepKind::Choose,
            PlannedAction::Select { .. } => StepKind::Select,
            PlannedAction::Expect { .. } => StepKind::Expect,
            PlannedAction::Wait { .. } => StepKind::Wait,
            PlannedAction::AcceptDialog { .. } => StepKind::AcceptDialog,
            PlannedAction::DismissDialog { .. } => StepKind::DismissDialog,
            PlannedAction::Screenshot { .. } => StepKind::Screenshot,
            PlannedAction::Manual { .. } => StepKind::Manual,
        }
    }

    /// The name a `screenshot` step gives its image (other kinds name it after the step).
    pub fn screenshot_name(&self) -> Option<&str> {
        match self {
            PlannedAction::Screenshot { name } => Some(name),
            PlannedAction::Goto { .. }
            | PlannedAction::Click { .. }
            | PlannedAction::DoubleClick { .. }
            | PlannedAction::Hover { .. }
            | PlannedAction::Fill { .. }
            | PlannedAction::Press { .. }
            | PlannedAction::Check { .. }
            | PlannedAction::Uncheck { .. }
            | PlannedAction::Choose { .. }
            | PlannedAction::Select { .. }
            | PlannedAction::Expect { .. }
            | PlannedAction::Wait { .. }
            | PlannedAction::AcceptDialog { .. }
            | PlannedAction::DismissDialog { .. }
            | PlannedAction::Manual { .. } => None,
        }
    }

    /// The element the action works on, if any.
    pub fn target(&self) -> Option<&Target> {
        match self {
            PlannedAction::Click { target, .. }
            | PlannedAction::DoubleClick { target, .. }
            | PlannedAction::Hover { target, .. }
            | PlannedAction::Fill { target, .. }
            | PlannedAction::Check { target }
            | PlannedAction::Uncheck { target }
            | PlannedAction::Choose { target }
            | PlannedAction::Select { target, .. } => Some(target),
            PlannedAction::Press { target, .. } => target.as_ref(),
            PlannedAction::Goto { .. }
            | PlannedAction::Expect { .. }
            | PlannedAction::Wait { .. }
            | PlannedAction::AcceptDialog { .. }
            | PlannedAction::DismissDialog { .. }
            | PlannedAction::Screenshot { .. }
            | PlannedAction::Manual { .. } => None,
        }
    }

    /// The element the action is about, to change (a scope found for it).
    pub fn target_mut(&mut self) -> Option<&mut Target> {
        match self {
            PlannedAction::Click { target, .. }
            | PlannedAction::DoubleClick { target, .. }
            | PlannedAction::Hover { target, .. }
            | PlannedAction::Fill { target, .. }
            | PlannedAction::Check { target }
            | PlannedAction::Uncheck { target }
            | PlannedAction::Choose { target }
            | PlannedAction::Select { target, .. } => Some(target),
            PlannedAction::Press { target, .. } => target.as_mut(),
            PlannedAction::Goto { .. }
            | PlannedAction::Expect { .. }
            | PlannedAction::Wait { .. }
            | PlannedAction::AcceptDialog { .. }
            | PlannedAction::DismissDialog { .. }
            | PlannedAction::Screenshot { .. }
            | PlannedAction::Manual { .. } => None,
        }
    }
}

/// An element to find: a locator, an optional scope and an optional index among matches.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Target {
    /// How to find it.
    pub locator: ResolvedLocator,
    /// Where to search.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub within: Option<ResolvedScope>,
    /// Which of several matches (0-based).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nth: Option<u32>,
}

/// A locator with its text resolved; serialized in the form the in-page script reads.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ResolvedLocator {
    /// Visible text or accessible name.
    Text {
        /// The text.
        text: String,
        /// Only an exact match counts.
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        exact: bool,
    },
    /// Visible text or a name containing this (normalized).
    Contains {
        /// The part of the text.
        contains: String,
    },
    /// Visible text or a name matching this JavaScript regular expression.
    Regex {
        /// The expression.
        regex: String,
        /// Its flags.
        flags: String,
    },
    /// A CSS selector.
    Css {
        /// The selector.
        css: String,
    },
    /// An XPath expression.
    Xpath {
        /// The expression.
        xpath: String,
    },
    /// A role and accessible name.
    Role {
        /// The role.
        role: String,
        /// The name.
        name: Option<String>,
    },
    /// A control by its label.
    Label {
        /// The label text.
        label: String,
    },
    /// A field by its placeholder.
    Placeholder {
        /// The placeholder.
        placeholder: String,
    },
}

impl ResolvedLocator {
    /// The words a person reads on the page for it (none for CSS and XPath).
    pub fn wanted_text(&self) -> Option<&str> {
        match self {
            ResolvedLocator::Text { text, .. } => Some(text),
            ResolvedLocator::Contains { contains } => Some(contains),
            ResolvedLocator::Role { name, .. } => name.as_deref(),
            ResolvedLocator::Label { label } => Some(label),
            ResolvedLocator::Placeholder { placeholder } => Some(placeholder),
            ResolvedLocator::Regex { .. }
            | ResolvedLocator::Css { .. }
            | ResolvedLocator::Xpath { .. } => None,
        }
    }
}

impl std::fmt::Display for ResolvedLocator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ResolvedLocator::Text { text, exact: false } => write!(f, "'{text}'"),
            ResolvedLocator::Text { text, exact: true } => write!(f, "exactly '{text}'"),
            ResolvedLocator::Contains { contains } => write!(f, "containing '{contains}'"),
            ResolvedLocator::Regex { regex, flags } => write!(f, "regex /{regex}/{flags}"),
            ResolvedLocator::Css { css } => write!(f, "css '{css}'"),
            ResolvedLocator::Xpath { xpath } => write!(f, "xpath '{xpath}'"),
            ResolvedLocator::Role {
                role,
                name: Some(n),
            } => write!(f, "{role} '{n}'"),
            ResolvedLocator::Role { role, name: None } => write!(f, "role {role}"),
            ResolvedLocator::Label { label } => write!(f, "label '{label}'"),
            ResolvedLocator::Placeholder { placeholder } => {
                write!(f, "placeholder '{placeholder}'")
            }
        }
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.locator)?;
        if let Some(n) = self.nth {
            write!(f, " #{n}")?;
        }
        match &self.within {
            Some(ResolvedScope::Row { row }) => write!(f, " in row '{row}'"),
            Some(ResolvedScope::Element(l)) => write!(f, " within {l}"),
            None => Ok(()),
        }
    }
}

/// A resolved scope.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum ResolvedScope {
    /// The table row containing this text.
    Row {
        /// The text.
        row: String,
    },
    /// An element.
    Element(ResolvedLocator),
}

/// A resolved `expect`/`wait` condition.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PlannedCheck {
    /// Visible text somewhere.
    Text {
        /// The text.
        text: String,
    },
    /// No visible element with this text.
    Absent {
        /// The text.
        text: String,
    },
    /// The URL contains this.
    UrlContains {
        /// The fragment.
        text: String,
    },
    /// The title contains this.
    Title {
        /// The fragment.
        text: String,
    },
    /// An element the target finds is visible.
    Visible {
        /// The element.
        target: Target,
    },
    /// No element the target finds is visible.
    Hidden {
        /// The element.
        target: Target,
    },
    /// An element the target finds is in the page, visible or not.
    Attached {
        /// The element.
        target: Target,
    },
    /// No element the target finds is in the page.
    Detached {
        /// The element.
        target: Target,
    },
}

impl std::fmt::Display for PlannedCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlannedCheck::Text { text } => write!(f, "text '{text}'"),
            PlannedCheck::Absent { text } => write!(f, "no '{text}'"),
            PlannedCheck::UrlContains { text } => write!(f, "URL containing '{text}'"),
            PlannedCheck::Title { text } => write!(f, "title containing '{text}'"),
            PlannedCheck::Visible { target } => write!(f, "{target} visible"),
            PlannedCheck::Hidden { target } => write!(f, "{target} hidden"),
            PlannedCheck::Attached { target } => write!(f, "{target} attached"),
            PlannedCheck::Detached { target } => write!(f, "{target} detached"),
        }
    }
}

/// Resolves a runbook for one run, or reports every problem with its position.
pub fn resolve(runbook: &Runbook, settings: &Settings) -> Result<Plan, Vec<Diagnostic>> {
    let mut r = Resolver::new(runbook, settings);
    let plan = r.plan();
    if r.diagnostics.is_empty() {
        Ok(plan)
    } else {
        Err(r.diagnostics)
    }
}

struct Resolver<'a> {
    runbook: &'a Runbook,
    settings: &'a Settings,
    locale: String,
    values: BTreeMap<String, (String, bool, &'static str)>,
    variants: BTreeMap<String, String>,
    diagnostics: Vec<Diagnostic>,
    /// The `totp` secrets the steps use: never written anywhere.
    totp_secrets: Vec<String>,
}

/// A step with no options, for what is resolved like a step's but belongs to none (a section's
/// `if:`, a handler's `when`).
fn bare_step(pos: Pos) -> Step {
    Step::bare(Action::Screenshot(Text::default()), pos)
}

impl<'a> Resolver<'a> {
    fn new(runbook: &'a Runbook, settings: &'a Settings) -> Self {
        let locale = settings
            .locale
            .clone()
            .or_else(|| runbook.locale.as_ref().map(|l| l.value.clone()))
            .unwrap_or_else(|| "en".to_owned());
        Resolver {
            runbook,
            settings,
            locale,
            values: BTreeMap::new(),
            variants: BTreeMap::new(),
            diagnostics: Vec::new(),
            totp_secrets: Vec::new(),
        }
    }

    fn plan(&mut self) -> Plan {
        self.check_locale();
        self.choose_variants();
        self.collect_values();
        let masks = self
            .runbook
            .mask
            .iter()
            .filter_map(|l| self.locator(l))
            .map(|locator| Target {
                locator,
                within: None,
                nth: None,
            })
            .collect();
        let mut steps = Vec::new();
        let mut skipped_sections = Vec::new();
        let mut independent_starts = Vec::new();
        let mut sections = Vec::new();
        for section in &self.runbook.sections {
            if !self.section_applies(section) {
                skipped_sections.push(section.name.value.clone());
                continue;
            }
            let section_name = self.string(&section.name).unwrap_or_default();
            if section.independent && !section.steps.is_empty() {
                independent_starts.push(steps.len());
            }
            let first = steps.len();
            let condition = section
                .condition
                .as_ref()
                .and_then(|c| self.condition(c, &bare_step(section.pos)));
            for step in &section.steps {
                if let Some(mut planned) = self.step(step, &section_name, steps.len() + 1) {
                    let resume_from = step.resume_from.as_ref().or(section.resume_from.as_ref());
                    planned.resume_from = resume_from
                        .map(|r| {
                            r.values()
                                .iter()
                                .filter_map(|name| self.resume_section(name))
                                .collect()
                        })
                        .unwrap_or_default();
                    steps.push(planned);
                }
            }
            if steps.len() > first {
                sections.push(PlannedSection {
                    name: section_name,
                    first,
                    len: steps.len() - first,
                    condition,
                    login: section.login,
                });
            }
        }
        for step in &mut steps {
            step.stable_name = self.unresolved(&step.name);
        }
        let handlers = self
            .runbook
            .handlers
            .iter()
            .filter_map(|h| self.handler(h))
            .collect();
        let busy = self
            .runbook
            .busy
            .iter()
            .filter_map(|b| self.string(b))
            .collect();
        let mut redactor = Redactor::default();
        for secret in &self.totp_secrets {
            redactor.add(secret);
        }
        let params = self
            .runbook
            .params
            .0
            .iter()
            .map(|(name, param)| {
                let given = self.values.get(&name.value);
                let secret = param.secret || given.is_some_and(|g| g.1);
                if let Some((v, _, _)) = given
                    && secret
                {
                    redactor.add(v);
                }
                ParamValue {
                    name: name.value.clone(),
                    value: given.map(|(v, _, _)| {
                        if secret {
                            crate::redact::MASK.to_owned()
                        } else {
                            v.clone()
                        }
                    }),
                    secret,
                    source: given.map_or("none", |g| g.2).to_owned(),
                }
            })
            .collect();
        for var in &self.settings.vars {
            if var.secret {
                redactor.add(&var.value);
            }
        }
        Plan {
            runbook: self.runbook.name.value.clone(),
            locale: self.locale.clone(),
            variants: self.variants.clone(),
            params,
            steps,
            skipped_sections,
            masks,
            independent_starts,
            sections,
            handlers,
            busy,
            redactor,
        }
    }

    /// `text` with each value given for the run (URLs, names) written back as `${param}`, longest
    /// first; short values (under 4 characters) are left as they are.
    fn unresolved(&self, text: &str) -> String {
        let mut values: Vec<(&String, &String)> = self
            .values
            .iter()
            .map(|(name, (value, _, _))| (name, value))
            .filter(|(_, v)| v.chars().count() >= 4)
            .collect();
        values.sort_by_key(|(_, v)| std::cmp::Reverse(v.len()));
        let mut out = text.to_owned();
        for (name, value) in values {
            if out.contains(value.as_str()) {
                out = out.replace(value.as_str(), &format!("${{{name}}}"));
            }
        }
        out
    }

    fn handler(&mut self, handler: &Handler) -> Option<PlannedHandler> {
        let loc = self.locator(&handler.when);
        let when = self.target(loc, &bare_step(handler.pos))?;
        let name = match &handler.name {
            Some(n) => self.string(n)?,
            None => format!("{when} shown"),
        };
        let mut steps = Vec::new();
        for step in &handler.steps {
            steps.push(self.step(step, &name, steps.len() + 1)?);
        }
        Some(PlannedHandler { name, when, steps })
    }

    /// An `if:`, resolved (a step's `within` scopes its locator, as for `expect`).
    fn condition(&mut self, condition: &Condition, step: &Step) -> Option<PlannedIf> {
        let check = self.check(condition, step)?;
        let timeout = condition
            .timeout
            .as_ref()
            .and_then(|t| parse_duration(&t.value).ok())
            .unwrap_or(CONDITION_WAIT);
        Some(PlannedIf { check, timeout })
    }

    fn check_locale(&mut self) {
        if self.settings.locale.is_some() {
            return;
        }
        if let Some(l) = &self.runbook.locale
            && l.value.trim().is_empty()
        {
            self.diagnostics.push(
                Diagnostic::new(l.pos, "`locale` is empty").with_hint("expected e.g. `it` or `en`"),
            );
        }
    }

    fn choose_variants(&mut self) {
        for (name, value) in &self.settings.variants {
            if self.runbook.variants.get(name).is_none() {
                let names: Vec<&str> = self.runbook.variants.names().collect();
                let hint = suggest(name, names.iter().copied(), || {
                    format!("this runbook declares {}", one_of(&names))
                });
                self.diagnostics.push(
                    Diagnostic::new(
                        Pos {
                            line: 1,
                            column: 1,
                            width: 1,
                        },
                        format!("--variant names `{name}`, which this runbook does not declare"),
                    )
                    .with_hint(hint),
                );
                let _ = value;
            }
        }
        for (name, variant) in &self.runbook.variants.0 {
            let given = self
                .settings
                .variants
                .iter()
                .rev()
                .find(|(k, _)| *k == name.value)
                .map(|(_, v)| v.clone());
            let choices: Vec<&str> = variant.choices.iter().map(|c| c.value.as_str()).collect();
            if let Some(default) = &variant.default
                && !choices.contains(&default.value.as_str())
            {
                self.diagnostics.push(
                    Diagnostic::new(
                        default.pos,
                        format!(
                            "the default `{}` is not one of the choices of variant `{}`",
                            default.value, name.value
                        ),
                    )
                    .with_hint(format!("expected {}", one_of(&choices))),
                );
            }
            let value = match given {
                Some(v) => {
                    if !choices.contains(&v.as_str()) {
                        let hint = suggest(&v, choices.iter().copied(), || {
                            format!("expected {}", one_of(&choices))
                        });
                        self.diagnostics.push(
                            Diagnostic::new(
                                name.pos,
                                format!(
                                    "variant `{}` has no choice `{v}` (from --variant)",
                                    name.value
                                ),
                            )
                            .with_hint(hint),
                        );
                    }
                    v
                }
                None => variant
                    .default
                    .as_ref()
                    .map(|d| d.value.clone())
                    .or_else(|| choices.first().map(|c| (*c).to_owned()))
                    .unwrap_or_default(),
            };
            self.variants.insert(name.value.clone(), value);
        }
    }

    fn collect_values(&mut self) {
        for var in &self.settings.vars {
            if self.runbook.params.get(&var.name).is_none() {
                // Undeclared values are usable as ${name}; nothing to check them against.
                self.values
                    .insert(var.name.clone(), (var.value.clone(), var.secret, "var"));
            }
        }
        for (name, param) in &self.runbook.params.0 {
            let from_var = self
                .settings
                .vars
                .iter()
                .rev()
                .find(|v| v.name == name.value)
                .map(|v| (v.value.clone(), v.secret, "var"));
            let from_env = || {
                self.settings
                    .env
                    .get(&name.value.to_uppercase())
                    .map(|v| (v.clone(), false, "env"))
            };
            let from_default = || {
                param
                    .default
                    .as_ref()
                    .map(|d| (d.value.clone(), false, "default"))
            };
            let value = from_var.or_else(from_env).or_else(from_default);
            match value {
                Some(v) => {
                    self.check_choice(name, param, &v.0, v.2);
                    self.values.insert(name.value.clone(), v);
                }
                None if param.required && !self.settings.allow_missing => {
                    // A stand-in keeps `${name}` from being reported again as undefined.
                    self.values.insert(
                        name.value.clone(),
                        (format!("<{}>", name.value), false, "none"),
                    );
                    self.diagnostics.push(
                        Diagnostic::new(
                            name.pos,
                            format!("param `{}` is required and has no value", name.value),
                        )
                        .with_hint(format!(
                            "pass `--{} {}=...` or set CLICKPATH_VAR_{}",
                            if param.secret { "secret" } else { "var" },
                            name.value,
                            name.value.to_uppercase()
                        )),
                    );
                }
                None if self.settings.allow_missing || param.required => {
                    self.values.insert(
                        name.value.clone(),
                        (format!("<{}>", name.value), false, "none"),
                    );
                }
                None => {
                    self.values
                        .insert(name.value.clone(), (String::new(), false, "none"));
                }
            }
        }
    }

    fn check_choice(&mut self, name: &Text, param: &Param, value: &str, source: &str) {
        let Some(choices) = &param.choices else {
            return;
        };
        let allowed: Vec<&str> = choices.iter().map(|c| c.value.as_str()).collect();
        if allowed.contains(&value) {
            return;
        }
        let shown = if param.secret {
            crate::redact::MASK
        } else {
            value
        };
        let pos = if source == "default" {
            param.default.as_ref().map_or(name.pos, |d| d.pos)
        } else {
            name.pos
        };
        self.diagnostics.push(
            Diagnostic::new(
                pos,
                format!(
                    "param `{}` is `{shown}` (from {source}), which is not one of its choices",
                    name.value
                ),
            )
            .with_hint(format!("expected {}", one_of(&allowed))),
        );
    }

    fn section_applies(&mut self, section: &Section) -> bool {
        // Every condition is evaluated, not short-circuited, so each one's mistakes are reported.
        let when: Vec<bool> = section
            .when
            .0
            .iter()
            .map(|(key, wanted)| self.condition_holds(key, wanted, "when"))
            .collect();
        let unless: Vec<bool> = section
            .unless
            .0
            .iter()
            .map(|(key, wanted)| self.condition_holds(key, wanted, "unless"))
            .collect();
        !when.contains(&false) && !unless.contains(&true)
    }

    /// Whether the variant or param `key` has one of the `wanted` values.
    fn condition_holds(&mut self, key: &Text, wanted: &OneOrMany, clause: &str) -> bool {
        let actual = if let Some(variant) = self.runbook.variants.get(&key.value) {
            for value in wanted.values() {
                if !variant.choices.iter().any(|c| c.value == value.value) {
                    let choices: Vec<&str> =
                        variant.choices.iter().map(|c| c.value.as_str()).collect();
                    let hint = suggest(&value.value, choices.iter().copied(), || {
                        format!("expected {}", one_of(&choices))
                    });
                    self.diagnostics.push(
                        Diagnostic::new(
                            value.pos,
                            format!("variant `{}` has no choice `{}`", key.value, value.value),
                        )
                        .with_hint(hint),
                    );
                }
            }
            self.variants.get(&key.value).cloned()
        } else if self.runbook.params.get(&key.value).is_some() {
            self.values.get(&key.value).map(|v| v.0.clone())
        } else {
            let mut names: Vec<&str> = self.runbook.variants.names().collect();
            names.extend(self.runbook.params.names());
            let hint = suggest(&key.value, names.iter().copied(), || {
                format!("`{clause}` names a variant or a param: {}", one_of(&names))
            });
            self.diagnostics.push(
                Diagnostic::new(
                    key.pos,
                    format!(
                        "`{clause}` names `{}`, which is neither a variant nor a param",
                        key.value
                    ),
                )
                .with_hint(hint),
            );
            None
        };
        let actual = actual.unwrap_or_default();
        wanted.values().iter().any(|w| w.value == actual)
    }

    fn lookup(&self) -> impl Fn(&str) -> Option<String> + '_ {
        move |name: &str| self.values.get(name).map(|v| v.0.clone())
    }

    fn known(&self) -> impl Fn() -> Vec<String> + '_ {
        move || self.values.keys().cloned().collect()
    }

    /// Interpolates `${var}` in a piece of text.
    fn string(&mut self, text: &Text) -> Option<String> {
        let result = {
            let lookup = self.lookup();
            let known = self.known();
            interpolate(text, &lookup, &known)
        };
        match result {
            Ok(s) => Some(s),
            Err(d) => {
                self.diagnostics.push(d);
                None
            }
        }
    }

    /// Interpolates a piece of UI text, taking it from `labels` when it is `@key`.
    fn ui_text(&mut self, text: &Text) -> Option<String> {
        match label_ref(&text.value) {
            LabelRef::Literal(s) => {
                let t = Text::new(s.into_owned(), text.pos);
                self.string(&t)
            }
            LabelRef::Key(key) => {
                let Some(label) = self.runbook.labels.get(key) else {
                    let names: Vec<&str> = self.runbook.labels.names().collect();
                    let hint = did_you_mean(key, names.iter().copied())
                        .map(|s| format!("did you mean `@{s}`?"))
                        .unwrap_or_else(|| {
                            if names.is_empty() {
                                "declare it under `labels`, or write `@@` for a literal `@`"
                                    .to_owned()
                            } else {
                                format!("declared labels: {}", one_of(&names))
                            }
                        });
                    self.diagnostics.push(
                        Diagnostic::new(text.pos, format!("unknown label `@{key}`"))
                            .with_hint(hint),
                    );
                    return None;
                };
                let Some(localized) = label.get(&self.locale) else {
                    let locales: Vec<&str> = label.names().collect();
                    self.diagnostics.push(
                        Diagnostic::new(
                            text.pos,
                            format!("label `@{key}` has no text for locale `{}`", self.locale),
                        )
                        .with_hint(format!(
                            "it has {}; add `{}: \"...\"` to it",
                            one_of(&locales),
                            self.locale
                        )),
                    );
                    return None;
                };
                let localized = localized.clone();
                self.string(&localized)
            }
        }
    }

    fn by(&mut self, by: &By) -> Option<ResolvedLocator> {
        Some(match by {
            By::Text { text, exact } => ResolvedLocator::Text {
                text: self.ui_text(text)?,
                exact: *exact,
            },
            By::Contains { contains } => ResolvedLocator::Contains {
                contains: self.ui_text(contains)?,
            },
            By::Regex { regex, flags } => {
                let pattern = self.string(regex)?;
                // A literal pattern was checked by the parser; one with values only now.
                if regex.value.contains("${") {
                    let checked = super::selector::check_regex(&pattern);
                    self.syntax_of("regex", regex, &pattern, checked)?;
                }
                ResolvedLocator::Regex {
                    regex: pattern,
                    flags: flags.as_ref().map(|f| f.value.clone()).unwrap_or_default(),
                }
            }
            By::Css { css } => {
                let css_text = self.string(css)?;
                self.syntax(css, super::selector::check_css(&css_text))?;
                ResolvedLocator::Css { css: css_text }
            }
            By::Xpath { xpath } => {
                let xpath_text = self.string(xpath)?;
                self.syntax(xpath, super::selector::check_xpath(&xpath_text))?;
                ResolvedLocator::Xpath { xpath: xpath_text }
            }
            By::Role { role, name } => {
                let name = match name {
                    Some(n) => Some(self.ui_text(n)?),
                    None => None,
                };
                ResolvedLocator::Role {
                    role: self.string(role)?,
                    name,
                }
            }
            By::Label { label } => ResolvedLocator::Label {
                label: self.ui_text(label)?,
            },
            By::Placeholder { placeholder } => ResolvedLocator::Placeholder {
                placeholder: self.ui_text(placeholder)?,
            },
        })
    }

    /// Reports a selector's syntax problem at its position.
    fn syntax(&mut self, at: &Text, checked: Result<(), String>) -> Option<()> {
        self.syntax_of("selector", at, &at.value, checked)
    }

    /// Reports a syntax problem of `what` (a selector, a regex) as resolved, at where it is written.
    fn syntax_of(
        &mut self,
        what: &str,
        at: &Text,
        resolved: &str,
        checked: Result<(), String>,
    ) -> Option<()> {
        match checked {
            Ok(()) => Some(()),
            Err(problem) => {
                self.diagnostics.push(
                    Diagnostic::new(at.pos, format!("invalid {what} `{resolved}`: {problem}"))
                        .with_hint("the browser would reject it at run time"),
                );
                None
            }
        }
    }

    fn locator(&mut self, locator: &Locator) -> Option<ResolvedLocator> {
        match locator {
            Locator::Text(t) => Some(ResolvedLocator::Text {
                text: self.ui_text(t)?,
                exact: false,
            }),
            Locator::By(by) => self.by(by),
        }
    }

    fn target(&mut self, locator: Option<ResolvedLocator>, step: &Step) -> Option<Target> {
        let within = match &step.within {
            None => None,
            Some(Scope::Row { row }) => Some(ResolvedScope::Row {
                row: self.ui_text(row)?,
            }),
            Some(Scope::Element(l)) => Some(ResolvedScope::Element(self.locator(l)?)),
        };
        Some(Target {
            locator: locator?,
            within,
            nth: step.nth,
        })
    }

    fn check(&mut self, condition: &Condition, step: &Step) -> Option<PlannedCheck> {
        // A state is of the element the step's `within` scopes; `nth` picks nothing here.
        let state = |r: &mut Self, l: &Locator| {
            let loc = r.locator(l);
            r.target(loc, step).map(|t| Target { nth: None, ..t })
        };
        Some(match &condition.check {
            Check::Text(t) => PlannedCheck::Text {
                text: self.ui_text(t)?,
            },
            Check::Absent(t) => PlannedCheck::Absent {
                text: self.ui_text(t)?,
            },
            Check::UrlContains(t) => PlannedCheck::UrlContains {
                text: self.string(t)?,
            },
            Check::Title(t) => PlannedCheck::Title {
                text: self.ui_text(t)?,
            },
            Check::Visible(l) => PlannedCheck::Visible {
                target: state(self, l)?,
            },
            Check::Hidden(l) => PlannedCheck::Hidden {
                target: state(self, l)?,
            },
            Check::Attached(l) => PlannedCheck::Attached {
                target: state(self, l)?,
            },
            Check::Detached(l) => PlannedCheck::Detached {
                target: state(self, l)?,
            },
        })
    }

    fn is_secret(&self, value: &str) -> bool {
        let secret_values = self.runbook.params.0.iter().filter_map(|(name, param)| {
            let v = self.values.get(&name.value)?;
            (param.secret || v.1).then_some(&v.0)
        });
        let cli_secrets = self
            .settings
            .vars
            .iter()
            .filter(|v| v.secret)
            .map(|v| &v.value);
        secret_values
            .chain(cli_secrets)
            .any(|s| !s.is_empty() && value.contains(s.as_str()))
    }

    fn step(&mut self, step: &Step, section: &str, index: usize) -> Option<PlannedStep> {
        let action = match &step.action {
            Action::Goto(url) => PlannedAction::Goto {
                url: self.string(url)?,
            },
            Action::Click(p) => {
                let loc = self.locator(&p.target);
                PlannedAction::Click {
                    target: self.target(loc, step)?,
                    press: press(p, None),
                }
            }
            Action::DoubleClick(p) => {
                let loc = self.locator(&p.target);
                PlannedAction::DoubleClick {
                    target: self.target(loc, step)?,
                    press: press(p, Some(2)),
                }
            }
            Action::Hover(p) => {
                let loc = self.locator(&p.target);
                PlannedAction::Hover {
                    target: self.target(loc, step)?,
                    position: p.options.position,
                }
            }
            Action::Press(spec) => {
                let key = self.string(&spec.key)?;
                let target = match &spec.target {
                    Some(by) => {
                        let loc = self.by(by);
                        Some(self.target(loc, step)?)
                    }
                    None => None,
                };
                let key = match parse_chord(&key) {
                    Ok(chord) => chord,
                    Err(problem) => {
                        // A literal key was checked by the parser; this one took values.
                        self.diagnostics.push(
                            Diagnostic::new(spec.key.pos, format!("`{key}`: {}", problem.message))
                                .with_hint(problem.hint),
                        );
                        return None;
                    }
                };
                PlannedAction::Press { key, target }
            }
            Action::Check(l) => {
                let loc = self.locator(l);
                PlannedAction::Check {
                    target: self.target(loc, step)?,
                }
            }
            Action::Uncheck(l) => {
                let loc = self.locator(l);
                PlannedAction::Uncheck {
                    target: self.target(loc, step)?,
                }
            }
            Action::Choose(l) => {
                let loc = self.locator(l);
                PlannedAction::Choose {
                    target: self.target(loc, step)?,
                }
            }
            Action::Fill(spec) => {
                let loc = self.by(&spec.target);
                match &spec.value {
                    FillValue::Value(text) => {
                        let value = self.ui_text(text)?;
                        let secret = self.is_secret(&value);
                        PlannedAction::Fill {
                            target: self.target(loc, step)?,
                            value,
                            secret,
                            totp: None,
                        }
                    }
                    FillValue::Totp(spec) => {
                        let value = self.string(&spec.secret)?;
                        // An empty secret is only an error if a code is ever asked for: a run whose
                        // saved session skips the login needs none.
                        if !value.is_empty()
                            && let Err(problem) = crate::totp::decode_secret(&value)
                        {
                            self.diagnostics.push(
                                    Diagnostic::new(
                                        spec.secret.pos,
                                        format!("the `totp` secret {problem}"),
                                    )
                                    .with_hint("expected the base32 key the site showed when the authenticator was set up (letters A-Z and digits 2-7)"),
                                );
                            return None;
                        }
                        self.totp_secrets.push(value.clone());
                        PlannedAction::Fill {
                            target: self.target(loc, step)?,
                            value,
                            secret: true,
                            totp: Some(PlannedTotp {
                                digits: spec.digits.unwrap_or(6),
                                period: spec.period.unwrap_or(30),
                                algorithm: spec.algorithm.unwrap_or(TotpAlgorithm::SHA1),
                            }),
                        }
                    }
                }
            }
            Action::Select(spec) => {
                let loc = self.by(&spec.target);
                let pick = match &spec.pick {
                    Pick::Option(text) => PlannedPick::Option(self.ui_text(text)?),
                    Pick::Value(value) => PlannedPick::Value(self.string(value)?),
                    Pick::Index(index) => PlannedPick::Index(*index),
                    Pick::Options(texts) => {
                        let resolved: Vec<Option<String>> =
                            texts.iter().map(|t| self.ui_text(t)).collect();
                        PlannedPick::Options(resolved.into_iter().collect::<Option<_>>()?)
                    }
                };
                PlannedAction::Select {
                    target: self.target(loc, step)?,
                    pick,
                }
            }
            Action::Expect(c) => PlannedAction::Expect {
                condition: self.check(c, step)?,
            },
            Action::Wait(c) => PlannedAction::Wait {
                condition: self.check(c, step)?,
            },
            Action::AcceptDialog(spec) => PlannedAction::AcceptDialog {
                text: match &spec.text {
                    Some(t) => Some(self.ui_text(t)?),
                    None => None,
                },
                prompt: match &spec.prompt {
                    Some(t) => Some(self.string(t)?),
                    None => None,
                },
            },
            Action::DismissDialog(spec) => PlannedAction::DismissDialog {
                text: match &spec.text {
                    Some(t) => Some(self.ui_text(t)?),
                    None => None,
                },
            },
            Action::Screenshot(name) => PlannedAction::Screenshot {
                name: self.string(name)?,
            },
            Action::Manual(text) => PlannedAction::Manual {
                instruction: self.string(text)?,
            },
        };
        let timeout = self.timeout(step);
        let name = match &step.name {
            Some(n) => self.string(n)?,
            None => default_name(&action),
        };
        let doc = match &step.doc {
            Some(Doc::Text(d)) => Some(self.string(d)?),
            Some(Doc::PerLocale(per)) => match per.get(&self.locale) {
                Some(d) => Some(self.string(&d.clone())?),
                None => None,
            },
            None => None,
        };
        Some(PlannedStep {
            index,
            section: section.to_owned(),
            name,
            action,
            doc,
            timeout,
            optional: step.optional,
            destructive: step.destructive,
            force: step.force,
            trial: step.trial,
            line: step.pos.line,
            pos: step.action.focus().unwrap_or(step.pos),
            resume_from: Vec::new(),
            condition: match &step.condition {
                Some(c) => Some(self.condition(c, step)?),
                None => None,
            },
            settle: step
                .settle
                .as_ref()
                .and_then(|t| parse_duration(&t.value).ok()),
            stable_name: String::new(),
            visual: match &step.visual {
                Some(v) => Some(PlannedVisual {
                    max_diff_ratio: v.max_diff_ratio,
                    ignore: v
                        .ignore
                        .iter()
                        .map(|l| {
                            let loc = self.locator(l);
                            loc.map(|locator| Target {
                                locator,
                                within: None,
                                nth: None,
                            })
                        })
                        .collect::<Option<Vec<_>>>()?,
                }),
                None => None,
            },
        })
    }

    /// The section a `resume_from` names, which must exist.
    fn resume_section(&mut self, name: &Text) -> Option<String> {
        let names: Vec<String> = self
            .runbook
            .sections
            .iter()
            .map(|s| s.name.value.clone())
            .collect();
        if names.contains(&name.value) {
            return Some(name.value.clone());
        }
        let hint = suggest(&name.value, names.iter().map(String::as_str), || {
            format!("sections: {}", one_of(&names))
        });
        self.diagnostics.push(
            Diagnostic::new(
                name.pos,
                format!("`resume_from` names no section: `{}`", name.value),
            )
            .with_hint(hint),
        );
        None
    }

    fn timeout(&self, step: &Step) -> Duration {
        let own = match &step.action {
            Action::Expect(c) | Action::Wait(c) => c.timeout.as_ref(),
            Action::Goto(_)
            | Action::Click(_)
            | Action::DoubleClick(_)
            | Action::Hover(_)
            | Action::Fill(_)
            | Action::Press(_)
            | Action::Check(_)
            | Action::Uncheck(_)
            | Action::Choose(_)
            | Action::Select(_)
            | Action::AcceptDialog(_)
            | Action::DismissDialog(_)
            | Action::Screenshot(_)
            | Action::Manual(_) => None,
        }
        .or(step.timeout.as_ref());
        own.and_then(|t| parse_duration(&t.value).ok())
            .or(self.settings.timeout)
            .unwrap_or(DEFAULT_TIMEOUT)
    }
}

/// How a pointer step presses, its options resolved; `count` is the kind's own when it has one.
fn press(spec: &PointerSpec, count: Option<u8>) -> Press {
    let options = &spec.options;
    Press {
        button: options.button.unwrap_or_default(),
        count: count.or(options.count).unwrap_or(1),
        position: options.position,
        modifiers: options.modifiers.clone(),
    }
}

/// A readable name for a step without one: "click 'Disinstalla'".
pub fn default_name(action: &PlannedAction) -> String {
    match action {
        PlannedAction::Goto { url } => format!("{} {url}", action.kind()),
        PlannedAction::Click { target, press } | PlannedAction::DoubleClick { target, press } => {
            format!("{} {target}", press.verb())
        }
        PlannedAction::Hover { target, .. }
        | PlannedAction::Fill { target, .. }
        | PlannedAction::Check { target }
        | PlannedAction::Uncheck { target }
        | PlannedAction::Choose { target } => format!("{} {target}", action.kind()),
        PlannedAction::Select { target, pick } => format!("select {pick} in {target}"),
        PlannedAction::Press {
            key,
            target: Some(target),
        } => format!("press {key} in {target}"),
        PlannedAction::Press { key, target: None } => format!("press {key}"),
        PlannedAction::Expect { condition } => format!("{} {condition}", action.kind()),
        PlannedAction::Wait { condition } => format!("wait for {condition}"),
        PlannedAction::AcceptDialog { .. } => "accept dialog".to_owned(),
        PlannedAction::DismissDialog { .. } => "dismiss dialog".to_owned(),
        PlannedAction::Screenshot { name } => format!("screenshot '{name}'"),
        PlannedAction::Manual { instruction } => {
            let short: String = instruction.chars().take(60).collect();
            if short.len() < instruction.len() {
                format!("manual: {short}…")
            } else {
                format!("manual: {short}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runbook::parse::parse;
    use crate::runbook::source::Source;

    const BOOK: &str = r#"
name: t
locale: it
params:
  inbox_url: { default: "" }
  password: { secret: true, default: "pw-123" }
labels:
  uninstall: { it: Disinstalla, en: Uninstall }
variants:
  ui: { choices: [classic, lightning], default: lightning }
sections:
  - name: Classic
    when: { ui: classic }
    steps: [ { click: "@uninstall" } ]
  - name: Lightning
    when: { ui: [lightning] }
    steps: [ { click: "@uninstall", within: { row: "HubSpot Integration" } } ]
  - name: Manual e-mail
    when: { inbox_url: "" }
    steps: [ { manual: "Open the e-mail." } ]
  - name: Inbox
    unless: { inbox_url: "" }
    steps: [ { goto: "${inbox_url}" }, { fill: { label: Password, value: "${password}" } } ]
"#;

    fn plan(settings: Settings) -> Plan {
        let source = Source {
            name: "t.yaml".into(),
            text: BOOK.into(),
        };
        let book = parse(&source).expect("parses");
        resolve(&book, &settings).expect("resolves")
    }

    fn names(plan: &Plan) -> Vec<String> {
        plan.steps
            .iter()
            .map(|s| format!("{}: {}", s.section, s.name))
            .collect()
    }

    #[test]
    fn sections_follow_variants_and_param_values() {
        let p = plan(Settings::default());
        assert_eq!(
            names(&p),
            [
                "Lightning: click 'Disinstalla' in row 'HubSpot Integration'",
                "Manual e-mail: manual: Open the e-mail."
            ]
        );
        assert_eq!(p.skipped_sections, ["Classic", "Inbox"]);
    }

    #[test]
    fn unless_runs_a_section_only_when_a_value_is_given() {
        let p = plan(Settings {
            locale: Some("en".into()),
            variants: vec![("ui".into(), "classic".into())],
            vars: vec![VarValue {
                name: "inbox_url".into(),
                value: "http://mail".into(),
                secret: false,
            }],
            ..Settings::default()
        });
        assert_eq!(
            names(&p),
            [
                "Classic: click 'Uninstall'",
                "Inbox: goto http://mail",
                "Inbox: fill label 'Password'"
            ]
        );
        assert_eq!(
            p.steps.iter().map(|s| s.index).collect::<Vec<_>>(),
            [1, 2, 3]
        );
    }

    #[test]
    fn secret_values_are_flagged_and_redacted() {
        let p = plan(Settings {
            vars: vec![VarValue {
                name: "inbox_url".into(),
                value: "http://mail".into(),
                secret: false,
            }],
            ..Settings::default()
        });
        let fill = p
            .steps
            .iter()
            .find(|s| s.action.kind() == StepKind::Fill)
            .expect("fill step");
        assert!(
            matches!(&fill.action, PlannedAction::Fill { secret: true, value, .. } if value == "pw-123")
        );
        assert_eq!(p.redactor.redact("typed pw-123"), "typed •••");
        let shown = p
            .params
            .iter()
            .find(|v| v.name == "password")
            .and_then(|v| v.value.clone());
        assert_eq!(shown.as_deref(), Some("•••"));
    }

    #[test]
    fn step_timeouts_come_from_the_step_then_the_command_line_then_the_default() {
        let source = Source {
            name: "t.yaml".into(),
            text: "name: t\nsteps:\n  - click: a\n    timeout: 2s\n  - wait: { text: b, timeout: 30s }\n  - click: c\n".into(),
        };
        let book = parse(&source).expect("parses");
        let p = resolve(&book, &Settings::default()).expect("resolves");
        assert_eq!(
            p.steps
                .iter()
                .map(|s| s.timeout.as_millis())
                .collect::<Vec<_>>(),
            [2_000, 30_000, 10_000]
        );
        let p = resolve(
            &book,
            &Settings {
                timeout: Some(Duration::from_secs(4)),
                ..Settings::default()
            },
        )
        .expect("resolves");
        assert_eq!(p.steps[2].timeout, Duration::from_secs(4));
    }

    #[test]
    fn keys_and_regexes_that_take_values_are_checked_once_the_values_are_in() {
        let source = Source {
            name: "t.yaml".into(),
            text: "name: t\nparams:\n  k: { default: Ctrl+A }\n  r: { default: \"(a\" }\nsteps:\n  - press: \"${k}\"\n  - click: { regex: \"x${r}\" }\n".into(),
        };
        let book = parse(&source).expect("parses: the values are not in yet");
        let problems = resolve(&book, &Settings::default()).expect_err("refused");
        let shown: Vec<(u32, String, Option<String>)> = problems
            .into_iter()
            .map(|d| (d.pos.line, d.message, d.hint))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    6,
                    "`Ctrl+A`: unknown modifier `Ctrl`".to_owned(),
                    Some("did you mean `Control`?".to_owned())
                ),
                (
                    7,
                    "invalid regex `x(a`: `(` is not closed".to_owned(),
                    Some("the browser would reject it at run time".to_owned())
                ),
            ]
        );
    }

    #[test]
    fn pointer_and_select_steps_are_named_by_what_they_do() {
        let source = Source {
            name: "t.yaml".into(),
            text: "name: t\nsteps:\n  - click: { text: a, button: right, modifiers: [Control] }\n  - click: { text: a, count: 3 }\n  - double_click: a\n  - hover: { css: nav }\n  - press: \"Shift+Tab\"\n  - select: { label: l, index: 0 }\n  - select: { label: l, options: [] }\n".into(),
        };
        let book = parse(&source).expect("parses");
        let plan = resolve(&book, &Settings::default()).expect("resolves");
        let names: Vec<&str> = plan.steps.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Control+right-click 'a'",
                "triple-click 'a'",
                "double-click 'a'",
                "hover css 'nav'",
                "press Shift+Tab",
                "select option #0 in label 'l'",
                "select no option in label 'l'"
            ]
        );
    }
}
