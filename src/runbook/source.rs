//! Source text, positions and the diagnostics that point into it.

use std::fmt::Write as _;

/// A 1-based line and column (in characters) in a runbook file, and the width of what is pointed at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, schemars::JsonSchema)]
pub struct Pos {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
    /// How many characters the item spans on its line (at least 1 when rendered).
    #[serde(skip)]
    pub width: u32,
}

/// A runbook file as read from disk: its name as given and its text.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as the user wrote it, used in messages.
    pub name: String,
    /// The whole text.
    pub text: String,
}

/// One problem found in a runbook, with where it is and what would fix it.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Where the problem is.
    pub pos: Pos,
    /// What is wrong, one sentence without a trailing period.
    pub message: String,
    /// What was expected or a likely fix ("did you mean `click`?").
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A diagnostic without a hint.
    pub fn new(pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            pos,
            message: message.into(),
            hint: None,
        }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a hint when there is one.
    pub fn with_hint_opt(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    /// Renders `FILE:LINE:COL: message`, the offending line, a caret under it and the hint.
    pub fn render(&self, source: &Source) -> String {
        let mut out = format!(
            "{}:{}:{}: {}\n",
            source.name, self.pos.line, self.pos.column, self.message
        );
        let line_text = source
            .text
            .lines()
            .nth(self.pos.line.saturating_sub(1) as usize);
        if let Some(line_text) = line_text {
            let number = self.pos.line.to_string();
            let gutter = " ".repeat(number.len());
            let shown: String = line_text.replace('\t', " ");
            let available = shown.chars().count() as u32;
            let start = self.pos.column.saturating_sub(1);
            let width = self
                .pos
                .width
                .max(1)
                .min(available.saturating_sub(start).max(1));
            let _ = writeln!(out, "{gutter} |");
            let _ = writeln!(out, "{number} | {shown}");
            let _ = write!(
                out,
                "{gutter} | {}{}",
                " ".repeat(start as usize),
                "^".repeat(width as usize)
            );
            if let Some(hint) = &self.hint {
                let _ = write!(out, " {hint}");
            }
            out.push('\n');
        } else if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  = {hint}");
        }
        out
    }
}

/// Renders every diagnostic, in order, separated by blank lines.
pub fn render_all(diagnostics: &[Diagnostic], source: &Source) -> String {
    diagnostics
        .iter()
        .map(|d| d.render(source))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The closest of `candidates` to `wanted`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (c, strsim::jaro_winkler(wanted, c)))
        .filter(|(_, score)| *score >= 0.8)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(c, _)| c)
}

/// "did you mean `x`?" for the closest of `candidates`, else what `otherwise` says.
pub fn suggest<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    otherwise: impl FnOnce() -> String,
) -> String {
    did_you_mean(wanted, candidates)
        .map(|s| format!("did you mean `{s}`?"))
        .unwrap_or_else(otherwise)
}

/// A list of names as "`a`, `b` or `c`".
pub fn one_of<S: AsRef<str>>(names: &[S]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{}`", n.as_ref())).collect();
    match quoted.len() {
        0 => String::from("nothing"),
        1 => quoted[0].clone(),
        n => format!("{} or {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> Source {
        Source {
            name: "book.yaml".into(),
            text: text.into(),
        }
    }

    #[test]
    fn renders_position_line_caret_and_hint() {
        let d = Diagnostic::new(
            Pos {
                line: 2,
                column: 5,
                width: 4,
            },
            "unknown step kind `clik`",
        )
        .with_hint("did you mean `click`?");
        assert_eq!(
            d.render(&source("steps:\n  - clik: x\n")),
            "book.yaml:2:5: unknown step kind `clik`\n  |\n2 |   - clik: x\n  |     ^^^^ did you mean `click`?\n"
        );
    }

    #[test]
    fn caret_width_is_clamped_to_the_line() {
        let d = Diagnostic::new(
            Pos {
                line: 1,
                column: 3,
                width: 40,
            },
            "m",
        );
        assert_eq!(
            d.render(&source("ab cd\n")),
            "book.yaml:1:3: m\n  |\n1 | ab cd\n  |   ^^^\n"
        );
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            did_you_mean("clik", ["click", "fill", "goto"]),
            Some("click")
        );
        assert_eq!(did_you_mean("zzz", ["click", "fill", "goto"]), None);
    }

    #[test]
    fn lists_names() {
        assert_eq!(one_of(&["a", "b", "c"]), "`a`, `b` or `c`");
        assert_eq!(one_of(&["a"]), "`a`");
    }
}
