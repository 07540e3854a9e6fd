//! Many runs over a pool of browser sessions (`--jobs N`): at most N at a time, each in a fresh session
//! with its own evidence folder, results in input order, and one exit code for the whole batch.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::console::human_ms;
use super::{Exit, Interrupt, Mode, RunConfig, RunOutcome};
use crate::report::model::StepStatus;
use crate::runbook::plan::Plan;

/// One run of a batch.
#[derive(Debug)]
pub struct Job {
    /// How the run is named in the console and the summary (`ui-classic-it`, `billing/ui-classic-it`).
    pub label: String,
    /// What to run.
    pub plan: Plan,
    /// How to run it (its own evidence folder).
    pub config: RunConfig,
}

/// What became of one run of a batch.
#[derive(Debug)]
pub struct JobResult {
    /// The job's label.
    pub label: String,
    /// Its evidence folder.
    pub evidence_dir: PathBuf,
    /// The run's outcome; `None` when the batch was interrupted before its turn came.
    pub outcome: Option<RunOutcome>,
    /// How long the run took.
    pub wall: Duration,
}

impl JobResult {
    /// How the run ended (interrupted, for a run that never started because of an interrupt).
    pub fn exit(&self) -> Exit {
        self.outcome.as_ref().map_or(Exit::Interrupted, |o| o.exit)
    }
}

/// Runs every job, at most `parallel` at a time, and returns the results in the jobs' order.
///
/// A failing run does not stop the others. Once the batch is interrupted (Ctrl-C, SIGTERM), the runs
/// under way stop as a single run would, and the ones whose turn has not come are not started.
pub async fn run_all(
    jobs: Vec<Job>,
    parallel: usize,
    mut interrupts: impl FnMut() -> Interrupt,
) -> Vec<JobResult> {
    let count = jobs.len();
    let stopped = Arc::new(AtomicBool::new(false));
    let watcher = {
        let stopped = Arc::clone(&stopped);
        let interrupt = interrupts();
        tokio::spawn(async move {
            interrupt.await;
            stopped.store(true, Ordering::SeqCst);
        })
    };
    let queue: VecDeque<(usize, Job, Interrupt)> = jobs
        .into_iter()
        .enumerate()
        .map(|(i, job)| (i, job, interrupts()))
        .collect();
    let queue = Arc::new(Mutex::new(queue));
    let results: Arc<Mutex<Vec<Option<JobResult>>>> =
        Arc::new(Mutex::new((0..count).map(|_| None).collect()));
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..parallel.clamp(1, count.max(1)) {
        let queue = Arc::clone(&queue);
        let results = Arc::clone(&results);
        let stopped = Arc::clone(&stopped);
        workers.spawn(async move {
            loop {
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                let next = queue.lock().map(|mut q| q.pop_front()).ok().flatten();
                let Some((index, job, interrupt)) = next else {
                    break;
                };
                let started = Instant::now();
                let outcome = super::run(&job.plan, &job.config, interrupt).await;
                if outcome.exit == Exit::Interrupted {
                    stopped.store(true, Ordering::SeqCst);
                }
                let result = JobResult {
                    label: job.label,
                    evidence_dir: job.config.out_dir,
                    outcome: Some(outcome),
                    wall: started.elapsed(),
                };
                if let Ok(mut slots) = results.lock() {
                    slots[index] = Some(result);
                }
            }
        });
    }
    while let Some(joined) = workers.join_next().await {
        if let Err(e) = joined {
            tracing::error!("a run of the batch panicked: {e}");
        }
    }
    watcher.abort();
    // Jobs never taken from the queue were not started.
    let left: Vec<(usize, Job, Interrupt)> = queue
        .lock()
        .map(|mut q| q.drain(..).collect())
        .unwrap_or_default();
    let mut slots = match Arc::try_unwrap(results) {
        Ok(slots) => slots.into_inner().unwrap_or_default(),
        Err(shared) => shared
            .lock()
            .map(|mut s| std::mem::take(&mut *s))
            .unwrap_or_default(),
    };
    slots.resize_with(count, || None);
    for (index, job, _) in left {
        slots[index] = Some(JobResult {
            label: job.label,
            evidence_dir: job.config.out_dir,
            outcome: None,
            wall: Duration::ZERO,
        });
    }
    slots.into_iter().flatten().collect()
}

/// The batch's end: the worst of its runs'.
pub fn worst_exit(results: &[JobResult]) -> Exit {
    Exit::worst(results.iter().map(JobResult::exit))
}

/// The verdict word of one run in the summary.
fn verdict(mode: Mode, result: &JobResult) -> &'static str {
    if result.outcome.is_none() {
        return "not started";
    }
    match (mode, result.exit()) {
        (Mode::Check, Exit::Passed) => "✓ holds",
        (Mode::Check, Exit::StepFailed) => "✗ drifted",
        (Mode::Run, Exit::Passed) => "✓ passed",
        (Mode::Run, Exit::StepFailed) => "✗ failed",
        (_, Exit::Blocked) => "■ blocked",
        (_, Exit::Interrupted) => "✗ interrupted",
        (_, Exit::Usage | Exit::Environment) => "✗ error",
    }
}

/// The final table, one row per run in input order: label, verdict, steps done, time, evidence folder,
/// and under a run that did not pass, why.
pub fn summary(mode: Mode, results: &[JobResult]) -> String {
    let width = results
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(0)
        .max("run".len());
    let mut out = format!(
        "{:<width$}  {:<13}  {:>7}  {:>7}  evidence\n",
        "run", "result", "steps", "time"
    );
    for result in results {
        let steps = match &result.outcome {
            Some(o) => {
                let done = o
                    .report
                    .steps
                    .iter()
                    .filter(|s| matches!(s.status, StepStatus::Passed | StepStatus::Verified))
                    .count();
                format!("{done}/{}", o.report.steps.len())
            }
            None => "–".to_owned(),
        };
        let time = if result.outcome.is_some() {
            human_ms(u64::try_from(result.wall.as_millis()).unwrap_or(u64::MAX))
        } else {
            "–".to_owned()
        };
        out.push_str(&format!(
            "{:<width$}  {:<13}  {steps:>7}  {time:>7}  {}\n",
            result.label,
            verdict(mode, result),
            result.evidence_dir.display()
        ));
        if let Some(report) = result.outcome.as_ref().map(|o| &o.report) {
            // Why it did not pass: the run's error, then the failing step's own first line.
            let step_error = report
                .steps
                .iter()
                .find(|s| s.status == StepStatus::Failed)
                .and_then(|s| s.error.as_deref())
                .and_then(|e| e.lines().next());
            for line in report.error.as_deref().into_iter().chain(step_error) {
                out.push_str(&format!("{:<width$}    {line}\n", ""));
            }
        }
    }
    out
}

/// Gives every folder that appears more than once a `-2`, `-3`, … suffix, so two runs never share one.
pub fn distinct_folders(folders: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut taken: Vec<PathBuf> = Vec::with_capacity(folders.len());
    for folder in folders {
        let mut candidate = folder.clone();
        let mut n = 2;
        while taken.contains(&candidate) {
            candidate = suffixed(&folder, n);
            n += 1;
        }
        taken.push(candidate);
    }
    taken
}

fn suffixed(folder: &Path, n: usize) -> PathBuf {
    let name = folder
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    folder.with_file_name(format!("{name}-{n}"))
}

/// Gives every label that appears more than once a `-2`, `-3`, … suffix.
pub fn distinct_labels(labels: Vec<String>) -> Vec<String> {
    let mut taken: Vec<String> = Vec::with_capacity(labels.len());
    for label in labels {
        let mut candidate = label.clone();
        let mut n = 2;
        while taken.contains(&candidate) {
            candidate = format!("{label}-{n}");
            n += 1;
        }
        taken.push(candidate);
    }
    taken
}

#[cfg(test)]
mod tests {
    use super::*;

    fn empty_report() -> crate::report::model::RunReport {
        serde_json::from_value(serde_json::json!({
            "schema_version": 1, "clickpath_version": "0", "runbook": {"name": "r", "file": "r.yaml"},
            "locale": "it", "variants": {}, "params": [], "browser": null,
            "started_at": "2026-11-25T00:00:00Z", "duration_ms": 0, "status": "passed", "steps": []
        }))
        .expect("a minimal report")
    }

    fn result(label: &str, exit: Option<Exit>) -> JobResult {
        JobResult {
            label: label.into(),
            evidence_dir: PathBuf::from(format!("out/{label}")),
            outcome: exit.map(|exit| RunOutcome {
                report: empty_report(),
                exit,
                failure: None,
                evidence_dir: PathBuf::from(format!("out/{label}")),
            }),
            wall: Duration::from_millis(1500),
        }
    }

    #[test]
    fn the_worst_exit_wins_and_a_run_never_started_counts_as_interrupted() {
        let worst = |ends: &[Option<Exit>]| {
            let results: Vec<JobResult> = ends.iter().map(|e| result("r", *e)).collect();
            worst_exit(&results)
        };
        assert_eq!(worst(&[]), Exit::Passed);
        assert_eq!(
            worst(&[Some(Exit::Passed), Some(Exit::Blocked)]),
            Exit::Blocked
        );
        assert_eq!(worst(&[Some(Exit::Passed), None]), Exit::Interrupted);
    }

    #[test]
    fn the_summary_lists_runs_in_input_order_with_their_verdicts() {
        let results = vec![
            result("ui-lightning-it", Some(Exit::StepFailed)),
            result("ui-classic-en", Some(Exit::Passed)),
            result("ui-classic-it", None),
        ];
        let table = summary(Mode::Check, &results);
        let lines: Vec<&str> = table.lines().collect();
        assert!(lines[0].starts_with("run "), "{table}");
        assert!(
            lines[1].starts_with("ui-lightning-it  ✗ drifted"),
            "{table}"
        );
        assert!(lines[2].starts_with("ui-classic-en    ✓ holds"), "{table}");
        assert!(
            lines[3].starts_with("ui-classic-it    not started"),
            "{table}"
        );
        assert!(lines[2].contains("1.5 s") && lines[2].ends_with("out/ui-classic-en"));
    }

    #[test]
    fn folders_and_labels_are_made_distinct() {
        let folders = distinct_folders(vec![
            PathBuf::from("a/x"),
            PathBuf::from("a/y"),
            PathBuf::from("a/x"),
            PathBuf::from("a/x"),
        ]);
        assert_eq!(
            folders,
            [
                PathBuf::from("a/x"),
                PathBuf::from("a/y"),
                PathBuf::from("a/x-2"),
                PathBuf::from("a/x-3")
            ]
        );
        let labels = distinct_labels(vec!["a".into(), "a".into(), "b".into()]);
        assert_eq!(labels, ["a", "a-2", "b"]);
    }
}
