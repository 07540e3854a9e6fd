//! Where each run of a command goes: its label on the console and its evidence folder, for one
//! runbook, several (`run A B C`) and every combination of one (`check --matrix`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::evidence::{self, naming::slug};
use crate::pipeline::Pipeline;
use crate::runbook::plan::Plan;

/// One run of a command, before labels and folders are made distinct.
pub struct PlannedRun {
    /// The runbook it runs.
    pub pipeline: Arc<Pipeline>,
    /// Its steps for this run's settings.
    pub plan: Plan,
    /// Its name on the console (`ui-classic-it`, `billing/ui-classic-it`).
    pub label: String,
    /// Its evidence folder.
    pub folder: PathBuf,
}

/// `run A.yaml B.yaml`: `OUT/<file name>/` each, or each runbook's default folder.
pub fn runs_of_files(out: Option<&Path>, planned: Vec<(Arc<Pipeline>, Plan)>) -> Vec<PlannedRun> {
    planned
        .into_iter()
        .map(|(pipeline, plan)| {
            let label = file_label(&pipeline.source.name);
            PlannedRun {
                folder: match out {
                    Some(out) => out.join(&label),
                    None => evidence::default_dir(&plan.runbook),
                },
                label,
                pipeline,
                plan,
            }
        })
        .collect()
}

/// `check A.yaml [B.yaml] [--matrix]`: the runbook's folder itself for one runbook with one plan, else
/// one folder a combination under it, and the runbook's file name first when there are several.
pub fn runs_of_checks(
    out: Option<&Path>,
    planned: Vec<(Arc<Pipeline>, Vec<Plan>)>,
) -> Vec<PlannedRun> {
    let several_files = planned.len() > 1;
    let mut runs = Vec::new();
    for (pipeline, plans) in planned {
        let several_plans = plans.len() > 1;
        let file = file_label(&pipeline.source.name);
        let root = match out {
            Some(out) if several_files => out.join(&file),
            Some(out) => out.to_path_buf(),
            None => evidence::default_dir(&pipeline.runbook.name.value),
        };
        for plan in plans {
            let combination = combination_folder(&plan);
            let (label, folder) = match (several_files, several_plans) {
                (true, true) => (format!("{file}/{combination}"), root.join(&combination)),
                (true, false) => (file.clone(), root.clone()),
                (false, true) => (combination.clone(), root.join(&combination)),
                (false, false) => (combination, root.clone()),
            };
            runs.push(PlannedRun {
                pipeline: Arc::clone(&pipeline),
                plan,
                label,
                folder,
            });
        }
    }
    runs
}

/// A runbook file's name without its folder and extension: its runs' label and folder in a batch.
pub fn file_label(path: &str) -> String {
    let stem = Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "runbook".to_owned());
    slug(&stem)
}

/// `ui-classic-it`: the folder and label of one variant × locale combination.
pub fn combination_folder(plan: &Plan) -> String {
    evidence::naming::combination(&plan.variants, &plan.locale)
}
