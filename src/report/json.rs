//! `report.json`: the run model as JSON, rewritten atomically after every step.

use super::model::RunReport;
use crate::evidence::EvidenceDir;

/// The file name of the JSON report.
pub const FILE_NAME: &str = "report.json";

/// Writes `report.json` into the evidence folder (temp file and rename).
pub fn write_report(report: &RunReport, dir: &EvidenceDir) -> std::io::Result<()> {
    let mut bytes = serde_json::to_vec_pretty(report).map_err(std::io::Error::other)?;
    bytes.push(b'\n');
    dir.write(FILE_NAME, &bytes).map(|_| ())
}

/// Reads the `report.json` of a finished run (for `clickpath docs`).
pub fn read_report(dir: &std::path::Path) -> std::io::Result<RunReport> {
    let path = dir.join(FILE_NAME);
    let text = std::fs::read_to_string(&path)?;
    serde_json::from_str(&text).map_err(|e| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("{} is not a clickpath report: {e}", path.display()),
        )
    })
}
