//! Why a step failed, as a value: what the runner decides on (a lost browser or an interrupt ends the
//! run), what `report.json` records (its one-line `Display`), and what a person reads on the terminal:
//! `FILE:LINE:COL`, the runbook line with a caret under the locator, then the diagnostics and the
//! evidence to open.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::browser::page::PageError;
use crate::locate::Miss;
use crate::runbook::source::{Diagnostic, Pos, Source};

/// Why a step did not work.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StepError {
    /// The target was not found, or not ready for the action, before the timeout.
    #[error("{target}: {miss}")]
    NotFound {
        /// The target as the runbook says it (`'Salva' in row 'HubSpot'`).
        target: String,
        /// What the page offered instead.
        miss: Miss,
    },
    /// `expect`/`wait` for text (or its absence) did not hold in time.
    #[error("expected {condition}: {miss}")]
    NotShown {
        /// The condition (`text 'Completato'`).
        condition: String,
        /// What the page offered instead.
        miss: Miss,
    },
    /// `expect`/`wait` on the URL or the title did not hold in time.
    #[error("expected {condition}, but it is {actual:?} after {:.1}s", waited.as_secs_f64())]
    NotReached {
        /// The condition (`URL containing '/setup'`).
        condition: String,
        /// What the page had at the end.
        actual: String,
        /// How long the step waited.
        waited: Duration,
    },
    /// The click landed on another element both times (re-rendered or moving under the click).
    #[error(
        "{target}: the click landed on {on} instead, twice: the element is re-rendered or moved while it is clicked"
    )]
    ClickMissed {
        /// The target.
        target: String,
        /// What received the click.
        on: String,
    },
    /// A checkbox, radio or switch did not change when clicked.
    #[error("{target}: clicked, but it is still {}", if *wanted { "not selected" } else { "selected" })]
    ToggleIgnored {
        /// The target.
        target: String,
        /// The state the step wanted.
        wanted: bool,
    },
    /// `fill` typed into the field, and the field shows nothing of it.
    #[error(
        "{target}: typed {typed} characters, but the field is still empty: the keys did not reach it"
    )]
    TypedNothing {
        /// The target.
        target: String,
        /// How many characters were typed.
        typed: usize,
    },
    /// The in-page script found the target but gave no point to click.
    #[error("the locate script gave no click point")]
    NoClickPoint,
    /// A JavaScript dialog blocks the page.
    #[error(
        "a JavaScript dialog is open ({0:?}); add an `accept_dialog` or `dismiss_dialog` step before this one"
    )]
    DialogOpen(String),
    /// The open dialog does not say what the step expects.
    #[error("the dialog says {shown:?}, which does not contain {wanted:?}")]
    DialogText {
        /// The dialog's message.
        shown: String,
        /// What the step wanted it to contain.
        wanted: String,
    },
    /// A `manual` step with nobody at the terminal.
    #[error("this manual step needs an operator, but standard input is closed")]
    NoOperator,
    /// Any other refusal of the browser (a bad URL, a script error).
    #[error("{0}")]
    Browser(String),
    /// The browser or the driver is gone: the run cannot go on.
    #[error("{0}")]
    Lost(String),
    /// Ctrl-C or SIGTERM arrived during the step.
    #[error("interrupted")]
    Interrupted,
    /// A handler's interruption is shown (the step is tried again after the handler ran).
    #[error("an interruption (handler {handler}) is in the way")]
    Interruption {
        /// Which handler, by its place in the runbook's `handlers`.
        handler: usize,
    },
    /// The page is a login page: the session the run relied on has lapsed.
    #[error(
        "the session expired: this is the login page ({url}), not a page with {wanted}; log in again (a `login: true` section that logs in, or a fresh `--session` file) and continue with `clickpath run --resume`"
    )]
    SessionExpired {
        /// The login page's address.
        url: String,
        /// What the step was looking for.
        wanted: String,
    },
}

impl StepError {
    /// Whether this failure ends the run whatever the step (an optional step's miss does not).
    pub fn ends_run(&self) -> bool {
        matches!(self, StepError::Lost(_) | StepError::Interrupted)
    }

    /// The details shown one a line under the caret (nearest labels, search extent, covered by).
    fn details(&self) -> Vec<String> {
        match self {
            StepError::NotFound { miss, .. } | StepError::NotShown { miss, .. } => miss
                .details
                .iter()
                .cloned()
                .chain(miss.searched.clone())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The error's sentence without the details [`StepError::details`] lists.
    fn headline(&self) -> String {
        match self {
            StepError::NotFound { target, miss } => format!("{target}: {}", miss.summary),
            StepError::NotShown { condition, miss } => {
                format!("expected {condition}: {}", miss.summary)
            }
            other => other.to_string(),
        }
    }
}

impl From<PageError> for StepError {
    fn from(e: PageError) -> Self {
        match e {
            PageError::Lost(m) => StepError::Lost(m),
            PageError::DialogOpen(text) => StepError::DialogOpen(text),
            PageError::Other(m) => StepError::Browser(m),
        }
    }
}

/// A failed step of a run, with where it is written and what evidence it left.
#[derive(Debug, Clone)]
pub struct StepFailure {
    /// The step's number (1-based).
    pub index: usize,
    /// Its name, secrets removed.
    pub name: String,
    /// Where a person fixes it: the step's locator (or its value) in the runbook.
    pub pos: Pos,
    /// Why it failed.
    pub error: StepError,
    /// The screenshot taken after it, if one could be.
    pub screenshot: Option<PathBuf>,
    /// The page's DOM at that moment, if it could be read.
    pub dom_snapshot: Option<PathBuf>,
}

impl StepFailure {
    /// `FILE:LINE:COL: step N "name" failed: …`, the line with a caret under the locator, the
    /// diagnostics one a line, then the screenshot and the DOM snapshot to open; secrets removed by
    /// `redact`.
    pub fn render(&self, source: &Source, redact: &dyn Fn(&str) -> String) -> String {
        let message = format!(
            "step {} {:?} failed: {}",
            self.index,
            self.name,
            redact(&self.error.headline())
        );
        let mut out = Diagnostic::new(self.pos, message).render(source);
        let evidence = [
            ("screenshot", self.screenshot.as_deref()),
            ("DOM snapshot", self.dom_snapshot.as_deref()),
        ];
        for detail in self.error.details() {
            out.push_str(&format!("  = {}\n", redact(&detail)));
        }
        for (what, path) in evidence {
            if let Some(path) = path {
                out.push_str(&format!("  = {what}: {}\n", shown(path)));
            }
        }
        out
    }
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn miss() -> Miss {
        Miss {
            summary: "Nothing matches text \"Salva\"".into(),
            details: vec!["nearest: 'Save' 0.81".into()],
            searched: Some("searched 1 document, 0 frames, 0 shadow roots".into()),
        }
    }

    #[test]
    fn the_report_line_keeps_everything_on_one_line() {
        let error = StepError::NotFound {
            target: "'Salva'".into(),
            miss: miss(),
        };
        assert_eq!(
            error.to_string(),
            "'Salva': Nothing matches text \"Salva\"; nearest: 'Save' 0.81 (searched 1 document, 0 frames, 0 shadow roots)"
        );
        assert!(!error.ends_run());
        assert!(StepError::Interrupted.ends_run());
    }

    #[test]
    fn the_terminal_points_at_the_locator_then_lists_the_diagnostics_and_evidence() {
        let source = Source {
            name: "book.yaml".into(),
            text: "name: t\nsteps:\n  - click: \"Salva\"\n".into(),
        };
        let failure = StepFailure {
            index: 1,
            name: "click 'Salva'".into(),
            pos: Pos {
                line: 3,
                column: 12,
                width: 7,
            },
            error: StepError::NotFound {
                target: "'Salva'".into(),
                miss: miss(),
            },
            screenshot: Some(PathBuf::from("out/01-click-salva.png")),
            dom_snapshot: Some(PathBuf::from("out/01-click-salva.dom.html")),
        };
        assert_eq!(
            failure.render(&source, &|s: &str| s.to_owned()),
            "book.yaml:3:12: step 1 \"click 'Salva'\" failed: 'Salva': Nothing matches text \"Salva\"\n\
             \x20 |\n\
             3 |   - click: \"Salva\"\n\
             \x20 |            ^^^^^^^\n\
             \x20 = nearest: 'Save' 0.81\n\
             \x20 = searched 1 document, 0 frames, 0 shadow roots\n\
             \x20 = screenshot: out/01-click-salva.png\n\
             \x20 = DOM snapshot: out/01-click-salva.dom.html\n"
        );
    }
}
