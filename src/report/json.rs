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
