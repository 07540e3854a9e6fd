//! The baseline store: `ROOT/<runbook-slug>/<combination>/NN-<slug>.png` and its `baseline.json`.

use std::path::{Path, PathBuf};

use super::error::VisualError;
use super::manifest::{MANIFEST_FILE, Manifest};
use crate::evidence::EvidenceDir;
use crate::evidence::naming::{combination, slug};
use crate::report::model::RunReport;

/// One combination's folder of baseline images.
#[derive(Debug, Clone)]
pub struct Baseline {
    dir: PathBuf,
    runbook: String,
    combination: String,
}

impl Baseline {
    /// The folder of `runbook_slug` × `combination` under `root` (created only when written to).
    pub fn open(
        root: &Path,
        runbook_slug: &str,
        combination: &str,
    ) -> Result<Baseline, VisualError> {
        for (what, value) in [("runbook slug", runbook_slug), ("combination", combination)] {
            if !is_plain_name(value) {
                return Err(VisualError::BadName {
                    what,
                    value: value.to_owned(),
                });
            }
        }
        Ok(Baseline {
            dir: root.join(runbook_slug).join(combination),
            runbook: runbook_slug.to_owned(),
            combination: combination.to_owned(),
        })
    }

    /// The folder a run's screenshots are compared with: its runbook, variants and locale.
    pub fn for_report(root: &Path, report: &RunReport) -> Result<Baseline, VisualError> {
        Baseline::open(
            root,
            &slug(&report.runbook.name),
            &combination(&report.variants, &report.locale),
        )
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The runbook's slug.
    pub fn runbook(&self) -> &str {
        &self.runbook
    }

    /// The combination (`ui-lightning-it`).
    pub fn combination(&self) -> &str {
        &self.combination
    }

    /// The baseline image of a step, by its stem (`03-click-x` → `DIR/03-click-x.png`).
    pub fn image_path(&self, step_stem: &str) -> PathBuf {
        self.dir.join(image_name(step_stem))
    }

    /// The baseline image of a step; `None` when there is none yet (the step is new).
    pub fn read_image(&self, step_stem: &str) -> Result<Option<Vec<u8>>, VisualError> {
        let path = self.image_path(step_stem);
        match std::fs::read(&path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(VisualError::Io {
                action: "read",
                path,
                source,
            }),
        }
    }

    /// Writes an image into the folder (atomically), returning its path.
    pub fn write_image(&self, file_name: &str, png: &[u8]) -> Result<PathBuf, VisualError> {
        write_file(&self.dir, file_name, png)
    }

    /// The manifest, or a fresh one for this runbook and combination when there is none.
    pub fn load_manifest(&self) -> Result<Manifest, VisualError> {
        Ok(Manifest::load(&self.dir.join(MANIFEST_FILE))?
            .unwrap_or_else(|| Manifest::new(&self.runbook, &self.combination)))
    }

    /// Writes the manifest (atomically), returning its path.
    pub fn save_manifest(&self, manifest: &Manifest) -> Result<PathBuf, VisualError> {
        manifest.save(&self.dir)
    }
}

/// A step's baseline file name (`03-click-x.png`).
pub fn image_name(step_stem: &str) -> String {
    format!("{step_stem}.png")
}

/// The step stem of a screenshot's file name: `03-click-x.png` and a resumed run's `03-click-x.r2.png`
/// are both `03-click-x`, so a step keeps one baseline however many attempts it took.
pub fn stem_of_screenshot(file_name: &str) -> &str {
    let stem = file_name.strip_suffix(".png").unwrap_or(file_name);
    match stem.rsplit_once(".r") {
        Some((base, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => base,
        _ => stem,
    }
}

/// A single file or folder name: never a path, never `.` or `..`.
fn is_plain_name(value: &str) -> bool {
    !value.is_empty() && !value.contains(['/', '\\', '\0']) && value != "." && value != ".."
}

/// Creates `dir` if needed and writes `file_name` into it atomically.
pub(crate) fn write_file(
    dir: &Path,
    file_name: &str,
    bytes: &[u8],
) -> Result<PathBuf, VisualError> {
    let folder = EvidenceDir::create(dir).map_err(|source| VisualError::Io {
        action: "create the folder",
        path: dir.to_path_buf(),
        source,
    })?;
    folder
        .write(file_name, bytes)
        .map_err(|source| VisualError::Io {
            action: "write",
            path: dir.join(file_name),
            source,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lays_out_runbook_combination_and_step() {
        let b = Baseline::open(Path::new("baselines"), "seed", "ui-lightning-it").expect("open");
        assert_eq!(
            b.image_path("03-click-x"),
            Path::new("baselines/seed/ui-lightning-it/03-click-x.png")
        );
        assert_eq!(b.dir(), Path::new("baselines/seed/ui-lightning-it"));
    }

    #[test]
    fn refuses_names_that_are_paths() {
        let err = Baseline::open(Path::new("b"), "seed", "../x").expect_err("path");
        assert_eq!(
            err.to_string(),
            r#"combination "../x" cannot name a folder of the baseline"#
        );
        assert!(Baseline::open(Path::new("b"), "..", "en").is_err());
        assert!(Baseline::open(Path::new("b"), "", "en").is_err());
    }

    #[test]
    fn a_resumed_attempt_has_the_same_stem() {
        assert_eq!(stem_of_screenshot("03-click-x.png"), "03-click-x");
        assert_eq!(stem_of_screenshot("03-click-x.r2.png"), "03-click-x");
        assert_eq!(stem_of_screenshot("03-click-x.rr.png"), "03-click-x.rr");
        assert_eq!(stem_of_screenshot("03-car"), "03-car");
    }

    #[test]
    fn a_missing_image_is_new_and_a_written_one_is_read_back() {
        let root = tempfile::tempdir().expect("temp dir");
        let b = Baseline::open(root.path(), "seed", "en").expect("open");
        assert_eq!(b.read_image("01-a").expect("read"), None);
        assert_eq!(
            b.load_manifest().expect("fresh"),
            Manifest::new("seed", "en")
        );
        b.write_image(&image_name("01-a"), b"png").expect("write");
        assert_eq!(
            b.read_image("01-a").expect("read").as_deref(),
            Some(&b"png"[..])
        );
    }
}
