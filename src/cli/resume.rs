//! `clickpath run --resume RUN_DIR`: the earlier run's report, its runbook and values, planned again.

use std::path::Path;

use super::args::CommonArgs;
use super::values::settings;
use crate::pipeline::Pipeline;
use crate::report::model::RunReport;
use crate::run::Exit;
use crate::runbook::plan::Plan;

/// A run to continue.
pub struct Resumption {
    /// Its runbook.
    pub pipeline: Pipeline,
    /// Its steps, with the earlier run's values.
    pub plan: Plan,
    /// The earlier report, prepared, and the first step (0-based) to perform again.
    pub resume: (RunReport, usize),
}

/// Reads an earlier run's report and plans its continuation with the same values.
pub fn prepare_resume(common: &CommonArgs, dir: &Path) -> Result<Resumption, Exit> {
    let fail = |message: String| {
        eprintln!("error: {message}");
        Exit::Usage
    };
    let previous = crate::report::json::read_report(dir)
        .map_err(|e| fail(format!("cannot resume {}: {e}", dir.display())))?;
    let path = common
        .runbooks
        .first()
        .cloned()
        .unwrap_or_else(|| std::path::PathBuf::from(&previous.runbook.file));
    let rendered = |e: crate::runbook::LoadError| super::usage(&e);
    let pipeline = Pipeline::read(&path).map_err(rendered)?;
    let given = settings(&common.values, false).vars;
    let settings =
        crate::run::resume::settings(&previous, &given, common.values.timeout).map_err(fail)?;
    let plan = pipeline.plan(&settings).map_err(rendered)?;
    let resume = crate::run::resume::prepare(&previous, &plan).map_err(fail)?;
    if !common.quiet {
        eprintln!("resuming {} at step {}", dir.display(), resume.1 + 1);
    }
    Ok(Resumption {
        pipeline,
        plan,
        resume,
    })
}
