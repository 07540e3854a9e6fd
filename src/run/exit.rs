//! How a run or a command ended, one variant per class of failure; the process exit code is derived
//! from it only at the edge (`Exit::code`).

/// The end of a run, a batch or a command.
///
/// Declared from the mildest to the worst, so the worst of a batch is the greatest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    /// Every step passed (exit code 0).
    Passed,
    /// Stopped before a destructive step that was not confirmed (4): a safe stop, the mildest failure.
    Blocked,
    /// A step failed (1).
    StepFailed,
    /// The runbook or the command line is wrong (2).
    Usage,
    /// No driver, no browser, or the session was refused or lost (3).
    Environment,
    /// Interrupted by Ctrl-C or SIGTERM (130).
    Interrupted,
}

impl Exit {
    /// The process exit code, as documented in README.md.
    pub fn code(self) -> u8 {
        match self {
            Exit::Passed => 0,
            Exit::StepFailed => 1,
            Exit::Usage => 2,
            Exit::Environment => 3,
            Exit::Blocked => 4,
            Exit::Interrupted => 130,
        }
    }

    /// The worst of several ends (`Passed` when there are none).
    pub fn worst(ends: impl IntoIterator<Item = Exit>) -> Exit {
        ends.into_iter().max().unwrap_or(Exit::Passed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worst_of_a_batch_puts_an_interrupt_first_and_a_safe_stop_last() {
        assert_eq!(Exit::worst([]), Exit::Passed);
        assert_eq!(Exit::worst([Exit::Blocked, Exit::Passed]), Exit::Blocked);
        assert_eq!(
            Exit::worst([Exit::Blocked, Exit::StepFailed]),
            Exit::StepFailed
        );
        assert_eq!(
            Exit::worst([Exit::Usage, Exit::Environment, Exit::StepFailed]),
            Exit::Environment
        );
        assert_eq!(
            Exit::worst([Exit::Interrupted, Exit::Environment]),
            Exit::Interrupted
        );
        assert_eq!(Exit::Interrupted.code(), 130);
    }
}
