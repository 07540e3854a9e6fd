//! From text to [`Runbook`]: YAML or JSON (one parser, since JSON is YAML) with a position on every error.

use super::keys::{Modifier, parse_chord, parse_modifier};
use super::model::{
    Action, By, Check, Condition, DialogSpec, Doc, Entries, FillSpec, FillValue, Handler, Locator,
    MouseButton, OneOrMany, Param, Pick, PointerOptions, PointerSpec, Position, PressSpec, Runbook,
    Scope, Section, SelectSpec, Step, Text, TotpAlgorithm, TotpSpec, Variant, VisualSpec,
};
use super::source::{Diagnostic, Pos, Source, did_you_mean, one_of, suggest};
use super::step_kind::StepKind;
use super::tree::{Node, Value};

/// The options every step may carry besides its action.
pub const STEP_OPTION_KEYS: &[&str] = &[
    "name",
    "doc",
    "timeout",
    "optional",
    "destructive",
    "force",
    "trial",
    "within",
    "nth",
    "resume_from",
    "if",
    "settle",
    "visual",
];

const RUNBOOK_KEYS: &[&str] = &[
    "name",
    "description",
    "locale",
    "params",
    "labels",
    "variants",
    "mask",
    "handlers",
    "busy",
    "article",
    "sections",
    "steps",
];
const LOCATOR_KEYS: &[&str] = &[
    "text",
    "contains",
    "regex",
    "css",
    "xpath",
    "role",
    "label",
    "placeholder",
];

/// Keys that refine one locator kind: the key, the kind it goes with, an example.
const QUALIFIERS: &[(&str, &str, &str)] = &[
    ("name", "role", "{ role: button, name: \"...\" }"),
    ("exact", "text", "{ text: \"...\", exact: true }"),
    ("flags", "regex", "{ regex: \"...\", flags: i }"),
];

/// The options of the pointer's steps, beside the locator's keys.
const POINTER_KEYS: &[&str] = &["button", "count", "position", "modifiers"];

/// The options each pointer step takes.
const CLICK_OPTIONS: &[&str] = POINTER_KEYS;
const DOUBLE_CLICK_OPTIONS: &[&str] = &["button", "position", "modifiers"];
const HOVER_OPTIONS: &[&str] = &["position"];

/// What a regex's `flags` may hold.
pub const REGEX_FLAGS_HINT: &str = "expected any of `i`, `m`, `s` and `u`";

/// Aliases may repeat at most this many values in all: plenty for sharing, far from a bomb.
const MAX_ALIAS_EVENTS: usize = 100_000;

/// The most values (scalars and collections) a runbook may hold.
const MAX_VALUES: usize = 1_500_000;

/// Most nesting a runbook needs is six levels; deeper input is refused before it costs anything.
const MAX_DEPTH: usize = 64;

/// Parses a runbook file's text into the model, or every problem found, each with its position.
pub fn parse(source: &Source) -> Result<Runbook, Vec<Diagnostic>> {
    let root = parse_tree(&source.text).map_err(|d| vec![d])?;
    let mut parser = Parser::default();
    let runbook = parser.runbook(&root);
    match runbook {
        Some(runbook) if parser.diagnostics.is_empty() => Ok(runbook),
        _ => Err(parser.diagnostics),
    }
}

/// Parses YAML or JSON into a positioned tree, with bounds on aliases, size and nesting.
pub fn parse_tree(text: &str) -> Result<Node, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::new(
            Pos {
                line: 1,
                column: 1,
                width: 1,
            },
            "the runbook is empty",
        )
        .with_hint("expected a mapping with `name` and `sections`"));
    }
    // Deserializing recurses once per nesting level; a thread of its own gives the deepest
    // input we accept room to be refused cleanly instead of overflowing the caller's stack.
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("clickpath-parse".into())
            .stack_size(PARSE_STACK_BYTES)
            .spawn_scoped(scope, || {
                serde_saphyr::from_str_with_options::<Node>(text, saphyr_options())
                    .map_err(|err| yaml_error(&err))
            })
            .map_err(|e| {
                Diagnostic::new(
                    Pos {
                        line: 1,
                        column: 1,
                        width: 1,
                    },
                    format!("cannot start the parser: {e}"),
                )
            })?
            .join()
            .unwrap_or_else(|_| {
                Err(Diagnostic::new(
                    Pos {
                        line: 1,
                        column: 1,
                        width: 1,
                    },
                    "the YAML parser failed on this input",
                ))
            })
    })
}

/// Bounds on aliases, nesting and size; booleans only as `true`/`false`; duplicate keys refused.
fn saphyr_options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_aliases = 1_000;
    budget.max_depth = MAX_DEPTH;
    budget.max_events = 4_000_000;
    // A 16 MB runbook (the largest read) holds about a million values; the default stops at 250,000.
    budget.max_nodes = MAX_VALUES;
    let mut alias_limits = serde_saphyr::options::AliasLimits::default();
    alias_limits.max_total_replayed_events = MAX_ALIAS_EVENTS;
    serde_saphyr::options! {
        budget: Some(budget),
        alias_limits: alias_limits,
        strict_booleans: true,
        duplicate_keys: serde_saphyr::options::DuplicateKeyPolicy::Error,
    }
}

/// Stack for the parser thread: enough for [`MAX_DEPTH`] levels in an unoptimized build.
const PARSE_STACK_BYTES: usize = 64 * 1024 * 1024;

fn yaml_error(err: &serde_saphyr::Error) -> Diagnostic {
    let pos = err
        .location()
        .filter(|l| l.line() > 0)
        .map(|l| Pos {
            line: u32::try_from(l.line()).unwrap_or(u32::MAX),
            column: u32::try_from(l.column()).unwrap_or(1).max(1),
            width: 1,
        })
        .unwrap_or(Pos {
            line: 1,
            column: 1,
            width: 1,
        });
    let rendered = err.without_snippet().to_string();
    let first = rendered.lines().next().unwrap_or("invalid YAML").trim();
    let message = strip_location_suffix(first);
    Diagnostic::new(pos, friendly_yaml_message(message))
}

/// Says in plain words what a few of serde-saphyr's internal messages mean.
fn friendly_yaml_message(message: &str) -> String {
    if message.contains("alias replay limit") || message.contains("Aliases") {
        return format!(
            "aliases expand to more than {MAX_ALIAS_EVENTS} values; refusing to expand them (a YAML alias bomb?)"
        );
    }
    if message.contains("Nodes") || message.contains("Events") {
        return format!("more than {MAX_VALUES} values; refusing to read further");
    }
    if message.contains("Depth") {
        return format!("nesting deeper than {MAX_DEPTH} levels; refusing to read further");
    }
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest).trim();
        return format!("duplicate key `{key}`");
    }
    format!("invalid YAML: {message}")
}

/// serde-saphyr appends "at line L, column C" to some messages; our renderer shows the position itself.
fn strip_location_suffix(message: &str) -> &str {
    message
        .find(" at line ")
        .map(|i| &message[..i])
        .unwrap_or(message)
        .trim_end_matches('.')
}

#[derive(Default)]
struct Parser {
    diagnostics: Vec<Diagnostic>,
}

impl Parser {
    fn error(&mut self, pos: Pos, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::new(pos, message));
    }

    fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// The entries of a mapping node, or an error naming what was expected.
    fn mapping<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n [(Node, Node)]> {
        match &node.value {
            Value::Map(entries) => Some(entries),
            other => {
                self.error(
                    node.pos,
                    format!("{what} must be a mapping, found {}", other.kind()),
                );
                None
            }
        }
    }

    /// The entries of a mapping node, or an error naming what was expected, with an example.
    fn mapping_or<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        hint: &str,
    ) -> Option<&'n [(Node, Node)]> {
        match &node.value {
            Value::Map(entries) => Some(entries),
            other => {
                self.push(
                    Diagnostic::new(
                        node.pos,
                        format!("{what} must be a mapping, found {}", other.kind()),
                    )
                    .with_hint(hint),
                );
                None
            }
        }
    }

    fn key_text(&mut self, key: &Node) -> Option<Text> {
        match &key.value {
            Value::Str(s) => Some(Text::new(s.clone(), key.pos)),
            other => {
                self.error(
                    key.pos,
                    format!("keys must be text, found {}", other.kind()),
                );
                None
            }
        }
    }

    fn unknown_key(&mut self, key: &Text, what: &str, allowed: &[&str]) {
        let hint = suggest(&key.value, allowed.iter().copied(), || {
            format!("expected {}", one_of(allowed))
        });
        self.push(
            Diagnostic::new(key.pos, format!("unknown key `{}` in {what}", key.value))
                .with_hint(hint),
        );
    }

    fn text(&mut self, node: &Node, what: &str) -> Option<Text> {
        match node.as_scalar_text() {
            Some(s) => Some(Text::new(s, node.pos)),
            None => {
                self.error(
                    node.pos,
                    format!("{what} must be text, found {}", node.value.kind()),
                );
                None
            }
        }
    }

    fn bool(&mut self, node: &Node, what: &str) -> Option<bool> {
        match node.value {
            Value::Bool(b) => Some(b),
            _ => {
                self.error(
                    node.pos,
                    format!(
                        "{what} must be `true` or `false`, found {}",
                        node.value.kind()
                    ),
                );
                None
            }
        }
    }

    fn list<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n [Node]> {
        match &node.value {
            Value::Seq(items) => Some(items),
            other => {
                self.error(
                    node.pos,
                    format!("{what} must be a list, found {}", other.kind()),
                );
                None
            }
        }
    }

    fn runbook(&mut self, root: &Node) -> Option<Runbook> {
        let entries = self.mapping(root, "a runbook")?;
        let mut runbook = Runbook::default();
        let mut name = None;
        let mut sections = None;
        let mut steps = None;
        for (key, value) in entries {
            let Some(key) = self.key_text(key) else {
                continue;
            };
            match key.value.as_str() {
                "name" => name = self.text(value, "`name`"),
                "description" => runbook.description = self.text(value, "`description`"),
                "locale" => runbook.locale = self.text(value, "`locale`"),
                "params" => runbook.params = self.entries(value, "`params`", Self::param),
                "labels" => runbook.labels = self.entries(value, "`labels`", Self::label),
                "article" => {
                    if let Some(paths) = self.per_locale(value, "`article`") {
                        runbook.article = paths;
                    }
                }
                "variants" => runbook.variants = self.entries(value, "`variants`", Self::variant),
                "mask" => {
                    if let Some(items) = self.list(value, "`mask`") {
                        runbook.mask = items.iter().filter_map(|n| self.locator(n)).collect();
                    }
                }
                "handlers" => {
                    if let Some(items) = self.list(value, "`handlers`") {
                        runbook.handlers = items.iter().filter_map(|n| self.handler(n)).collect();
                    }
                }
                "busy" => {
                    if let Some(items) = self.list(value, "`busy`") {
                        runbook.busy = items
                            .iter()
                            .filter_map(|n| self.text(n, "a `busy` CSS selector"))
                            .collect();
                    }
                }
                "sections" => sections = Some((key.pos, self.sections(value))),
                "steps" => steps = Some((key.pos, self.steps(value))),
                _ => self.unknown_key(&key, "the runbook", RUNBOOK_KEYS),
            }
        }
        match name {
            Some(name) => runbook.name = name,
            None => self.push(
                Diagnostic::new(root.pos, "the runbook has no `name`")
                    .with_hint("add `name: <title of the procedure>`"),
            ),
        }
        runbook.sections = match (sections, steps) {
            (Some(_), Some((pos, _))) => {
                self.push(
                    Diagnostic::new(pos, "a runbook has either `sections` or `steps`, not both")
                        .with_hint("move these steps into a section"),
                );
                Vec::new()
            }
            (Some((_, sections)), None) => sections,
            (None, Some((pos, steps))) => vec![Section {
                name: runbook.name.clone(),
                when: Entries::default(),
                unless: Entries::default(),
                steps,
                resume_from: None,
                independent: false,
                condition: None,
                login: false,
                pos,
            }],
            (None, None) => {
                self.push(
                    Diagnostic::new(root.pos, "the runbook has no `sections`")
                        .with_hint("add `sections:` with at least one section of `steps`"),
                );
                Vec::new()
            }
        };
        Some(runbook)
    }

    fn entries<T>(
        &mut self,
        node: &Node,
        what: &str,
        item: fn(&mut Self, &Text, &Node) -> Option<T>,
    ) -> Entries<T> {
        let mut out = Vec::new();
        if let Some(entries) = self.mapping(node, what) {
            for (key, value) in entries {
                if let Some(key) = self.key_text(key)
                    && let Some(v) = item(self, &key, value)
                {
                    out.push((key, v));
                }
            }
        }
        Entries(out)
    }

    fn param(&mut self, name: &Text, node: &Node) -> Option<Param> {
        if matches!(node.value, Value::Null) {
            return Some(Param::default());
        }
        let what = format!("param `{}`", name.value);
        let entries = self.mapping(node, &what)?;
        let mut param = Param::default();
        for (key, value) in entries {
            let Some(key) = self.key_text(key) else {
                continue;
            };
            match key.value.as_str() {
                "default" => param.default = self.text(value, "`default`"),
                "secret" => param.secret = self.bool(value, "`secret`").unwrap_or(false),
                "required" => param.required = self.bool(value, "`required`").unwrap_or(false),
                "description" => param.description = self.text(value, "`description`"),
                "choices" => {
                    param.choices = self.list(value, "`choices`").map(|items| {
                        items
                            .iter()
                            .filter_map(|n| self.text(n, "a choice"))
                            .collect()
                    })
                }
                _ => self.unknown_key(
                    &key,
                    &what,
                    &["default", "secret", "required", "choices", "description"],
                ),
            }
        }
        Some(param)
    }

    fn label(&mut self, name: &Text, node: &Node) -> Option<Entries<Text>> {
        self.per_locale(node, &format!("label `{}`", name.value))
    }

    /// A text per locale (`{ it: ..., en: ... }`): a label, the article's paths.
    fn per_locale(&mut self, node: &Node, what: &str) -> Option<Entries<Text>> {
        let entries = self.mapping(node, what)?;
        let mut out = Vec::new();
        for (key, value) in entries {
            if let Some(key) = self.key_text(key)
                && let Some(text) = self.text(value, &format!("the `{}` text of {what}", key.value))
            {
                out.push((key, text));
            }
        }
        Some(Entries(out))
    }

    /// A step's `doc`: a sentence, or a sentence per locale.
    fn doc(&mut self, node: &Node) -> Option<Doc> {
        match &node.value {
            Value::Map(_) => self.per_locale(node, "`doc`").map(Doc::PerLocale),
            _ => self.text(node, "`doc`").map(Doc::Text),
        }
    }

    fn variant(&mut self, name: &Text, node: &Node) -> Option<Variant> {
        let what = format!("variant `{}`", name.value);
        let entries = self.mapping(node, &what)?;
        let mut variant = Variant::default();
        let mut has_choices = false;
        for (key, value) in entries {
            let Some(key) = self.key_text(key) else {
                continue;
            };
            match key.value.as_str() {
                "choices" => {
                    has_choices = true;
                    if let Some(items) = self.list(value, "`choices`") {
                        variant.choices = items
                            .iter()
                            .filter_map(|n| self.text(n, "a choice"))
                            .collect();
                    }
                }
                "default" => variant.default = self.text(value, "`default`"),
                "description" => variant.description = self.text(value, "`description`"),
                _ => self.unknown_key(&key, &what, &["choices", "default", "description"]),
            }
        }
        if !has_choices || variant.choices.is_empty() {
            self.push(
                Diagnostic::new(node.pos, format!("{what} has no `choices`"))
                    .with_hint("add `choices: [a, b]`"),
            );
        }
        Some(variant)
    }

    fn sections(&mut self, node: &Node) -> Vec<Section> {
        let Some(items) = self.list(node, "`sections`") else {
            return Vec::new();
        };
        items.iter().filter_map(|n| self.section(n)).collect()
    }

    fn section(&mut self, node: &Node) -> Option<Section> {
        let entries = self.mapping(node, "a section")?;
        let mut section = Section {
            pos: node.pos,
            ..Section::default()
        };
        let mut has_name = false;
        let mut has_steps = false;
        for (key, value) in entries {
            let Some(key) = self.key_text(key) else {
                continue;
            };
            match key.value.as_str() {
                "name" => {
                    has_name = true;
                    section.name = self.text(value, "`name`").unwrap_or_default();
                }
                "when" => section.when = self.entries(value, "`when`", |p, _, v| p.one_or_many(v)),
                "unless" => {
                    section.unless = self.entries(value, "`unless`", |p, _, v| p.one_or_many(v))
                }
                "resume_from" => section.resume_from = self.one_or_many(value),
                "independent" => {
                    section.independent = self.bool(value, "`independent`").unwrap_or(false)
                }
                "if" => section.condition = self.condition(value, "if"),
                "login" => section.login = self.bool(value, "`login`").unwrap_or(false),
                "steps" => {
                    has_steps = true;
                    section.steps = self.steps(value);
                }
                _ => self.unknown_key(
                    &key,
                    "a section",
                    &[
                        "name",
                        "when",
                        "unless",
                        "resume_from",
                        "independent",
                        "if",
                        "login",
                        "steps",
                    ],
                ),
            }
        }
        if !has_name {
            self.push(
                Diagnostic::new(node.pos, "a section has no `name`")
                    .with_hint("add `name:` with the section's title from the document"),
            );
        }
        if !has_steps {
            self.push(
                Diagnostic::new(node.pos, "a section has no `steps`")
                    .with_hint("add `steps:` with at least one step"),
            );
        }
        Some(section)
    }

    fn one_or_many(&mut self, node: &Node) -> Option<OneOrMany> {
        match &node.value {
            Value::Seq(items) => Some(OneOrMany::Many(
                items
                    .iter()
                    .filter_map(|n| self.text(n, "a value"))
                    .collect(),
            )),
            _ => self.text(node, "a `when` value").map(OneOrMany::One),
        }
    }

    fn steps(&mut self, node: &Node) -> Vec<Step> {
        let Some(items) = self.list(node, "`steps`") else {
            return Vec::new();
        };
        items.iter().filter_map(|n| self.step(n)).collect()
    }

    fn step(&mut self, node: &Node) -> Option<Step> {
        let entries = match &node.value {
            Value::Map(entries) => entries,
            Value::Str(s) => {
                let hint = match s.split_whitespace().next() {
                    Some(word) if StepKind::from_key(word).is_some() => {
                        format!("write it as a mapping: `{word}: ...`")
                    }
                    _ => format!(
                        "expected a mapping with one of {}",
                        one_of(&StepKind::key_list())
                    ),
                };
                self.push(
                    Diagnostic::new(
                        node.pos,
                        format!("a step must be a mapping, found the text {s:?}"),
                    )
                    .with_hint(hint),
                );
                return None;
            }
            other => {
                self.push(
                    Diagnostic::new(
                        node.pos,
                        format!("a step must be a mapping, found {}", other.kind()),
                    )
                    .with_hint(format!(
                        "expected a mapping with one of {}",
                        one_of(&StepKind::key_list())
                    )),
                );
                return None;
            }
        };
        let mut action: Option<(Text, Action)> = None;
        // The action is read below; until then, a placeholder.
        let mut step = Step::bare(Action::Screenshot(Text::default()), node.pos);
        let mut unknown = Vec::new();
        let mut force_key = None;
        let problems_before = self.diagnostics.len();
        for (key, value) in entries {
            let Some(key) = self.key_text(key) else {
                continue;
            };
            let k = key.value.as_str();
            if let Some(kind) = StepKind::from_key(k) {
                if let Some((first, _)) = &action {
                    self.push(
                        Diagnostic::new(
                            key.pos,
                            format!(
                                "a step has one action, but this one also has `{}`",
                                first.value
                            ),
                        )
                        .with_hint("split it into two steps"),
                    );
                    continue;
                }
                if let Some(a) = self.action(kind, value) {
                    action = Some((key, a));
                }
                continue;
            }
            match k {
                "name" => step.name = self.text(value, "`name`"),
                "doc" => step.doc = self.doc(value),
                "timeout" => step.timeout = self.duration_text(value),
                "optional" => step.optional = self.bool(value, "`optional`").unwrap_or(false),
                "destructive" => {
                    step.destructive = self.bool(value, "`destructive`").unwrap_or(false)
                }
                "force" => {
                    step.force = self.bool(value, "`force`").unwrap_or(false);
                    force_key = Some(key);
                }
                "trial" => step.trial = self.bool(value, "`trial`").unwrap_or(false),
                "within" => step.within = self.scope(value),
                "resume_from" => step.resume_from = self.one_or_many(value),
                "nth" => step.nth = self.index(value, "`nth`"),
                "if" => step.condition = self.condition(value, "if"),
                "settle" => step.settle = self.duration_text(value),
                "visual" => step.visual = self.visual(value),
                _ => unknown.push(key),
            }
        }
        for key in unknown {
            let close = did_you_mean(&key.value, StepKind::keys());
            if let Some(kind) = close.filter(|_| action.is_none()) {
                self.push(
                    Diagnostic::new(key.pos, format!("unknown step kind `{}`", key.value))
                        .with_hint(format!("did you mean `{kind}`?")),
                );
                return None;
            }
            let mut allowed: Vec<&str> = STEP_OPTION_KEYS.to_vec();
            if action.is_none() {
                allowed.extend(StepKind::keys());
            }
            self.unknown_key(&key, "a step", &allowed);
        }
        match action {
            Some((key, a)) => {
                if let Some(force) = force_key.filter(|_| step.force && !a.acts_on_element()) {
                    let hint = if a.kind() == StepKind::Press {
                        "a `press` without a locator acts where the focus is: nothing to check"
                            .to_owned()
                    } else {
                        format!(
                            "`{}` acts on no element; `force` skips the checks before acting on one",
                            key.value
                        )
                    };
                    self.push(
                        Diagnostic::new(
                            force.pos,
                            format!("`force` has no use on a `{}` step", key.value),
                        )
                        .with_hint(hint),
                    );
                }
                step.action = a;
                Some(step)
            }
            None => {
                if self.diagnostics.len() == problems_before {
                    self.push(
                        Diagnostic::new(node.pos, "this step has no action").with_hint(format!(
                            "expected one of {}",
                            one_of(&StepKind::key_list())
                        )),
                    );
                }
                None
            }
        }
    }

    fn action(&mut self, kind: StepKind, value: &Node) -> Option<Action> {
        let key = kind.key();
        Some(match kind {
            StepKind::Goto => Action::Goto(self.text(value, &format!("`{key}`"))?),
            StepKind::Click => Action::Click(self.pointer(kind, value, CLICK_OPTIONS)?),
            StepKind::DoubleClick => {
                Action::DoubleClick(self.pointer(kind, value, DOUBLE_CLICK_OPTIONS)?)
            }
            StepKind::Hover => Action::Hover(self.pointer(kind, value, HOVER_OPTIONS)?),
            StepKind::Check => Action::Check(self.locator(value)?),
            StepKind::Uncheck => Action::Uncheck(self.locator(value)?),
            StepKind::Choose => Action::Choose(self.locator(value)?),
            StepKind::Press => Action::Press(self.press(value)?),
            StepKind::Fill => Action::Fill(self.fill(value)?),
            StepKind::Select => Action::Select(self.select(value)?),
            StepKind::Expect => Action::Expect(self.condition(value, key)?),
            StepKind::Wait => Action::Wait(self.condition(value, key)?),
            StepKind::AcceptDialog => Action::AcceptDialog(self.dialog(value, kind)?),
            StepKind::DismissDialog => Action::DismissDialog(self.dialog(value, kind)?),
            StepKind::Screenshot => Action::Screenshot(self.text(value, &format!("`{key}`"))?),
            StepKind::Manual => Action::Manual(self.text(value, &format!("`{key}`"))?),
        })
    }

    /// A locator: a bare string (text or `@label`) or a mapping with one locator key.
    fn locator(&mut self, node: &Node) -> Option<Locator> {
        if let Some(s) = node.as_scalar_text()
            && !matches!(node.value, Value::Map(_))
        {
            return Some(Locator::Text(Text::new(s, node.pos)));
        }
        let entries = self.mapping(node, "a locator")?;
        let (by, extra) = self.by(node, entries, &[])?;
        debug_assert!(extra.is_empty());
        Some(Locator::By(by))
    }

    /// `click`, `double_click`, `hover`: a locator, bare or as a mapping that may also hold the
    /// options the kind takes (`allowed`).
    fn pointer(&mut self, kind: StepKind, node: &Node, allowed: &[&str]) -> Option<PointerSpec> {
        let Value::Map(entries) = &node.value else {
            return self.locator(node).map(|target| PointerSpec {
                target,
                options: PointerOptions::default(),
            });
        };
        let (by, extra) = self.by(node, entries, POINTER_KEYS)?;
        let mut options = PointerOptions::default();
        for (key, value) in extra {
            if !allowed.contains(&key.value.as_str()) {
                self.push(
                    Diagnostic::new(
                        key.pos,
                        format!("`{}` does not go with `{kind}`", key.value),
                    )
                    .with_hint(format!("`{kind}` takes {}", one_of(allowed))),
                );
                continue;
            }
            match key.value.as_str() {
                "button" => options.button = self.mouse_button(value),
                "count" => options.count = self.count(value),
                "position" => options.position = self.position(value),
                _ => options.modifiers = self.modifiers(value),
            }
        }
        Some(PointerSpec {
            target: Locator::By(by),
            options,
        })
    }

    /// `select`: a locator mapping with one of `option`, `value`, `index` or `options`.
    fn select(&mut self, node: &Node) -> Option<SelectSpec> {
        const PICKS: &[&str] = &["option", "value", "index", "options"];
        const HINT: &str = "add `option:` (its text or value), `value:`, `index:` (from 0) or `options: [...]` (several, on a <select multiple>)";
        let entries = self.mapping_or(
            node,
            "`select`",
            "expected e.g. `select: { label: \"...\", option: \"...\" }`",
        )?;
        let (target, extra) = self.by(node, entries, PICKS)?;
        let Some((first, value)) = extra.first() else {
            self.push(Diagnostic::new(node.pos, "`select` has no `option`").with_hint(HINT));
            return None;
        };
        for (other, _) in &extra[1..] {
            self.push(
                Diagnostic::new(
                    other.pos,
                    format!(
                        "`select` names its options one way, but this one has `{}` and `{}`",
                        first.value, other.value
                    ),
                )
                .with_hint("keep one of them"),
            );
        }
        let pick = match first.value.as_str() {
            "option" => Pick::Option(self.text(value, "`option`")?),
            "value" => Pick::Value(self.text(value, "`value`")?),
            "index" => Pick::Index(self.index(value, "`index`")?),
            _ => Pick::Options(
                self.list(value, "`options`")?
                    .iter()
                    .filter_map(|n| self.text(n, "an option"))
                    .collect(),
            ),
        };
        Some(SelectSpec { target, pick })
    }

    /// `press`: a key or chord, bare (in the focused element) or as `key` in a mapping that may
    /// also hold a locator's keys (the element to press it in).
    fn press(&mut self, node: &Node) -> Option<PressSpec> {
        let Value::Map(entries) = &node.value else {
            let key = self.text(node, "`press`")?;
            self.chord(&key);
            return Some(PressSpec { key, target: None });
        };
        let locates = entries
            .iter()
            .any(|(k, _)| LOCATOR_KEYS.iter().any(|l| is_key(k, l)));
        let (target, extra) = if locates {
            let (by, extra) = self.by(node, entries, &["key"])?;
            (Some(by), extra)
        } else {
            let mut extra = Vec::new();
            for (key, value) in entries {
                let Some(key) = self.key_text(key) else {
                    continue;
                };
                if key.value == "key" {
                    extra.push((key, value));
                } else {
                    let mut allowed = vec!["key"];
                    allowed.extend_from_slice(LOCATOR_KEYS);
                    self.unknown_key(&key, "`press`", &allowed);
                }
            }
            (None, extra)
        };
        let Some((_, value)) = extra.first() else {
            self.push(
                Diagnostic::new(node.pos, "`press` has no `key`")
                    .with_hint("add e.g. `key: Enter` or `key: \"Control+A\"`"),
            );
            return None;
        };
        let key = self.text(value, "`key`")?;
        self.chord(&key);
        Some(PressSpec { key, target })
    }

    /// Reports what is wrong with a key or chord, at the offending key when it can be told (a key
    /// that takes `${var}` values is checked once they are in).
    fn chord(&mut self, key: &Text) {
        if key.value.contains("${") {
            return;
        }
        if let Err(problem) = parse_chord(&key.value) {
            let at = super::vars::column_of(key, problem.offset, problem.width as u32);
            self.push(Diagnostic::new(at, problem.message).with_hint(problem.hint));
        }
    }

    fn mouse_button(&mut self, node: &Node) -> Option<MouseButton> {
        let text = self.text(node, "`button`")?;
        let names = MouseButton::ALL.map(MouseButton::name);
        if let Some(b) = MouseButton::ALL
            .into_iter()
            .find(|b| b.name() == text.value)
        {
            return Some(b);
        }
        let hint = suggest(&text.value, names, || {
            format!("expected {}", one_of(&names))
        });
        self.push(
            Diagnostic::new(text.pos, format!("unknown button `{}`", text.value)).with_hint(hint),
        );
        None
    }

    fn count(&mut self, node: &Node) -> Option<u8> {
        match node.value {
            Value::Int(n @ 1..=3) => u8::try_from(n).ok(),
            _ => {
                self.push(
                    Diagnostic::new(
                        node.pos,
                        format!("`count` must be 1, 2 or 3, found {}", describe(node)),
                    )
                    .with_hint("2 is a double click, 3 a triple click"),
                );
                None
            }
        }
    }

    fn position(&mut self, node: &Node) -> Option<Position> {
        const EXAMPLE: &str =
            "expected e.g. `position: { x: 10, y: 5 }` (CSS pixels from the top-left corner)";
        let entries = self.mapping_or(node, "`position`", EXAMPLE)?;
        let (mut x, mut y) = (None, None);
        for (key, value) in entries {
            let Some(key) = self.key_text(key) else {
                continue;
            };
            let coordinate = match value.value {
                Value::Int(i) if i >= 0 => Some(i as f64),
                Value::Float(f) if f >= 0.0 && f.is_finite() => Some(f),
                _ => None,
            };
            match key.value.as_str() {
                "x" | "y" if coordinate.is_none() => self.push(
                    Diagnostic::new(
                        value.pos,
                        format!(
                            "`{}` must be a number from 0, found {}",
                            key.value,
                            describe(value)
                        ),
                    )
                    .with_hint(EXAMPLE),
                ),
                "x" => x = coordinate,
                "y" => y = coordinate,
                _ => self.unknown_key(&key, "`position`", &["x", "y"]),
            }
        }
        match (x, y) {
            (Some(x), Some(y)) => Some(Position { x, y }),
            (None, _) if !entries.iter().any(|(k, _)| is_key(k, "x")) => {
                self.push(Diagnostic::new(node.pos, "`position` has no `x`").with_hint(EXAMPLE));
                None
            }
            (_, None) if !entries.iter().any(|(k, _)| is_key(k, "y")) => {
                self.push(Diagnostic::new(node.pos, "`position` has no `y`").with_hint(EXAMPLE));
                None
            }
            _ => None,
        }
    }

    fn modifiers(&mut self, node: &Node) -> Vec<Modifier> {
        let Some(items) = self.list(node, "`modifiers`") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            let Some(name) = self.text(item, "a modifier") else {
                continue;
            };
            match parse_modifier(&name.value) {
                Ok(m) if out.contains(&m) => {
                    self.error(name.pos, format!("`{}` is held twice", name.value))
                }
                Ok(m) => out.push(m),
                Err(problem) => {
                    self.push(Diagnostic::new(name.pos, problem.message).with_hint(problem.hint))
                }
            }
        }
        out
    }

    /// A locator mapping that also carries one more key (`value` for fill, `option` for select).
    /// The locator in a mapping; the entries whose keys are in `extra_keys` are handed back, in
    /// order, for the caller to read.
    fn by<'n>(
        &mut self,
        node: &Node,
        entries: &'n [(Node, Node)],
        extra_keys: &[&str],
    ) -> Option<(By, Vec<(Text, &'n Node)>)> {
        let mut found: Option<(Text, Text)> = None;
        let mut name: Option<Text> = None;
        let mut exact: Option<(Text, bool)> = None;
        let mut flags: Option<(Text, Text)> = None;
        let mut extra = Vec::new();
        let mut allowed: Vec<&str> = LOCATOR_KEYS.to_vec();
        allowed.extend(QUALIFIERS.iter().map(|(k, _, _)| *k));
        allowed.extend_from_slice(extra_keys);
        for (key, value) in entries {
            let Some(key) = self.key_text(key) else {
                continue;
            };
            let k = key.value.as_str();
            if LOCATOR_KEYS.contains(&k) {
                let Some(text) = self.text(value, &format!("`{k}`")) else {
                    continue;
                };
                if let Some((first, _)) = &found {
                    self.push(
                        Diagnostic::new(
                            key.pos,
                            format!(
                                "a locator has one kind, but this one has `{}` and `{k}`",
                                first.value
                            ),
                        )
                        .with_hint("keep one of them"),
                    );
                    continue;
                }
                found = Some((key, text));
            } else if k == "name" {
                name = self.text(value, "`name`");
            } else if k == "exact" {
                exact = self.bool(value, "`exact`").map(|b| (key, b));
            } else if k == "flags" {
                flags = self.text(value, "`flags`").map(|t| (key, t));
            } else if extra_keys.contains(&k) {
                extra.push((key, value));
            } else {
                self.unknown_key(&key, "a locator", &allowed);
            }
        }
        let Some((kind, text)) = found else {
            self.push(
                Diagnostic::new(node.pos, "this locator says nothing to search for")
                    .with_hint(format!("expected one of {}", one_of(LOCATOR_KEYS))),
            );
            return None;
        };
        let given = [
            name.as_ref().map(|n| ("name", n.pos)),
            exact.as_ref().map(|(k, _)| ("exact", k.pos)),
            flags.as_ref().map(|(k, _)| ("flags", k.pos)),
        ];
        for (qualifier, pos) in given.into_iter().flatten() {
            let Some((_, goes_with, example)) = QUALIFIERS.iter().find(|q| q.0 == qualifier) else {
                continue;
            };
            if kind.value != *goes_with {
                // `name` has always been reported at the locator's kind; the others at themselves.
                let at = if qualifier == "name" { kind.pos } else { pos };
                self.push(
                    Diagnostic::new(at, format!("`{qualifier}` goes only with `{goes_with}`"))
                        .with_hint(format!("use `{example}`")),
                );
            }
        }
        let by = match kind.value.as_str() {
            "text" => By::Text {
                text,
                exact: exact.is_some_and(|(_, b)| b),
            },
            "contains" => By::Contains { contains: text },
            "regex" => {
                let flags = flags.map(|(_, t)| t);
                self.regex(&text, flags.as_ref());
                By::Regex { regex: text, flags }
            }
            "css" => By::Css { css: text },
            "xpath" => By::Xpath { xpath: text },
            "role" => By::Role { role: text, name },
            "label" => By::Label { label: text },
            _ => By::Placeholder { placeholder: text },
        };
        Some((by, extra))
    }

    /// Reports what is wrong with a regex locator's pattern or flags, where it can be told before
    /// any page exists (a pattern that takes `${var}` values is checked once they are in).
    fn regex(&mut self, pattern: &Text, flags: Option<&Text>) {
        if let Some(flags) = flags
            && let Err(problem) = super::selector::check_regex_flags(&flags.value)
        {
            self.push(Diagnostic::new(flags.pos, problem).with_hint(REGEX_FLAGS_HINT));
        }
        if !pattern.value.contains("${")
            && let Err(problem) = super::selector::check_regex(&pattern.value)
        {
            self.push(
                Diagnostic::new(
                    pattern.pos,
                    format!("invalid regex `{}`: {problem}", pattern.value),
                )
                .with_hint("the browser would reject it at run time"),
            );
        }
    }

    fn condition(&mut self, node: &Node, action: &str) -> Option<Condition> {
        if let Value::Str(s) = &node.value {
            return Some(Condition {
                check: Check::Text(Text::new(s.clone(), node.pos)),
                timeout: None,
            });
        }
        let entries = self.mapping(node, &format!("`{action}`"))?;
        let kinds = [
            "text",
            "absent",
            "url_contains",
            "title",
            "visible",
            "hidden",
            "attached",
            "detached",
        ];
        let mut check = None;
        let mut timeout = None;
        for (key, value) in entries {
            let Some(key) = self.key_text(key) else {
                continue;
            };
            let k = key.value.as_str();
            if k == "timeout" {
                timeout = self.duration_text(value);
                continue;
            }
            if !kinds.contains(&k) {
                let mut allowed = kinds.to_vec();
                allowed.push("timeout");
                self.unknown_key(&key, &format!("`{action}`"), &allowed);
                continue;
            }
            if check.is_some() {
                self.push(
                    Diagnostic::new(key.pos, format!("`{action}` checks one thing at a time"))
                        .with_hint("split it into two steps"),
                );
                continue;
            }
            let state = match k {
                "visible" => Some(Check::Visible as fn(Locator) -> Check),
                "hidden" => Some(Check::Hidden as fn(Locator) -> Check),
                "attached" => Some(Check::Attached as fn(Locator) -> Check),
                "detached" => Some(Check::Detached as fn(Locator) -> Check),
                _ => None,
            };
            if let Some(state) = state {
                check = self.locator(value).map(state);
                continue;
            }
            let Some(text) = self.text(value, &format!("`{k}`")) else {
                continue;
            };
            check = Some(match k {
                "text" => Check::Text(text),
                "absent" => Check::Absent(text),
                "url_contains" => Check::UrlContains(text),
                _ => Check::Title(text),
            });
        }
        match check {
            Some(check) => Some(Condition { check, timeout }),
            None => {
                self.push(
                    Diagnostic::new(node.pos, format!("`{action}` says nothing to check"))
                        .with_hint(format!("expected one of {}", one_of(&kinds))),
                );
                None
            }
        }
    }

    /// `fill: { <locator>, value: ... }` or `fill: { <locator>, totp: ... }`.
    fn fill(&mut self, node: &Node) -> Option<FillSpec> {
        let entries = self.mapping_or(
            node,
            "`fill`",
            "expected e.g. `fill: { label: \"...\", value: \"...\" }`",
        )?;
        let (target, extra) = self.by(node, entries, &["value", "totp"])?;
        match extra.as_slice() {
            [(key, value)] if key.value == "value" => Some(FillSpec {
                target,
                value: FillValue::Value(self.text(value, "`value`")?),
            }),
            [(_, value)] => Some(FillSpec {
                target,
                value: FillValue::Totp(self.totp(value)?),
            }),
            [] => {
                self.push(
                    Diagnostic::new(node.pos, "`fill` has no `value`").with_hint(
                        "add `value: ...`, or `totp: \"${secret}\"` for an authenticator's code",
                    ),
                );
                None
            }
            [_, (second, _), ..] => {
                self.push(
                    Diagnostic::new(second.pos, "`fill` types either a `value` or a `totp` code")
                        .with_hint("keep one of them"),
                );
                None
            }
        }
    }

    /// `totp: SECRET` or `totp: { secret, digits, period, algorithm }`.
    fn totp(&mut self, node: &Node) -> Option<TotpSpec> {
        let Value::Map(entries) = &node.value else {
            let secret = self.text(node, "`totp`")?;
            return Some(TotpSpec {
                secret,
                digits: None,
                period: None,
                algorithm: None,
            });
        };
        let mut spec = TotpSpec {
            secret: Text::default(),
            digits: None,
            period: None,
            algorithm: None,
        };
        let mut has_secret = false;
        for (key, value) in entries {
            let Some(key) = self.key_text(key) else {
                continue;
            };
            match key.value.as_str() {
                "secret" => {
                    has_secret = true;
                    spec.secret = self.text(value, "`secret`").unwrap_or_default();
                }
                "digits" => match value.value {
                    Value::Int(d @ 6..=8) => spec.digits = u8::try_from(d).ok(),
                    _ => self.push(
                        Diagnostic::new(
                            value.pos,
                            format!("`digits` must be 6, 7 or 8, found {}", describe(value)),
                        )
                        .with_hint("authenticator codes have 6 digits, some 8"),
                    ),
                },
                "period" => match value.value {
                    Value::Int(p) if p > 0 => spec.period = u32::try_from(p).ok(),
                    _ => self.push(
                        Diagnostic::new(
                            value.pos,
                            format!(
                                "`period` must be a number of seconds above 0, found {}",
                                describe(value)
                            ),
                        )
                        .with_hint("codes usually last 30 seconds"),
                    ),
                },
                "algorithm" => {
                    let Some(text) = self.text(value, "`algorithm`") else {
                        continue;
                    };
                    let wanted = text.value.to_ascii_uppercase().replace('-', "");
                    match TotpAlgorithm::ALL.into_iter().find(|a| a.name() == wanted) {
                        Some(a) => spec.algorithm = Some(a),
                        None => self.push(
                            Diagnostic::new(
                                text.pos,
                                format!("unknown TOTP algorithm {:?}", text.value),
                            )
                            .with_hint("expected SHA1, SHA256 or SHA512"),
                        ),
                    }
                }
                _ => self.unknown_key(&key, "`totp`", &["secret", "digits", "period", "algorithm"]),
            }
        }
        if !has_secret {
            self.push(
                Diagnostic::new(node.pos, "`totp` has no `secret`")
                    .with_hint("add `secret: \"${mfa_secret}\"` (a secret param)"),
            );
            return None;
        }
        Some(spec)
    }

    /// `visual: { max_diff_ratio, ignore: [LOCATOR, ...] }`.
    fn visual(&mut self, node: &Node) -> Option<VisualSpec> {
        let entries = self.mapping(node, "`visual`")?;
        let mut spec = VisualSpec::default();
        for (key, value) in entries {
            let Some(key) = self.key_text(key) else {
                continue;
            };
            match key.value.as_str() {
                "max_diff_ratio" => match value.value {
                    Value::Float(r) if (0.0..=1.0).contains(&r) => spec.max_diff_ratio = Some(r),
                    Value::Int(r @ 0..=1) => spec.max_diff_ratio = Some(r as f64),
                    _ => self.push(
                        Diagnostic::new(
                            value.pos,
                            format!(
                                "`max_diff_ratio` must be a share from 0 to 1, found {}",
                                describe(value)
                            ),
                        )
                        .with_hint("e.g. `0.01` lets 1% of the pixels change"),
                    ),
                },
                "ignore" => {
                    if let Some(items) = self.list(value, "`ignore`") {
                        spec.ignore = items.iter().filter_map(|n| self.locator(n)).collect();
                    }
                }
                _ => self.unknown_key(&key, "`visual`", &["max_diff_ratio", "ignore"]),
            }
        }
        Some(spec)
    }

    /// A `handlers` entry: `{ name, when: LOCATOR, steps: [...] }`.
    fn handler(&mut self, node: &Node) -> Option<Handler> {
        let entries = self.mapping(node, "a handler")?;
        let mut name = None;
        let mut when = None;
        let mut steps = None;
        for (key, value) in entries {
            let Some(key) = self.key_text(key) else {
                continue;
            };
            match key.value.as_str() {
                "name" => name = self.text(value, "`name`"),
                "when" => when = self.locator(value),
                "steps" => steps = Some(self.steps(value)),
                _ => self.unknown_key(&key, "a handler", &["name", "when", "steps"]),
            }
        }
        let Some(when) = when else {
            self.push(
                Diagnostic::new(node.pos, "a handler has no `when`").with_hint(
                    "add `when:` with the element that shows the interruption, e.g. `when: { role: dialog, name: \"What's new\" }`",
                ),
            );
            return None;
        };
        let steps = match steps {
            Some(steps) if !steps.is_empty() => steps,
            _ => {
                self.push(
                    Diagnostic::new(node.pos, "a handler has no `steps`")
                        .with_hint("add `steps:` with what dismisses it, e.g. `- click: Close`"),
                );
                return None;
            }
        };
        Some(Handler {
            name,
            when,
            steps,
            pos: node.pos,
        })
    }

    fn dialog(&mut self, node: &Node, kind: StepKind) -> Option<DialogSpec> {
        let action = kind.key();
        let accepts = kind == StepKind::AcceptDialog;
        if matches!(node.value, Value::Null) {
            return Some(DialogSpec::default());
        }
        let entries = self.mapping(node, &format!("`{action}`"))?;
        let mut spec = DialogSpec::default();
        for (key, value) in entries {
            let Some(key) = self.key_text(key) else {
                continue;
            };
            match key.value.as_str() {
                "text" => spec.text = self.text(value, "`text`"),
                "prompt" if accepts => spec.prompt = self.text(value, "`prompt`"),
                _ => {
                    let allowed: &[&str] = if accepts {
                        &["text", "prompt"]
                    } else {
                        &["text"]
                    };
                    self.unknown_key(&key, &format!("`{action}`"), allowed);
                }
            }
        }
        Some(spec)
    }

    fn scope(&mut self, node: &Node) -> Option<Scope> {
        if let Value::Map(entries) = &node.value
            && let [(key, value)] = entries.as_slice()
            && matches!(&key.value, Value::Str(k) if k == "row")
        {
            return Some(Scope::Row {
                row: self.text(value, "`row`")?,
            });
        }
        self.locator(node).map(Scope::Element)
    }

    fn index(&mut self, node: &Node, what: &str) -> Option<u32> {
        match node.value {
            Value::Int(i) if i >= 0 => u32::try_from(i).ok(),
            _ => {
                self.error(
                    node.pos,
                    format!("{what} must be a number from 0, found {}", describe(node)),
                );
                None
            }
        }
    }

    fn duration_text(&mut self, node: &Node) -> Option<Text> {
        let text = self.text(node, "a timeout")?;
        match super::duration::parse_duration(&text.value) {
            Ok(_) => Some(text),
            Err(message) => {
                self.push(
                    Diagnostic::new(text.pos, message)
                        .with_hint("expected e.g. `20s`, `500ms`, `2m` or a number of seconds"),
                );
                None
            }
        }
    }
}

/// Whether a mapping key is this text.
fn is_key(key: &Node, name: &str) -> bool {
    matches!(&key.value, Value::Str(k) if k == name)
}

fn describe(node: &Node) -> String {
    match node.as_scalar_text() {
        Some(s) => format!("`{s}`"),
        None => node.value.kind().to_owned(),
    }
}
