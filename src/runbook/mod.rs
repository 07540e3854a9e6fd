//! Runbooks: the model, the positioned parser and the checks that run before any browser starts.
pub mod duration;
pub mod keys;
pub mod model;
pub mod parse;
pub mod plan;
pub mod selector;
pub mod source;
pub mod step_kind;
pub mod tree;
pub mod validate;
pub mod vars;

use std::path::Path;

use source::{Diagnostic, Source};

/// The most a runbook file may weigh; larger input is refused before parsing.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Why a runbook could not be used.
#[derive(Debug)]
pub enum LoadError {
    /// The file could not be read.
    Io(String),
    /// The text has problems, each with a position.
    Invalid(Source, Vec<Diagnostic>),
}

impl LoadError {
    /// The message for a person: `FILE:LINE:COL: ...` with the offending lines.
    pub fn render(&self) -> String {
        match self {
            LoadError::Io(m) => format!("{m}\n"),
            LoadError::Invalid(source, diagnostics) => source::render_all(diagnostics, source),
        }
    }
}

/// Reads a runbook file.
pub fn read_source(path: &Path) -> Result<Source, LoadError> {
    let name = path.display().to_string();
    let meta =
        std::fs::metadata(path).map_err(|e| LoadError::Io(format!("{name}: cannot read: {e}")))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(LoadError::Io(format!(
            "{name}: {} bytes is more than a runbook may have ({MAX_FILE_BYTES})",
            meta.len()
        )));
    }
    let bytes =
        std::fs::read(path).map_err(|e| LoadError::Io(format!("{name}: cannot read: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        LoadError::Io(format!(
            "{name}: not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    Ok(Source { name, text })
}
