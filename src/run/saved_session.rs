//! Saved sessions in a run: restore one before the first step (`--session`), follow the origins the
//! steps show, save the state at the end (`--save-session`), pass or fail, while the browser lives.

use std::path::PathBuf;
use std::sync::Arc;

use super::console::Console;
use crate::browser::page::Page;
use crate::browser::storage::StateTracker;
use crate::redact::Redactor;
use crate::report::model::RunReport;
use crate::session_file::{SCHEMA, Saved, SessionFile, now_seconds};

/// What a run does with saved sessions.
#[derive(Debug, Clone, Default)]
pub struct SessionUse {
    /// The session to restore: the file as given, and what it holds (read before any browser starts).
    pub restore: Option<(PathBuf, Arc<SessionFile>)>,
    /// Where to save the session at the end.
    pub save: Option<PathBuf>,
}

impl SessionUse {
    /// Whether the run touches sessions at all.
    pub fn is_used(&self) -> bool {
        self.restore.is_some() || self.save.is_some()
    }

    /// The run's redactor: the plan's, plus the values of the session to restore.
    pub fn redactor(&self, plan: &Redactor) -> Redactor {
        let mut redactor = plan.clone();
        if let Some((_, file)) = &self.restore {
            file.register(&mut redactor);
        }
        redactor
    }
}

/// A run's saved-session work, from the browser's start to its end.
pub struct SessionRun {
    tracker: Option<StateTracker>,
}

impl SessionRun {
    /// Restores the session, if one is to be, before the first step; an error ends the run.
    pub async fn start(
        uses: &SessionUse,
        page: &mut Page<'_>,
        report: &mut RunReport,
        console: &Console,
    ) -> Result<SessionRun, String> {
        if !uses.is_used() {
            return Ok(SessionRun { tracker: None });
        }
        let mut tracker = StateTracker::new(page).await;
        if let Some((path, file)) = &uses.restore {
            let (file, skipped) = file.unexpired(now_seconds());
            for note in skipped {
                console.line(&format!("clickpath: {note}"));
                report.session.push(note);
            }
            tracker
                .restore(page, &file)
                .await
                .map_err(|e| format!("cannot restore the session from {}: {e}", path.display()))?;
            let origins: Vec<&str> = file.origins.keys().map(String::as_str).collect();
            let count = file.cookie_count();
            let note = format!(
                "restored a session from {}: {count} cookie{} for origins {} (via {})",
                path.display(),
                if count == 1 { "" } else { "s" },
                origins.join(", "),
                tracker.via().name()
            );
            console.line(&format!("clickpath: {note}"));
            report.session.push(note);
        }
        Ok(SessionRun {
            tracker: Some(tracker),
        })
    }

    /// After each step: what the page shows now.
    pub async fn after_step(&mut self, page: &Page<'_>) {
        if let Some(tracker) = &mut self.tracker {
            tracker.observe(page).await;
        }
    }

    /// At the end, with the browser still open: saves the session when asked to.
    pub async fn finish(
        &mut self,
        uses: &SessionUse,
        page: &Page<'_>,
        report: &mut RunReport,
        console: &Console,
    ) {
        let (Some(tracker), Some(path)) = (&mut self.tracker, &uses.save) else {
            return;
        };
        let note = match tracker.collect(page).await {
            Ok(origins) => {
                let file = SessionFile {
                    schema: SCHEMA,
                    saved: Saved {
                        at: super::now_rfc3339(),
                        by: format!("clickpath {}", env!("CARGO_PKG_VERSION")),
                        runbook: report.runbook.file.clone(),
                        via: tracker.via().name().to_owned(),
                    },
                    origins,
                };
                match file.save(path) {
                    Ok(()) => format!(
                        "saved the session to {}: {} cookies for origins {} (via {})",
                        path.display(),
                        file.cookie_count(),
                        file.origins.keys().cloned().collect::<Vec<_>>().join(", "),
                        tracker.via().name()
                    ),
                    Err(e) => format!("the session was not saved: {e}"),
                }
            }
            Err(e) => format!("the session was not saved to {}: {e}", path.display()),
        };
        console.line(&format!("clickpath: {note}"));
        report.session.push(note);
    }
}
