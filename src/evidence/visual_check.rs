//! The comparison of each step's screenshot with its baseline (`--baseline`), off the critical path:
//! the step's capture hands the image over and the run goes on; the verdicts are collected when the
//! run ends.

use tokio::task::JoinHandle;

use super::EvidenceDir;
use crate::report::model::{Rect, RunReport};
use crate::visual::baseline::{Baseline, stem_of_screenshot};
use crate::visual::compare::{CompareOptions, PixelRect, compare};
use crate::visual::diff_file_name;
use crate::visual::error::VisualError;
use crate::visual::verdict::{Visual, VisualReport, VisualStatus};

/// What `--baseline` asks of a run.
#[derive(Debug, Clone)]
pub struct VisualConfig {
    /// The baselines' root folder (`DIR/<runbook>/<combination>/` under it).
    pub root: std::path::PathBuf,
    /// The share of changed pixels allowed where a step does not say.
    pub max_diff_ratio: f64,
    /// A drifted step makes the run exit 1 (`--fail-on-visual-drift`).
    pub fail_on_drift: bool,
}

/// A run's visual check: where its baselines are, what it allows, and the comparisons under way.
pub struct VisualCheck {
    /// The baseline folder of the run's runbook and combination.
    pub baseline: Baseline,
    /// The share of changed pixels allowed where a step does not say (`--max-diff-ratio`).
    pub max_diff_ratio: f64,
    /// The run's evidence folder, where diff images and the baselines shown beside them go.
    pub dir: EvidenceDir,
    pending: Vec<(usize, JoinHandle<VisualReport>)>,
}

/// What a step's comparison needs besides the images.
pub struct Compared {
    /// The step's place in the report (0-based).
    pub step: usize,
    /// The screenshot's file name in the run's folder.
    pub screenshot: String,
    /// The step's own allowance, if it has one.
    pub max_diff_ratio: Option<f64>,
    /// Regions left out (ignored elements and masked secrets), in CSS pixels of the screenshot.
    pub excluded: Vec<Rect>,
    /// Device pixels per CSS pixel.
    pub dpr: f64,
}

impl VisualCheck {
    /// A check against `baseline`.
    pub fn new(baseline: Baseline, max_diff_ratio: f64, dir: EvidenceDir) -> VisualCheck {
        VisualCheck {
            baseline,
            max_diff_ratio,
            dir,
            pending: Vec::new(),
        }
    }

    /// Starts the comparison of a step's screenshot `png` with its baseline, on a blocking thread.
    pub fn queue(&mut self, step: Compared, png: Vec<u8>) {
        let baseline = self.baseline.clone();
        let dir = self.dir.clone();
        let max = step.max_diff_ratio.unwrap_or(self.max_diff_ratio);
        let index = step.step;
        let handle = tokio::task::spawn_blocking(move || {
            let started = std::time::Instant::now();
            let mut report =
                verdict(&baseline, &dir, &step, &png, max).unwrap_or_else(|e| VisualReport {
                    status: VisualStatus::Drifted,
                    diff_ratio: None,
                    max_diff_ratio: max,
                    baseline: None,
                    diff: None,
                    note: Some(format!("not compared: {e}")),
                    compare_ms: None,
                });
            report.compare_ms = Some(crate::runbook::duration::millis(started.elapsed()));
            report
        });
        self.pending.push((index, handle));
    }

    /// Waits for every comparison and writes its verdict into the report; returns how many steps
    /// drifted.
    pub async fn finish(self, report: &mut RunReport) -> usize {
        let mut drifted = 0;
        for (step, handle) in self.pending {
            let verdict = match handle.await {
                Ok(v) => v,
                Err(e) => {
                    tracing::error!("a visual comparison failed: {e}");
                    continue;
                }
            };
            if verdict.status == VisualStatus::Drifted {
                drifted += 1;
            }
            if let Some(entry) = report.steps.get_mut(step) {
                entry.visual = Some(verdict);
            }
        }
        drifted
    }
}

/// Compares one screenshot with its baseline; a drifted one leaves its diff image and a copy of the
/// baseline beside the screenshot, so the report shows all three.
fn verdict(
    baseline: &Baseline,
    dir: &EvidenceDir,
    step: &Compared,
    png: &[u8],
    max: f64,
) -> Result<VisualReport, VisualError> {
    let stem = stem_of_screenshot(&step.screenshot);
    let shown = baseline.image_path(stem).display().to_string();
    let Some(base) = baseline.read_image(stem)? else {
        return Ok(VisualReport::new(&Visual::New, max, None, None));
    };
    let options = CompareOptions {
        excluded: step
            .excluded
            .iter()
            .filter_map(|r| PixelRect::from_css(r, step.dpr))
            .collect(),
        ..CompareOptions::default()
    };
    let comparison = compare(&base, png, &options)?;
    let diff = diff_file_name(stem);
    let visual = Visual::decide(&comparison, max, &diff);
    let mut report = VisualReport::new(&visual, max, Some(shown), comparison.note());
    if matches!(visual, Visual::Drifted { .. }) {
        let write = |file: &str, bytes: &[u8]| {
            dir.write(file, bytes).map_err(|source| VisualError::Io {
                action: "write",
                path: dir.root().join(file),
                source,
            })
        };
        write(&diff, &comparison.diff_png)?;
        let copy = format!("{stem}.baseline.png");
        write(&copy, &base)?;
        report.baseline = Some(copy);
    }
    Ok(report)
}
