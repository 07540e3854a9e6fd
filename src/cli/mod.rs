//! The `clickpath` command line: its grammar (`args`), the small commands here, and a module for each
//! larger one (`runs` for run and check, `demo`, `plan_print`, `resume`); `main.rs` only turns the
//! [`Exit`] this returns into the process's exit code.

mod approve;
mod args;
mod coverage;
mod demo;
mod draft;
mod layout;
mod plan_print;
mod resume;
mod runs;
mod signals;
mod values;

use std::path::{Path, PathBuf};

use clap::Parser;

use crate::pipeline::Pipeline;
use crate::report::procedure::{DocFormat, write_procedure};
use crate::run::Exit;
use crate::runbook::LoadError;
use crate::runbook::model::Runbook;
use args::{Cli, Command, DocsFormat};
use plan_print::print_plan;

/// Parses the command line (exiting with clap's message on a mistake), runs the command, and says
/// how it ended.
pub fn main() -> Exit {
    let cli = Cli::parse();
    init_tracing(cli.verbose);
    match cli.command {
        Command::Schema => schema(),
        Command::Draft {
            article,
            locale,
            out,
            against,
            variants,
            vars,
            headed,
        } => {
            let against = against.map(|url| draft::Against {
                url,
                variants,
                vars,
                headed,
            });
            draft::draft_command(&article, locale, out.as_deref(), against)
        }
        Command::Coverage {
            runbook,
            article,
            locale,
            variants,
            format,
        } => coverage::coverage_command(
            &runbook,
            &article,
            locale,
            &variants,
            format == args::CoverageFormat::Json,
        ),
        Command::Validate { runbooks } => validate_files(&runbooks),
        Command::Plan {
            runbook,
            values,
            json,
        } => {
            match Pipeline::read(&runbook).and_then(|p| p.plan(&values::settings(&values, true))) {
                Ok(plan) => print_plan(&plan, json),
                Err(e) => {
                    eprint!("{}", e.render());
                    Exit::Usage
                }
            }
        }
        Command::Run(args) => runs::run_command(args),
        Command::Check(args) => runs::check_command(args),
        Command::Demo(args) => demo::demo_command(args),
        Command::Approve(args) => approve::approve_command(&args),
        Command::Session(args::SessionCommand::Show { file }) => session_show(&file),
        Command::Practice {
            port,
            shadow,
            no_login,
            session_lifetime,
            interruptions,
            drift,
        } => {
            let mut options = crate::practice::PracticeOptions::new()
                .shadow(shadow.into())
                .login(!no_login)
                .session_lifetime(session_lifetime);
            options.interruptions = interruptions;
            options.drift = drift;
            practice(port, options)
        }
        Command::Docs {
            run_dir,
            format,
            out,
        } => docs(&run_dir, format, out.as_deref()),
    }
}

/// Prints a runbook that cannot be used (`FILE:LINE:COL` and the line): a usage error.
fn usage(error: &LoadError) -> Exit {
    eprint!("{}", error.render());
    Exit::Usage
}

/// Prints a line; a closed stdout (the reader went away) is not an error worth a panic.
fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout(), "{line}");
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

/// `clickpath schema`: the JSON Schema of the runbook format, from the model types.
fn schema() -> Exit {
    let schema = schemars::schema_for!(Runbook);
    match serde_json::to_string_pretty(&schema) {
        Ok(text) => {
            say(&text);
            Exit::Passed
        }
        // Exit code 1, as before: nothing the user can fix, and no usage error.
        Err(e) => {
            eprintln!("error: {e}");
            Exit::StepFailed
        }
    }
}

/// `clickpath validate`: every runbook, every variant and locale, no browser.
fn validate_files(paths: &[PathBuf]) -> Exit {
    let mut exit = Exit::Passed;
    for path in paths {
        match Pipeline::read(path).and_then(|p| p.validate().map(|()| p)) {
            Ok(p) => {
                let steps: usize = p.runbook.sections.iter().map(|s| s.steps.len()).sum();
                say(&format!(
                    "ok: {} ({} sections, {steps} steps)",
                    p.source.name,
                    p.runbook.sections.len()
                ));
                article_warnings(&p, path);
            }
            Err(e) => exit = usage(&e),
        }
    }
    exit
}

/// The coverage of each article the runbook names, as warnings at its `article:` entry.
fn article_warnings(pipeline: &Pipeline, runbook: &Path) {
    let folder = runbook.parent().unwrap_or(Path::new("."));
    for (locale, path) in &pipeline.runbook.article.0 {
        let article = folder.join(&path.value);
        let message = match coverage::compute(pipeline, &article, &locale.value, &[]) {
            Ok(c) if c.complete() && c.stale.is_empty() => {
                say(&format!(
                    "   article ({}): {} covers {}",
                    locale.value,
                    path.value,
                    coverage::summary(&c)
                ));
                continue;
            }
            Ok(c) => format!(
                "warning: the article ({}) is not implemented as written: {} (see clickpath coverage {} {} --locale {})",
                locale.value,
                coverage::summary(&c),
                runbook.display(),
                article.display(),
                locale.value
            ),
            // A fresh clone may lack an article that lives beside it (the seed): said, not fatal.
            Err(coverage::Problem::Input(_)) if !article.exists() => format!(
                "warning: the article ({}) is not at {}: its coverage is not checked",
                locale.value,
                article.display()
            ),
            Err(coverage::Problem::Input(m)) => {
                format!("warning: the article ({}): {m}", locale.value)
            }
            Err(coverage::Problem::Runbook(e)) => {
                eprint!("{}", e.render());
                continue;
            }
        };
        eprint!(
            "{}",
            crate::runbook::source::Diagnostic::new(path.pos, message).render(&pipeline.source)
        );
    }
}

/// `clickpath session show`: what a session file holds, without its values.
fn session_show(file: &Path) -> Exit {
    match crate::session_file::SessionFile::load(file) {
        Ok(session) => {
            say(session
                .describe(crate::session_file::now_seconds())
                .trim_end());
            Exit::Passed
        }
        Err(e) => {
            eprintln!("error: {e}");
            Exit::Usage
        }
    }
}

/// `clickpath docs`: the procedure document of a run.
fn docs(run_dir: &Path, format: DocsFormat, out: Option<&Path>) -> Exit {
    let format = match format {
        DocsFormat::Md => DocFormat::Markdown,
        DocsFormat::Html => DocFormat::Html,
    };
    match write_procedure(run_dir, format, out) {
        Ok(path) => {
            say(&path.display().to_string());
            Exit::Passed
        }
        Err(e) => {
            eprintln!("error: {e}");
            Exit::Usage
        }
    }
}

/// `2h`, `10m`, `45s`: the largest unit that divides the duration.
fn short_duration(d: std::time::Duration) -> String {
    let s = d.as_secs();
    match s {
        0 => format!("{}ms", d.as_millis()),
        _ if s.is_multiple_of(3600) => format!("{}h", s / 3600),
        _ if s.is_multiple_of(60) => format!("{}m", s / 60),
        _ => format!("{s}s"),
    }
}

/// `clickpath practice`: serves the practice org until Ctrl-C, printing its addresses and accounts.
fn practice(port: Option<u16>, options: crate::practice::PracticeOptions) -> Exit {
    let Some(runtime) = signals::runtime() else {
        return Exit::Environment;
    };
    runtime.block_on(async {
        let shadow = options.shadow;
        let lifetime = options.session_lifetime;
        let seed = options.interruptions;
        let server = match crate::practice::start_options(port, options).await {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: cannot serve the practice org on 127.0.0.1: {e}");
                return Exit::Environment;
            }
        };
        let stop = signals::wait_for_signal();
        let base = server.base_url();
        say(&format!(
            "practice org on {base} (Lightning in {} shadow DOM; Ctrl-C stops it)",
            shadow.as_str()
        ));
        for (name, url) in server.entry_points() {
            say(&format!("  {name:<22} {url}"));
        }
        say(&format!(
            "  {:<22} {base}/__practice/state  (POST {base}/__practice/reset)",
            "state"
        ));
        if server.login_required() {
            say(&format!(
                "\nlogins (sessions last {}; two-factor codes: TOTP, SHA-1, 30 s, 6 digits):",
                short_duration(lifetime)
            ));
            for (product, url) in server.login_urls() {
                let a = crate::practice::account(product);
                say(&format!("  {:<22} {url}", product.name()));
                say(&format!("  {:<22}   username     {}", "", a.username));
                say(&format!("  {:<22}   password     {}", "", a.password));
                say(&format!("  {:<22}   TOTP secret  {}", "", a.totp_secret));
            }
        } else {
            say("\nno login: the app pages open without one");
        }
        if let Some(seed) = seed {
            say(&format!(
                "interruptions: seed {seed} (loads so far: {base}/__practice/interruptions)"
            ));
        }
        let vars: Vec<String> = server
            .runbook_vars()
            .into_iter()
            .map(|(k, v)| {
                let flag = if crate::practice::PracticeServer::is_credential(k) {
                    "--secret"
                } else {
                    "--var"
                };
                format!("{flag} {k}={v}")
            })
            .collect();
        say(&format!(
            "\nclickpath run {} {}",
            crate::demo::RUNBOOK_FILE,
            vars.join(" ")
        ));
        stop.await;
        server.shutdown().await;
        Exit::Passed
    })
}
