//! The demo: the shipped runbook against the practice org, in one or every UI variant and language
//! (the engine of `clickpath demo`, and of the tests that run the shipped runbook).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::browser::BrowserOptions;
use crate::evidence::naming::slug;
use crate::pipeline::Pipeline;
use crate::practice::{self, Lang, PracticeServer, PracticeState, ShadowMode};
use crate::run::{self, Interrupt, RunConfig, RunOutcome};
use crate::runbook::plan::{Settings, VarValue};

/// The shipped runbook, built into the binary so the demo runs from any folder.
pub const RUNBOOK_TEXT: &str = include_str!("../runbooks/hubspot-salesforce-uninstall.yaml");
/// Where the shipped runbook lives in the repository.
pub const RUNBOOK_FILE: &str = "runbooks/hubspot-salesforce-uninstall.yaml";

/// One UI variant and language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Combination {
    /// `classic` or `lightning`.
    pub ui: String,
    /// `it` or `en`.
    pub locale: String,
}

impl Combination {
    /// The four combinations the shipped runbook declares.
    pub fn all() -> Vec<Combination> {
        let mut out = Vec::new();
        for ui in ["classic", "lightning"] {
            for locale in ["it", "en"] {
                out.push(Combination {
                    ui: ui.into(),
                    locale: locale.into(),
                });
            }
        }
        out
    }
}

impl std::fmt::Display for Combination {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ui={} locale={}", self.ui, self.locale)
    }
}

/// What the demo does.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// The combinations to run, in order.
    pub combinations: Vec<Combination>,
    /// Show the browser.
    pub headed: bool,
    /// Where evidence folders go (default `screenshots/<runbook>/<UTC time>-<ui>-<locale>/`).
    pub out_root: Option<PathBuf>,
    /// Print nothing but errors.
    pub quiet: bool,
    /// The practice org's port (a free one by default).
    pub port: Option<u16>,
    /// The shadow DOM of the practice org's Lightning pages.
    pub shadow: ShadowMode,
    /// How to get the browser (driver, browser paths).
    pub browser: BrowserOptions,
    /// The state the practice org starts in (default: fresh, everything installed and connected).
    pub initial_state: Option<PracticeState>,
    /// The seed of the practice org's "What's new" prompts (none without one).
    pub interruptions: Option<u64>,
    /// More `--var` values for the runbook (e.g. `keep_data=no`).
    pub vars: Vec<(String, String)>,
    /// Perform the procedure (the demo) or only check it.
    pub mode: run::Mode,
    /// Whether destructive steps are performed: the demo confirms them, the practice org exists to be
    /// uninstalled; tests set otherwise to prove the guard.
    pub confirm: run::Confirm,
}

/// The seed of the demo's interruptions: the practice org's prompts show on some page loads of every
/// combination, and the shipped runbook's handlers dismiss them.
pub const DEMO_INTERRUPTIONS: u64 = 2026;

/// One finished combination.
#[derive(Debug)]
pub struct DemoRun {
    /// Which one.
    pub combination: Combination,
    /// The run's outcome.
    pub outcome: RunOutcome,
    /// Wall time of the run.
    pub wall: Duration,
    /// The practice org's state afterwards.
    pub state: PracticeState,
    /// The failed step at its line in the shipped runbook, as the terminal shows it.
    pub failure: Option<String>,
}

/// Serves the practice org and runs the shipped runbook for each combination, resetting the org between.
pub async fn demo(
    options: &DemoOptions,
    mut interrupt: impl FnMut() -> Interrupt,
) -> Result<Vec<DemoRun>, String> {
    let pipeline = Pipeline::from_text(RUNBOOK_FILE, RUNBOOK_TEXT).map_err(|e| e.render())?;
    let initial = options
        .initial_state
        .clone()
        .unwrap_or_else(PracticeState::fresh);
    let mut org = practice::PracticeOptions::new()
        .state(initial)
        .shadow(options.shadow);
    org.interruptions = options.interruptions;
    let server = practice::start_options(options.port, org)
        .await
        .map_err(|e| format!("cannot start the practice org on 127.0.0.1: {e}"))?;
    if !options.quiet {
        eprintln!("practice org: {}", server.base_url());
        eprintln!(
            "The practice org exists to be uninstalled: the demo performs the runbook's destructive steps itself."
        );
    }
    let stamp = crate::evidence::default_dir("x")
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut runs = Vec::new();
    for combination in &options.combinations {
        server.reset_language(Lang::parse(&combination.locale).unwrap_or(Lang::It));
        let settings = settings_for(&server, combination, &options.vars);
        let plan = pipeline.plan(&settings).map_err(|e| e.render())?;
        let folder = format!("{stamp}-{}-{}", combination.ui, combination.locale);
        let out_dir = match &options.out_root {
            Some(root) => root.join(folder),
            None => PathBuf::from("screenshots")
                .join(slug(&plan.runbook))
                .join(folder),
        };
        if !options.quiet {
            eprintln!("\n== {combination}");
        }
        let config = RunConfig {
            quiet: options.quiet,
            browser: BrowserOptions {
                headed: options.headed,
                ..options.browser.clone()
            },
            mode: options.mode,
            confirm: options.confirm,
            documentation: pipeline.documentation(&plan),
            ..pipeline.config(out_dir)
        };
        let started = Instant::now();
        let outcome = run::run(&plan, &config, interrupt()).await;
        let stop = outcome.exit == run::Exit::Interrupted;
        let failure = outcome
            .failure
            .as_ref()
            .map(|f| pipeline.render_failure(f, &plan));
        runs.push(DemoRun {
            combination: combination.clone(),
            failure,
            outcome,
            wall: started.elapsed(),
            state: server.state(),
        });
        if stop {
            break;
        }
    }
    server.shutdown().await;
    Ok(runs)
}

fn settings_for(
    server: &PracticeServer,
    combination: &Combination,
    extra: &[(String, String)],
) -> Settings {
    let given = server
        .runbook_vars()
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v));
    let vars = given
        .chain(extra.iter().cloned())
        .map(|(name, value)| VarValue {
            secret: PracticeServer::is_credential(&name),
            name,
            value,
        })
        .collect();
    Settings {
        locale: Some(combination.locale.clone()),
        variants: vec![("ui".into(), combination.ui.clone())],
        vars,
        ..Settings::default()
    }
}
