//! Golden files: each case's input beside the exact text it must produce, compared whole, with a
//! diff when they differ; `BLESS=1` rewrites the expected files from what the code now produces.

use std::path::{Path, PathBuf};

/// One case of a golden folder: `NAME.EXT`, with optional `NAME.args` and expected `NAME.err`.
pub struct Case {
    /// The file name without its extension.
    pub name: String,
    /// The input file.
    pub input: PathBuf,
    /// The words of `NAME.args`, split at white space; empty without the file.
    pub args: Vec<String>,
    /// Where the expected text is (or will be, once blessed).
    pub expected: PathBuf,
}

/// Whether this run rewrites the expected files (`BLESS=1`).
pub fn blessing() -> bool {
    std::env::var_os("BLESS").is_some_and(|v| v == "1")
}

/// Every `*.EXT` in `dir`, sorted by name; panics on an `.err` or `.args` file without its input,
/// which would otherwise be a case that silently never runs.
pub fn cases(dir: &Path, ext: &str) -> Vec<Case> {
    let mut inputs = Vec::new();
    let mut others = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("directory entry").path();
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e == ext => inputs.push(path),
            Some("err" | "args") => others.push(path),
            _ => {}
        }
    }
    let orphans: Vec<String> = others
        .iter()
        .filter(|p| !p.with_extension(ext).is_file())
        .map(|p| p.display().to_string())
        .collect();
    assert!(
        orphans.is_empty(),
        "files without their .{ext} input: {orphans:?}"
    );
    inputs.sort();
    inputs
        .into_iter()
        .map(|input| {
            let args = std::fs::read_to_string(input.with_extension("args"))
                .map(|t| t.split_whitespace().map(str::to_owned).collect())
                .unwrap_or_default();
            Case {
                name: input
                    .file_stem()
                    .expect("file name")
                    .to_string_lossy()
                    .into_owned(),
                args,
                expected: input.with_extension("err"),
                input,
            }
        })
        .collect()
}

/// Runs `actual` on every case and compares its text with the case's expected file; panics once at
/// the end naming every case that failed, with a diff for each, so one run shows them all.
///
/// `actual` returns `Err` when the case failed for another reason than its text (an exit code,
/// say); blessing does not rewrite such a case.
#[track_caller]
pub fn assert_cases(cases: &[Case], actual: impl Fn(&Case) -> Result<String, String>) {
    assert!(!cases.is_empty(), "no cases found");
    let bless = blessing();
    let mut failures = Vec::new();
    let mut blessed = Vec::new();
    for case in cases {
        let got = match actual(case) {
            Ok(got) => got,
            Err(reason) => {
                failures.push(format!("{}: {reason}", case.name));
                continue;
            }
        };
        let expected = std::fs::read_to_string(&case.expected).ok();
        if expected.as_deref() == Some(got.as_str()) {
            continue;
        }
        if bless {
            std::fs::write(&case.expected, &got)
                .unwrap_or_else(|e| panic!("{}: {e}", case.expected.display()));
            blessed.push(case.name.clone());
            continue;
        }
        failures.push(match expected {
            None => format!(
                "{}: no {} yet; it produces:\n{got}",
                case.name,
                case.expected.display()
            ),
            Some(expected) => format!(
                "{}: differs from {} (- expected, + actual):\n{}",
                case.name,
                case.expected.display(),
                diff(&expected, &got)
            ),
        });
    }
    if !blessed.is_empty() {
        eprintln!("blessed: {}", blessed.join(", "));
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed (BLESS=1 rewrites the expected files of those whose text differs):\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// A line diff of two texts: ` ` lines in both, `-` only in `expected`, `+` only in `actual`.
///
/// White space at a line's end is part of these messages, so a line ending in it shows `⏎` after
/// it, and a last line without a newline says so.
pub fn diff(expected: &str, actual: &str) -> String {
    let a: Vec<&str> = expected.split_inclusive('\n').collect();
    let b: Vec<&str> = actual.split_inclusive('\n').collect();
    // Longest common subsequence table, from the ends.
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out = String::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push_str(&line(' ', a[i]));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push_str(&line('-', a[i]));
            i += 1;
        } else {
            out.push_str(&line('+', b[j]));
            j += 1;
        }
    }
    out
}

fn line(mark: char, text: &str) -> String {
    match text.strip_suffix('\n') {
        Some(body) if body.ends_with(char::is_whitespace) => format!("{mark}{body}⏎\n"),
        Some(body) => format!("{mark}{body}\n"),
        None => format!("{mark}{text}⏎ (no newline at the end)\n"),
    }
}
