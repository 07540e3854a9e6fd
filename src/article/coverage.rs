//! How well a runbook implements its article: each instruction sentence paired with the steps whose
//! `doc:` quotes it (as written, reworded, or left out with `[...]`), the UI words the sentence names
//! checked against what those steps click, and the steps whose `doc:` the article no longer has.

use serde::Serialize;

use super::phrases::Phrases;
use super::sentences::{normal, split};
use super::{Article, Sentence};
use crate::runbook::plan::{Plan, PlannedAction, PlannedCheck};

/// Below this similarity two sentences are different sentences, not one reworded.
const REWORDED: f64 = 0.75;

/// What the runbook makes of one instruction of the article.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    /// A step's `doc:` quotes it.
    Covered,
    /// A step's `doc:` says it in other words.
    Reworded {
        /// The runbook's wording.
        runbook: String,
        /// How alike the two are (0–1).
        similarity: f64,
    },
    /// An entry of a list that a step quotes in part, marking the rest `[...]`.
    Elided,
    /// No step implements it.
    Missing,
    /// A step implements it, but before the step of an instruction the article puts earlier.
    OutOfOrder {
        /// The earlier instruction whose step comes later in the runbook.
        after: String,
    },
    /// Steps implement it, but not with the UI words it names.
    Disagrees {
        /// What the article names.
        article: String,
        /// What the steps use instead.
        runbook: Vec<String>,
    },
}

impl Verdict {
    /// Whether the instruction counts as covered.
    pub fn covered(&self) -> bool {
        match self {
            Verdict::Covered | Verdict::Reworded { .. } | Verdict::Elided => true,
            Verdict::Missing | Verdict::OutOfOrder { .. } | Verdict::Disagrees { .. } => false,
        }
    }
}

/// One instruction sentence and its verdict.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The sentence as the article writes it.
    pub sentence: String,
    /// Its line in the article (0 where the format has none, HTML).
    pub line: usize,
    /// The section's heading.
    pub section: Option<String>,
    /// The numbers of the steps that implement it.
    pub steps: Vec<usize>,
    /// The verdict.
    #[serde(flatten)]
    pub verdict: Verdict,
}

/// A step whose `doc:` is not in the article.
#[derive(Debug, Clone, Serialize)]
pub struct Stale {
    /// The step's number.
    pub step: usize,
    /// Its line in the runbook.
    pub line: u32,
    /// Its `doc:`.
    pub doc: String,
}

/// The whole comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    /// Every instruction, in the article's order.
    pub rows: Vec<Row>,
    /// Steps whose documentation the article does not have.
    pub stale: Vec<Stale>,
    /// How many instructions are covered.
    pub covered: usize,
    /// How many instructions there are.
    pub total: usize,
}

impl Coverage {
    /// Every instruction covered and no UI word disagreeing (stale steps are reported, not counted).
    pub fn complete(&self) -> bool {
        self.covered == self.total
    }
}

/// A step as far as documentation goes.
struct DocStep {
    index: usize,
    line: u32,
    doc: String,
    /// Each sentence of the doc, `[...]` split off, normalized.
    fragments: Vec<String>,
    elides: bool,
    /// The words it clicks, ticks, types or expects.
    words: Vec<String>,
    /// The plans (variants) that have it.
    plans: Vec<usize>,
}

/// Compares the article with the steps of these plans (one runbook, several variants: a step is
/// counted once).
pub fn coverage(article: &Article, plans: &[Plan], phrases: &Phrases) -> Coverage {
    let steps = doc_steps(plans);
    let sentences = article.sentences();
    // Doc sentences the article has word for word: not free to stand for a reworded one.
    let quoted: Vec<String> = sentences.iter().map(|s| normal(&s.text)).collect();
    let mut rows: Vec<Row> = Vec::new();
    // The list a `[...]` may leave out: items after one that ends with `:`, until the next instruction.
    let mut intro: Option<(usize, Vec<&DocStep>)> = None;
    // Per plan (variant): the runbook line of the latest step so far in this section, and the
    // instruction it implements.
    let mut latest: Vec<Option<(usize, u32, String)>> = vec![None; plans.len()];
    for sentence in sentences
        .iter()
        .filter(|s| s.item && !is_subsection(&s.text))
    {
        let names = phrases.ui_words(&sentence.text);
        let s = normal(&sentence.text);
        let quoting: Vec<&DocStep> = steps.iter().filter(|d| quotes(d, &s, &quoted)).collect();
        let elided_by: Vec<&DocStep> = intro.as_ref().map(|(_, by)| by.clone()).unwrap_or_default();
        let (implementing, mut verdict): (Vec<&DocStep>, Verdict) = if !quoting.is_empty() {
            let verdict = disagreement(&names, &quoting).unwrap_or(Verdict::Covered);
            (quoting.clone(), verdict)
        } else if let Some((d, runbook, similarity)) = reworded(&steps, &s, &quoted) {
            let verdict = disagreement(&names, &[d]).unwrap_or(Verdict::Reworded {
                runbook,
                similarity,
            });
            (vec![d], verdict)
        } else if !elided_by.is_empty() {
            (elided_by, Verdict::Elided)
        } else {
            (Vec::new(), Verdict::Missing)
        };
        // The order is the article's in every variant: each plan's steps are checked on their own.
        for (p, latest) in latest.iter_mut().enumerate() {
            let lines: Vec<u32> = implementing
                .iter()
                .filter(|d| d.plans.contains(&p) && !(verdict == Verdict::Elided && d.elides))
                .map(|d| d.line)
                .collect();
            if let (Some(first), Some((section, last, earlier))) = (lines.iter().min(), &*latest)
                && *section == sentence.section
                && first < last
                && verdict.covered()
            {
                verdict = Verdict::OutOfOrder {
                    after: earlier.clone(),
                };
            }
            if let Some(last) = lines.iter().max()
                && latest
                    .as_ref()
                    .is_none_or(|(s, l, _)| *s != sentence.section || last > l)
            {
                *latest = Some((sentence.section, *last, sentence.text.clone()));
            }
        }
        let mut row_steps: Vec<usize> = implementing.iter().map(|d| d.index).collect();
        row_steps.sort_unstable();
        row_steps.dedup();
        if sentence.text.trim_end().ends_with(':') {
            let by = quoting.iter().copied().filter(|d| d.elides).collect();
            intro = Some((rows.len(), by));
        } else if !names.is_empty() {
            // An instruction ends the list an introduction opened.
            intro = None;
        }
        rows.push(row(sentence, article, row_steps, verdict));
    }
    let stale = steps
        .iter()
        .filter(|d| !d.fragments.iter().any(|f| in_article(&sentences, f)))
        .map(|d| Stale {
            step: d.index,
            line: d.line,
            doc: d.doc.clone(),
        })
        .collect();
    let covered = rows.iter().filter(|r| r.verdict.covered()).count();
    Coverage {
        total: rows.len(),
        covered,
        rows,
        stale,
    }
}

/// `Salesforce Classic:` in a list: the title of a variant's subsection, not an instruction.
pub fn is_subsection(text: &str) -> bool {
    let Some(title) = text.trim_end().strip_suffix(':') else {
        return false;
    };
    let words: Vec<&str> = title.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 4
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

fn row(sentence: &Sentence, article: &Article, steps: Vec<usize>, verdict: Verdict) -> Row {
    Row {
        sentence: sentence.text.clone(),
        line: sentence.line,
        section: article
            .sections
            .get(sentence.section)
            .and_then(|s| s.heading.clone()),
        steps,
        verdict,
    }
}

/// Whether a step's doc quotes the sentence: one of its sentences is it, or holds it as a clause
/// without being another sentence of the article ("In the Action column, click Uninstall." quotes
/// that sentence, not a later "Click Uninstall.").
fn quotes(step: &DocStep, sentence: &str, quoted: &[String]) -> bool {
    !sentence.is_empty()
        && step
            .fragments
            .iter()
            .any(|f| f == sentence || (contains_clause(f, sentence) && !quoted.contains(f)))
}

/// `haystack` holds `needle` as a clause of its own: between punctuation (or the ends), so a doc that
/// quotes a list item by item holds each item, and "click remove" is not in "click remove add-on".
fn contains_clause(haystack: &str, needle: &str) -> bool {
    let boundary =
        |c: Option<char>| c.is_none_or(|c| matches!(c, ',' | ':' | ';' | '.' | '!' | '?'));
    haystack.match_indices(needle).any(|(at, _)| {
        let before = haystack[..at].trim_end().chars().next_back();
        let after = haystack[at + needle.len()..].trim_start().chars().next();
        boundary(before) && boundary(after)
    })
}

/// `haystack` holds `needle` as whole words (so "Salva" is not found in "Salvare").
fn contains_words(haystack: &str, needle: &str) -> bool {
    haystack.match_indices(needle).any(|(at, _)| {
        let before = haystack[..at].chars().next_back();
        let after = haystack[at + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The step that says the sentence in other words, its wording and how alike they are.
fn reworded<'a>(
    steps: &'a [DocStep],
    sentence: &str,
    quoted: &[String],
) -> Option<(&'a DocStep, String, f64)> {
    let mut best: Option<(&DocStep, String, f64)> = None;
    for d in steps {
        for (fragment, shown) in d.fragments.iter().zip(split_doc(&d.doc)) {
            if quoted.contains(fragment) {
                continue;
            }
            let score = strsim::normalized_levenshtein(fragment, sentence);
            if score >= REWORDED && best.as_ref().is_none_or(|(_, _, b)| score > *b) {
                best = Some((d, shown, score));
            }
        }
    }
    best.map(|(d, shown, score)| (d, shown, (score * 100.0).round() / 100.0))
}

/// Whether a step's doc fragment is in the article: quoted, quoting, or reworded.
fn in_article(sentences: &[Sentence], fragment: &str) -> bool {
    sentences.iter().any(|s| {
        let n = normal(&s.text);
        n == fragment
            || contains_words(fragment, &n)
            || contains_words(&n, fragment)
            || strsim::normalized_levenshtein(&n, fragment) >= REWORDED
    })
}

/// The first UI word the sentence names that none of the steps uses.
fn disagreement(names: &[String], steps: &[&DocStep]) -> Option<Verdict> {
    let used: Vec<&String> = steps.iter().flat_map(|d| &d.words).collect();
    if used.is_empty() {
        return None;
    }
    let agrees = |name: &str| {
        let n = normal(name);
        used.iter().any(|w| {
            let w = normal(w);
            w == n || contains_words(&w, &n) || contains_words(&n, &w)
        })
    };
    let missing = names.iter().find(|n| !agrees(n))?;
    Some(Verdict::Disagrees {
        article: missing.clone(),
        runbook: used.into_iter().cloned().collect(),
    })
}

/// A doc's sentences as written, `[...]` marking left-out text.
fn split_doc(doc: &str) -> Vec<String> {
    doc.split("[...]")
        .flat_map(split)
        .filter(|s| !s.trim().is_empty())
        .collect()
}

fn doc_steps(plans: &[Plan]) -> Vec<DocStep> {
    let mut out: Vec<DocStep> = Vec::new();
    for (p, plan) in plans.iter().enumerate() {
        for step in &plan.steps {
            let Some(doc) = &step.doc else { continue };
            if let Some(known) = out.iter_mut().find(|d| d.line == step.line) {
                known.plans.push(p);
                continue;
            }
            out.push(DocStep {
                index: step.index,
                line: step.line,
                doc: doc.clone(),
                fragments: split_doc(doc).iter().map(|s| normal(s)).collect(),
                elides: doc.contains("[...]"),
                words: words_of(&step.action),
                plans: vec![p],
            });
        }
    }
    out.sort_by_key(|d| d.line);
    out
}

/// The words a step uses on the page: what it clicks, ticks, types, picks or expects.
pub(crate) fn words_of(action: &PlannedAction) -> Vec<String> {
    let mut words: Vec<String> = action
        .target()
        .and_then(|t| t.locator.wanted_text())
        .map(str::to_owned)
        .into_iter()
        .collect();
    match action {
        PlannedAction::Fill { value, secret, .. } => {
            if !secret {
                words.push(value.clone());
            }
        }
        PlannedAction::Select { pick, .. } => {
            words.extend(pick.wanted_texts().into_iter().map(str::to_owned));
        }
        PlannedAction::Expect { condition } | PlannedAction::Wait { condition } => {
            // What must show is a word on the page; what must be gone is not.
            let shown = match condition {
                PlannedCheck::Text { text } => Some(text.as_str()),
                PlannedCheck::Visible { target } | PlannedCheck::Attached { target } => {
                    target.locator.wanted_text()
                }
                PlannedCheck::Absent { .. }
                | PlannedCheck::Hidden { .. }
                | PlannedCheck::Detached { .. }
                | PlannedCheck::UrlContains { .. }
                | PlannedCheck::Title { .. } => None,
            };
            words.extend(shown.map(str::to_owned));
        }
        PlannedAction::Goto { .. }
        | PlannedAction::Click { .. }
        | PlannedAction::DoubleClick { .. }
        | PlannedAction::Hover { .. }
        | PlannedAction::Press { .. }
        | PlannedAction::Check { .. }
        | PlannedAction::Uncheck { .. }
        | PlannedAction::Choose { .. }
        | PlannedAction::AcceptDialog { .. }
        | PlannedAction::DismissDialog { .. }
        | PlannedAction::Screenshot { .. }
        | PlannedAction::Manual { .. } => {}
    }
    words
}
