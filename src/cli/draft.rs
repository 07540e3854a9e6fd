//! `clickpath draft ARTICLE`: a runbook drafted from a knowledge-base article.

use std::path::Path;

use super::say;
use crate::article::draft::draft;
use crate::article::phrases::Phrases;
use crate::article::{Article, ArticleFormat, read_article};
use crate::pipeline::Pipeline;
use crate::run::Exit;

/// Drafts the runbook, checks that it validates, and writes it (or prints it); says on stderr how
/// many steps it recognized.
pub fn draft_command(path: &Path, locale: Option<String>, out: Option<&Path>) -> Exit {
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
    match out {
        Some(file) => {
            if let Err(e) = std::fs::write(file, &drafted.yaml) {
                eprintln!("error: cannot write {}: {e}", file.display());
                return Exit::Environment;
            }
            say(&file.display().to_string());
        }
        None => print!("{}", drafted.yaml),
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
