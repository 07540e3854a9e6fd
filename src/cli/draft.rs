//! `clickpath draft ARTICLE`: a runbook drafted from a knowledge-base article.

use std::path::Path;

use super::say;
use crate::article::against::{Finding, Walked, walk};
use crate::article::draft::draft;
use crate::article::phrases::Phrases;
use crate::article::{Article, ArticleFormat, read_article};
use crate::browser::BrowserOptions;
use crate::pipeline::Pipeline;
use crate::run::Exit;
use crate::runbook::plan::{Settings, VarValue};

/// `--against URL` and what goes with it.
pub struct Against {
    /// Where the procedure starts (the draft's `start_url`).
    pub url: String,
    /// `--variant k=v`.
    pub variants: Vec<(String, String)>,
    /// `--var k=v`.
    pub vars: Vec<(String, String)>,
    /// `--headed`.
    pub headed: bool,
}

/// Drafts the runbook, checks that it validates, walks it on the live UI when asked, and writes it
/// (or prints it); says on stderr how many steps it recognized and what the walk found.
pub fn draft_command(
    path: &Path,
    locale: Option<String>,
    out: Option<&Path>,
    against: Option<Against>,
) -> Exit {
    let text = match super::coverage::read_text(path) {
        Ok(t) => t,
        Err(message) => {
            eprintln!("error: {message}");
            return Exit::Usage;
        }
    };
    let name = path.display().to_string();
    let article = read_article(&name, &text, ArticleFormat::guess(&name, &text));
    let locale = locale.unwrap_or_else(|| detect(&article));
    let Some(phrases) = Phrases::for_locale(&locale) else {
        eprintln!(
            "error: no phrase table for locale `{locale}` (clickpath has: {})",
            Phrases::locales().collect::<Vec<_>>().join(", ")
        );
        return Exit::Usage;
    };
    let title = article
        .sections
        .iter()
        .find_map(|s| s.heading.clone())
        .unwrap_or_else(|| {
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "Drafted runbook".to_owned())
        });
    let drafted = draft(&article, &phrases, &title);
    let shown = out.map_or_else(|| "draft.yaml".to_owned(), |o| o.display().to_string());
    // A draft that does not validate would be a defect of the drafter: say so instead of writing it.
    if let Err(e) = Pipeline::from_text(&shown, &drafted.yaml).and_then(|p| p.validate()) {
        eprint!("{}", e.render());
        eprintln!("error: the draft of {name} does not validate (a bug in clickpath draft)");
        return Exit::StepFailed;
    }
    let mut yaml = drafted.yaml.clone();
    if let Some(against) = &against {
        match walk_against(&yaml, against) {
            Ok(walked) => {
                if let Err(e) = Pipeline::from_text(&shown, &walked.yaml).and_then(|p| p.validate())
                {
                    eprint!("{}", e.render());
                    eprintln!(
                        "error: the walked draft does not validate (a bug in clickpath draft --against)"
                    );
                    return Exit::StepFailed;
                }
                yaml = walked.yaml.clone();
                eprintln!("{}", walk_summary(&walked, &against.url));
            }
            Err(message) => {
                eprintln!(
                    "error: cannot walk the draft against {}: {message}",
                    against.url
                );
                return Exit::Environment;
            }
        }
    }
    match out {
        Some(file) => {
            if let Err(e) = std::fs::write(file, &yaml) {
                eprintln!("error: cannot write {}: {e}", file.display());
                return Exit::Environment;
            }
            say(&file.display().to_string());
        }
        None => print!("{yaml}"),
    }
    eprintln!(
        "drafted {} steps from {name} ({locale}): {} recognized, {} left as manual TODOs",
        drafted.steps,
        drafted.recognized,
        drafted.steps - drafted.recognized
    );
    Exit::Passed
}

/// The language whose phrases the article uses most.
fn detect(article: &Article) -> String {
    let sentences = article.sentences();
    Phrases::locales()
        .filter_map(Phrases::for_locale)
        .map(|p| {
            let hits = sentences
                .iter()
                .filter(|s| p.says(&s.text, &p.click) || p.says(&s.text, &p.navigate))
                .count();
            (hits, p.locale)
        })
        .max_by_key(|(hits, _)| *hits)
        .map_or_else(|| "en".to_owned(), |(_, locale)| locale)
}

/// Walks the draft in a fresh browser, starting at `against.url`.
fn walk_against(yaml: &str, against: &Against) -> Result<Walked, String> {
    let mut vars = vec![VarValue {
        name: "start_url".into(),
        value: against.url.clone(),
        secret: false,
    }];
    vars.extend(against.vars.iter().map(|(k, v)| VarValue {
        name: k.clone(),
        value: v.clone(),
        secret: false,
    }));
    let settings = Settings {
        variants: against.variants.clone(),
        vars,
        // A value the article leaves to the operator (a reason to pick) may be missing: its step
        // is looked for all the same.
        allow_missing: true,
        ..Settings::default()
    };
    let options = BrowserOptions {
        headed: against.headed,
        ..BrowserOptions::default()
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    runtime.block_on(walk(yaml, &settings, &options))
}

/// One line on what the walk found.
fn walk_summary(walked: &Walked, url: &str) -> String {
    let scoped = walked.count(|f| f.scope().is_some());
    let proven = walked.count(|f| matches!(f, Finding::Proven(_)));
    let missing = walked.count(|f| matches!(f, Finding::Missing(_)));
    let failed = walked.count(|f| matches!(f, Finding::Failed(_)));
    format!(
        "walked {} steps against {url}: {} found ({scoped} given a scope, {proven} destructive proven and not performed), {missing} missing, {failed} failed, {} not reached",
        walked.findings.len(),
        walked.located(),
        walked.unreached
    )
}
