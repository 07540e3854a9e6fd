//! `clickpath coverage RUNBOOK ARTICLE`: how well the runbook implements its article.

use std::path::Path;

use super::say;
use crate::article::coverage::{Coverage, Verdict, coverage};
use crate::article::phrases::Phrases;
use crate::article::{ArticleFormat, read_article};
use crate::pipeline::Pipeline;
use crate::run::Exit;
use crate::runbook::LoadError;
use crate::runbook::plan::Settings;

/// Compares the runbook's `doc:` sentences and UI words with the article; exit 1 unless every
/// instruction is covered and no UI word disagrees.
pub fn coverage_command(
    runbook: &Path,
    article: &Path,
    locale: Option<String>,
    variants: &[(String, String)],
    json: bool,
) -> Exit {
    let pipeline = match Pipeline::read(runbook) {
        Ok(p) => p,
        Err(e) => return super::usage(&e),
    };
    let locale = locale
        .or_else(|| pipeline.runbook.locale.as_ref().map(|l| l.value.clone()))
        .unwrap_or_else(|| "en".to_owned());
    let result = match compute(&pipeline, article, &locale, variants) {
        Ok(result) => result,
        Err(Problem::Runbook(e)) => return super::usage(&e),
        Err(Problem::Input(message)) => {
            eprintln!("error: {message}");
            return Exit::Usage;
        }
    };
    if json {
        match serde_json::to_string_pretty(&result) {
            Ok(text) => say(&text),
            Err(e) => {
                eprintln!("error: {e}");
                return Exit::StepFailed;
            }
        }
    } else {
        say(&render(&result));
    }
    if result.complete() {
        Exit::Passed
    } else {
        Exit::StepFailed
    }
}

/// Why a coverage could not be computed.
pub enum Problem {
    /// The runbook does not plan.
    Runbook(LoadError),
    /// The article cannot be read, or its language has no phrase table.
    Input(String),
}

/// The coverage of the article at `path` (in `locale`) by the runbook's steps: those of the variants
/// given, or of every variant in that locale.
pub fn compute(
    pipeline: &Pipeline,
    path: &Path,
    locale: &str,
    variants: &[(String, String)],
) -> Result<Coverage, Problem> {
    let text = read_text(path).map_err(Problem::Input)?;
    let name = path.display().to_string();
    let article = read_article(&name, &text, ArticleFormat::guess(&name, &text));
    let phrases = Phrases::for_locale(locale).ok_or_else(|| {
        Problem::Input(format!(
            "no phrase table for locale `{locale}` (clickpath has: {})",
            Phrases::locales().collect::<Vec<_>>().join(", ")
        ))
    })?;
    let base = Settings {
        locale: Some(locale.to_owned()),
        variants: variants.to_vec(),
        allow_missing: true,
        ..Settings::default()
    };
    // Without --variant, every variant's steps in this locale: the article describes them all.
    let plans = if variants.is_empty() {
        pipeline
            .matrix(&base)
            .map(|plans| plans.into_iter().filter(|p| p.locale == locale).collect())
    } else {
        pipeline.plan(&base).map(|p| vec![p])
    }
    .map_err(Problem::Runbook)?;
    Ok(coverage(&article, &plans, &phrases))
}

/// The article's text (see [`crate::article::read::read_text`]).
pub fn read_text(path: &Path) -> Result<String, String> {
    crate::article::read::read_text(path)
}

/// A line per instruction (✓ covered, ~ reworded or left out with `[...]`, ✗ missing or
/// disagreeing), the stale steps, then `coverage: N/M instructions (P%)`.
pub fn render(c: &Coverage) -> String {
    let mut out = String::new();
    let mut section: Option<&str> = None;
    for row in &c.rows {
        if row.section.as_deref() != section {
            section = row.section.as_deref();
            if let Some(s) = section {
                out.push_str(&format!("\n{s}\n"));
            }
        }
        let steps = match row.steps.as_slice() {
            [] => String::new(),
            [one] => format!(" (step {one})"),
            many => format!(
                " (steps {})",
                many.iter()
                    .map(|n| n.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let line = if row.line > 0 {
            format!("{:>4}  ", row.line)
        } else {
            String::new()
        };
        let (mark, note) = match &row.verdict {
            Verdict::Covered => ("✓", String::new()),
            Verdict::Elided => ("~", "\n        left out with [...]".to_owned()),
            Verdict::Reworded {
                runbook,
                similarity,
            } => (
                "~",
                format!("\n        the runbook says: {runbook:?} ({similarity:.2})"),
            ),
            Verdict::Missing => ("✗", "\n        no step implements it".to_owned()),
            Verdict::OutOfOrder { after } => (
                "✗",
                format!(
                    "\n        its step comes before the step of {after:?}, which the article puts first"
                ),
            ),
            Verdict::Disagrees { article, runbook } => (
                "✗",
                format!(
                    "\n        the article says '{article}', the steps use {}",
                    runbook
                        .iter()
                        .map(|w| format!("'{w}'"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
        };
        out.push_str(&format!("{mark} {line}{}{steps}{note}\n", row.sentence));
    }
    if !c.stale.is_empty() {
        out.push_str("\nsteps whose doc: is not in the article\n");
        for s in &c.stale {
            out.push_str(&format!(
                "✗ step {} (runbook line {}): {:?}\n",
                s.step, s.line, s.doc
            ));
        }
    }
    let percent = (c.covered * 100).checked_div(c.total).unwrap_or(100);
    out.push_str(&format!(
        "\ncoverage: {}/{} instructions ({percent}%)",
        c.covered, c.total
    ));
    out
}

/// One line on the coverage of a runbook's own article, for `validate`.
pub fn summary(c: &Coverage) -> String {
    let count = |f: &dyn Fn(&Verdict) -> bool| c.rows.iter().filter(|r| f(&r.verdict)).count();
    let missing = count(&|v| matches!(v, Verdict::Missing));
    let disagreeing = count(&|v| matches!(v, Verdict::Disagrees { .. }));
    let unordered = count(&|v| matches!(v, Verdict::OutOfOrder { .. }));
    let mut parts = vec![format!("{}/{} instructions", c.covered, c.total)];
    for (n, what) in [
        (missing, "missing"),
        (disagreeing, "naming other UI words"),
        (unordered, "out of order"),
        (c.stale.len(), "stale steps"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {what}"));
        }
    }
    parts.join(", ")
}
