//! `clickpath run` and `clickpath check`: plan every run before any browser starts, then one run with
//! its lines as they happen, or a batch over `--jobs` sessions with a table at the end.

use std::path::PathBuf;
use std::sync::Arc;

use super::args::{CheckArgs, CommonArgs, RunArgs};
use super::layout::{PlannedRun, runs_of_checks, runs_of_files};
use super::resume::prepare_resume;
use super::signals::{interrupts, runtime};
use super::values::settings;
use crate::browser::BrowserOptions;
use crate::evidence;
use crate::pipeline::Pipeline;
use crate::run::batch::{Job, distinct_folders, distinct_labels, run_all, summary, worst_exit};
use crate::run::saved_session::SessionUse;
use crate::run::{self, Confirm, Exit, Mode, RunConfig, RunOutcome};
use crate::runbook::LoadError;
use crate::runbook::plan::Plan;
use crate::session_file::{SessionFile, per_run_path};

/// `clickpath run`.
pub fn run_command(args: RunArgs) -> Exit {
    let common = &args.common;
    let confirm = if args.confirm_destructive {
        Confirm::Confirmed
    } else if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        Confirm::AskOnTerminal
    } else {
        Confirm::Refuse
    };
    let Some(sessions) = sessions(common) else {
        return Exit::Usage;
    };
    if let Some(dir) = &args.resume {
        if common.runbooks.len() > 1 {
            eprintln!("error: --resume continues one run; name at most one runbook with it");
            return Exit::Usage;
        }
        let prepared = match prepare_resume(common, dir) {
            Ok(prepared) => prepared,
            Err(exit) => return exit,
        };
        let mut config = config(
            common,
            &sessions,
            &prepared.pipeline,
            &prepared.plan,
            dir.clone(),
            Mode::Run,
            confirm,
        );
        config.resume = Some(prepared.resume);
        return run_one(&prepared.pipeline, &prepared.plan, &config);
    }
    if common.runbooks.is_empty() {
        eprintln!("error: name the runbook to run (or --resume RUN_DIR)");
        return Exit::Usage;
    }
    let base = settings(&common.values, false);
    let Some(planned) = plan_all(&common.runbooks, |p| p.plan(&base)) else {
        return Exit::Usage;
    };
    if let [(pipeline, plan)] = planned.as_slice() {
        let out_dir = common
            .out
            .clone()
            .unwrap_or_else(|| evidence::default_dir(&plan.runbook));
        let config = config(
            common,
            &sessions,
            pipeline,
            plan,
            out_dir,
            Mode::Run,
            confirm,
        );
        return run_one(pipeline, plan, &config);
    }
    run_batch(
        common,
        &sessions,
        runs_of_files(common.out.as_deref(), planned),
        Mode::Run,
        confirm,
    )
}

/// `clickpath check`.
pub fn check_command(args: CheckArgs) -> Exit {
    let common = &args.common;
    if common.runbooks.is_empty() {
        eprintln!("error: name the runbook to check");
        return Exit::Usage;
    }
    let Some(sessions) = sessions(common) else {
        return Exit::Usage;
    };
    let base = settings(&common.values, false);
    let planned = plan_all(&common.runbooks, |p| {
        if args.matrix {
            p.matrix(&base)
        } else {
            p.plan(&base).map(|plan| vec![plan])
        }
    });
    let Some(planned) = planned else {
        return Exit::Usage;
    };
    let runs = runs_of_checks(common.out.as_deref(), planned);
    if let [only] = runs.as_slice() {
        let config = config(
            common,
            &sessions,
            &only.pipeline,
            &only.plan,
            only.folder.clone(),
            Mode::Check,
            Confirm::Refuse,
        );
        return run_one(&only.pipeline, &only.plan, &config);
    }
    run_batch(common, &sessions, runs, Mode::Check, Confirm::Refuse)
}

/// Reads and plans every runbook before any browser starts, printing every problem: a mistake in the
/// last one stops them all (`None`).
fn plan_all<T>(
    paths: &[PathBuf],
    plan: impl Fn(&Pipeline) -> Result<T, LoadError>,
) -> Option<Vec<(Arc<Pipeline>, T)>> {
    let mut planned = Vec::new();
    let mut failed = false;
    for path in paths {
        match Pipeline::read(path).and_then(|p| plan(&p).map(|t| (Arc::new(p), t))) {
            Ok(pair) => planned.push(pair),
            Err(e) => {
                super::usage(&e);
                failed = true;
            }
        }
    }
    (!failed).then_some(planned)
}

/// The saved session to restore (read now, before any browser starts: a file that cannot be used
/// is a usage error naming it) and where to save one; `None` after printing the problem.
fn sessions(args: &CommonArgs) -> Option<SessionUse> {
    let restore = match &args.session {
        Some(path) => match SessionFile::load(path) {
            Ok(file) => Some((path.clone(), Arc::new(file))),
            Err(e) => {
                eprintln!("error: {e}");
                return None;
            }
        },
        None => None,
    };
    Some(SessionUse {
        restore,
        save: args.save_session.clone(),
    })
}

fn config(
    args: &CommonArgs,
    sessions: &SessionUse,
    pipeline: &Pipeline,
    plan: &Plan,
    out_dir: PathBuf,
    mode: Mode,
    confirm: Confirm,
) -> RunConfig {
    RunConfig {
        quiet: args.quiet,
        browser: BrowserOptions {
            headed: args.headed,
            webdriver: args.webdriver.clone(),
            driver: args.driver.clone(),
            browser: args.browser.clone(),
            profile: args.profile.clone(),
            // The run's locale, set by the runner.
            language: None,
        },
        full_page: args.full_page,
        settle: args.settle,
        visual: visual_config(args),
        mode,
        confirm,
        reports: args.report.iter().map(|&r| r.into()).collect(),
        documentation: pipeline.documentation(plan),
        sessions: sessions.clone(),
        ..pipeline.config(out_dir)
    }
}

/// One run, its lines on stderr as they happen.
fn run_one(pipeline: &Pipeline, plan: &Plan, config: &RunConfig) -> Exit {
    let Some(runtime) = runtime() else {
        return Exit::Environment;
    };
    let outcome = runtime.block_on(async {
        let mut interrupts = interrupts();
        run::run(plan, config, interrupts()).await
    });
    print_outcome(pipeline, plan, &outcome, config.quiet);
    outcome.exit
}

/// Where the evidence is and, for a failed step, the failure at its line in the runbook.
fn print_outcome(pipeline: &Pipeline, plan: &Plan, outcome: &RunOutcome, quiet: bool) {
    if quiet && outcome.exit == Exit::Passed {
        return;
    }
    match &outcome.failure {
        Some(failure) => eprint!("\n{}", pipeline.render_failure(failure, plan)),
        None => {
            if let Some(error) = &outcome.report.error {
                eprintln!("clickpath: {error}");
            }
        }
    }
    eprintln!("evidence: {}", outcome.evidence_dir.display());
}

/// Several runs over `--jobs` browser sessions; the summary table at the end, the worst exit.
fn run_batch(
    common: &CommonArgs,
    sessions: &SessionUse,
    runs: Vec<PlannedRun>,
    mode: Mode,
    confirm: Confirm,
) -> Exit {
    if common.profile.is_some() && common.jobs > 1 {
        eprintln!(
            "error: --profile DIR serves one browser at a time; run these {} runs with --jobs 1",
            runs.len()
        );
        return Exit::Usage;
    }
    let labels = distinct_labels(runs.iter().map(|r| r.label.clone()).collect());
    let folders = distinct_folders(runs.iter().map(|r| r.folder.clone()).collect());
    // Each run's runbook, by its (distinct) label: the failures below are drawn against their own file.
    let mut sources = std::collections::HashMap::with_capacity(runs.len());
    let jobs: Vec<Job> = runs
        .into_iter()
        .zip(labels.into_iter().zip(folders))
        .map(|(run, (label, folder))| {
            let mut config = config(
                common,
                sessions,
                &run.pipeline,
                &run.plan,
                folder,
                mode,
                confirm,
            );
            // Every run restores its own copy; each saves to a file of its own, named after it.
            config.sessions.save = sessions.save.as_deref().map(|p| per_run_path(p, &label));
            config.label = Some(label.clone());
            sources.insert(label.clone(), (Arc::clone(&run.pipeline), run.plan.clone()));
            Job {
                label,
                plan: run.plan,
                config,
            }
        })
        .collect();
    if !common.quiet {
        eprintln!(
            "{} runs, {} at a time",
            jobs.len(),
            usize::from(common.jobs).min(jobs.len())
        );
    }
    let Some(runtime) = runtime() else {
        return Exit::Environment;
    };
    let results =
        runtime.block_on(async { run_all(jobs, usize::from(common.jobs), interrupts()).await });
    eprint!("\n{}", summary(mode, &results));
    // Each failed step at its line, so the runbook can be opened where it went wrong.
    for result in &results {
        let failure = result.outcome.as_ref().and_then(|o| o.failure.as_ref());
        if let (Some(failure), Some((pipeline, plan))) = (failure, sources.get(&result.label)) {
            eprint!(
                "\n[{}] {}",
                result.label,
                pipeline.render_failure(failure, plan)
            );
        }
    }
    worst_exit(&results)
}

/// What `--baseline` asks, if it was given.
fn visual_config(args: &CommonArgs) -> Option<crate::evidence::visual_check::VisualConfig> {
    args.baseline
        .as_ref()
        .map(|root| crate::evidence::visual_check::VisualConfig {
            root: root.clone(),
            max_diff_ratio: args.max_diff_ratio,
            fail_on_drift: args.fail_on_visual_drift,
        })
}
