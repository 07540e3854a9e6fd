//! The Documentation view of a run: the article its runbook names for the run's locale, in the
//! article's order, each instruction with what this run showed of it (verified, drifted, failed, not
//! covered, another variant's, not reached) and the screenshot that shows it.
//!
//! What can be known before the run (which steps implement which sentence) is worked out once, from
//! the article and the plan ([`DocPlan`]); the statuses are read from the step reports whenever
//! `report.json` is written ([`DocPlan::resolve`]), so a report cut short by a crash is still true.

use std::collections::BTreeMap;

use super::model::{
    DocBlock, DocSection, DocSentence, DocStatus, Documentation, RunReport, RunStatus, StepReport,
    StepStatus,
};
use crate::article::Article;
use crate::article::coverage::{Coverage, Verdict, is_subsection, words_of};
use crate::article::sentences::split;
use crate::runbook::plan::Plan;

/// Below this similarity the page's nearest label is another control, not the one renamed.
const DRIFT: f64 = 0.5;

/// The article and which steps implement each of its instructions, for one run.
#[derive(Debug, Clone)]
pub struct DocPlan {
    locale: String,
    article: String,
    error: Option<String>,
    sections: Vec<PlanSection>,
    /// What each step looks for on the page (by step index), for "the article says X".
    wanted: BTreeMap<usize, String>,
}

#[derive(Debug, Clone)]
struct PlanSection {
    heading: Option<String>,
    blocks: Vec<PlanBlock>,
}

#[derive(Debug, Clone)]
struct PlanBlock {
    item: bool,
    subsection: bool,
    line: usize,
    sentences: Vec<PlanSentence>,
}

#[derive(Debug, Clone)]
struct PlanSentence {
    text: String,
    /// For an instruction: its steps in this run, whether another variant has steps for it, and
    /// what coverage found amiss.
    instruction: Option<Instruction>,
}

#[derive(Debug, Clone)]
struct Instruction {
    steps: Vec<usize>,
    other_variant: bool,
    caveat: Option<String>,
}

impl DocPlan {
    /// The plan of an article named `article` (as the runbook writes its path) for a run of `plan`:
    /// `run` is the coverage by that run's steps, `all` by every variant's in the same locale.
    pub fn new(
        article_name: &str,
        doc: &Article,
        plan: &Plan,
        run: &Coverage,
        all: &Coverage,
    ) -> Self {
        let mut rows = run.rows.iter().zip(&all.rows);
        let mut sections = Vec::new();
        for section in &doc.sections {
            let mut blocks = Vec::new();
            for line in &section.lines {
                let mut sentences = Vec::new();
                let mut subsection = false;
                for text in split(&line.text) {
                    let instruction = if line.item && !is_subsection(&text) {
                        rows.next().map(|(row, any)| Instruction {
                            steps: row.steps.clone(),
                            other_variant: row.steps.is_empty() && !any.steps.is_empty(),
                            caveat: caveat(&row.verdict),
                        })
                    } else {
                        subsection |= line.item;
                        None
                    };
                    sentences.push(PlanSentence { text, instruction });
                }
                blocks.push(PlanBlock {
                    item: line.item,
                    subsection: subsection && sentences.iter().all(|s| s.instruction.is_none()),
                    line: line.line,
                    sentences,
                });
            }
            sections.push(PlanSection {
                heading: section.heading.clone(),
                blocks,
            });
        }
        let wanted = plan
            .steps
            .iter()
            .filter_map(|s| words_of(&s.action).into_iter().next().map(|w| (s.index, w)))
            .collect();
        DocPlan {
            locale: plan.locale.clone(),
            article: article_name.to_owned(),
            error: None,
            sections,
            wanted,
        }
    }

    /// An article the run cannot read: the report says why instead of verifying it.
    pub fn unreadable(locale: &str, article_name: &str, error: String) -> Self {
        DocPlan {
            locale: locale.to_owned(),
            article: article_name.to_owned(),
            error: Some(error),
            sections: Vec::new(),
            wanted: BTreeMap::new(),
        }
    }

    /// The article with each instruction's status as the report's steps now stand.
    pub fn resolve(&self, report: &RunReport) -> Documentation {
        let mut instructions = 0;
        let mut verified = 0;
        let sections = self
            .sections
            .iter()
            .map(|section| DocSection {
                heading: section.heading.clone(),
                blocks: section
                    .blocks
                    .iter()
                    .map(|block| DocBlock {
                        item: block.item,
                        subsection: block.subsection,
                        line: block.line,
                        sentences: block
                            .sentences
                            .iter()
                            .map(|s| {
                                let sentence = self.sentence(s, report);
                                if s.instruction.is_some() {
                                    instructions += 1;
                                }
                                if sentence.status == Some(DocStatus::Verified) {
                                    verified += 1;
                                }
                                sentence
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect();
        Documentation {
            locale: self.locale.clone(),
            article: self.article.clone(),
            error: self.error.clone(),
            instructions,
            verified,
            sections,
        }
    }

    fn sentence(&self, s: &PlanSentence, report: &RunReport) -> DocSentence {
        let mut out = DocSentence {
            text: s.text.clone(),
            status: None,
            steps: Vec::new(),
            screenshot: None,
            annotated: None,
            article_says: None,
            page_shows: None,
            note: None,
        };
        let Some(instruction) = &s.instruction else {
            return out;
        };
        out.steps = instruction.steps.clone();
        let steps: Vec<&StepReport> = instruction
            .steps
            .iter()
            .filter_map(|i| report.steps.iter().find(|s| s.index == *i))
            .collect();
        if steps.is_empty() {
            let (status, note) = if instruction.other_variant {
                (
                    DocStatus::OtherVariant,
                    format!(
                        "its steps belong to another variant than this run's ({})",
                        variants(report)
                    ),
                )
            } else {
                (
                    DocStatus::NotCovered,
                    "no step of the runbook implements it".to_owned(),
                )
            };
            out.status = Some(status);
            out.note = Some(note);
            return out;
        }
        let shot = |out: &mut DocSentence, step: &StepReport| {
            out.screenshot = step.screenshot.clone();
            out.annotated = step.annotated.clone();
        };
        if let Some(failed) = steps.iter().find(|s| s.status == StepStatus::Failed) {
            shot(&mut out, failed);
            let error = failed.error.as_deref().unwrap_or("no reason was recorded");
            match (self.wanted.get(&failed.index), nearest(error)) {
                (Some(wanted), Some((label, score))) if score >= DRIFT => {
                    out.status = Some(DocStatus::Drifted);
                    out.note = Some(format!(
                        "the article says '{wanted}', the page shows '{label}' (step {})",
                        failed.index
                    ));
                    out.article_says = Some(wanted.clone());
                    out.page_shows = Some(label);
                }
                _ => {
                    out.status = Some(DocStatus::Failed);
                    out.note = Some(format!("step {} failed: {error}", failed.index));
                }
            }
            return out;
        }
        let done = |s: &&&StepReport| {
            matches!(
                s.status,
                StepStatus::Passed | StepStatus::Verified | StepStatus::Skipped
            )
        };
        if steps.iter().all(|s| done(&s)) {
            out.status = Some(DocStatus::Verified);
            if let Some(last) = steps.iter().rev().find(|s| s.screenshot.is_some()) {
                shot(&mut out, last);
            }
            let mut notes: Vec<String> = Vec::new();
            if let Some(proven) = steps.iter().find(|s| s.status == StepStatus::Verified) {
                notes.push(format!(
                    "step {} cannot be undone: it was proven on the page, not performed",
                    proven.index
                ));
            }
            for skipped in steps.iter().filter(|s| s.status == StepStatus::Skipped) {
                notes.push(format!("optional step {} missed", skipped.index));
            }
            notes.extend(instruction.caveat.clone());
            out.note = (!notes.is_empty()).then(|| notes.join("; "));
            return out;
        }
        out.status = Some(DocStatus::NotReached);
        let first = steps.iter().find(|s| !done(s)).map_or(0, |s| s.index);
        out.note = Some(why_not_reached(report, first));
        out
    }
}

/// What coverage found amiss in an instruction its steps implement.
fn caveat(verdict: &Verdict) -> Option<String> {
    match verdict {
        Verdict::Covered | Verdict::Elided | Verdict::Missing => None,
        Verdict::Reworded { runbook, .. } => Some(format!("the runbook words it {runbook:?}")),
        Verdict::OutOfOrder { after } => Some(format!(
            "its step comes before the step of {after:?}, which the article puts first"
        )),
        Verdict::Disagrees { article, runbook } => Some(format!(
            "the article says '{article}', the steps use {}",
            runbook
                .iter()
                .map(|w| format!("'{w}'"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

fn variants(report: &RunReport) -> String {
    let v: Vec<String> = report
        .variants
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    if v.is_empty() {
        "its values".to_owned()
    } else {
        v.join(", ")
    }
}

/// Why the run never got to step `index`.
fn why_not_reached(report: &RunReport, index: usize) -> String {
    let before: Vec<&StepReport> = report.steps.iter().filter(|s| s.index < index).collect();
    if let Some(s) = before.iter().find(|s| s.status == StepStatus::Failed) {
        return format!("the run stopped at step {}, which failed", s.index);
    }
    if let Some(s) = report
        .steps
        .iter()
        .find(|s| s.status == StepStatus::Blocked)
    {
        return format!(
            "the run stopped before step {}: it cannot be undone and was not confirmed",
            s.index
        );
    }
    if let Some(s) = before
        .iter()
        .rev()
        .find(|s| s.status == StepStatus::Verified)
    {
        return format!(
            "check stops at step {} (it cannot be undone: proven, not performed); what depends on it does not run",
            s.index
        );
    }
    match report.status {
        RunStatus::Running => "not run yet".to_owned(),
        RunStatus::Interrupted => "the run was interrupted first".to_owned(),
        RunStatus::Error => "the browser or its driver went away first".to_owned(),
        RunStatus::Passed | RunStatus::Failed | RunStatus::Blocked => {
            "its steps did not run".to_owned()
        }
    }
}

/// The page's nearest label and its similarity, from a miss's `nearest: 'X' 0.81, …`.
fn nearest(error: &str) -> Option<(String, f64)> {
    let (_, rest) = error.split_once("nearest: '")?;
    // The label ends at the quote followed by its score.
    let mut from = 0;
    while let Some(at) = rest[from..].find("' ").map(|i| i + from) {
        let after = &rest[at + 2..];
        let score: String = after
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        if let Ok(score) = score.parse::<f64>() {
            return Some((rest[..at].to_owned(), score));
        }
        from = at + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_nearest_label_of_a_miss() {
        assert_eq!(
            nearest(
                "'Proceed': Nothing matches text \"Proceed\"; nearest: 'Continue' 0.62, 'Cancel' 0.41 (searched 1 document)"
            ),
            Some(("Continue".to_owned(), 0.62))
        );
        assert_eq!(
            nearest("…; nearest: 'It' s fine' 0.70"),
            Some(("It' s fine".to_owned(), 0.70))
        );
        assert_eq!(nearest("expected text 'x': timed out"), None);
    }
}
