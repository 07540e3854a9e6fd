//! The command line's grammar: every command, argument and flag, as clap types.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::run::ReportFormat;

/// Follow a documented click path in a real browser, with a screenshot of every step as evidence.
#[derive(Parser)]
#[command(name = "clickpath", version, about, long_about = None)]
pub struct Cli {
    /// More logging (-v debug, -vv trace); RUST_LOG works too.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
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
    /// Draft a runbook from a knowledge-base article: a section a heading, a step an instruction.
    Draft {
        /// The article: plain text, Markdown (.md) or HTML (.html).
        article: PathBuf,
        /// The article's language (default: the one whose phrases it uses most).
        #[arg(long)]
        locale: Option<String>,
        /// Where to write the runbook (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Walk the draft on the live UI starting at this address (its `start_url`): each step's
        /// element is looked for, non-destructive steps are performed to reach the next screen, and
        /// the draft gets the scopes ambiguous targets need and TODOs for missing ones.
        #[arg(long, value_name = "URL")]
        against: Option<String>,
        /// With --against: a variant value, --variant ui=lightning_experience (repeatable).
        #[arg(long = "variant", value_name = "K=V", value_parser = key_value, requires = "against")]
        variants: Vec<(String, String)>,
        /// With --against: a param value, such as another start address (repeatable).
        #[arg(long = "var", value_name = "K=V", value_parser = key_value, requires = "against")]
        vars: Vec<(String, String)>,
        /// With --against: show the browser window.
        #[arg(long, requires = "against")]
        headed: bool,
    },
    /// Pair each instruction of a knowledge-base article with the steps that implement it.
    Coverage {
        /// The runbook file.
        runbook: PathBuf,
        /// The article: plain text, Markdown (.md) or HTML (.html).
        article: PathBuf,
        /// The article's language (default: the runbook's `locale`).
        #[arg(long)]
        locale: Option<String>,
        /// Only this variant's steps: --variant ui=classic (repeatable; default: every variant).
        #[arg(long = "variant", value_name = "K=V", value_parser = key_value)]
        variants: Vec<(String, String)>,
        /// text or json.
        #[arg(long, value_enum, default_value = "text")]
        format: CoverageFormat,
    },
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
    /// Make a run's screenshots of the chosen steps their baseline images, recorded in baseline.json.
    Approve(ApproveArgs),
    /// Look into a saved session file (`--save-session`) without showing any value.
    #[command(subcommand)]
    Session(SessionCommand),
    /// Serve the practice org (HubSpot, Salesforce Classic and Lightning, an inbox) until Ctrl-C.
    Practice {
        /// The port on 127.0.0.1 (default: a free one).
        #[arg(long)]
        port: Option<u16>,
        /// The Lightning pages' shadow DOM (a page's ?shadow= still overrides it).
        #[arg(long, value_enum, default_value = "synthetic")]
        shadow: ShadowArg,
        /// Open the app pages without logging in.
        #[arg(long)]
        no_login: bool,
        /// How long a login lasts (e.g. 10m, 2h).
        #[arg(long, value_name = "DURATION", value_parser = duration, default_value = "2h")]
        session_lifetime: std::time::Duration,
        /// Show pop-ups (What's new, Switch to Lightning, In-App Guidance) on the page loads this seed chooses.
        #[arg(long, value_name = "SEED")]
        interruptions: Option<u64>,
        /// Change the screens on purpose, for visual baselines: none, colour, moved or new
        /// (POST /__practice/drift?kind=... changes it while serving).
        #[arg(long, value_name = "KIND", value_parser = drift, default_value = "none")]
        drift: crate::practice::Drift,
    },
}

fn drift(s: &str) -> Result<crate::practice::Drift, String> {
    crate::practice::Drift::parse(s)
        .ok_or_else(|| format!("expected none, colour, moved or new, got {s:?}"))
}

/// `clickpath approve RUN_DIR --baseline DIR (--steps 3,5-7 | --all)`.
#[derive(Args)]
pub struct ApproveArgs {
    /// The run's evidence folder (with report.json).
    pub run_dir: PathBuf,
    /// The baseline folder (images go into DIR/<runbook>/<variants-locale>/).
    #[arg(long, value_name = "DIR")]
    pub baseline: PathBuf,
    #[command(flatten)]
    pub which: ApproveWhich,
}

/// Which steps `approve` takes: a list, or all.
#[derive(Args)]
#[group(required = true, multiple = false)]
pub struct ApproveWhich {
    /// These steps' screenshots: numbers and ranges, such as 3,5-7.
    #[arg(long, value_name = "LIST", value_parser = crate::visual::selection::parse_steps)]
    pub steps: Option<crate::visual::selection::StepSelection>,
    /// Every step that has a screenshot.
    #[arg(long)]
    pub all: bool,
}

/// `clickpath session ...`.
#[derive(Subcommand)]
pub enum SessionCommand {
    /// List a saved session's origins, cookie names (domain, path, expiry) and localStorage keys;
    /// never a value.
    Show {
        /// The session file.
        file: PathBuf,
    },
}

/// How the practice org's Lightning pages run shadow DOM.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ShadowArg {
    /// @lwc/synthetic-shadow, as production Lightning Experience runs.
    Synthetic,
    /// The browser's native shadow DOM.
    Native,
}

impl From<ShadowArg> for crate::practice::ShadowMode {
    fn from(a: ShadowArg) -> Self {
        match a {
            ShadowArg::Synthetic => crate::practice::ShadowMode::Synthetic,
            ShadowArg::Native => crate::practice::ShadowMode::Native,
        }
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum DocsFormat {
    /// Markdown.
    Md,
    /// One self-contained HTML file.
    Html,
}

#[derive(Args)]
pub struct DemoArgs {
    /// The Salesforce UI: --variant ui=classic or ui=lightning (default lightning).
    #[arg(long = "variant", value_name = "K=V", value_parser = key_value)]
    pub variants: Vec<(String, String)>,
    /// The UI language: it (default) or en.
    #[arg(long)]
    pub locale: Option<String>,
    /// Run all four combinations (classic and lightning, it and en).
    #[arg(long)]
    pub all: bool,
    /// Show the browser window.
    #[arg(long)]
    pub headed: bool,
    /// The folder for the evidence folders (default: screenshots/<runbook>/).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The practice org's port on 127.0.0.1 (default: a free one).
    #[arg(long)]
    pub port: Option<u16>,
    /// The practice org's Lightning shadow DOM: synthetic (as production) or native.
    #[arg(long, value_enum, default_value = "synthetic")]
    pub shadow: ShadowArg,
    /// The chromedriver executable (default: chromedriver on PATH).
    #[arg(long, value_name = "PATH")]
    pub driver: Option<PathBuf>,
    /// The browser executable (default: chromium on PATH).
    #[arg(long, value_name = "PATH")]
    pub browser: Option<PathBuf>,
    /// Print nothing but errors and the summary.
    #[arg(short, long)]
    pub quiet: bool,
    /// The seed that picks the page loads where the practice org shows a "What's new" prompt
    /// (the runbook's handlers dismiss them).
    #[arg(long, value_name = "SEED", default_value_t = crate::demo::DEMO_INTERRUPTIONS, conflicts_with = "no_interruptions")]
    pub interruptions: u64,
    /// No prompts at all.
    #[arg(long)]
    pub no_interruptions: bool,
}

#[derive(Args)]
pub struct ValueArgs {
    /// A param value: --var name=value (repeatable).
    #[arg(long = "var", value_name = "K=V", value_parser = key_value)]
    pub vars: Vec<(String, String)>,
    /// A secret param value, never printed or saved: --secret name=value.
    #[arg(long = "secret", value_name = "K=V", value_parser = key_value)]
    pub secrets: Vec<(String, String)>,
    /// The UI language for labels (overrides the runbook's `locale`).
    #[arg(long)]
    pub locale: Option<String>,
    /// A variant value: --variant ui=classic (repeatable).
    #[arg(long = "variant", value_name = "K=V", value_parser = key_value)]
    pub variants: Vec<(String, String)>,
    /// The default time each step waits for its target, in seconds (or 500ms, 2m).
    #[arg(long, value_parser = duration)]
    pub timeout: Option<std::time::Duration>,
}

#[derive(Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Perform steps marked `destructive: true` without asking (default: ask on a terminal, else stop
    /// before them with exit code 4).
    #[arg(long)]
    pub confirm_destructive: bool,
    /// Continue the run whose evidence is in RUN_DIR from its first step that did not pass (same
    /// values; give secrets again with --secret), keeping both attempts in its report.
    #[arg(long, value_name = "RUN_DIR")]
    pub resume: Option<PathBuf>,
}

#[derive(Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Check every variant × locale the runbook declares (in parallel with --jobs).
    #[arg(long)]
    pub matrix: bool,
}

#[derive(Args)]
pub struct CommonArgs {
    /// The runbook files (YAML or JSON), each run in its own browser session and evidence folder;
    /// with --resume, the one the run used unless given.
    pub runbooks: Vec<PathBuf>,
    /// How many runs go at once, each in its own browser session (on a Grid: over its nodes).
    #[arg(short, long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: u16,
    #[command(flatten)]
    pub values: ValueArgs,
    /// The evidence folder (default: screenshots/<runbook>/<UTC time>/).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Show the browser window.
    #[arg(long)]
    pub headed: bool,
    /// Use this WebDriver server (e.g. a Selenium Grid) instead of starting chromedriver.
    #[arg(long, value_name = "URL")]
    pub webdriver: Option<String>,
    /// The chromedriver executable (default: chromedriver on PATH).
    #[arg(long, value_name = "PATH")]
    pub driver: Option<PathBuf>,
    /// The browser executable (default: chromium on PATH).
    #[arg(long, value_name = "PATH")]
    pub browser: Option<PathBuf>,
    /// Use this browser profile folder (your logins) instead of a fresh one.
    #[arg(long, value_name = "DIR")]
    pub profile: Option<PathBuf>,
    /// Restore the cookies and localStorage saved in FILE (by --save-session) before the first step,
    /// so the run starts logged in; its values are masked in everything clickpath writes.
    #[arg(long, value_name = "FILE")]
    pub session: Option<PathBuf>,
    /// At the end of the run (pass or fail), save the cookies and localStorage of every origin the
    /// run visited to FILE (mode 0600); with several runs, each writes FILE.LABEL.json.
    #[arg(long, value_name = "FILE")]
    pub save_session: Option<PathBuf>,
    /// Capture the whole page in each screenshot, not only the viewport (Chromium).
    #[arg(long)]
    pub full_page: bool,
    /// How long each screenshot may wait for spinners and other busy indicators to go (default
    /// 2s; 0 takes it at once); a step's `settle:` overrides it.
    #[arg(long, value_name = "DURATION", value_parser = duration)]
    pub settle: Option<std::time::Duration>,
    /// Compare every step's screenshot with its baseline in DIR/<runbook>/<variants-locale>/
    /// (`clickpath approve` makes them); each step is then same, drifted or new.
    #[arg(long, value_name = "DIR")]
    pub baseline: Option<PathBuf>,
    /// With --baseline: the share of changed pixels (0 to 1) above which a step has drifted, unless
    /// its `visual: { max_diff_ratio }` says.
    #[arg(long, value_name = "RATIO", value_parser = ratio, default_value_t = crate::visual::verdict::DEFAULT_MAX_DIFF_RATIO, requires = "baseline")]
    pub max_diff_ratio: f64,
    /// With --baseline: a drifted step makes the run exit 1 (otherwise drift is only shown).
    #[arg(long, requires = "baseline")]
    pub fail_on_visual_drift: bool,
    /// The reports to write: json, junit, html (comma-separated; all by default).
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "json,junit,html"
    )]
    pub report: Vec<ReportArg>,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

pub(crate) fn key_value(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_owned(), v.to_owned())),
        _ => Err(format!("expected NAME=VALUE, got {s:?}")),
    }
}

fn ratio(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(r) if (0.0..=1.0).contains(&r) => Ok(r),
        _ => Err(format!(
            "expected a share from 0 to 1, such as 0.001, got {s:?}"
        )),
    }
}

pub(crate) fn duration(s: &str) -> Result<std::time::Duration, String> {
    crate::runbook::duration::parse_duration(s)
}

/// How `coverage` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CoverageFormat {
    /// A line per instruction and the total.
    Text,
    /// The same as JSON.
    Json,
}

/// A report format on the command line (`--report json,junit,html`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportArg {
    /// `report.json`.
    Json,
    /// `junit.xml`.
    Junit,
    /// `report.html`.
    Html,
}

impl From<ReportArg> for ReportFormat {
    fn from(arg: ReportArg) -> Self {
        match arg {
            ReportArg::Json => ReportFormat::Json,
            ReportArg::Junit => ReportFormat::Junit,
            ReportArg::Html => ReportFormat::Html,
        }
    }
}
