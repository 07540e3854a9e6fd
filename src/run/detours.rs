//! What the run does beside the plan's straight line: `if:` conditions that skip a section or a
//! step, handlers that dismiss an interruption in a step's way, and a login section performed again
//! when a step lands on a login page.

use std::time::Instant;

use super::actions::{Split, Watch, holds, interruption_shown, perform};
use super::failure::StepError;
use super::{Interrupt, StepLoop, now_rfc3339, step_entry};
use crate::browser::page::Page;
use crate::report::model::{ConditionOutcome, Interruption, StepStatus};
use crate::runbook::duration::millis;
use crate::runbook::plan::{PlannedIf, PlannedStep};

/// How many detours (handlers or logins) one step may take before it fails as it stands: a
/// handler that does not dismiss its interruption must not hold the run for good.
pub const MAX_DETOURS: usize = 3;

/// A way around what stopped a step.
pub(super) enum Detour {
    /// The runbook's handler, by its place in `handlers`.
    Handler(usize),
    /// A login section, by its place in the plan's sections, whose `if:` holds on this page.
    Login(usize),
}

impl StepLoop<'_> {
    /// What step `i` watches for while it waits for its target.
    pub(super) fn watch(&self, i: usize, detours: usize) -> Watch {
        let in_login = self
            .plan
            .sections
            .iter()
            .any(|s| s.login && (s.first..s.first + s.len).contains(&i));
        Watch {
            handlers: if detours < MAX_DETOURS {
                self.plan.handlers.iter().map(|h| h.when.clone()).collect()
            } else {
                Vec::new()
            },
            lapsed_session: !in_login,
            early_login: self.plan.sections.iter().any(|s| s.login),
            redactor: self.writer.redactor.clone(),
        }
    }

    /// Evaluates the `if:` of step `i`'s section (at its first step) and of the step itself. `Some`
    /// is where the run goes on when one does not hold: those steps are recorded as skipped.
    pub(super) async fn conditions(
        &mut self,
        page: &mut Page<'_>,
        i: usize,
        interrupt: &mut Interrupt,
    ) -> Result<Option<usize>, StepError> {
        let section = self
            .plan
            .sections
            .iter()
            .find(|s| s.first == i)
            .and_then(|s| s.condition.as_ref().map(|c| (c, s.first + s.len)));
        if let Some((condition, end)) = section {
            let outcome = self.evaluate(page, condition, true, interrupt).await?;
            if !outcome.held {
                for k in i..end {
                    self.skip(k, &outcome);
                }
                // The step before's evidence first: its report must not overwrite this one.
                self.complete_pending(page).await;
                self.writer.save(self.report);
                return Ok(Some(end));
            }
            self.report.steps[i].condition = Some(outcome);
        }
        if let Some(condition) = &self.plan.steps[i].condition {
            let outcome = self.evaluate(page, condition, false, interrupt).await?;
            if !outcome.held {
                self.skip(i, &outcome);
                // The step before's evidence first: its report must not overwrite this one.
                self.complete_pending(page).await;
                self.writer.save(self.report);
                return Ok(Some(i + 1));
            }
            // The section's outcome, when both are, stays in the notes.
            if let Some(section) = self.report.steps[i].condition.replace(outcome) {
                self.report.steps[i].notes.push(format!(
                    "the section's condition held: {}",
                    section.condition
                ));
            }
        }
        Ok(None)
    }

    async fn evaluate(
        &self,
        page: &mut Page<'_>,
        condition: &PlannedIf,
        section: bool,
        interrupt: &mut Interrupt,
    ) -> Result<ConditionOutcome, StepError> {
        let started = Instant::now();
        let held = tokio::select! {
            h = holds(page, &condition.check, condition.timeout) => h?,
            () = &mut *interrupt => return Err(StepError::Interrupted),
        };
        Ok(ConditionOutcome {
            condition: self.writer.redact(&condition.check.to_string()),
            held,
            waited_ms: millis(started.elapsed()),
            section,
        })
    }

    /// Records step `k` as skipped by a condition that did not hold.
    fn skip(&mut self, k: usize, outcome: &ConditionOutcome) {
        let entry = &mut self.report.steps[k];
        entry.status = StepStatus::Skipped;
        entry.condition = Some(outcome.clone());
        entry.notes.push(format!(
            "skipped: {}the condition {} did not hold",
            if outcome.section {
                "the section's "
            } else {
                ""
            },
            outcome.condition
        ));
        self.console.step(entry, self.plan.steps.len());
    }

    /// The detour that gets past `error`, if any: a handler whose interruption is shown, or a
    /// login section whose `if:` holds on the login page the step landed on.
    pub(super) async fn detour_for(
        &self,
        page: &mut Page<'_>,
        error: &StepError,
        watch: &Watch,
    ) -> Result<Option<Detour>, StepError> {
        match error {
            StepError::Interruption { handler } => Ok(Some(Detour::Handler(*handler))),
            // A click that landed elsewhere may have landed on an interruption that just opened.
            StepError::ClickMissed { .. } => Ok(interruption_shown(page, &watch.handlers)
                .await?
                .map(Detour::Handler)),
            StepError::SessionExpired { .. } => {
                for (k, section) in self.plan.sections.iter().enumerate() {
                    let Some(condition) = section.condition.as_ref().filter(|_| section.login)
                    else {
                        continue;
                    };
                    if holds(page, &condition.check, condition.timeout).await? {
                        return Ok(Some(Detour::Login(k)));
                    }
                }
                Ok(None)
            }
            _ => Ok(None),
        }
    }

    /// Performs a detour's steps for step `i`, each recorded with its evidence in the step's
    /// `interruptions`. Only a lost browser or an interrupt is an error; a detour step that fails
    /// ends the detour, and the step is tried again all the same.
    pub(super) async fn take_detour(
        &mut self,
        page: &mut Page<'_>,
        step: &PlannedStep,
        i: usize,
        detour: Detour,
        interrupt: &mut Interrupt,
    ) -> Result<(), StepError> {
        let plan = self.plan;
        let (name, when, steps): (String, String, &[PlannedStep]) = match detour {
            Detour::Handler(h) => {
                let handler = &plan.handlers[h];
                (
                    handler.name.clone(),
                    format!("{} visible", handler.when),
                    &handler.steps,
                )
            }
            Detour::Login(k) => {
                let section = &plan.sections[k];
                let condition = section
                    .condition
                    .as_ref()
                    .map_or_else(String::new, |c| c.check.to_string());
                (
                    section.name.clone(),
                    format!("a login page ({condition})"),
                    &plan.steps[section.first..section.first + section.len],
                )
            }
        };
        let total = plan.steps.len();
        // The same interruption twice before one step: the second run's files and names say so.
        let runs = 1 + self.report.steps[i]
            .interruptions
            .iter()
            .filter(|d| d.handler == self.writer.redact(&name))
            .count();
        let mut record = Interruption {
            handler: self.writer.redact(&name),
            when: self.writer.redact(&when),
            steps: Vec::new(),
        };
        self.console
            .line(&format!("    ↳ {} ({})", record.handler, record.when));
        for detour_step in steps {
            let mut split = Split {
                watch: Watch {
                    redactor: self.writer.redactor.clone(),
                    ..Watch::default()
                },
                ..Split::default()
            };
            let started = Instant::now();
            let outcome = tokio::select! {
                r = perform(page, detour_step, &mut split) => r,
                () = &mut *interrupt => Err(StepError::Interrupted),
            };
            let shown_name = if runs > 1 {
                format!("{name} ({runs}): {}", detour_step.name)
            } else {
                format!("{name}: {}", detour_step.name)
            };
            // The evidence of a detour step is filed under the step it got past.
            let shown = PlannedStep {
                index: step.index,
                name: shown_name,
                ..detour_step.clone()
            };
            let mut entry = step_entry(&shown, &self.writer.redactor);
            entry.section = self.writer.redact(&name);
            entry.started_at = Some(now_rfc3339());
            entry.duration_ms = millis(started.elapsed());
            entry.locate_ms = millis(split.locate);
            entry.act_ms = millis(split.act);
            let ends_run = match &outcome {
                Ok(done) => {
                    entry.status = StepStatus::Passed;
                    entry.notes = done.notes.iter().map(|n| self.writer.redact(n)).collect();
                    false
                }
                Err(error) => {
                    entry.status = StepStatus::Failed;
                    entry.error = Some(self.writer.redact(&error.to_string()));
                    error.ends_run()
                }
            };
            self.capture.mask_secret_field(detour_step);
            if !ends_run {
                self.capture.comparing = false;
                self.capture.step(page, &shown, total, &mut entry).await;
                self.capture.comparing = true;
            }
            if let Ok(done) = outcome.as_ref() {
                // Recorded after the capture: a detour step's picture gets no annotated copy.
                entry.element = done.element.clone().map(|e| self.writer.redact_element(e));
            }
            self.console.line(&format!(
                "      {} {}",
                if entry.status == StepStatus::Passed {
                    "✓"
                } else {
                    "✗"
                },
                entry.name
            ));
            let failed = entry.status == StepStatus::Failed;
            record.steps.push(entry);
            if let Err(error) = outcome
                && error.ends_run()
            {
                self.report.steps[i].interruptions.push(record);
                return Err(error);
            }
            if failed {
                break;
            }
        }
        self.report.steps[i].interruptions.push(record);
        self.writer.save(self.report);
        Ok(())
    }
}
