//! The one line per step a person watches on stderr.

use crate::report::model::{StepReport, StepStatus};

/// Prints progress unless quiet.
#[derive(Debug, Clone, Copy)]
pub struct Console {
    /// Print nothing.
    pub quiet: bool,
}

impl Console {
    /// A finished step: mark, number, name, duration; the error below a failure.
    pub fn step(&self, step: &StepReport, total: usize) {
        if self.quiet {
            return;
        }
        let mark = match step.status {
            StepStatus::Passed => "✓",
            StepStatus::Failed => "✗",
            StepStatus::Skipped => "–",
            StepStatus::NotReached => " ",
            StepStatus::Blocked => "■",
            StepStatus::Verified => "◆",
        };
        let width = total.to_string().len();
        eprintln!(
            "  {mark} {:>width$}/{total} {}  ({})",
            step.index,
            step.name,
            human_ms(step.duration_ms)
        );
        if let Some(error) = &step.error {
            eprintln!("      {error}");
        }
    }

    /// A line of its own.
    pub fn line(&self, text: &str) {
        if !self.quiet {
            eprintln!("{text}");
        }
    }
}

/// `85 ms`, `1.2 s`.
pub fn human_ms(ms: u64) -> String {
    if ms < 1000 {
        format!("{ms} ms")
    } else {
        format!("{:.1} s", ms as f64 / 1000.0)
    }
}
