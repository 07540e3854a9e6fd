//! The `clickpath` command line: argument types, wiring and exit codes; the work is in the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use clickpath::browser::BrowserOptions;
use clickpath::evidence;
use clickpath::run::{self, Confirm, EXIT_USAGE, Interrupt, Mode, ReportFormat, RunConfig};
use clickpath::runbook::plan::{Settings, VarValue, resolve};
use clickpath::runbook::{self, LoadError, model::Runbook, source::render_all, validate::validate};

/// Follow a documented click path in a real browser, with a screenshot of every step as evidence.
#[derive(Parser)]
#[command(name = "clickpath", version, about, long_about = None)]
struct Cli {
    /// More logging (-v debug, -vv trace); RUST_LOG works too.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a runbook in a browser and save evidence of every step.
    Run(RunArgs),
    /// Walk a runbook up to its first destructive step, prove that step's target is there and ready,
    /// and never perform it (for nightly checks that the UI still matches the document).
    Check(CheckArgs),
    /// Check runbooks for mistakes without starting a browser.
    Validate {
        /// Runbook files (YAML or JSON).
        #[arg(required = true)]
        runbooks: Vec<PathBuf>,
    },
    /// Print the resolved step list without starting a browser.
    Plan {
        /// The runbook file.
        runbook: PathBuf,
        #[command(flatten)]
        values: ValueArgs,
        /// Print the plan as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print the JSON Schema of the runbook format.
    Schema,
    /// Serve the practice org and run the shipped runbook against it (headless unless --headed).
    Demo(DemoArgs),
    /// Write the procedure document of a run: the documented steps with their screenshots.
    Docs {
        /// The run's evidence folder (with report.json).
        run_dir: PathBuf,
        /// md or html.
        #[arg(long, value_enum, default_value = "md")]
        format: DocsFormat,
        /// The file (or folder) to write (default: procedure.md / procedure.html in the run folder).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Serve the practice org (HubSpot, Salesforce Classic and Lightning, an inbox) until Ctrl-C.
    Practice {
        /// The port on 127.0.0.1 (default: a free one).
        #[arg(long)]
        port: Option<u16>,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum DocsFormat {
    /// Markdown.
    Md,
    /// One self-contained HTML file.
    Html,
}

#[derive(Args)]
struct DemoArgs {
    /// The Salesforce UI: --variant ui=classic or ui=lightning (default lightning).
    #[arg(long = "variant", value_name = "K=V", value_parser = key_value)]
    variants: Vec<(String, String)>,
    /// The UI language: it (default) or en.
    #[arg(long)]
    locale: Option<String>,
    /// Run all four combinations (classic and lightning, it and en).
    #[arg(long)]
    all: bool,
    /// Show the browser window.
    #[arg(long)]
    headed: bool,
    /// The folder for the evidence folders (default: screenshots/<runbook>/).
    #[arg(long)]
    out: Option<PathBuf>,
    /// The practice org's port on 127.0.0.1 (default: a free one).
    #[arg(long)]
    port: Option<u16>,
    /// The chromedriver executable (default: chromedriver on PATH).
    #[arg(long, value_name = "PATH")]
    driver: Option<PathBuf>,
    /// The browser executable (default: chromium on PATH).
    #[arg(long, value_name = "PATH")]
    browser: Option<PathBuf>,
    /// Print nothing but errors and the summary.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Args)]
struct ValueArgs {
    /// A param value: --var name=value (repeatable).
    #[arg(long = "var", value_name = "K=V", value_parser = key_value)]
    vars: Vec<(String, String)>,
    /// A secret param value, never printed or saved: --secret name=value.
    #[arg(long = "secret", value_name = "K=V", value_parser = key_value)]
    secrets: Vec<(String, String)>,
    /// The UI language for labels (overrides the runbook's `locale`).
    #[arg(long)]
    locale: Option<String>,
    /// A variant value: --variant ui=classic (repeatable).
    #[arg(long = "variant", value_name = "K=V", value_parser = key_value)]
    variants: Vec<(String, String)>,
    /// The default time each step waits for its target, in seconds (or 500ms, 2m).
    #[arg(long, value_parser = duration)]
    timeout: Option<std::time::Duration>,
}

#[derive(Args)]
struct RunArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// Perform steps marked `destructive: true` without asking (default: ask on a terminal, else stop
    /// before them with exit code 4).
    #[arg(long)]
    confirm_destructive: bool,
    /// Continue the run whose evidence is in RUN_DIR from its first step that did not pass (same
    /// values; give secrets again with --secret), keeping both attempts in its report.
    #[arg(long, value_name = "RUN_DIR")]
    resume: Option<PathBuf>,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// Check every variant × locale the runbook declares (in parallel with --jobs).
    #[arg(long)]
    matrix: bool,
}

#[derive(Args)]
struct CommonArgs {
    /// The runbook files (YAML or JSON), each run in its own browser session and evidence folder;
    /// with --resume, the one the run used unless given.
    runbooks: Vec<PathBuf>,
    /// How many runs go at once, each in its own browser session (on a Grid: over its nodes).
    #[arg(short, long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=64))]
    jobs: u16,
    #[command(flatten)]
    values: ValueArgs,
    /// The evidence folder (default: screenshots/<runbook>/<UTC time>/).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Show the browser window.
    #[arg(long)]
    headed: bool,
    /// Use this WebDriver server (e.g. a Selenium Grid) instead of starting chromedriver.
    #[arg(long, value_name = "URL")]
    webdriver: Option<String>,
    /// The chromedriver executable (default: chromedriver on PATH).
    #[arg(long, value_name = "PATH")]
    driver: Option<PathBuf>,
    /// The browser executable (default: chromium on PATH).
    #[arg(long, value_name = "PATH")]
    browser: Option<PathBuf>,
    /// Use this browser profile folder (your logins) instead of a fresh one.
    #[arg(long, value_name = "DIR")]
    profile: Option<PathBuf>,
    /// Capture the whole page in each screenshot, not only the viewport (Chromium).
    #[arg(long)]
    full_page: bool,
    /// The reports to write: json, junit, html (comma-separated; all by default).
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "json,junit,html"
    )]
    report: Vec<ReportFormat>,
    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
}

fn key_value(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_owned(), v.to_owned())),
        _ => Err(format!("expected NAME=VALUE, got {s:?}")),
    }
}

fn duration(s: &str) -> Result<std::time::Duration, String> {
    runbook::duration::parse_duration(s)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing(cli.verbose);
    let code = match cli.command {
        Command::Schema => {
            let schema = schemars::schema_for!(Runbook);
            match serde_json::to_string_pretty(&schema) {
                Ok(text) => {
                    println!("{text}");
                    0
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    1
                }
            }
        }
        Command::Validate { runbooks } => validate_files(&runbooks),
        Command::Plan {
            runbook,
            values,
            json,
        } => plan_file(&runbook, &values, json),
        Command::Run(args) => run_file(args),
        Command::Check(args) => check_file(args),
        Command::Demo(args) => demo(args),
        Command::Practice { port } => practice(port),
        Command::Docs {
            run_dir,
            format,
            out,
        } => docs(&run_dir, format, out.as_deref()),
    };
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}

fn init_tracing(verbose: u8) {
    let default = match verbose {
        0 => "warn",
        1 => "clickpath=debug,warn",
        _ => "clickpath=trace,debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
}

fn validate_files(paths: &[PathBuf]) -> i32 {
    let mut code = 0;
    for path in paths {
        match runbook::load(path) {
            Ok((source, book)) => {
                let problems = validate(&book);
                if problems.is_empty() {
                    let steps: usize = book.sections.iter().map(|s| s.steps.len()).sum();
                    println!(
                        "ok: {} ({} sections, {steps} steps)",
                        source.name,
                        book.sections.len()
                    );
                } else {
                    eprint!("{}", render_all(&problems, &source));
                    code = EXIT_USAGE;
                }
            }
            Err(e) => {
                eprint!("{}", e.render());
                code = EXIT_USAGE;
            }
        }
    }
    code
}

fn settings(values: &ValueArgs, allow_missing: bool) -> Settings {
    let env = std::env::vars()
        .filter_map(|(k, v)| {
            k.strip_prefix("CLICKPATH_VAR_")
                .map(|name| (name.to_owned(), v))
        })
        .collect();
    let mut vars: Vec<VarValue> = values
        .vars
        .iter()
        .map(|(k, v)| VarValue {
            name: k.clone(),
            value: v.clone(),
            secret: false,
        })
        .collect();
    vars.extend(values.secrets.iter().map(|(k, v)| VarValue {
        name: k.clone(),
        value: v.clone(),
        secret: true,
    }));
    Settings {
        locale: values.locale.clone(),
        variants: values.variants.clone(),
        vars,
        env,
        timeout: values.timeout,
        allow_missing,
    }
}

fn load_plan(
    path: &std::path::Path,
    values: &ValueArgs,
    allow_missing: bool,
) -> Result<clickpath::runbook::plan::Plan, i32> {
    let (source, book) = runbook::load(path).map_err(|e: LoadError| {
        eprint!("{}", e.render());
        EXIT_USAGE
    })?;
    let s = settings(values, allow_missing);
    resolve(&book, &s).map_err(|problems| {
        eprint!("{}", render_all(&problems, &source));
        EXIT_USAGE
    })
}

fn plan_file(path: &std::path::Path, values: &ValueArgs, json: bool) -> i32 {
    let plan = match load_plan(path, values, true) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if json {
        match serde_json::to_string_pretty(&plan) {
            Ok(text) => println!("{}", plan.redactor.redact(&text)),
            Err(e) => {
                eprintln!("error: {e}");
                return 1;
            }
        }
        return 0;
    }
    let variants: Vec<String> = plan
        .variants
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    println!(
        "{} (locale {}{})",
        plan.runbook,
        plan.locale,
        if variants.is_empty() {
            String::new()
        } else {
            format!(", {}", variants.join(", "))
        }
    );
    let mut section = "";
    let width = plan.steps.len().to_string().len();
    for step in &plan.steps {
        if step.section != section {
            section = &step.section;
            println!("\n  {section}");
        }
        let flags = [
            (step.destructive, " [destructive]"),
            (step.optional, " [optional]"),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, t)| *t)
        .collect::<String>();
        println!(
            "  {:>width$}. {}{flags}",
            step.index,
            plan.redactor.redact(&step.name)
        );
    }
    if !plan.skipped_sections.is_empty() {
        println!(
            "\n  not in this variant: {}",
            plan.skipped_sections.join("; ")
        );
    }
    0
}

fn run_config(
    args: &CommonArgs,
    runbook: &std::path::Path,
    out_dir: PathBuf,
    mode: Mode,
    confirm: Confirm,
) -> RunConfig {
    RunConfig {
        runbook_file: runbook.display().to_string(),
        out_dir,
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
        mode,
        confirm,
        reports: args.report.clone(),
        resume: None,
        label: None,
    }
}

fn run_file(args: RunArgs) -> i32 {
    let common = &args.common;
    let confirm = if args.confirm_destructive {
        Confirm::Confirmed
    } else if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        Confirm::AskOnTerminal
    } else {
        Confirm::Refuse
    };
    if let Some(dir) = &args.resume {
        if common.runbooks.len() > 1 {
            eprintln!("error: --resume continues one run; name at most one runbook with it");
            return EXIT_USAGE;
        }
        let (runbook_path, plan, out_dir, resume) = match prepare_resume(common, dir) {
            Ok(prepared) => prepared,
            Err(code) => return code,
        };
        let mut config = run_config(common, &runbook_path, out_dir, Mode::Run, confirm);
        config.resume = resume;
        return run_one(&plan, &config);
    }
    if common.runbooks.is_empty() {
        eprintln!("error: name the runbook to run (or --resume RUN_DIR)");
        return EXIT_USAGE;
    }
    // Every runbook is planned before any browser starts: a mistake in the last one stops them all.
    let mut plans = Vec::new();
    let mut code = 0;
    for path in &common.runbooks {
        match load_plan(path, &common.values, false) {
            Ok(plan) => plans.push((path.clone(), plan)),
            Err(c) => code = c,
        }
    }
    if code != 0 {
        return code;
    }
    if let [(path, plan)] = plans.as_slice() {
        let out_dir = common
            .out
            .clone()
            .unwrap_or_else(|| evidence::default_dir(&plan.runbook));
        return run_one(plan, &run_config(common, path, out_dir, Mode::Run, confirm));
    }
    let runs = plans
        .into_iter()
        .map(|(path, plan)| BatchRun {
            folder: match &common.out {
                Some(out) => out.join(file_label(&path)),
                None => evidence::default_dir(&plan.runbook),
            },
            label: file_label(&path),
            path,
            plan,
        })
        .collect();
    run_batch(common, runs, Mode::Run, confirm)
}

/// One run, its lines on stderr as they happen.
fn run_one(plan: &clickpath::runbook::plan::Plan, config: &RunConfig) -> i32 {
    let Some(runtime) = runtime() else {
        return run::EXIT_ENVIRONMENT;
    };
    let outcome = runtime.block_on(async {
        let mut interrupts = interrupts();
        run::run(plan, config, interrupts()).await
    });
    print_outcome(&outcome, config.quiet);
    outcome.exit_code
}

/// A run of a batch before its evidence folder and label are made distinct.
struct BatchRun {
    path: PathBuf,
    plan: clickpath::runbook::plan::Plan,
    label: String,
    folder: PathBuf,
}

/// Several runs over `--jobs` browser sessions; the summary table at the end, the worst exit code.
fn run_batch(common: &CommonArgs, runs: Vec<BatchRun>, mode: Mode, confirm: Confirm) -> i32 {
    use clickpath::run::batch::{Job, distinct_folders, distinct_labels, run_all, summary};
    if common.profile.is_some() && common.jobs > 1 {
        eprintln!(
            "error: --profile DIR serves one browser at a time; run these {} runs with --jobs 1",
            runs.len()
        );
        return EXIT_USAGE;
    }
    let labels = distinct_labels(runs.iter().map(|r| r.label.clone()).collect());
    let folders = distinct_folders(runs.iter().map(|r| r.folder.clone()).collect());
    let jobs: Vec<Job> = runs
        .into_iter()
        .zip(labels.into_iter().zip(folders))
        .map(|(run, (label, folder))| {
            let mut config = run_config(common, &run.path, folder, mode, confirm);
            config.label = Some(label.clone());
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
        return run::EXIT_ENVIRONMENT;
    };
    let results =
        runtime.block_on(async { run_all(jobs, usize::from(common.jobs), interrupts()).await });
    eprint!("\n{}", summary(mode, &results));
    run::batch::worst_exit_code(&results)
}

/// A runbook file's name without its folder and extension: its runs' label and folder in a batch.
fn file_label(path: &std::path::Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "runbook".to_owned());
    evidence::naming::slug(&stem)
}

type Prepared = (
    PathBuf,
    clickpath::runbook::plan::Plan,
    PathBuf,
    Option<(clickpath::report::model::RunReport, usize)>,
);

/// Reads an earlier run's report and plans its continuation with the same values.
fn prepare_resume(common: &CommonArgs, dir: &std::path::Path) -> Result<Prepared, i32> {
    let fail = |message: String| {
        eprintln!("error: {message}");
        EXIT_USAGE
    };
    let previous = clickpath::report::json::read_report(dir)
        .map_err(|e| fail(format!("cannot resume {}: {e}", dir.display())))?;
    let path = common
        .runbooks
        .first()
        .cloned()
        .unwrap_or_else(|| PathBuf::from(&previous.runbook.file));
    let (source, book) = runbook::load(&path).map_err(|e| {
        eprint!("{}", e.render());
        EXIT_USAGE
    })?;
    let given = settings(&common.values, false).vars;
    let settings =
        clickpath::run::resume::settings(&previous, &given, common.values.timeout).map_err(fail)?;
    let plan = resolve(&book, &settings).map_err(|problems| {
        eprint!("{}", render_all(&problems, &source));
        EXIT_USAGE
    })?;
    let (report, start) = clickpath::run::resume::prepare(&previous, &plan).map_err(fail)?;
    if !common.quiet {
        eprintln!("resuming {} at step {}", dir.display(), start + 1);
    }
    Ok((path, plan, dir.to_path_buf(), Some((report, start))))
}

fn print_outcome(outcome: &run::RunOutcome, quiet: bool) {
    if !quiet || outcome.exit_code != 0 {
        if let Some(error) = &outcome.report.error {
            eprintln!("clickpath: {error}");
        }
        eprintln!("evidence: {}", outcome.evidence_dir.display());
    }
}

fn check_file(args: CheckArgs) -> i32 {
    let common = &args.common;
    if common.runbooks.is_empty() {
        eprintln!("error: name the runbook to check");
        return EXIT_USAGE;
    }
    // Every runbook and combination is planned before any browser starts.
    let base = settings(&common.values, false);
    let mut planned = Vec::new();
    let mut code = 0;
    for path in &common.runbooks {
        match plan_combinations(path, &base, args.matrix) {
            Ok((name, plans)) => planned.push((path.clone(), name, plans)),
            Err(c) => code = c,
        }
    }
    if code != 0 {
        return code;
    }
    let several_files = planned.len() > 1;
    let mut runs = Vec::new();
    for (path, name, plans) in planned {
        let several_plans = plans.len() > 1;
        let root = match &common.out {
            Some(out) if several_files => out.join(file_label(&path)),
            Some(out) => out.clone(),
            None => evidence::default_dir(&name),
        };
        for plan in plans {
            let combination = combination_folder(&plan);
            let (label, folder) = match (several_files, several_plans) {
                (true, true) => (
                    format!("{}/{combination}", file_label(&path)),
                    root.join(&combination),
                ),
                (true, false) => (file_label(&path), root.clone()),
                (false, _) => (combination.clone(), root.join(&combination)),
            };
            runs.push(BatchRun {
                path: path.clone(),
                plan,
                label,
                folder: if several_files || several_plans {
                    folder
                } else {
                    root.clone()
                },
            });
        }
    }
    if let [only] = runs.as_slice() {
        let config = run_config(
            common,
            &only.path,
            only.folder.clone(),
            Mode::Check,
            Confirm::Refuse,
        );
        return run_one(&only.plan, &config);
    }
    run_batch(common, runs, Mode::Check, Confirm::Refuse)
}

/// The plans of one runbook: the values given, or (with --matrix) every variant × locale it declares.
fn plan_combinations(
    path: &std::path::Path,
    base: &Settings,
    matrix: bool,
) -> Result<(String, Vec<clickpath::runbook::plan::Plan>), i32> {
    let (source, book) = runbook::load(path).map_err(|e| {
        eprint!("{}", e.render());
        EXIT_USAGE
    })?;
    let combinations = if matrix {
        clickpath::runbook::validate::combinations(&book)
            .into_iter()
            .map(|c| Settings {
                locale: c.locale.or_else(|| base.locale.clone()),
                variants: c.variants,
                ..base.clone()
            })
            .collect()
    } else {
        vec![base.clone()]
    };
    let mut plans = Vec::new();
    for settings in &combinations {
        let plan = resolve(&book, settings).map_err(|problems| {
            eprint!("{}", render_all(&problems, &source));
            EXIT_USAGE
        })?;
        plans.push(plan);
    }
    Ok((book.name.value.clone(), plans))
}

/// `ui-classic-it`: the folder and label of one variant × locale combination.
fn combination_folder(plan: &clickpath::runbook::plan::Plan) -> String {
    let mut parts: Vec<String> = plan
        .variants
        .iter()
        .map(|(k, v)| format!("{k}-{v}"))
        .collect();
    parts.push(plan.locale.clone());
    evidence::naming::slug(&parts.join("-"))
}

fn runtime() -> Option<tokio::runtime::Runtime> {
    match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => Some(r),
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            None
        }
    }
}

/// A source of futures that complete once Ctrl-C or SIGTERM arrives (one per run; all see the signal).
fn interrupts() -> impl FnMut() -> Interrupt {
    let (tx, rx) = tokio::sync::watch::channel(false);
    let signal = wait_for_signal();
    tokio::spawn(async move {
        signal.await;
        let _ = tx.send(true);
    });
    move || {
        let mut rx = rx.clone();
        Box::pin(async move {
            let _ = rx.wait_for(|stopped| *stopped).await;
        })
    }
}

fn demo(args: DemoArgs) -> i32 {
    use clickpath::demo::{Combination, DemoOptions};
    let mut ui = "lightning".to_owned();
    for (k, v) in &args.variants {
        if k != "ui" || !["classic", "lightning"].contains(&v.as_str()) {
            eprintln!("error: the demo knows --variant ui=classic and ui=lightning, not {k}={v}");
            return EXIT_USAGE;
        }
        ui = v.clone();
    }
    let locale = args.locale.clone().unwrap_or_else(|| "it".to_owned());
    if !["it", "en"].contains(&locale.as_str()) {
        eprintln!("error: the practice org speaks it and en, not {locale}");
        return EXIT_USAGE;
    }
    let combinations = if args.all {
        Combination::all()
    } else {
        vec![Combination { ui, locale }]
    };
    let options = DemoOptions {
        combinations,
        headed: args.headed,
        out_root: args.out.clone(),
        quiet: args.quiet,
        port: args.port,
        browser: BrowserOptions {
            driver: args.driver.clone(),
            browser: args.browser.clone(),
            ..BrowserOptions::default()
        },
        initial_state: None,
        vars: Vec::new(),
        mode: Mode::Run,
        // The practice org exists to be uninstalled: the demo confirms destructive steps itself.
        confirm: Confirm::Confirmed,
    };
    let Some(runtime) = runtime() else {
        return run::EXIT_ENVIRONMENT;
    };
    let result = runtime.block_on(async { clickpath::demo::demo(&options, interrupts()).await });
    let runs = match result {
        Ok(runs) => runs,
        Err(message) => {
            eprintln!("error: {message}");
            return run::EXIT_ENVIRONMENT;
        }
    };
    eprintln!(
        "\n{:<28} {:>7} {:>9}  evidence",
        "combination", "steps", "time"
    );
    let mut worst = 0;
    for r in &runs {
        let steps = &r.outcome.report.steps;
        let passed = steps
            .iter()
            .filter(|s| s.status == clickpath::report::model::StepStatus::Passed)
            .count();
        let mark = if r.outcome.exit_code == 0 {
            "✓"
        } else {
            "✗"
        };
        eprintln!(
            "{mark} {:<26} {:>3}/{:<3} {:>8.1}s  {}",
            r.combination.to_string(),
            passed,
            steps.len(),
            r.wall.as_secs_f64(),
            r.outcome.evidence_dir.display()
        );
        if let Some(error) = &r.outcome.report.error {
            eprintln!("    {error}");
        }
        worst = worst.max(r.outcome.exit_code);
    }
    worst
}

fn docs(run_dir: &std::path::Path, format: DocsFormat, out: Option<&std::path::Path>) -> i32 {
    use clickpath::report::procedure::{DocFormat, write_procedure};
    let format = match format {
        DocsFormat::Md => DocFormat::Markdown,
        DocsFormat::Html => DocFormat::Html,
    };
    match write_procedure(run_dir, format, out) {
        Ok(path) => {
            println!("{}", path.display());
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_USAGE
        }
    }
}

/// Prints a line; a closed stdout (the reader went away) is not an error worth a panic.
fn say(line: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout(), "{line}");
}

fn practice(port: Option<u16>) -> i32 {
    let Some(runtime) = runtime() else {
        return run::EXIT_ENVIRONMENT;
    };
    runtime.block_on(async {
        let server = match clickpath::practice::start(port).await {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: cannot serve the practice org on 127.0.0.1: {e}");
                return run::EXIT_ENVIRONMENT;
            }
        };
        let stop = wait_for_signal();
        say(format_args!(
            "practice org on {} (Ctrl-C stops it)",
            server.base_url()
        ));
        for (name, url) in server.entry_points() {
            say(format_args!("  {name:<22} {url}"));
        }
        say(format_args!(
            "  {:<22} {}/__practice/state  (POST {}/__practice/reset)",
            "state",
            server.base_url(),
            server.base_url()
        ));
        let vars: Vec<String> = server
            .runbook_vars()
            .into_iter()
            .map(|(k, v)| format!("--var {k}={v}"))
            .collect();
        say(format_args!(
            "\nclickpath run {} {}",
            clickpath::demo::RUNBOOK_FILE,
            vars.join(" ")
        ));
        stop.await;
        server.shutdown().await;
        0
    })
}

/// Listens for Ctrl-C and SIGTERM from the moment it is called (not from its first poll, so a signal
/// sent right after start-up is not lost); the future completes when one arrives.
fn wait_for_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let interrupt = signal(SignalKind::interrupt()).ok();
        let terminate = signal(SignalKind::terminate()).ok();
        async move {
            let wait = |s: Option<tokio::signal::unix::Signal>| async move {
                match s {
                    Some(mut s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                () = wait(interrupt) => {},
                () = wait(terminate) => {},
            }
        }
    }
    #[cfg(not(unix))]
    {
        async {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
