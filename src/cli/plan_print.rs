//! `clickpath plan`: the resolved step list, as text or JSON.

use super::say;
use crate::run::Exit;
use crate::runbook::plan::Plan;

/// Prints the plan; secrets never show.
pub fn print_plan(plan: &Plan, json: bool) -> Exit {
    if json {
        return match serde_json::to_string_pretty(plan) {
            Ok(text) => {
                say(&plan.redactor.redact(&text));
                Exit::Passed
            }
            Err(e) => {
                eprintln!("error: {e}");
                Exit::StepFailed
            }
        };
    }
    let variants: Vec<String> = plan
        .variants
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    say(&format!(
        "{} (locale {}{})",
        plan.runbook,
        plan.locale,
        if variants.is_empty() {
            String::new()
        } else {
            format!(", {}", variants.join(", "))
        }
    ));
    let mut section = "";
    let width = plan.steps.len().to_string().len();
    for step in &plan.steps {
        if step.section != section {
            section = &step.section;
            say(&format!("\n  {section}"));
        }
        let flags = [
            (step.destructive, " [destructive]"),
            (step.optional, " [optional]"),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, t)| *t)
        .collect::<String>();
        say(&format!(
            "  {:>width$}. {}{flags}",
            step.index,
            plan.redactor.redact(&step.name)
        ));
    }
    if !plan.skipped_sections.is_empty() {
        say(&format!(
            "\n  not in this variant: {}",
            plan.skipped_sections.join("; ")
        ));
    }
    Exit::Passed
}
