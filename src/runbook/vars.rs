//! `${var}` interpolation and `@label` lookup, with positions for what cannot be resolved.

use super::model::Text;
use super::source::{Diagnostic, Pos, suggest};

/// Replaces every `${name}` in `text` using `lookup`; `$${` writes a literal `${`.
///
/// An unknown name is reported at its own column when the text sits on one line.
pub fn interpolate(
    text: &Text,
    lookup: &dyn Fn(&str) -> Option<String>,
    known: &dyn Fn() -> Vec<String>,
) -> Result<String, Diagnostic> {
    let value = &text.value;
    let mut out = String::with_capacity(value.len());
    let mut rest = value.as_str();
    let mut consumed_chars = 0usize;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        consumed_chars += rest[..at].chars().count();
        let tail = &rest[at..];
        if let Some(after) = tail.strip_prefix("$${") {
            out.push_str("${");
            rest = after;
            consumed_chars += 3;
            continue;
        }
        let Some(after) = tail.strip_prefix("${") else {
            out.push('$');
            rest = &tail[1..];
            consumed_chars += 1;
            continue;
        };
        let Some(end) = after.find('}') else {
            return Err(
                Diagnostic::new(column_of(text, consumed_chars, 2), "`${` is not closed")
                    .with_hint("write `${name}`, or `$${` for a literal `${`"),
            );
        };
        let name = after[..end].trim();
        match lookup(name) {
            Some(v) => out.push_str(&v),
            None => {
                let names = known();
                let hint = suggest(name, names.iter().map(String::as_str), || {
                    if names.is_empty() {
                        "declare it under `params`".to_owned()
                    } else {
                        format!("defined: {}", super::source::one_of(&names))
                    }
                });
                return Err(Diagnostic::new(
                    column_of(text, consumed_chars, end as u32 + 3),
                    format!("undefined variable `{name}`"),
                )
                .with_hint(hint));
            }
        }
        consumed_chars += after[..end].chars().count() + 3;
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The position of a character offset inside `text`, exact for one-line texts.
pub fn column_of(text: &Text, offset_chars: usize, width: u32) -> Pos {
    if text.value.contains('\n') || text.pos.line == 0 {
        return text.pos;
    }
    // A quoted scalar's position is its opening quote; its width counts both quotes.
    let quoted = text.pos.width as usize == text.value.chars().count() + 2;
    Pos {
        line: text.pos.line,
        column: text.pos.column + offset_chars as u32 + u32::from(quoted),
        width,
    }
}

/// How a string refers to a label: `@key` is a reference, `@@x` is the literal `@x`.
pub enum LabelRef<'a> {
    /// A reference to `labels.<key>`.
    Key(&'a str),
    /// Plain text (with `@@` unescaped).
    Literal(std::borrow::Cow<'a, str>),
}

/// Reads a string as a label reference or plain text.
pub fn label_ref(value: &str) -> LabelRef<'_> {
    if let Some(rest) = value.strip_prefix("@@") {
        LabelRef::Literal(format!("@{rest}").into())
    } else if let Some(key) = value.strip_prefix('@')
        && !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '.')
    {
        LabelRef::Key(key)
    } else {
        LabelRef::Literal(value.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(v: &str) -> Text {
        Text::new(
            v,
            Pos {
                line: 3,
                column: 10,
                width: v.len() as u32,
            },
        )
    }

    fn lookup(name: &str) -> Option<String> {
        (name == "base_url").then(|| "http://h".to_owned())
    }

    fn known() -> Vec<String> {
        vec!["base_url".into()]
    }

    #[test]
    fn replaces_known_names_and_escapes() {
        assert_eq!(
            interpolate(&text("${base_url}/x $${y} $5"), &lookup, &known).unwrap(),
            "http://h/x ${y} $5"
        );
    }

    #[test]
    fn points_at_the_unknown_name() {
        let d = interpolate(&text("ab ${base_ur}/x"), &lookup, &known).unwrap_err();
        assert_eq!(d.message, "undefined variable `base_ur`");
        assert_eq!(d.hint.as_deref(), Some("did you mean `base_url`?"));
        assert_eq!((d.pos.line, d.pos.column, d.pos.width), (3, 13, 10));
    }

    #[test]
    fn reports_an_unclosed_reference() {
        let d = interpolate(&text("x ${oops"), &lookup, &known).unwrap_err();
        assert_eq!(d.message, "`${` is not closed");
        assert_eq!(d.pos.column, 12);
    }

    #[test]
    fn reads_label_references() {
        assert!(matches!(
            label_ref("@uninstall"),
            LabelRef::Key("uninstall")
        ));
        assert!(matches!(label_ref("@@home"), LabelRef::Literal(s) if s == "@home"));
        assert!(matches!(label_ref("a@b"), LabelRef::Literal(_)));
        assert!(matches!(label_ref("@ spaced"), LabelRef::Literal(_)));
    }
}
