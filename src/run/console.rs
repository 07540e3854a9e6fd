//! The one line per step a person watches on stderr.

use crate::report::model::{StepReport, StepStatus};

/// Prints progress unless quiet.
#[derive(Debug, Clone)]
pub struct Console {
    /// Print nothing.
    pub quiet: bool,
    /// The run's name when several run at once: each line starts with `[label]`.
    pub label: Option<String>,
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
        let lead = self.lead();
        eprintln!(
            "{lead}{mark} {:>width$}/{total} {}  ({})",
            step.index,
            step.name,
            human_ms(step.duration_ms)
        );
        if let Some(error) = &step.error {
            eprintln!("{lead}    {error}");
        }
    }

    /// A line of its own.
    pub fn line(&self, text: &str) {
        if !self.quiet {
            let lead = self
                .label
                .as_ref()
                .map_or_else(String::new, |l| format!("[{l}] "));
            eprintln!("{lead}{text}");
        }
    }

    /// What starts a step's line: `[label] ` in a batch, an indent otherwise.
    fn lead(&self) -> String {
        self.label
            .as_ref()
            .map_or_else(|| "  ".to_owned(), |l| format!("[{l}] "))
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
