//! The step loop: perform each step, capture evidence after it, keep the report current.
pub mod actions;
pub mod batch;
pub mod console;
mod detours;
pub mod exit;
pub mod failure;
pub mod memory;
pub mod resume;
pub mod saved_session;

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::time::Instant;

use crate::browser::page::Page;
use crate::browser::{Browser, BrowserOptions};
use crate::evidence::EvidenceDir;
use crate::evidence::capture::{Capture, apply_annotations};
use crate::evidence::pool::AnnotationPool;
use crate::redact::Redactor;
use crate::report::json::write_report;
use crate::report::model::{
    RunReport, RunStatus, RunbookInfo, SCHEMA_VERSION, StepReport, StepStatus,
};
use crate::runbook::duration::millis;
use crate::runbook::plan::{Plan, PlannedStep};
use actions::{Done, Split, ask_operator, perform, verify};
use console::Console;
use failure::{StepError, StepFailure};
use saved_session::SessionRun;

pub use exit::Exit;

/// How to run a plan.
#[derive(Debug, Clone)]
pub struct RunConfig {
    /// The article of the run's locale and which steps implement it: `report.json` then carries
    /// the Documentation view.
    pub documentation: Option<crate::report::documentation::DocPlan>,
    /// The runbook file, as given.
    pub runbook_file: String,
    /// The evidence folder.
    pub out_dir: PathBuf,
    /// Print nothing on stderr.
    pub quiet: bool,
    /// How to get the browser.
    pub browser: BrowserOptions,
    /// Capture the whole page, not only the viewport.
    pub full_page: bool,
    /// Compare every step's screenshot with its baseline (`--baseline`).
    pub visual: Option<crate::evidence::visual_check::VisualConfig>,
    /// How long each screenshot may wait for busy indicators to go, unless its step says
    /// (`--settle`; default [`crate::evidence::capture::SETTLE_LIMIT`]).
    pub settle: Option<std::time::Duration>,
    /// Perform the procedure, or only check it.
    pub mode: Mode,
    /// Whether destructive steps may be performed.
    pub confirm: Confirm,
    /// The reports to write at the end (`report.json` is always kept current).
    pub reports: Vec<ReportFormat>,
    /// Continue this earlier run (its report, prepared by [`resume::prepare`]) from this step (0-based).
    pub resume: Option<(RunReport, usize)>,
    /// The run's name in a batch (`--jobs`): it starts each of the run's console lines.
    pub label: Option<String>,
    /// The saved session to restore before the first step, and where to save it at the end.
    pub sessions: saved_session::SessionUse,
}

/// A report format a run writes at its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// `report.json`.
    Json,
    /// `junit.xml`.
    Junit,
    /// `report.html`.
    Html,
}

impl ReportFormat {
    /// Every format.
    pub fn all() -> Vec<ReportFormat> {
        vec![ReportFormat::Json, ReportFormat::Junit, ReportFormat::Html]
    }
}

/// What a run does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Perform every step (destructive ones as [`Confirm`] allows).
    Run,
    /// Perform every step up to the first destructive one, prove its target is there and ready,
    /// never act on it, and stop.
    Check,
}

/// Whether destructive steps may be performed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    /// Confirmed in advance (`--confirm-destructive`, or the practice org's demo).
    Confirmed,
    /// Ask the operator at the terminal, each time.
    AskOnTerminal,
    /// Stop before any destructive step.
    Refuse,
}

/// What a run ended with.
#[derive(Debug)]
pub struct RunOutcome {
    /// The final report (also in `report.json`).
    pub report: RunReport,
    /// How it ended (the process exit code derives from it).
    pub exit: Exit,
    /// The step that failed, when one did: what the terminal shows at its line in the runbook.
    pub failure: Option<StepFailure>,
    /// Where the evidence is.
    pub evidence_dir: PathBuf,
}

/// How long a read the terminal ended without a line waits for the signal that may have ended it.
const SIGNAL_GRACE: std::time::Duration = std::time::Duration::from_millis(500);

/// The terminal, held by the one run that is asking the operator something.
static OPERATOR: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A future that completes when the run must stop (Ctrl-C, SIGTERM).
pub type Interrupt = Pin<Box<dyn Future<Output = ()> + Send>>;

/// Runs a plan in a new browser session, writing evidence and `report.json` as it goes.
pub async fn run(plan: &Plan, config: &RunConfig, mut interrupt: Interrupt) -> RunOutcome {
    let console = Console {
        quiet: config.quiet,
        label: config.label.clone(),
    };
    let started = Instant::now();
    // A restored session's values are credentials: masked wherever the plan's secrets are.
    let redactor = config.sessions.redactor(&plan.redactor);
    let mut report = new_report(plan, config, &redactor);
    if let Some((previous, _)) = &config.resume {
        report = previous.clone();
        // Values may have been given anew (secrets, a corrected value): record what this attempt used.
        report.params = plan.params.iter().map(Into::into).collect();
    } else if config.out_dir.join(crate::report::json::FILE_NAME).exists() {
        // Each run writes a fresh folder: mixing two runs' screenshots would corrupt the evidence.
        report.status = RunStatus::Error;
        report.error = Some(format!(
            "{} already holds the evidence of another run; choose another --out",
            config.out_dir.display()
        ));
        return ended(report, Exit::Usage, config);
    }
    let dir = match EvidenceDir::create(&config.out_dir) {
        Ok(d) => d,
        Err(e) => {
            report.status = RunStatus::Error;
            report.error = Some(format!(
                "cannot create the evidence folder {}: {e}",
                config.out_dir.display()
            ));
            return ended(report, Exit::Environment, config);
        }
    };
    let mut writer = ReportWriter {
        dir: dir.clone(),
        redactor: redactor.clone(),
        started,
        documentation: config.documentation.clone(),
    };
    writer.save(&mut report);

    // A fresh browser speaks the run's language, so pages that follow it show the labels the runbook
    // expects; an operator's own profile (--profile) keeps its settings untouched.
    let browser_options = BrowserOptions {
        language: config.browser.language.clone().or_else(|| {
            config
                .browser
                .profile
                .is_none()
                .then(|| plan.locale.clone())
        }),
        ..config.browser.clone()
    };
    let mut overhead = crate::report::model::Overhead::default();
    let launching = Instant::now();
    let launched = tokio::select! {
        b = Browser::launch(&browser_options) => Some(b),
        () = &mut interrupt => None,
    };
    let browser = match launched {
        Some(Ok(b)) => b,
        Some(Err(e)) => {
            report.status = RunStatus::Error;
            report.error = Some(e.to_string());
            writer.finish(&mut report, &config.reports);
            return ended(report, Exit::Environment, config);
        }
        None => {
            report.status = RunStatus::Interrupted;
            report.error = Some("interrupted before the browser started".into());
            writer.finish(&mut report, &config.reports);
            return ended(report, Exit::Interrupted, config);
        }
    };
    overhead.session_ms = millis(launching.elapsed());
    overhead.devtools_ms = browser.info.devtools_ms;
    report.browser = Some((&browser.info).into());
    console.line(&format!(
        "clickpath: {} — {} step{} in {} {} ({})",
        plan.runbook,
        plan.steps.len(),
        if plan.steps.len() == 1 { "" } else { "s" },
        browser.info.name,
        browser.info.version,
        if browser.info.headless {
            "headless"
        } else {
            "headed"
        },
    ));
    writer.save(&mut report);

    let mut capture = Capture {
        dir: dir.clone(),
        redactor: redactor.clone(),
        pool: AnnotationPool::for_this_machine(dir.clone()),
        masks: plan.masks.clone(),
        full_page: config.full_page,
        settle_limit: config
            .settle
            .unwrap_or(crate::evidence::capture::SETTLE_LIMIT),
        busy: plan.busy.clone(),
        visual: None,
        comparing: true,
    };
    if let Some(visual) = &config.visual {
        let baseline = crate::visual::baseline::Baseline::open(
            &visual.root,
            &crate::evidence::naming::slug(&plan.runbook),
            &crate::evidence::naming::combination(&plan.variants, &plan.locale),
        );
        match baseline {
            Ok(baseline) => {
                capture.visual = Some(crate::evidence::visual_check::VisualCheck::new(
                    baseline,
                    visual.max_diff_ratio,
                    dir.clone(),
                ))
            }
            Err(e) => {
                report.status = RunStatus::Error;
                report.error = Some(format!("--baseline: {e}"));
                browser.close().await;
                writer.finish(&mut report, &config.reports);
                return ended(report, Exit::Usage, config);
            }
        }
    }
    let mut failure = None;
    let preparing = Instant::now();
    let exit = match Page::new(&browser).await {
        Ok(mut page) => {
            overhead.page_ms = millis(preparing.elapsed());
            match SessionRun::start(&config.sessions, &mut page, &mut report, &console).await {
                Ok(mut session) => {
                    let steps = StepLoop {
                        start: config.resume.as_ref().map_or(0, |(_, start)| *start),
                        mode: config.mode,
                        confirm: config.confirm,
                        plan,
                        console: &console,
                        writer: &mut writer,
                        report: &mut report,
                        capture: &mut capture,
                        failure: &mut failure,
                        session: &mut session,
                        pending: None,
                    };
                    let exit = steps.run(&mut page, &mut interrupt).await;
                    if let Some(b) = report.browser.as_mut() {
                        b.screenshots = page.screenshot_paths();
                        b.scripts = page.script_paths();
                    }
                    session
                        .finish(&config.sessions, &page, &mut report, &console)
                        .await;
                    exit
                }
                Err(e) => {
                    report.status = RunStatus::Error;
                    report.error = Some(e);
                    Exit::Environment
                }
            }
        }
        Err(e) => {
            report.status = RunStatus::Error;
            report.error = Some(e.to_string());
            Exit::Environment
        }
    };
    let closing = Instant::now();
    browser.close().await;
    overhead.close_ms = millis(closing.elapsed());
    let mut exit = exit;
    if let Some(check) = capture.visual.take() {
        let waiting = Instant::now();
        let drifted = check.finish(&mut report).await;
        report.visual_wait_ms = Some(millis(waiting.elapsed()));
        if drifted > 0 {
            let fail = config.visual.as_ref().is_some_and(|v| v.fail_on_drift);
            if fail && exit == Exit::Passed {
                exit = Exit::StepFailed;
                report.status = RunStatus::Failed;
                report.error = Some(format!(
                    "{drifted} screenshot{} drifted from the baseline (--fail-on-visual-drift)",
                    if drifted == 1 { "" } else { "s" }
                ));
            }
        }
    }
    // The run ends only when every annotated copy is on disk.
    let pool = capture.pool;
    let flush_started = Instant::now();
    match tokio::task::spawn_blocking(move || pool.finish()).await {
        Ok(finished) => {
            tracing::debug!(
                ms = millis(flush_started.elapsed()),
                left = finished.len(),
                "annotations flushed"
            );
            apply_annotations(&mut report, finished)
        }
        Err(e) => tracing::error!("the annotation workers failed: {e}"),
    }
    overhead.annotations_ms = millis(flush_started.elapsed());
    report.overhead = Some(overhead);
    report.peak_rss_kib = memory::peak_rss_kib();
    writer.finish(&mut report, &config.reports);
    RunOutcome {
        report,
        exit,
        failure,
        evidence_dir: config.out_dir.clone(),
    }
}

/// A run that ended before its steps: its report as it stands.
fn ended(report: RunReport, exit: Exit, config: &RunConfig) -> RunOutcome {
    RunOutcome {
        report,
        exit,
        failure: None,
        evidence_dir: config.out_dir.clone(),
    }
}

fn new_report(plan: &Plan, config: &RunConfig, redactor: &Redactor) -> RunReport {
    RunReport {
        schema_version: SCHEMA_VERSION,
        clickpath_version: env!("CARGO_PKG_VERSION").to_owned(),
        runbook: RunbookInfo {
            name: plan.runbook.clone(),
            file: config.runbook_file.clone(),
        },
        locale: plan.locale.clone(),
        variants: plan.variants.clone(),
        params: plan.params.iter().map(Into::into).collect(),
        browser: None,
        started_at: now_rfc3339(),
        duration_ms: 0,
        status: RunStatus::Running,
        error: None,
        resumed: Vec::new(),
        session: Vec::new(),
        peak_rss_kib: None,
        visual_wait_ms: None,
        overhead: None,
        documentation: None,
        steps: plan
            .steps
            .iter()
            .map(|s| {
                let mut entry = step_entry(s, redactor);
                let name = s.action.screenshot_name().unwrap_or(&s.stable_name);
                entry.baseline_name = Some(format!(
                    "{}.png",
                    crate::evidence::naming::step_stem(
                        s.index,
                        plan.steps.len(),
                        &redactor.redact(name)
                    )
                ));
                entry
            })
            .collect(),
    }
}

/// A step's entry in the report before it runs.
fn step_entry(s: &PlannedStep, redactor: &Redactor) -> StepReport {
    StepReport {
        index: s.index,
        section: redactor.redact(&s.section),
        name: redactor.redact(&s.name),
        action: s.action.kind().key().to_owned(),
        locator: s.action.target().map(|t| redactor.redact(&t.to_string())),
        doc: s.doc.as_deref().map(|d| redactor.redact(d)),
        line: s.line,
        status: StepStatus::NotReached,
        started_at: None,
        duration_ms: 0,
        locate_ms: 0,
        act_ms: 0,
        screenshot: None,
        annotated: None,
        attempts: Vec::new(),
        dom_snapshot: None,
        masked: Vec::new(),
        capture_ms: 0,
        settle_ms: None,
        shot_ms: None,
        annotate_ms: None,
        error: None,
        element: None,
        dialog: None,
        url: None,
        notes: Vec::new(),
        condition: None,
        baseline_name: None,
        visual: None,
        interruptions: Vec::new(),
    }
}

/// Keeps `report.json` current and free of secrets.
struct ReportWriter {
    dir: EvidenceDir,
    redactor: Redactor,
    started: Instant,
    documentation: Option<crate::report::documentation::DocPlan>,
}

impl ReportWriter {
    fn save(&mut self, report: &mut RunReport) {
        self.prepare(report);
        if let Err(e) = write_report(report, &self.dir) {
            tracing::error!("cannot write report.json: {e}");
        }
    }

    /// The report as it is written now: its duration so far, its Documentation view.
    fn prepare(&self, report: &mut RunReport) {
        report.duration_ms = millis(self.started.elapsed());
        if let Some(doc) = &self.documentation {
            report.documentation = Some(doc.resolve(report));
        }
    }

    /// The final `report.json` and the other formats asked for.
    fn finish(&mut self, report: &mut RunReport, formats: &[ReportFormat]) {
        self.save(report);
        for format in formats {
            let written = match format {
                ReportFormat::Json => Ok(()),
                ReportFormat::Junit => crate::report::junit::write_report(report, &self.dir),
                ReportFormat::Html => crate::report::html::write_report(report, &self.dir),
            };
            if let Err(e) = written {
                tracing::error!("cannot write the {format:?} report: {e}");
            }
        }
    }

    fn redact(&self, text: &str) -> String {
        self.redactor.redact(text)
    }

    /// An element as the report keeps it: its description, path and page come from the page, which
    /// may show a secret.
    fn redact_element(
        &self,
        mut e: crate::report::model::ElementInfo,
    ) -> crate::report::model::ElementInfo {
        e.description = self.redact(&e.description);
        e.path = self.redact(&e.path);
        e.page_url = e.page_url.map(|u| self.redact(&u));
        e
    }
}

struct StepLoop<'a> {
    /// The first step to perform (a resumed run skips those that passed).
    start: usize,
    mode: Mode,
    confirm: Confirm,
    plan: &'a Plan,
    console: &'a Console,
    writer: &'a mut ReportWriter,
    report: &'a mut RunReport,
    capture: &'a mut Capture,
    /// The step that failed, for the terminal.
    failure: &'a mut Option<StepFailure>,
    /// Follows the origins steps show, for saved sessions.
    session: &'a mut SessionRun,
    /// A passed step whose picture is still being made, saved when the next step's is taken
    /// (or the run ends).
    pending: Option<(usize, crate::evidence::capture::Pending)>,
}

/// What happens to a destructive step.
enum Gate {
    /// Perform it (confirmed, or not destructive).
    Perform,
    /// `check`: its target was verified (or verification failed); never performed.
    Verified(Result<Done, StepError>),
    /// Not confirmed: its target was located for the evidence; not performed.
    Blocked(Result<Done, StepError>),
    /// Ctrl-C or SIGTERM while the operator was being asked; not performed.
    Interrupted,
}

impl StepLoop<'_> {
    /// Performs a step (a destructive one as its gate decides), running the handlers of the
    /// interruptions that get in its way, or a login section when a login page does, and trying
    /// it again after each.
    async fn attempt(
        &mut self,
        page: &mut Page<'_>,
        step: &PlannedStep,
        i: usize,
        split: &mut Split,
        interrupt: &mut Interrupt,
    ) -> (Option<StepStatus>, Result<Done, StepError>) {
        let mut detours = 0;
        loop {
            split.watch = self.watch(i, detours);
            // A trial performs nothing: nothing to guard.
            let gate = if step.destructive && !step.trial {
                self.gate(page, step, split, interrupt).await
            } else {
                Gate::Perform
            };
            let (held, decided) = match gate {
                Gate::Perform => (None, None),
                Gate::Verified(done) => (Some(StepStatus::Verified), Some(done)),
                Gate::Blocked(done) => (Some(StepStatus::Blocked), Some(done)),
                Gate::Interrupted => (None, Some(Err(StepError::Interrupted))),
            };
            let outcome = match decided {
                Some(done) => done,
                None => tokio::select! {
                    r = perform(page, step, split) => r,
                    () = &mut *interrupt => Err(StepError::Interrupted),
                },
            };
            if detours < detours::MAX_DETOURS
                && let Err(error) = &outcome
            {
                match self.detour_for(page, error, &split.watch).await {
                    Ok(Some(detour)) => {
                        detours += 1;
                        if let Err(e) = self.take_detour(page, step, i, detour, interrupt).await {
                            return (None, Err(e));
                        }
                        continue;
                    }
                    Ok(None) => {}
                    Err(e) => return (None, Err(e)),
                }
            }
            return (held, outcome);
        }
    }

    /// Whether the step's gate will ask the operator at the terminal (see [`StepLoop::gate`]).
    fn asks_operator(&self, step: &PlannedStep) -> bool {
        step.destructive
            && !step.trial
            && self.mode == Mode::Run
            && self.confirm == Confirm::AskOnTerminal
    }

    /// Decides whether a destructive step may be performed: `check` only verifies it; `run` needs
    /// `--confirm-destructive` or the operator's typed word, and otherwise stops before it.
    async fn gate(
        &self,
        page: &mut Page<'_>,
        step: &PlannedStep,
        split: &mut Split,
        interrupt: &mut Interrupt,
    ) -> Gate {
        match (self.mode, self.confirm) {
            (Mode::Check, _) => Gate::Verified(verify(page, step, split).await),
            (Mode::Run, Confirm::Confirmed) => Gate::Perform,
            (Mode::Run, Confirm::Refuse) => Gate::Blocked(verify(page, step, split).await),
            (Mode::Run, Confirm::AskOnTerminal) => {
                // Show the operator the target is there before asking.
                if let Err(failure) = verify(page, step, split).await {
                    return Gate::Verified(Err(failure));
                }
                let redactor = &self.writer.redactor;
                let redact = |t: &str| redactor.redact(t);
                // Runs in parallel ask one at a time, each saying which run asks.
                let _turn = OPERATOR.lock().await;
                if let Some(label) = &self.console.label {
                    eprintln!("[{label}] needs you:");
                }
                let asked = ask_operator(step, &redact);
                let answered = tokio::select! {
                    biased;
                    () = &mut *interrupt => return Gate::Interrupted,
                    answer = asked => answer,
                };
                match answered {
                    Some(true) => Gate::Perform,
                    Some(false) => Gate::Blocked(verify(page, step, split).await),
                    // No line at all: Ctrl-C at the question ends the terminal's read a moment
                    // before its signal reaches the run. An interrupt then, not a refusal.
                    None => {
                        let signal = tokio::time::timeout(SIGNAL_GRACE, &mut *interrupt).await;
                        if signal.is_ok() {
                            Gate::Interrupted
                        } else {
                            Gate::Blocked(verify(page, step, split).await)
                        }
                    }
                }
            }
        }
    }

    async fn run(mut self, page: &mut Page<'_>, interrupt: &mut Interrupt) -> Exit {
        let total = self.plan.steps.len();
        let mut next = self.start;
        while let Some(step) = self.plan.steps.get(next) {
            let i = next;
            next += 1;
            let step_started = Instant::now();
            self.report.steps[i].started_at = Some(now_rfc3339());
            let mut split = Split::default();
            let (held, outcome) = match self.conditions(page, i, interrupt).await {
                Ok(Some(skip_to)) => {
                    next = skip_to;
                    continue;
                }
                Ok(None) => self.attempt(page, step, i, &mut split, interrupt).await,
                Err(e) => (None, Err(e)),
            };
            let duration = millis(step_started.elapsed());
            // The step before's picture was being made while this one looked: its evidence is
            // saved before this step's outcome is written anywhere.
            self.complete_pending(page).await;
            tracing::debug!(
                step = step.index,
                name = %self.writer.redact(&step.name),
                ms = duration,
                ok = outcome.is_ok(),
                "step performed"
            );
            let entry = &mut self.report.steps[i];
            entry.duration_ms = duration;
            entry.locate_ms = millis(split.locate);
            entry.act_ms = millis(split.act);
            let error = match outcome {
                Ok(done) => {
                    entry.status = held.unwrap_or(StepStatus::Passed);
                    // The element's description and path come from the page, which may show a secret.
                    entry.element = done.element.map(|e| self.writer.redact_element(e));
                    entry.notes = done.notes.iter().map(|n| self.writer.redact(n)).collect();
                    None
                }
                Err(error) => {
                    entry.status = if step.optional && !error.ends_run() {
                        StepStatus::Skipped
                    } else {
                        StepStatus::Failed
                    };
                    entry.error = Some(self.writer.redact(&error.to_string()));
                    Some(error)
                }
            };
            let lost = matches!(error, Some(StepError::Lost(_)));
            self.capture.mask_secret_field(step);
            if !lost {
                let pending = self
                    .capture
                    .begin(page, step, total, &mut self.report.steps[i])
                    .await;
                self.session.after_step(page).await;
                // A passed step's picture may finish while the next step looks, unless the next
                // asks the operator (its line and evidence come first) or there is none.
                let asks = self.plan.steps.get(next).is_none_or(|s| {
                    self.asks_operator(s)
                        || matches!(s.action, crate::runbook::plan::PlannedAction::Manual { .. })
                });
                if pending.in_flight() && self.report.steps[i].status == StepStatus::Passed && !asks
                {
                    // Its line and its report the moment its picture is on disk (at the latest
                    // when the next step acts, or looks for a moment in vain): never sooner.
                    self.announce_when_secured(page, i, &pending);
                    self.pending = Some((i, pending));
                    continue;
                }
                self.capture
                    .complete(page, pending, step, total, &mut self.report.steps[i])
                    .await;
            }
            self.step_reported(i, true);
            let entry = &self.report.steps[i];
            // A lost browser or an interrupt is no fault of the runbook: nothing to point at.
            if entry.status == StepStatus::Failed
                && let Some(error) = error.as_ref().filter(|e| !e.ends_run())
            {
                *self.failure = Some(StepFailure {
                    index: step.index,
                    name: entry.name.clone(),
                    pos: step.pos,
                    error: error.clone(),
                    screenshot: entry
                        .screenshot
                        .as_ref()
                        .map(|f| self.capture.dir.root().join(f)),
                    dom_snapshot: entry
                        .dom_snapshot
                        .as_ref()
                        .map(|f| self.capture.dir.root().join(f)),
                });
            }
            match &error {
                Some(StepError::Interrupted) => {
                    self.report.status = RunStatus::Interrupted;
                    self.report.error = Some("interrupted".into());
                    return Exit::Interrupted;
                }
                Some(StepError::Lost(message)) => {
                    self.report.status = RunStatus::Error;
                    self.report.error = Some(self.writer.redact(message));
                    return Exit::Environment;
                }
                _ => {}
            }
            match self.report.steps[i].status {
                StepStatus::Verified => {
                    // What follows a destructive step depends on it, except sections that start
                    // afresh: `check` goes on from the next of those, or stops.
                    match self.plan.independent_starts.iter().find(|&&s| s > i) {
                        Some(&resume) => {
                            next = resume;
                            continue;
                        }
                        None => {
                            self.report.status = RunStatus::Passed;
                            return Exit::Passed;
                        }
                    }
                }
                StepStatus::Blocked => {
                    self.report.status = RunStatus::Blocked;
                    self.report.error = Some(format!(
                        "stopped before step {} {:?}: it cannot be undone and was not confirmed \
                         (pass --confirm-destructive, or run on a terminal and type the word asked for)",
                        step.index, self.report.steps[i].name
                    ));
                    return Exit::Blocked;
                }
                _ => {}
            }
            if self.report.steps[i].status == StepStatus::Failed {
                self.report.status = RunStatus::Failed;
                self.report.error = Some(format!(
                    "step {} {:?} failed",
                    step.index, self.report.steps[i].name
                ));
                return Exit::StepFailed;
            }
        }
        self.complete_pending(page).await;
        self.report.status = RunStatus::Passed;
        Exit::Passed
    }

    /// Saves the evidence of the step whose picture was still being made, and reports the step.
    async fn complete_pending(&mut self, page: &mut Page<'_>) {
        let Some((i, pending)) = self.pending.take() else {
            return;
        };
        let total = self.plan.steps.len();
        self.capture
            .complete(
                page,
                pending,
                &self.plan.steps[i],
                total,
                &mut self.report.steps[i],
            )
            .await;
        self.step_reported(i, false);
    }

    /// Has the page report step `i` (its line, `report.json`) the moment its picture is secured.
    fn announce_when_secured(
        &mut self,
        page: &mut Page<'_>,
        i: usize,
        pending: &crate::evidence::capture::Pending,
    ) {
        let file = pending.file_name();
        self.report.steps[i].screenshot = Some(file.clone());
        let mut snapshot = self.report.clone();
        self.writer.prepare(&mut snapshot);
        let console = self.console.clone();
        let dir = self.writer.dir.clone();
        let total = self.plan.steps.len();
        page.when_secured(Box::new(move |finished| {
            let entry = &mut snapshot.steps[i];
            match (&finished.png, &finished.kept) {
                (Ok(_), Some(Ok(()))) => {}
                (Err(e), _) => {
                    entry.screenshot = None;
                    entry.notes.push(format!("screenshot withheld: {e}"));
                }
                (Ok(_), Some(Err(e))) => {
                    entry.screenshot = None;
                    entry.notes.push(format!("screenshot not saved: {e}"));
                }
                // Taken by another path, kept by the run when it completes the step.
                (Ok(_), None) => entry.screenshot = None,
            }
            if let Err(e) = write_report(&snapshot, &dir) {
                tracing::error!("cannot write report.json: {e}");
            }
            console.step(&snapshot.steps[i], total);
        }));
    }

    /// A step's evidence is saved (or on its way): the report on disk says so, and the console
    /// when `print`.
    fn step_reported(&mut self, i: usize, print: bool) {
        tracing::debug!(
            step = i + 1,
            ms = self.report.steps[i].capture_ms,
            "evidence captured"
        );
        apply_annotations(self.report, self.capture.pool.ready());
        self.writer.save(self.report);
        if print {
            self.console
                .step(&self.report.steps[i], self.plan.steps.len());
        }
    }
}

/// Now, as RFC 3339 in UTC.
pub fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
