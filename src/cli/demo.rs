//! `clickpath demo`: the shipped runbook against the practice org, and a table of the combinations.

use super::args::DemoArgs;
use super::signals::{interrupts, runtime};
use crate::browser::BrowserOptions;
use crate::demo::{Combination, DemoOptions, DemoRun, demo};
use crate::report::model::StepStatus;
use crate::run::{Confirm, Exit, Mode};

/// `clickpath demo`.
pub fn demo_command(args: DemoArgs) -> Exit {
    let mut ui = "lightning".to_owned();
    for (k, v) in &args.variants {
        if k != "ui" || !["classic", "lightning"].contains(&v.as_str()) {
            eprintln!("error: the demo knows --variant ui=classic and ui=lightning, not {k}={v}");
            return Exit::Usage;
        }
        ui = v.clone();
    }
    let locale = args.locale.clone().unwrap_or_else(|| "it".to_owned());
    if !["it", "en"].contains(&locale.as_str()) {
        eprintln!("error: the practice org speaks it and en, not {locale}");
        return Exit::Usage;
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
        shadow: args.shadow.into(),
        browser: BrowserOptions {
            driver: args.driver.clone(),
            browser: args.browser.clone(),
            ..BrowserOptions::default()
        },
        initial_state: None,
        interruptions: (!args.no_interruptions).then_some(args.interruptions),
        vars: Vec::new(),
        mode: Mode::Run,
        // The practice org exists to be uninstalled: the demo confirms destructive steps itself.
        confirm: Confirm::Confirmed,
    };
    let Some(runtime) = runtime() else {
        return Exit::Environment;
    };
    match runtime.block_on(async { demo(&options, interrupts()).await }) {
        Ok(runs) => {
            eprint!("\n{}", table(&runs));
            for failure in runs.iter().filter_map(|r| r.failure.as_ref()) {
                eprint!("\n{failure}");
            }
            Exit::worst(runs.iter().map(|r| r.outcome.exit))
        }
        Err(message) => {
            eprintln!("error: {message}");
            Exit::Environment
        }
    }
}

/// One row a combination: mark, steps passed, wall time, evidence folder, and why it failed.
fn table(runs: &[DemoRun]) -> String {
    let mut out = format!(
        "{:<28} {:>7} {:>9}  evidence\n",
        "combination", "steps", "time"
    );
    for r in runs {
        let steps = &r.outcome.report.steps;
        let passed = steps
            .iter()
            .filter(|s| s.status == StepStatus::Passed)
            .count();
        let mark = if r.outcome.exit == Exit::Passed {
            "✓"
        } else {
            "✗"
        };
        out.push_str(&format!(
            "{mark} {:<26} {:>3}/{:<3} {:>8.1}s  {}\n",
            r.combination.to_string(),
            passed,
            steps.len(),
            r.wall.as_secs_f64(),
            r.outcome.evidence_dir.display()
        ));
        if let Some(error) = &r.outcome.report.error {
            out.push_str(&format!("    {error}\n"));
        }
    }
    out
}
