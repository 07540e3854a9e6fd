//! `clickpath draft --against URL`: the draft walked on the live UI before it is written. Each step's
//! element is looked for with the runner's own engine; a step that finds it is performed (never a
//! destructive one) so the next screen is reached; an ambiguous target gets the narrowest scope that
//! picks one match (a dialog's first), a missing one a TODO with the labels the page shows instead.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::browser::page::Page;
use crate::browser::{Browser, BrowserOptions};
use crate::locate::{Answer, ScopeHint, explain, wanted_text};
use crate::pipeline::Pipeline;
use crate::run::actions::{Split, perform, survey, verify};
use crate::runbook::plan::{
    PlannedAction, PlannedPick, PlannedStep, ResolvedLocator, ResolvedScope, Settings,
};

/// How long each look at a drafted step's element lasts: a draft's word that is not on the page
/// should cost little.
const LOOK: Duration = Duration::from_secs(4);

/// What the walk found for one drafted step.
#[derive(Debug, Clone, PartialEq)]
pub enum Finding {
    /// Found and performed; with the scope it needed, if any.
    Located(Option<Scoped>),
    /// A destructive step whose element was found and not acted on; with the scope it needed.
    Proven(Option<Scoped>),
    /// Not on the page; the labels the page shows nearest to it.
    Missing(String),
    /// Found, but the action failed.
    Failed(String),
    /// A list whose option comes from a param no value was given for: the page's options become
    /// the param's choices (the first its default), and the walk went on with that one.
    Chose {
        /// The param.
        param: String,
        /// The page's options, in order.
        options: Vec<String>,
    },
}

impl Finding {
    /// The scope the step needed, if any.
    pub fn scope(&self) -> Option<&Scoped> {
        match self {
            Finding::Located(s) | Finding::Proven(s) => s.as_ref(),
            Finding::Missing(_) | Finding::Failed(_) | Finding::Chose { .. } => None,
        }
    }
}

/// A scope an ambiguous target needed, which the draft now names.
#[derive(Debug, Clone, PartialEq)]
pub struct Scoped {
    /// As the runbook writes it: `within: { row: "HubSpot Integration" }`.
    pub within: String,
    /// The scopes of the other matches, when the choice was a guess (no dialog on top said which).
    pub others: Vec<String>,
}

/// The walk: the draft with what it found written in, and the counts.
#[derive(Debug, Clone, Default)]
pub struct Walked {
    /// The runbook, with `within:` scopes and TODO comments added.
    pub yaml: String,
    /// What each walked step found, by its line in the draft.
    pub findings: BTreeMap<u32, Finding>,
    /// Steps of the plan the walk did not reach (after a destructive step, with no later section
    /// starting afresh).
    pub unreached: usize,
}

impl Walked {
    /// How many walked steps found their element (scoped or not, destructive or not).
    pub fn located(&self) -> usize {
        self.findings
            .values()
            .filter(|f| {
                matches!(
                    f,
                    Finding::Located(_) | Finding::Proven(_) | Finding::Chose { .. }
                )
            })
            .count()
    }

    /// How many findings are of this kind.
    pub fn count(&self, kind: fn(&Finding) -> bool) -> usize {
        self.findings.values().filter(|f| kind(f)).count()
    }
}

/// Walks the draft (`yaml`) as planned for `settings` in a fresh browser and writes what it found
/// into it. An error is a sentence for the operator (the draft does not plan, no browser).
pub async fn walk(
    yaml: &str,
    settings: &Settings,
    options: &BrowserOptions,
) -> Result<Walked, String> {
    let pipeline = Pipeline::from_text("draft.yaml", yaml).map_err(|e| e.render())?;
    let plan = pipeline.plan(settings).map_err(|e| e.render())?;
    let options = BrowserOptions {
        language: options
            .language
            .clone()
            .or_else(|| Some(plan.locale.clone())),
        ..options.clone()
    };
    let browser = Browser::launch(&options).await.map_err(|e| e.to_string())?;
    let walked = match Page::new(&browser).await {
        Ok(mut page) => Ok(walk_steps(&mut page, &plan.steps, &plan.independent_starts).await),
        Err(e) => Err(e.to_string()),
    };
    browser.close().await;
    let (findings, unreached) = walked?;
    Ok(Walked {
        yaml: annotate(yaml, &findings),
        findings,
        unreached,
    })
}

async fn walk_steps(
    page: &mut Page<'_>,
    steps: &[PlannedStep],
    fresh_starts: &[usize],
) -> (BTreeMap<u32, Finding>, usize) {
    let mut findings = BTreeMap::new();
    let mut i = 0;
    while i < steps.len() {
        let step = &steps[i];
        let finding = walk_step(page, step).await;
        let stop = matches!(finding, Some(Finding::Proven(_)) | Some(Finding::Failed(_)));
        if let Some(f) = finding {
            findings.insert(step.line, f);
        }
        if stop {
            // The screens after a destructive step (or a failed action) cannot be reached: go on
            // from the next section that opens its own page.
            match fresh_starts.iter().find(|&&s| s > i) {
                Some(&next) => i = next,
                None => return (findings, steps.len() - i - 1),
            }
        } else {
            i += 1;
        }
    }
    (findings, 0)
}

async fn walk_step(page: &mut Page<'_>, step: &PlannedStep) -> Option<Finding> {
    let mut split = Split::default();
    let quick = PlannedStep {
        timeout: step.timeout.min(LOOK),
        ..step.clone()
    };
    match &step.action {
        PlannedAction::Goto { .. } => Some(match perform(page, step, &mut split).await {
            Ok(_) => Finding::Located(None),
            Err(e) => Finding::Failed(e.to_string()),
        }),
        PlannedAction::Expect { .. } | PlannedAction::Wait { .. } => {
            Some(match perform(page, &quick, &mut split).await {
                Ok(_) => Finding::Located(None),
                Err(e) => Finding::Missing(e.to_string()),
            })
        }
        // Nothing a look can settle: the operator's steps, extra screenshots, dialogs and bare keys.
        PlannedAction::Manual { .. }
        | PlannedAction::Screenshot { .. }
        | PlannedAction::AcceptDialog { .. }
        | PlannedAction::DismissDialog { .. }
        | PlannedAction::Press { target: None, .. } => None,
        PlannedAction::Click { .. }
        | PlannedAction::DoubleClick { .. }
        | PlannedAction::Hover { .. }
        | PlannedAction::Fill { .. }
        | PlannedAction::Press {
            target: Some(_), ..
        }
        | PlannedAction::Check { .. }
        | PlannedAction::Uncheck { .. }
        | PlannedAction::Choose { .. }
        | PlannedAction::Select { .. } => Some(element_step(page, step, &quick).await),
    }
}

/// A step with an element: looked for, scoped when ambiguous, then performed or only proven.
async fn element_step(page: &mut Page<'_>, step: &PlannedStep, quick: &PlannedStep) -> Finding {
    let answer = match survey(page, quick, quick.timeout).await {
        Ok(Some(a)) => a,
        Ok(None) => return Finding::Located(None),
        Err(e) => return Finding::Failed(e.to_string()),
    };
    if let Some(finding) = choose_for_missing_value(page, step, &answer).await {
        return finding;
    }
    let has_scope = step.action.target().is_some_and(|t| t.within.is_some());
    let (chosen, scoped) = if answer.ok {
        (step.clone(), None)
    } else if let Some((hint, guessed)) = pick_hint(&answer).filter(|_| !has_scope) {
        let mut scoped_step = step.clone();
        if let Some(target) = scoped_step.action.target_mut() {
            target.within = Some(scope_of(hint));
        }
        let others: Vec<String> = if guessed {
            answer
                .scopes
                .iter()
                .filter(|h| *h != hint)
                .map(|h| h.within.yaml())
                .collect()
        } else {
            Vec::new()
        };
        let scope = Scoped {
            within: hint.within.yaml(),
            others,
        };
        (scoped_step, Some(scope))
    } else {
        let wanted = step
            .action
            .target()
            .and_then(|t| wanted_text(&t.locator))
            .map(str::to_owned);
        return Finding::Missing(missing_text(&answer, wanted.as_deref()));
    };
    let mut split = Split::default();
    let done = if step.destructive {
        verify(page, &chosen, &mut split).await
    } else {
        perform(page, &chosen, &mut split).await
    };
    match (done, scoped) {
        (Err(e), _) => Finding::Failed(e.to_string()),
        (Ok(_), scope) if step.destructive => Finding::Proven(scope),
        (Ok(_), scope) => Finding::Located(scope),
    }
}

/// A `select` whose option is a param given no value (`<reason>`) cannot match: the page's options
/// are what the param can be. The first real one (not a "--None--" placeholder) is chosen so the
/// walk reaches the next screen.
async fn choose_for_missing_value(
    page: &mut Page<'_>,
    step: &PlannedStep,
    answer: &Answer,
) -> Option<Finding> {
    let PlannedAction::Select {
        pick: PlannedPick::Option(wanted),
        ..
    } = &step.action
    else {
        return None;
    };
    let param = wanted.strip_prefix('<')?.strip_suffix('>')?.to_owned();
    if answer.reason.as_deref() != Some("no_option") {
        return None;
    }
    let mut options: Vec<String> = answer
        .options
        .iter()
        .filter(|o| !o.trim().is_empty() && !o.trim_start().starts_with('-'))
        .cloned()
        .collect();
    // The first option that can be chosen: a prompt such as "Select a reason" is often a disabled
    // first option, and is no choice.
    let mut last_error = None;
    for _ in 0..options.len().min(5) {
        let mut chosen = step.clone();
        if let PlannedAction::Select { pick, .. } = &mut chosen.action {
            *pick = PlannedPick::Option(options[0].clone());
        }
        let mut split = Split::default();
        match perform(page, &chosen, &mut split).await {
            Ok(_) => return Some(Finding::Chose { param, options }),
            Err(e) => {
                last_error = Some(e.to_string());
                options.remove(0);
            }
        }
    }
    Some(Finding::Failed(last_error.unwrap_or_else(|| {
        format!("the list offers no option for `{param}`")
    })))
}

/// The scope to take for an ambiguous target: the match in a dialog (what a user sees on top), else
/// the first match that has one; and whether that was a guess.
fn pick_hint(answer: &Answer) -> Option<(&ScopeHint, bool)> {
    if answer.reason.as_deref() != Some("ambiguous") {
        return None;
    }
    let in_dialog = |h: &&ScopeHint| {
        matches!(
            h.within.role.as_deref(),
            Some("dialog") | Some("alertdialog")
        )
    };
    let dialogs: Vec<&ScopeHint> = answer.scopes.iter().filter(in_dialog).collect();
    match dialogs.as_slice() {
        [one] => Some((one, false)),
        _ => answer
            .scopes
            .first()
            .map(|first| (first, answer.scopes.len() > 1)),
    }
}

fn scope_of(hint: &ScopeHint) -> ResolvedScope {
    match (&hint.within.row, &hint.within.role) {
        (Some(row), _) => ResolvedScope::Row { row: row.clone() },
        (None, role) => ResolvedScope::Element(ResolvedLocator::Role {
            role: role.clone().unwrap_or_default(),
            name: hint.within.name.clone(),
        }),
    }
}

/// Why a target is not there, for its TODO: the script's sentence and the nearest labels.
fn missing_text(answer: &Answer, wanted: Option<&str>) -> String {
    let miss = explain(answer, wanted);
    let nearest = miss.details.iter().find(|d| d.starts_with("nearest: "));
    match nearest {
        Some(n) => format!("{}; {n}", miss.summary),
        None => miss.summary,
    }
}

/// The draft with the findings written in: a `within:` under a scoped step's action line, a TODO
/// comment above a step whose element is missing or whose action failed.
pub fn annotate(yaml: &str, findings: &BTreeMap<u32, Finding>) -> String {
    let mut out = String::with_capacity(yaml.len() + 64 * findings.len());
    let choices: BTreeMap<&str, &[String]> = findings
        .values()
        .filter_map(|f| match f {
            Finding::Chose { param, options } => Some((param.as_str(), options.as_slice())),
            _ => None,
        })
        .collect();
    for (n, line) in yaml.lines().enumerate() {
        if let Some(with_choices) = param_with_choices(line, &choices) {
            out.push_str(&with_choices);
            out.push('\n');
            continue;
        }
        let number = n as u32 + 1;
        let finding = findings.get(&number);
        let indent = line.len() - line.trim_start().len();
        let comment = |text: &str| {
            let one_line = text.lines().next().unwrap_or_default().replace('\t', " ");
            format!("{:indent$}# TODO(against): {one_line}\n", "")
        };
        let scope = finding.and_then(Finding::scope);
        if let Some(Scoped { others, .. }) = scope.filter(|s| !s.others.is_empty()) {
            let others: Vec<String> = others.iter().map(|o| format!("`{o}`")).collect();
            out.push_str(&comment(&format!(
                "{} elements match; the scope below picks the first, the others are {}",
                others.len() + 1,
                others.join(", ")
            )));
        }
        match finding {
            Some(Finding::Missing(why)) => out.push_str(&comment(why)),
            Some(Finding::Failed(why)) => out.push_str(&comment(&format!("found, but: {why}"))),
            _ => {}
        }
        out.push_str(line);
        out.push('\n');
        if let Some(Scoped { within, .. }) = scope {
            // The step's keys sit two columns right of its dash.
            out.push_str(&format!("{:width$}{within}\n", "", width = indent + 2));
        }
    }
    out
}

/// A drafted param line (`  reason: { required: true, description: "…" }`) given the page's
/// options as its choices, the first its default.
fn param_with_choices(line: &str, choices: &BTreeMap<&str, &[String]>) -> Option<String> {
    let indent = line.len() - line.trim_start().len();
    let (name, rest) = line.trim_start().split_once(": { required: true")?;
    let options = choices.get(name)?;
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""));
    let list: Vec<String> = options.iter().map(|o| quote(o)).collect();
    Some(format!(
        "{:indent$}{name}: {{ default: {}, choices: [{}]{rest}",
        "",
        quote(&options[0]),
        list.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_param_the_page_chose_for_gets_its_options_as_choices() {
        let yaml = "params:\n  reason: { required: true, description: \"why\" }\nsteps:\n  - select: { role: combobox, option: \"${reason}\" }\n";
        let mut findings = BTreeMap::new();
        findings.insert(
            4,
            Finding::Chose {
                param: "reason".into(),
                options: vec!["Altro".into(), "Costo".into()],
            },
        );
        assert_eq!(
            annotate(yaml, &findings),
            "params:\n  reason: { default: \"Altro\", choices: [\"Altro\", \"Costo\"], description: \"why\" }\nsteps:\n  - select: { role: combobox, option: \"${reason}\" }\n"
        );
    }

    #[test]
    fn findings_become_scopes_and_todos_at_their_steps() {
        let yaml = "steps:\n  - click: \"@a\"\n    doc: \"A.\"\n  - click: \"@b\"\n";
        let mut findings = BTreeMap::new();
        findings.insert(
            2,
            Finding::Located(Some(Scoped {
                within: "within: { role: dialog }".into(),
                others: Vec::new(),
            })),
        );
        findings.insert(
            4,
            Finding::Missing("Nothing matches text \"B\"; nearest: 'Bee' 0.80".into()),
        );
        assert_eq!(
            annotate(yaml, &findings),
            "steps:\n  - click: \"@a\"\n    within: { role: dialog }\n    doc: \"A.\"\n  \
             # TODO(against): Nothing matches text \"B\"; nearest: 'Bee' 0.80\n  - click: \"@b\"\n"
        );
    }
}
