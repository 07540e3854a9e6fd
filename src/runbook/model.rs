//! The runbook as written: types that mirror the file format one to one.
//!
//! Every piece of text keeps its position so that later checks (unknown `@label`, undefined `${var}`)
//! can point at it. `clickpath schema` derives the JSON Schema of the format from these types.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Serialize, Serializer};

use super::keys::Modifier;
use super::source::Pos;
use super::step_kind::StepKind;

/// A piece of text from the runbook and where it was written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Text {
    /// The text as written (before `${var}` and `@label` resolution).
    pub value: String,
    /// Where it was written.
    pub pos: Pos,
}

impl Text {
    /// Text with a position.
    pub fn new(value: impl Into<String>, pos: Pos) -> Self {
        Text {
            value: value.into(),
            pos,
        }
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.value)
    }
}

impl JsonSchema for Text {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Text".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        String::json_schema(generator)
    }
}

/// Named entries in source order (params, labels, variants), serialized as a mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Entries<T>(pub Vec<(Text, T)>);

impl<T> Default for Entries<T> {
    fn default() -> Self {
        Entries(Vec::new())
    }
}

impl<T> Entries<T> {
    /// The entry with that name.
    pub fn get(&self, name: &str) -> Option<&T> {
        self.0.iter().find(|(k, _)| k.value == name).map(|(_, v)| v)
    }
    /// The entry and its key with that name.
    pub fn entry(&self, name: &str) -> Option<(&Text, &T)> {
        self.0
            .iter()
            .find(|(k, _)| k.value == name)
            .map(|(k, v)| (k, v))
    }
    /// The names, in source order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.value.as_str())
    }
    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<T: Serialize> Serialize for Entries<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (&k.value, v)))
    }
}

impl<T: JsonSchema> JsonSchema for Entries<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        format!("Entries_{}", T::schema_name()).into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        std::collections::BTreeMap::<String, T>::json_schema(generator)
    }
}

/// A runbook: a documented procedure as sections of steps.
#[derive(Debug, Clone, PartialEq, Default, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Runbook {
    /// The procedure's title.
    pub name: Text,
    /// Optional prose about the procedure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// Default UI language (`it`, `en`, ...); `--locale` overrides it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<Text>,
    /// Values the runbook needs, referenced as `${name}`.
    #[serde(skip_serializing_if = "Entries::is_empty")]
    pub params: Entries<Param>,
    /// Localized UI strings, referenced as `"@key"`.
    #[serde(skip_serializing_if = "Entries::is_empty")]
    pub labels: Entries<Entries<Text>>,
    /// Named alternatives of the UI (`--variant ui=classic`).
    #[serde(skip_serializing_if = "Entries::is_empty")]
    pub variants: Entries<Variant>,
    /// Elements to cover in every screenshot.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mask: Vec<Locator>,
    /// Interruptions that may show up on any page (a cookie banner, a "What's new" dialog, a
    /// survey): whenever a step's target is missing or covered, the handlers whose `when` is
    /// visible run their steps, and the step is tried again.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub handlers: Vec<Handler>,
    /// CSS selectors of the application's own busy indicators: the screenshot after a step waits
    /// (within its `settle` bound) until none is shown, as for the standard ones.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub busy: Vec<Text>,
    /// The article this runbook implements, per locale: a path relative to the runbook
    /// (`article: { it: docs/uninstall.it.txt }`); `validate` reports its coverage.
    #[serde(skip_serializing_if = "Entries::is_empty")]
    pub article: Entries<Text>,
    /// The procedure, in order.
    pub sections: Vec<Section>,
}

/// A step's documentation sentence.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Doc {
    /// The same sentence whatever the run's locale.
    Text(Text),
    /// A sentence per locale; a run in a locale it does not name has none.
    PerLocale(Entries<Text>),
}

/// A value the runbook needs.
#[derive(Debug, Clone, PartialEq, Default, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Param {
    /// The value used when none is given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Text>,
    /// A secret is never written to any output; reports show `•••`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub secret: bool,
    /// The run refuses to start without a value.
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// The only values allowed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub choices: Option<Vec<Text>>,
    /// What the value is for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
}

/// A named alternative of the UI, such as Classic or Lightning.
#[derive(Debug, Clone, PartialEq, Default, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    /// The possible values.
    pub choices: Vec<Text>,
    /// The value used when `--variant` does not name one (the first choice otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Text>,
    /// What the alternatives are.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
}

/// A titled group of steps, optionally limited to some variants or param values.
#[derive(Debug, Clone, PartialEq, Default, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// The section's title, as in the document.
    pub name: Text,
    /// Runs the section only when every named variant (or param) has one of the given values.
    #[serde(skip_serializing_if = "Entries::is_empty")]
    pub when: Entries<OneOrMany>,
    /// Skips the section when any named variant (or param) has one of the given values;
    /// `unless: { inbox_url: "" }` runs it only when `inbox_url` was given.
    #[serde(skip_serializing_if = "Entries::is_empty")]
    pub unless: Entries<OneOrMany>,
    /// The steps, in order.
    pub steps: Vec<Step>,
    /// `resume_from` for every step of the section that does not name its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resume_from: Option<OneOrMany>,
    /// The section starts afresh (it opens its own page) and needs nothing earlier steps did: after
    /// proving a destructive step, `check` goes on from the next such section.
    #[serde(default, skip_serializing_if = "is_false")]
    pub independent: bool,
    /// Runs the section only when this holds when the run reaches it (`if: { visible: ... }`),
    /// waiting for it at most its `timeout` (default 2s); otherwise its steps are skipped.
    #[serde(rename = "if", skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// The section logs in: a resumed run performs it again (where its `if:` holds) before it
    /// continues, and a step that lands on a login page is not a lapsed session inside it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub login: bool,
    /// Where the section starts in the file.
    #[serde(skip)]
    pub pos: Pos,
}

/// One value or a list of values.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum OneOrMany {
    /// A single value.
    One(Text),
    /// Any of these values.
    Many(Vec<Text>),
}

impl OneOrMany {
    /// The values as a slice.
    pub fn values(&self) -> &[Text] {
        match self {
            OneOrMany::One(t) => std::slice::from_ref(t),
            OneOrMany::Many(v) => v,
        }
    }
}

/// One step: an action and the options every step may carry.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Step {
    /// What to do.
    #[serde(flatten)]
    pub action: Action,
    /// A readable name; defaults to a description of the action ("click 'Disinstalla'").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Text>,
    /// The documentation sentence this step implements: one for every locale, or one per locale
    /// (`doc: { it: ..., en: ... }`, each quoting that locale's article).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<Doc>,
    /// How long to wait for the target ("10s", "500ms", "2m" or seconds as a number).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout: Option<Text>,
    /// A miss is recorded, not fatal.
    #[serde(default, skip_serializing_if = "is_false")]
    pub optional: bool,
    /// The step cannot be undone.
    #[serde(default, skip_serializing_if = "is_false")]
    pub destructive: bool,
    /// Act without waiting for the element to be visible, enabled, stable and uncovered (it must
    /// still be there); the report says the checks were skipped. Only on steps that act on an
    /// element.
    #[serde(default, skip_serializing_if = "is_false")]
    pub force: bool,
    /// Make every check the step makes, and not the action itself; the report says so.
    #[serde(default, skip_serializing_if = "is_false")]
    pub trial: bool,
    /// Search only inside this scope.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub within: Option<Scope>,
    /// Pick the n-th match (0-based) when several elements match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nth: Option<u32>,
    /// When a resumed run starts again at this step, it starts at the beginning of this section
    /// instead (the page must be opened anew first); of a list, the first section the run has.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resume_from: Option<OneOrMany>,
    /// Performs the step only when this holds when the run reaches it, waiting for it at most its
    /// `timeout` (default 2s); otherwise the step is skipped.
    #[serde(rename = "if", skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// How long the screenshot after the step may wait for busy indicators to go (default 2s).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settle: Option<Text>,
    /// How the step's screenshot is compared with its baseline (`--baseline`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visual: Option<VisualSpec>,
    /// Where the step starts in the file.
    #[serde(skip)]
    pub pos: Pos,
}

impl Step {
    /// A step with this action and none of the options every step may carry.
    pub fn bare(action: Action, pos: Pos) -> Step {
        Step {
            action,
            name: None,
            doc: None,
            timeout: None,
            optional: false,
            destructive: false,
            force: false,
            trial: false,
            within: None,
            nth: None,
            resume_from: None,
            condition: None,
            settle: None,
            visual: None,
            pos,
        }
    }
}

/// The action of a step, written as the step's one action key.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Open a URL.
    Goto(Text),
    /// Click an element.
    Click(PointerSpec),
    /// Double-click an element.
    DoubleClick(PointerSpec),
    /// Move the pointer over an element (and leave it there).
    Hover(PointerSpec),
    /// Type a value into a field (its current content is replaced).
    Fill(FillSpec),
    /// Press a key or a chord (`Enter`, `Control+A`), in an element or wherever the focus is.
    Press(PressSpec),
    /// Tick a checkbox.
    Check(Locator),
    /// Untick a checkbox.
    Uncheck(Locator),
    /// Select a radio button.
    Choose(Locator),
    /// Choose an option of a drop-down list.
    Select(SelectSpec),
    /// Assert something about the page now (waiting up to the timeout).
    Expect(Condition),
    /// Wait until something is true.
    Wait(Condition),
    /// Accept the open JavaScript dialog (alert, confirm, prompt).
    AcceptDialog(DialogSpec),
    /// Dismiss the open JavaScript dialog.
    DismissDialog(DialogSpec),
    /// Save an extra named screenshot.
    Screenshot(Text),
    /// An instruction for the operator; the run waits until they confirm.
    Manual(Text),
}

impl Action {
    /// The step's kind.
    pub fn kind(&self) -> StepKind {
        match self {
            Action::Goto(_) => StepKind::Goto,
            Action::Click(_) => StepKind::Click,
            Action::DoubleClick(_) => StepKind::DoubleClick,
            Action::Hover(_) => StepKind::Hover,
            Action::Fill(_) => StepKind::Fill,
            Action::Press(_) => StepKind::Press,
            Action::Check(_) => StepKind::Check,
            Action::Uncheck(_) => StepKind::Uncheck,
            Action::Choose(_) => StepKind::Choose,
            Action::Select(_) => StepKind::Select,
            Action::Expect(_) => StepKind::Expect,
            Action::Wait(_) => StepKind::Wait,
            Action::AcceptDialog(_) => StepKind::AcceptDialog,
            Action::DismissDialog(_) => StepKind::DismissDialog,
            Action::Screenshot(_) => StepKind::Screenshot,
            Action::Manual(_) => StepKind::Manual,
        }
    }

    /// Whether the action works on an element a locator finds (which `force` is about).
    pub fn acts_on_element(&self) -> bool {
        match self {
            Action::Click(_)
            | Action::DoubleClick(_)
            | Action::Hover(_)
            | Action::Fill(_)
            | Action::Check(_)
            | Action::Uncheck(_)
            | Action::Choose(_)
            | Action::Select(_) => true,
            Action::Press(p) => p.target.is_some(),
            Action::Goto(_)
            | Action::Expect(_)
            | Action::Wait(_)
            | Action::AcceptDialog(_)
            | Action::DismissDialog(_)
            | Action::Screenshot(_)
            | Action::Manual(_) => false,
        }
    }

    /// Where the step's subject is written (its locator, URL, condition or text): what a failure
    /// points at.
    pub fn focus(&self) -> Option<Pos> {
        match self {
            Action::Goto(t) | Action::Screenshot(t) | Action::Manual(t) => Some(t.pos),
            Action::Click(p) | Action::DoubleClick(p) | Action::Hover(p) => {
                Some(p.target.text().pos)
            }
            Action::Check(l) | Action::Uncheck(l) | Action::Choose(l) => Some(l.text().pos),
            Action::Fill(FillSpec { target, .. }) | Action::Select(SelectSpec { target, .. }) => {
                Some(target.text().pos)
            }
            Action::Press(p) => Some(p.key.pos),
            Action::Expect(c) | Action::Wait(c) => Some(c.check.text().pos),
            Action::AcceptDialog(d) | Action::DismissDialog(d) => d.text.as_ref().map(|t| t.pos),
        }
    }
}

/// How to find an element: a bare string is visible text or accessible name.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Locator {
    /// Visible text or accessible name; `@key` takes the text from `labels`.
    Text(Text),
    /// One of the explicit forms.
    By(By),
}

impl Locator {
    /// The locator's main text (the text, selector, role or label as written).
    pub fn text(&self) -> &Text {
        match self {
            Locator::Text(t) => t,
            Locator::By(by) => by.text(),
        }
    }
}

/// The explicit locator forms.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum By {
    /// Visible text or accessible name: exact first, then with whitespace and case normalized.
    Text {
        /// The text.
        text: Text,
        /// Only the whole text as written counts (case-sensitive, whitespace as rendered; only the
        /// ends trimmed), never a normalized match.
        #[serde(default, skip_serializing_if = "is_false")]
        exact: bool,
    },
    /// An element whose visible text (or name) contains this, whitespace and case normalized; the
    /// innermost such element.
    Contains {
        /// The part of the text.
        contains: Text,
    },
    /// An element whose visible text (or name), whitespace collapsed, matches this JavaScript
    /// regular expression; the innermost such element.
    Regex {
        /// The expression, without slashes.
        regex: Text,
        /// Its flags: any of `i`, `m`, `s` and `u`.
        #[serde(skip_serializing_if = "Option::is_none")]
        flags: Option<Text>,
    },
    /// A CSS selector (searched in every document and open shadow root).
    Css {
        /// The selector.
        css: Text,
    },
    /// An XPath expression (searched in every document).
    Xpath {
        /// The expression.
        xpath: Text,
    },
    /// An ARIA role and, optionally, its accessible name.
    Role {
        /// The role (`button`, `link`, `checkbox`, ...).
        role: Text,
        /// The accessible name.
        #[serde(skip_serializing_if = "Option::is_none")]
        name: Option<Text>,
    },
    /// A form control by its label.
    Label {
        /// The label text.
        label: Text,
    },
    /// A field by its placeholder.
    Placeholder {
        /// The placeholder text.
        placeholder: Text,
    },
}

impl By {
    /// The form's main text: the text, selector, name (else role), label or placeholder as written.
    pub fn text(&self) -> &Text {
        match self {
            By::Text { text, .. } => text,
            By::Contains { contains } => contains,
            By::Regex { regex, .. } => regex,
            By::Css { css } => css,
            By::Xpath { xpath } => xpath,
            By::Role {
                name: Some(name), ..
            } => name,
            By::Role { role, name: None } => role,
            By::Label { label } => label,
            By::Placeholder { placeholder } => placeholder,
        }
    }
}

/// `click`, `double_click`, `hover`: an element, and how the pointer presses it. A bare string
/// (`click: Salva`) or a locator mapping with the options beside its keys
/// (`click: { text: Salva, button: right }`).
#[derive(Debug, Clone, PartialEq)]
pub struct PointerSpec {
    /// The element.
    pub target: Locator,
    /// How to press it.
    pub options: PointerOptions,
}

/// How the pointer presses an element; each option has its default when left out.
#[derive(Debug, Clone, PartialEq, Default, Serialize, JsonSchema)]
pub struct PointerOptions {
    /// The mouse button (`click`, `double_click`; default `left`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub button: Option<MouseButton>,
    /// How many presses in quick succession (`click` only): 1, 2 (a double click) or 3 (a triple
    /// click, which selects a paragraph).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 3))]
    pub count: Option<u8>,
    /// Where to press, in CSS pixels from the top-left corner of the element's border box (default
    /// its centre); the point must be inside the element and not covered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
    /// Keys held during the press (`click`, `double_click`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub modifiers: Vec<Modifier>,
}

/// A mouse button.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum MouseButton {
    /// The main button.
    #[default]
    Left,
    /// The wheel button.
    Middle,
    /// The context-menu button.
    Right,
}

impl MouseButton {
    /// Every button, as written.
    pub const ALL: [MouseButton; 3] = [MouseButton::Left, MouseButton::Middle, MouseButton::Right];

    /// Its name in a runbook.
    pub fn name(self) -> &'static str {
        match self {
            MouseButton::Left => "left",
            MouseButton::Middle => "middle",
            MouseButton::Right => "right",
        }
    }

    /// Its number in WebDriver's pointer actions (and in `MouseEvent.button`).
    pub fn number(self) -> u8 {
        match self {
            MouseButton::Left => 0,
            MouseButton::Middle => 1,
            MouseButton::Right => 2,
        }
    }
}

/// A point inside an element, in CSS pixels from its top-left corner.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
pub struct Position {
    /// To the right.
    pub x: f64,
    /// Down.
    pub y: f64,
}

/// An element, and how the pointer presses it: a bare string, or a locator mapping with the
/// options beside its keys. (The forms a `PointerSpec` is written in.)
#[derive(Serialize, JsonSchema)]
#[serde(untagged)]
enum PointerForm<'a> {
    /// Visible text or accessible name; `@key` takes the text from `labels`.
    Text(&'a Text),
    /// A locator mapping, with the options beside its keys.
    With {
        /// The element.
        #[serde(flatten)]
        target: std::borrow::Cow<'a, By>,
        /// How to press it.
        #[serde(flatten)]
        options: &'a PointerOptions,
    },
}

impl PointerSpec {
    fn form(&self) -> PointerForm<'_> {
        match &self.target {
            Locator::Text(text) if self.options == PointerOptions::default() => {
                PointerForm::Text(text)
            }
            Locator::Text(text) => PointerForm::With {
                target: std::borrow::Cow::Owned(By::Text {
                    text: text.clone(),
                    exact: false,
                }),
                options: &self.options,
            },
            Locator::By(by) => PointerForm::With {
                target: std::borrow::Cow::Borrowed(by),
                options: &self.options,
            },
        }
    }
}

impl Serialize for PointerSpec {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.form().serialize(serializer)
    }
}

impl JsonSchema for PointerSpec {
    fn schema_name() -> Cow<'static, str> {
        "PointerSpec".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        PointerForm::json_schema(generator)
    }
}

/// `fill`: a field and the value to type.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct FillSpec {
    /// The field.
    #[serde(flatten)]
    pub target: By,
    /// What to type.
    #[serde(flatten)]
    pub value: FillValue,
}

/// What a `fill` types.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FillValue {
    /// This text.
    Value(Text),
    /// The current one-time code (RFC 6238) of an authenticator secret.
    Totp(TotpSpec),
}

/// An authenticator app's secret and how it makes codes: `totp: "${mfa_secret}"` (SHA-1, 30s,
/// 6 digits) or `totp: { secret: ..., digits: 8, period: 60, algorithm: SHA256 }`.
#[derive(Debug, Clone, PartialEq)]
pub struct TotpSpec {
    /// The secret, base32 as sites show it (spaces and case do not matter); always redacted.
    pub secret: Text,
    /// Digits per code (6 to 8; default 6).
    pub digits: Option<u8>,
    /// Seconds each code lasts (default 30).
    pub period: Option<u32>,
    /// The HMAC hash (default SHA1).
    pub algorithm: Option<TotpAlgorithm>,
}

/// The hash of a TOTP's HMAC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub enum TotpAlgorithm {
    /// HMAC-SHA1, what nearly every authenticator uses.
    SHA1,
    /// HMAC-SHA256.
    SHA256,
    /// HMAC-SHA512.
    SHA512,
}

impl TotpAlgorithm {
    /// Every algorithm, as written.
    pub const ALL: [TotpAlgorithm; 3] = [
        TotpAlgorithm::SHA1,
        TotpAlgorithm::SHA256,
        TotpAlgorithm::SHA512,
    ];

    /// Its name in a runbook.
    pub fn name(self) -> &'static str {
        match self {
            TotpAlgorithm::SHA1 => "SHA1",
            TotpAlgorithm::SHA256 => "SHA256",
            TotpAlgorithm::SHA512 => "SHA512",
        }
    }
}

/// The forms a `totp` is written in.
#[derive(Serialize, JsonSchema)]
#[serde(untagged)]
enum TotpForm<'a> {
    /// The base32 secret, with the usual SHA-1, 30s and 6 digits.
    Secret(&'a Text),
    /// The secret and how codes are made.
    With {
        /// The base32 secret.
        secret: &'a Text,
        /// Digits per code (6 to 8).
        #[serde(skip_serializing_if = "Option::is_none")]
        #[schemars(range(min = 6, max = 8))]
        digits: Option<u8>,
        /// Seconds each code lasts.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[schemars(range(min = 1))]
        period: Option<u32>,
        /// The HMAC hash.
        #[serde(skip_serializing_if = "Option::is_none")]
        algorithm: Option<TotpAlgorithm>,
    },
}

impl Serialize for TotpSpec {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.digits.is_none() && self.period.is_none() && self.algorithm.is_none() {
            TotpForm::Secret(&self.secret)
        } else {
            TotpForm::With {
                secret: &self.secret,
                digits: self.digits,
                period: self.period,
                algorithm: self.algorithm,
            }
        }
        .serialize(serializer)
    }
}

impl JsonSchema for TotpSpec {
    fn schema_name() -> Cow<'static, str> {
        "TotpSpec".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        TotpForm::json_schema(generator)
    }
}

/// `visual:` on a step: its own threshold and the regions its comparison leaves out.
#[derive(Debug, Clone, PartialEq, Default, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VisualSpec {
    /// The share of changed pixels (0 to 1) above which the screenshot has drifted from its
    /// baseline (default `--max-diff-ratio`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub max_diff_ratio: Option<f64>,
    /// Elements left out of the comparison (a clock, a date, a counter); never painted over in
    /// the evidence.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<Locator>,
}

/// An interruption and what dismisses it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Handler {
    /// What the report calls it (default: a description of `when`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Text>,
    /// The element that shows the interruption is there (a dialog, a banner).
    pub when: Locator,
    /// What dismisses it.
    pub steps: Vec<Step>,
    /// Where the handler starts in the file.
    #[serde(skip)]
    pub pos: Pos,
}

/// `press`: a key or chord, and the element to press it in (else the focused one). Written
/// `press: Enter` or `press: { key: Enter, label: Cerca }`.
#[derive(Debug, Clone, PartialEq)]
pub struct PressSpec {
    /// The key or chord as written: a key name (`Enter`, `Tab`, `ArrowDown`, `F5`), one character,
    /// or keys joined by `+` with the modifiers first (`Control+A`, `Shift+Tab`).
    pub key: Text,
    /// The element that gets the focus first.
    pub target: Option<By>,
}

/// The forms a `press` is written in: a key or chord (in the focused element), or a mapping with
/// `key` and, optionally, a locator's keys (the element to press it in).
#[derive(Serialize, JsonSchema)]
#[serde(untagged)]
enum PressForm<'a> {
    /// The key or chord, pressed in the focused element.
    Key(&'a Text),
    /// The key or chord, pressed in the element a locator finds.
    In {
        /// The key or chord.
        key: &'a Text,
        /// The element.
        #[serde(flatten)]
        target: &'a By,
    },
    /// The key or chord, pressed in the focused element.
    // Only read from runbooks: a press without an element is written back bare.
    #[allow(dead_code)]
    Focused {
        /// The key or chord.
        key: &'a Text,
    },
}

impl Serialize for PressSpec {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.target {
            Some(target) => PressForm::In {
                key: &self.key,
                target,
            },
            None => PressForm::Key(&self.key),
        }
        .serialize(serializer)
    }
}

impl JsonSchema for PressSpec {
    fn schema_name() -> Cow<'static, str> {
        "PressSpec".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        PressForm::json_schema(generator)
    }
}

/// `select`: a list (`<select>`) and the options its selection becomes.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct SelectSpec {
    /// The list.
    #[serde(flatten)]
    pub target: By,
    /// Which option, or options.
    #[serde(flatten)]
    pub pick: Pick,
}

/// Which options a `select` chooses: the list's selection becomes exactly these.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Pick {
    /// The option with this visible text (exact, then normalized), else with this value.
    Option(Text),
    /// The option with this value.
    Value(Text),
    /// The option at this position in the list, from 0.
    Index(u32),
    /// These options (each by text, else value) on a `<select multiple>`; `[]` leaves none chosen.
    Options(Vec<Text>),
}

/// Something to check on the page.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Condition {
    /// What must hold.
    #[serde(flatten)]
    pub check: Check,
    /// How long to wait for it (for `wait`; a step's `timeout` does the same).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout: Option<Text>,
}

/// The checks `expect` and `wait` know.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// Visible text somewhere on the page (frames and shadow roots included).
    Text(Text),
    /// No visible element with this text.
    Absent(Text),
    /// The current URL contains this.
    UrlContains(Text),
    /// The page title contains this.
    Title(Text),
    /// An element the locator finds is visible (the step's `within` applies).
    Visible(Locator),
    /// No element the locator finds is visible: none is there, or none is shown.
    Hidden(Locator),
    /// An element the locator finds is in the page, visible or not.
    Attached(Locator),
    /// No element the locator finds is in the page at all.
    Detached(Locator),
}

impl Check {
    /// The text the check is about, as written (a locator's main text).
    pub fn text(&self) -> &Text {
        match self {
            Check::Text(t) | Check::Absent(t) | Check::UrlContains(t) | Check::Title(t) => t,
            Check::Visible(l) | Check::Hidden(l) | Check::Attached(l) | Check::Detached(l) => {
                l.text()
            }
        }
    }
}

/// Options of `accept_dialog` / `dismiss_dialog`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DialogSpec {
    /// The dialog's message must contain this.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<Text>,
    /// Text to type into a `prompt()` before accepting.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prompt: Option<Text>,
}

/// Where to search.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Scope {
    /// The table row that contains this text.
    Row {
        /// Text contained in the row.
        row: Text,
    },
    /// An element found with a locator.
    Element(Locator),
}

fn is_false(b: &bool) -> bool {
    !*b
}
