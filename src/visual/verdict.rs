//! Same, drifted or new: a step's visual verdict, and the part of the report that records it.

use serde::{Deserialize, Serialize};

use super::compare::Comparison;

/// The share of changed pixels a step may have without drifting, unless its runbook says otherwise:
/// above a blinking caret (under 0.01% of a 1280x800 screenshot), below a changed word of a label.
pub const DEFAULT_MAX_DIFF_RATIO: f64 = 0.0001;

/// A step's visual verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "visual", rename_all = "snake_case")]
pub enum Visual {
    /// Within the step's allowance.
    Same {
        /// Share of changed pixels.
        #[serde(rename = "diff_ratio")]
        ratio: f64,
    },
    /// Beyond it.
    Drifted {
        /// Share of changed pixels.
        #[serde(rename = "diff_ratio")]
        ratio: f64,
        /// The diff image's file name.
        diff: String,
    },
    /// No baseline yet: approve this run's screenshot to make one.
    New,
}

/// The three verdicts, as the report names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisualStatus {
    /// Within the allowance.
    Same,
    /// Beyond it.
    Drifted,
    /// No baseline.
    New,
}

/// Whether a share of changed pixels is beyond the allowance (a ratio that is not a number is).
pub fn is_drifted(ratio: f64, max_diff_ratio: f64) -> bool {
    ratio.is_nan() || ratio > max_diff_ratio
}

impl Visual {
    /// The verdict of a comparison; a different size always drifts, whatever the allowance.
    pub fn decide(comparison: &Comparison, max_diff_ratio: f64, diff_file: &str) -> Visual {
        if comparison.size_mismatch.is_some() || is_drifted(comparison.ratio, max_diff_ratio) {
            Visual::Drifted {
                ratio: comparison.ratio,
                diff: diff_file.to_owned(),
            }
        } else {
            Visual::Same {
                ratio: comparison.ratio,
            }
        }
    }

    /// Its status word.
    pub fn status(&self) -> VisualStatus {
        match self {
            Visual::Same { .. } => VisualStatus::Same,
            Visual::Drifted { .. } => VisualStatus::Drifted,
            Visual::New => VisualStatus::New,
        }
    }
}

/// What a step's report says of its visual check (`StepReport.visual`):
/// `{"status": "drifted", "diff_ratio": 0.0125, "max_diff_ratio": 0.0001, "baseline": "...", "diff": "03-x.diff.png"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisualReport {
    /// same, drifted or new.
    pub status: VisualStatus,
    /// Share of changed pixels (none for a new step).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diff_ratio: Option<f64>,
    /// The allowance it was held to.
    pub max_diff_ratio: f64,
    /// The baseline image, relative to the report (or as the baseline folder was given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<String>,
    /// The diff image's file name, in the run's folder (drifted steps).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diff: Option<String>,
    /// Why, when it is not a plain pixel count (a different size, no baseline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// How long the comparison took (decoding, comparing, writing the diff), on a worker thread
    /// beside the run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compare_ms: Option<u64>,
}

impl VisualReport {
    /// The report of a verdict; a new step gets a note saying how to make its baseline.
    pub fn new(
        visual: &Visual,
        max_diff_ratio: f64,
        baseline: Option<String>,
        note: Option<String>,
    ) -> VisualReport {
        let (diff_ratio, diff) = match visual {
            Visual::Same { ratio } => (Some(*ratio), None),
            Visual::Drifted { ratio, diff } => (Some(*ratio), Some(diff.clone())),
            Visual::New => (None, None),
        };
        let note = note.or_else(|| {
            matches!(visual, Visual::New).then(|| {
                "no baseline image yet: `clickpath approve RUN_DIR --baseline DIR --steps N` makes this \
                 screenshot the baseline"
                    .to_owned()
            })
        });
        VisualReport {
            status: visual.status(),
            diff_ratio,
            max_diff_ratio,
            baseline,
            diff,
            note,
            compare_ms: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comparison(ratio: f64, size_mismatch: Option<((u32, u32), (u32, u32))>) -> Comparison {
        Comparison {
            changed: 0,
            compared: 0,
            ratio,
            diff_png: Vec::new(),
            size_mismatch,
        }
    }

    #[test]
    fn drifts_only_beyond_the_allowance() {
        assert!(!is_drifted(0.001, 0.001));
        assert!(is_drifted(0.0011, 0.001));
        assert!(!is_drifted(0.0, 0.0));
        assert!(is_drifted(f64::NAN, 1.0));
        let same = Visual::decide(&comparison(0.00005, None), DEFAULT_MAX_DIFF_RATIO, "d.png");
        assert_eq!(same, Visual::Same { ratio: 0.00005 });
        let drifted = Visual::decide(&comparison(0.2, None), 0.1, "03-x.diff.png");
        assert_eq!(
            drifted,
            Visual::Drifted {
                ratio: 0.2,
                diff: "03-x.diff.png".into()
            }
        );
    }

    #[test]
    fn a_different_size_drifts_even_when_everything_is_allowed() {
        let c = comparison(1.0, Some(((1, 1), (2, 2))));
        assert_eq!(
            Visual::decide(&c, 1.0, "d.png").status(),
            VisualStatus::Drifted
        );
    }

    #[test]
    fn serializes_as_the_report_reads_it() {
        let same = serde_json::to_string(&Visual::Same { ratio: 0.0012 }).expect("json");
        assert_eq!(same, r#"{"visual":"same","diff_ratio":0.0012}"#);
        let new = serde_json::to_string(&Visual::New).expect("json");
        assert_eq!(new, r#"{"visual":"new"}"#);

        let drifted = Visual::Drifted {
            ratio: 0.5,
            diff: "03-x.diff.png".into(),
        };
        let report = VisualReport::new(&drifted, 0.01, Some("b/03-x.png".into()), None);
        let json = serde_json::to_string(&report).expect("json");
        assert_eq!(
            json,
            r#"{"status":"drifted","diff_ratio":0.5,"max_diff_ratio":0.01,"baseline":"b/03-x.png","diff":"03-x.diff.png"}"#
        );
        let back: VisualReport = serde_json::from_str(&json).expect("round trip");
        assert_eq!(back, report);
    }

    #[test]
    fn a_new_step_says_how_to_approve_it() {
        let report = VisualReport::new(&Visual::New, 0.0001, None, None);
        assert_eq!(report.status, VisualStatus::New);
        assert_eq!(report.diff_ratio, None);
        assert!(
            report
                .note
                .as_deref()
                .is_some_and(|n| n.contains("clickpath approve"))
        );
    }
}
