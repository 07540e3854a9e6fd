//! `clickpath approve`: a run's screenshots of the chosen steps become their baseline images, and
//! `baseline.json` records the run, the time and the person.

use std::path::{Component, Path, PathBuf};

use sha2::{Digest, Sha256};

use super::baseline::{Baseline, image_name, stem_of_screenshot};
use super::error::VisualError;
use super::manifest::{BrowserId, ImageApproval, Viewport};
use super::selection::StepSelection;
use crate::report::model::{RunReport, StepReport, StepStatus};

/// What an approval did.
#[derive(Debug, Clone, PartialEq)]
pub struct Approved {
    /// The combination's baseline folder.
    pub baseline_dir: PathBuf,
    /// Its `baseline.json`.
    pub manifest: PathBuf,
    /// The images written, in step order.
    pub images: Vec<ApprovedImage>,
    /// With `--all`: the steps left out, and why.
    pub skipped: Vec<(usize, String)>,
}

/// One image approved.
#[derive(Debug, Clone, PartialEq)]
pub struct ApprovedImage {
    /// The step's number.
    pub step: usize,
    /// The step's name.
    pub name: String,
    /// The run's screenshot copied.
    pub source: PathBuf,
    /// The baseline image written.
    pub target: PathBuf,
}

/// Who approves, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approver {
    /// A name (`$USER`, else git's `user.name`, else `unknown`).
    pub by: String,
    /// RFC 3339, UTC, to the second.
    pub at: String,
}

impl Approver {
    /// The person at this terminal, now.
    pub fn current() -> Approver {
        let by = std::env::var("USER")
            .ok()
            .filter(|u| !u.trim().is_empty())
            .or_else(git_user_name)
            .unwrap_or_else(|| "unknown".to_owned());
        let now = time::OffsetDateTime::now_utc();
        let now = now.replace_nanosecond(0).unwrap_or(now);
        let at = now
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_else(|_| now.unix_timestamp().to_string());
        Approver { by, at }
    }
}

fn git_user_name() -> Option<String> {
    let out = std::process::Command::new("git")
        .args(["config", "user.name"])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    let name = String::from_utf8(out.stdout).ok()?.trim().to_owned();
    (out.status.success() && !name.is_empty()).then_some(name)
}

/// Reads `RUN_DIR/report.json`.
pub fn read_run(run_dir: &Path) -> Result<RunReport, VisualError> {
    let path = run_dir.join(crate::report::json::FILE_NAME);
    let text = std::fs::read_to_string(&path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => VisualError::NoReport {
            run_dir: run_dir.to_path_buf(),
        },
        _ => VisualError::Io {
            action: "read",
            path: path.clone(),
            source,
        },
    })?;
    serde_json::from_str(&text).map_err(|e| VisualError::Json {
        what: "run report",
        path,
        message: e.to_string(),
    })
}

/// Copies the chosen steps' raw screenshots (never the annotated copies) into the baseline of the
/// run's runbook and combination under `baseline_root`, and records them, as [`Approver::current`].
pub fn approve(
    run_dir: &Path,
    report: &RunReport,
    baseline_root: &Path,
    steps: &StepSelection,
) -> Result<Approved, VisualError> {
    approve_as(run_dir, report, baseline_root, steps, &Approver::current())
}

/// [`approve`] with the approver given. Every chosen screenshot is read before anything is written,
/// so a missing one leaves the baseline as it was.
pub fn approve_as(
    run_dir: &Path,
    report: &RunReport,
    baseline_root: &Path,
    steps: &StepSelection,
    approver: &Approver,
) -> Result<Approved, VisualError> {
    let baseline = Baseline::for_report(baseline_root, report)?;
    let (chosen, skipped) = choose(report, steps)?;
    if chosen.is_empty() {
        return Err(VisualError::NothingToApprove {
            run_dir: run_dir.to_path_buf(),
        });
    }
    let mut read = Vec::with_capacity(chosen.len());
    for (step, file) in chosen {
        let source = run_dir.join(inside(file)?);
        let png = std::fs::read(&source).map_err(|e| VisualError::Io {
            action: "read",
            path: source.clone(),
            source: e,
        })?;
        read.push((step, file, source, png));
    }

    let mut manifest = baseline.load_manifest()?;
    manifest.runbook = baseline.runbook().to_owned();
    manifest.combination = baseline.combination().to_owned();
    if let Some(browser) = &report.browser {
        manifest.browser = Some(BrowserId {
            name: browser.name.clone(),
            version: browser.version.clone(),
        });
    }
    let run = run_name(run_dir, report);
    let mut images = Vec::with_capacity(read.len());
    for (step, file, source, png) in read {
        let name = step
            .baseline_name
            .clone()
            .unwrap_or_else(|| image_name(stem_of_screenshot(file_name(file))));
        let target = baseline.write_image(&name, &png)?;
        if let Some(size) = png_size(&png) {
            manifest.viewport = Some(size);
        }
        manifest.images.insert(
            name,
            ImageApproval {
                run: run.clone(),
                approved_at: approver.at.clone(),
                approved_by: approver.by.clone(),
                sha256: hex(&Sha256::digest(&png)),
            },
        );
        images.push(ApprovedImage {
            step: step.index,
            name: step.name.clone(),
            source,
            target,
        });
    }
    let manifest = baseline.save_manifest(&manifest)?;
    Ok(Approved {
        baseline_dir: baseline.dir().to_path_buf(),
        manifest,
        images,
        skipped,
    })
}

type Chosen<'a> = Vec<(&'a StepReport, &'a str)>;

/// The steps to approve with their screenshots, and (for `--all`) those without one.
fn choose<'a>(
    report: &'a RunReport,
    steps: &StepSelection,
) -> Result<(Chosen<'a>, Vec<(usize, String)>), VisualError> {
    match steps {
        StepSelection::All => {
            let (with, without): (Vec<_>, Vec<_>) =
                report.steps.iter().partition(|s| s.screenshot.is_some());
            let chosen = with
                .into_iter()
                .filter_map(|s| s.screenshot.as_deref().map(|f| (s, f)))
                .collect();
            let skipped = without
                .into_iter()
                .map(|s| {
                    (
                        s.index,
                        format!("no screenshot (status: {})", status_word(s.status)),
                    )
                })
                .collect();
            Ok((chosen, skipped))
        }
        StepSelection::Indices(numbers) => {
            let chosen = numbers
                .iter()
                .map(|&n| {
                    let step = report.steps.iter().find(|s| s.index == n).ok_or(
                        VisualError::StepNotInRun {
                            step: n,
                            steps: report.steps.len(),
                        },
                    )?;
                    let file =
                        step.screenshot
                            .as_deref()
                            .ok_or_else(|| VisualError::NoScreenshot {
                                step: n,
                                name: step.name.clone(),
                                status: status_word(step.status).to_owned(),
                            })?;
                    Ok((step, file))
                })
                .collect::<Result<_, VisualError>>()?;
            Ok((chosen, Vec::new()))
        }
    }
}

/// A report's relative path, refused when it could lead outside the run's folder.
fn inside(file: &str) -> Result<&Path, VisualError> {
    let path = Path::new(file);
    let plain = !file.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)));
    if plain {
        Ok(path)
    } else {
        Err(VisualError::UnsafePath {
            path: file.to_owned(),
        })
    }
}

fn file_name(file: &str) -> &str {
    Path::new(file)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(file)
}

/// The run's folder name, which says which run it was; its start time when the folder has none.
fn run_name(run_dir: &Path, report: &RunReport) -> String {
    let absolute = std::fs::canonicalize(run_dir).unwrap_or_else(|_| run_dir.to_path_buf());
    absolute
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| report.started_at.clone())
}

fn png_size(png: &[u8]) -> Option<Viewport> {
    let reader = png::Decoder::new(std::io::Cursor::new(png))
        .read_info()
        .ok()?;
    let info = reader.info();
    Some(Viewport {
        width: info.width,
        height: info.height,
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn status_word(status: StepStatus) -> &'static str {
    match status {
        StepStatus::Passed => "passed",
        StepStatus::Failed => "failed",
        StepStatus::Skipped => "skipped",
        StepStatus::NotReached => "not reached",
        StepStatus::Blocked => "blocked",
        StepStatus::Verified => "verified",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::visual::compare::tests::png;
    use crate::visual::manifest::Manifest;

    fn step(index: usize, name: &str, status: &str, screenshot: Option<&str>) -> serde_json::Value {
        let mut s = serde_json::json!({
            "index": index, "section": "S", "name": name, "action": "click", "line": index,
            "status": status, "duration_ms": 10,
        });
        if let Some(file) = screenshot {
            s["screenshot"] = file.into();
            s["annotated"] = format!("{file}.annotated.png").into();
        }
        s
    }

    /// A run folder with report.json and the screenshots of steps 1 and 3 (step 2 did not get one).
    fn run() -> (tempfile::TempDir, PathBuf, RunReport) {
        let root = tempfile::tempdir().expect("temp dir");
        let run_dir = root.path().join("20260102T030405Z");
        std::fs::create_dir_all(&run_dir).expect("run dir");
        let report = serde_json::json!({
            "schema_version": 1, "clickpath_version": "0.1.0",
            "runbook": { "name": "Uninstall a package", "file": "runbooks/x.yaml" },
            "locale": "it", "variants": { "ui": "lightning" }, "params": [],
            "browser": { "name": "chrome", "version": "140.0.1", "driver_version": null,
                         "webdriver": "http://127.0.0.1:9515", "headless": true },
            "started_at": "2026-01-02T03:04:05Z", "duration_ms": 100, "status": "failed",
            "steps": [
                step(1, "Open setup", "passed", Some("01-open-setup.png")),
                step(2, "Click Save", "failed", None),
                step(3, "Check list", "passed", Some("03-check-list.r2.png")),
            ],
        });
        std::fs::write(run_dir.join("report.json"), report.to_string()).expect("report");
        for (file, shade) in [("01-open-setup.png", 10u8), ("03-check-list.r2.png", 30)] {
            std::fs::write(
                run_dir.join(file),
                png(8, 6, |_, _| [shade, shade, shade, 255]),
            )
            .expect("screenshot");
            // The annotated copy differs: approving it instead would show in the hash.
            std::fs::write(run_dir.join(format!("{file}.annotated.png")), b"annotated")
                .expect("annotated");
        }
        let report = read_run(&run_dir).expect("report reads");
        (root, run_dir, report)
    }

    fn ada() -> Approver {
        Approver {
            by: "ada".into(),
            at: "2026-01-02T04:00:00Z".into(),
        }
    }

    #[test]
    fn copies_the_raw_screenshots_and_records_them() {
        let (root, run_dir, report) = run();
        let baselines = root.path().join("baselines");
        let approved = approve_as(&run_dir, &report, &baselines, &StepSelection::All, &ada())
            .expect("approve");
        let dir = baselines
            .join("uninstall-a-package")
            .join("ui-lightning-it");
        assert_eq!(approved.baseline_dir, dir);
        assert_eq!(
            approved.skipped,
            vec![(2, "no screenshot (status: failed)".to_owned())]
        );
        let targets: Vec<_> = approved
            .images
            .iter()
            .map(|i| (i.step, i.target.clone()))
            .collect();
        assert_eq!(
            targets,
            vec![
                (1, dir.join("01-open-setup.png")),
                (3, dir.join("03-check-list.png"))
            ]
        );
        let raw = std::fs::read(run_dir.join("03-check-list.r2.png")).expect("raw");
        assert_eq!(
            std::fs::read(dir.join("03-check-list.png")).expect("copied"),
            raw
        );

        let manifest = Manifest::load(&approved.manifest)
            .expect("load")
            .expect("written");
        assert_eq!(manifest.runbook, "uninstall-a-package");
        assert_eq!(manifest.combination, "ui-lightning-it");
        assert_eq!(
            manifest.browser,
            Some(BrowserId {
                name: "chrome".into(),
                version: "140.0.1".into()
            })
        );
        assert_eq!(
            manifest.viewport,
            Some(Viewport {
                width: 8,
                height: 6
            })
        );
        let entry = &manifest.images["03-check-list.png"];
        assert_eq!(entry.run, "20260102T030405Z");
        assert_eq!(
            (entry.approved_by.as_str(), entry.approved_at.as_str()),
            ("ada", "2026-01-02T04:00:00Z")
        );
        assert_eq!(entry.sha256, hex(&Sha256::digest(&raw)));
    }

    #[test]
    fn approving_again_keeps_the_other_images() {
        let (root, run_dir, report) = run();
        let baselines = root.path().join("baselines");
        let one = StepSelection::Indices(vec![1]);
        approve_as(&run_dir, &report, &baselines, &one, &ada()).expect("first");
        let later = Approver {
            by: "bob".into(),
            ..ada()
        };
        let approved = approve_as(
            &run_dir,
            &report,
            &baselines,
            &StepSelection::Indices(vec![3]),
            &later,
        )
        .expect("second");
        let manifest = Manifest::load(&approved.manifest)
            .expect("load")
            .expect("written");
        let by: Vec<_> = manifest
            .images
            .iter()
            .map(|(k, v)| (k.as_str(), v.approved_by.as_str()))
            .collect();
        assert_eq!(
            by,
            vec![("01-open-setup.png", "ada"), ("03-check-list.png", "bob")]
        );
    }

    #[test]
    fn says_which_steps_cannot_be_approved_and_writes_nothing() {
        let (root, run_dir, report) = run();
        let baselines = root.path().join("baselines");
        let err = |steps: Vec<usize>| {
            approve_as(
                &run_dir,
                &report,
                &baselines,
                &StepSelection::Indices(steps),
                &ada(),
            )
            .expect_err("refused")
            .to_string()
        };
        assert_eq!(
            err(vec![1, 9]),
            "step 9 is not in this run: it has steps 1 to 3"
        );
        assert_eq!(
            err(vec![1, 2]),
            "step 2 (Click Save) has no screenshot to approve (status: failed)"
        );
        std::fs::remove_file(run_dir.join("03-check-list.r2.png")).expect("remove");
        assert!(
            err(vec![1, 3]).starts_with("cannot read "),
            "a missing file"
        );
        assert!(!baselines.exists(), "nothing written");
    }

    #[test]
    fn a_folder_without_a_report_is_named() {
        let dir = tempfile::tempdir().expect("temp dir");
        let err = read_run(dir.path()).expect_err("no report").to_string();
        assert_eq!(
            err,
            format!(
                "{} has no report.json: give the folder of a clickpath run (its evidence folder)",
                dir.path().display()
            )
        );
    }

    #[test]
    fn paths_out_of_the_run_are_refused() {
        assert!(inside("01-a.png").is_ok());
        assert!(inside("shots/01-a.png").is_ok());
        for bad in ["../x.png", "/etc/passwd", "", "a/../../b.png"] {
            assert!(inside(bad).is_err(), "{bad}");
        }
    }
}
