//! `baseline.json`: where each baseline image of a combination came from and who approved it.
//!
//! Written in a fixed order (the fields as declared, the images sorted by file name), pretty-printed
//! with a trailing newline, so approving one step changes only that step's lines in git.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::error::VisualError;

/// The layout version of `baseline.json`.
pub const SCHEMA: u32 = 1;

/// The manifest's file name in a combination's folder.
pub const MANIFEST_FILE: &str = "baseline.json";

/// One combination's baseline: its runbook, browser, viewport and images.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Layout version ([`SCHEMA`]).
    pub schema: u32,
    /// The runbook's slug.
    pub runbook: String,
    /// The variant × locale combination (`ui-lightning-it`).
    pub combination: String,
    /// The browser of the latest approval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub browser: Option<BrowserId>,
    /// The size of the latest approved screenshot in device pixels (the viewport, unless the run
    /// captured whole pages).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub viewport: Option<Viewport>,
    /// Each image by file name (`03-click-x.png`).
    #[serde(default)]
    pub images: BTreeMap<String, ImageApproval>,
}

/// A browser by name and version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrowserId {
    /// `chrome`, `firefox`.
    pub name: String,
    /// Its version.
    pub version: String,
}

/// A size in device pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewport {
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

/// Where one image came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageApproval {
    /// The run it was taken in (its folder's name, or its start time).
    pub run: String,
    /// When it was approved (RFC 3339, UTC).
    pub approved_at: String,
    /// Who approved it.
    pub approved_by: String,
    /// SHA-256 of the PNG, hex.
    pub sha256: String,
}

impl Manifest {
    /// An empty manifest.
    pub fn new(runbook: &str, combination: &str) -> Manifest {
        Manifest {
            schema: SCHEMA,
            runbook: runbook.to_owned(),
            combination: combination.to_owned(),
            browser: None,
            viewport: None,
            images: BTreeMap::new(),
        }
    }

    /// The file's text: the same manifest always gives the same bytes.
    pub fn to_json(&self) -> String {
        // Strings, integers and maps with string keys: serializing cannot fail.
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Reads a manifest; `None` when the file does not exist.
    pub fn load(path: &Path) -> Result<Option<Manifest>, VisualError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(VisualError::Io {
                    action: "read",
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        let manifest: Manifest = serde_json::from_str(&text).map_err(|e| VisualError::Json {
            what: "baseline manifest",
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        if manifest.schema > SCHEMA {
            return Err(VisualError::Json {
                what: "baseline manifest",
                path: path.to_path_buf(),
                message: format!(
                    "it has schema {}, this clickpath reads up to {SCHEMA}: use a newer clickpath",
                    manifest.schema
                ),
            });
        }
        Ok(Some(manifest))
    }

    /// Writes the manifest into `dir` (temp file, then rename: never half a file).
    pub fn save(&self, dir: &Path) -> Result<std::path::PathBuf, VisualError> {
        super::baseline::write_file(dir, MANIFEST_FILE, self.to_json().as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn approval(run: &str) -> ImageApproval {
        ImageApproval {
            run: run.into(),
            approved_at: "2026-01-02T03:04:05Z".into(),
            approved_by: "ada".into(),
            sha256: "ab".repeat(32),
        }
    }

    #[test]
    fn round_trips_with_stable_sorted_output() {
        let mut m = Manifest::new("seed", "ui-lightning-it");
        m.browser = Some(BrowserId {
            name: "chrome".into(),
            version: "140.0".into(),
        });
        m.viewport = Some(Viewport {
            width: 1280,
            height: 800,
        });
        // Inserted out of order: written sorted.
        m.images.insert("10-save.png".into(), approval("r2"));
        m.images.insert("03-click-x.png".into(), approval("r1"));
        let dir = tempfile::tempdir().expect("temp dir");
        let path = m.save(dir.path()).expect("save");
        let first = std::fs::read(&path).expect("read");
        let back = Manifest::load(&path).expect("load").expect("present");
        assert_eq!(back, m);
        back.save(dir.path()).expect("save again");
        assert_eq!(std::fs::read(&path).expect("read"), first, "byte-identical");
        let text = String::from_utf8(first).expect("utf-8");
        assert!(text.ends_with("}\n"), "{text}");
        let keys: Vec<usize> = [
            "\"schema\"",
            "\"runbook\"",
            "\"combination\"",
            "\"browser\"",
            "\"viewport\"",
            "\"images\"",
            "03-click-x.png",
            "10-save.png",
        ]
        .iter()
        .map(|k| text.find(k).unwrap_or(usize::MAX))
        .collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "{text}");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(
            names,
            vec![std::ffi::OsString::from(MANIFEST_FILE)],
            "no temp file left"
        );
    }

    #[test]
    fn a_missing_manifest_is_none_and_a_broken_one_is_named() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(MANIFEST_FILE);
        assert_eq!(Manifest::load(&path).expect("absent"), None);
        std::fs::write(&path, "{\"schema\": 1,").expect("write");
        let err = Manifest::load(&path).expect_err("broken").to_string();
        assert!(
            err.starts_with(&format!(
                "{} is not a readable baseline manifest: ",
                path.display()
            )),
            "{err}"
        );
        std::fs::write(
            &path,
            "{\"schema\": 9, \"runbook\": \"r\", \"combination\": \"en\"}",
        )
        .expect("write");
        let err = Manifest::load(&path).expect_err("newer").to_string();
        assert!(
            err.ends_with("it has schema 9, this clickpath reads up to 1: use a newer clickpath"),
            "{err}"
        );
    }
}
