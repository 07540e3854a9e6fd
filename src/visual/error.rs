//! What can go wrong comparing, storing and approving baselines, said for the person reading it.

use std::path::PathBuf;

use super::selection::SelectionError;

/// An error of the visual module.
#[derive(Debug, thiserror::Error)]
pub enum VisualError {
    /// A PNG could not be decoded (`which` is "baseline" or "screenshot").
    #[error("cannot decode the {which} image: {message}")]
    Decode {
        /// Which of the two images.
        which: &'static str,
        /// The decoder's reason.
        message: String,
    },
    /// The diff image could not be encoded.
    #[error("cannot encode the diff image: {0}")]
    Encode(String),
    /// A file could not be read or written.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        /// What was being done ("read", "write", "create the folder").
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The system's reason.
        source: std::io::Error,
    },
    /// A JSON file (report.json, baseline.json) is not what clickpath writes.
    #[error("{} is not a readable {what}: {message}", path.display())]
    Json {
        /// "run report", "baseline manifest".
        what: &'static str,
        /// The file.
        path: PathBuf,
        /// The parser's reason (with line and column).
        message: String,
    },
    /// The run folder has no `report.json`.
    #[error("{} has no report.json: give the folder of a clickpath run (its evidence folder)", run_dir.display())]
    NoReport {
        /// The folder given.
        run_dir: PathBuf,
    },
    /// `--steps` could not be read.
    #[error(transparent)]
    Selection(#[from] SelectionError),
    /// A chosen step number is not in the run.
    #[error("step {step} is not in this run: it has steps 1 to {steps}")]
    StepNotInRun {
        /// The number asked for.
        step: usize,
        /// How many steps the run has.
        steps: usize,
    },
    /// A chosen step has no screenshot to approve.
    #[error("step {step} ({name}) has no screenshot to approve (status: {status})")]
    NoScreenshot {
        /// Its number.
        step: usize,
        /// Its name.
        name: String,
        /// Its status ("not reached", "failed").
        status: String,
    },
    /// The run has no step with a screenshot (`--all`).
    #[error("the run in {} has no screenshot to approve", run_dir.display())]
    NothingToApprove {
        /// The run's folder.
        run_dir: PathBuf,
    },
    /// A path in the report points outside the run's folder.
    #[error(
        "the report names the screenshot {path:?}, which is not a file inside the run's folder"
    )]
    UnsafePath {
        /// The path as the report gives it.
        path: String,
    },
    /// A name that would not be a single folder or file name.
    #[error("{what} {value:?} cannot name a folder of the baseline")]
    BadName {
        /// "runbook slug", "combination".
        what: &'static str,
        /// The name.
        value: String,
    },
}
