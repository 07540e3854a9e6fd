//! `clickpath approve`: prints each image approved and where it went; any problem is a usage error.

use super::args::ApproveArgs;
use super::say;
use crate::run::Exit;
use crate::visual::approve::{Approved, approve, read_run};
use crate::visual::selection::StepSelection;

/// Approves the chosen steps of a run into the baseline folder.
pub fn approve_command(args: &ApproveArgs) -> Exit {
    // clap lets through exactly one of --steps and --all.
    let steps = args.which.steps.clone().unwrap_or(StepSelection::All);
    let outcome = read_run(&args.run_dir)
        .and_then(|report| approve(&args.run_dir, &report, &args.baseline, &steps));
    match outcome {
        Ok(approved) => {
            print_approved(&approved);
            Exit::Passed
        }
        Err(e) => {
            eprintln!("error: {e}");
            Exit::Usage
        }
    }
}

fn print_approved(approved: &Approved) {
    for image in &approved.images {
        say(&format!(
            "approved step {} ({}): {} -> {}",
            image.step,
            image.name,
            image.source.display(),
            image.target.display()
        ));
    }
    for (step, why) in &approved.skipped {
        say(&format!("skipped step {step}: {why}"));
    }
    say(&format!(
        "{} image{} approved into {} (recorded in {})",
        approved.images.len(),
        if approved.images.len() == 1 { "" } else { "s" },
        approved.baseline_dir.display(),
        approved.manifest.display()
    ));
}
