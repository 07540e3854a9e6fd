//! Key names, as `press` and a click's `modifiers` write them, and the WebDriver key codes they
//! stand for. One name per key (the names of `KeyboardEvent.key`); common other spellings (`Ctrl`,
//! `Esc`) are not accepted but suggested.

use schemars::JsonSchema;
use serde::Serialize;

use super::source::did_you_mean;

/// A modifier key, held while a click or the last key of a chord is pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub enum Modifier {
    /// Shift.
    Shift,
    /// Control (Ctrl).
    Control,
    /// Alt (Option on a Mac).
    Alt,
    /// Meta (Command on a Mac, the Windows key).
    Meta,
}

impl Modifier {
    /// Every modifier, in the order chords are written.
    pub const ALL: [Modifier; 4] = [
        Modifier::Shift,
        Modifier::Control,
        Modifier::Alt,
        Modifier::Meta,
    ];

    /// Its name in a runbook.
    pub fn name(self) -> &'static str {
        match self {
            Modifier::Shift => "Shift",
            Modifier::Control => "Control",
            Modifier::Alt => "Alt",
            Modifier::Meta => "Meta",
        }
    }

    /// The WebDriver code of the key.
    pub fn code(self) -> char {
        match self {
            Modifier::Shift => '\u{E008}',
            Modifier::Control => '\u{E009}',
            Modifier::Alt => '\u{E00A}',
            Modifier::Meta => '\u{E03D}',
        }
    }

    fn from_name(name: &str) -> Option<Modifier> {
        Modifier::ALL.into_iter().find(|m| m.name() == name)
    }
}

/// The keys with a name, and their WebDriver codes (the modifiers are among them: a chord may end
/// with one, to press it alone).
const NAMED: &[(&str, char)] = &[
    ("Enter", '\u{E007}'),
    ("Tab", '\u{E004}'),
    ("Escape", '\u{E00C}'),
    ("Backspace", '\u{E003}'),
    ("Delete", '\u{E017}'),
    ("Space", '\u{E00D}'),
    ("ArrowUp", '\u{E013}'),
    ("ArrowDown", '\u{E015}'),
    ("ArrowLeft", '\u{E012}'),
    ("ArrowRight", '\u{E014}'),
    ("Home", '\u{E011}'),
    ("End", '\u{E010}'),
    ("PageUp", '\u{E00E}'),
    ("PageDown", '\u{E00F}'),
    ("Insert", '\u{E016}'),
    ("F1", '\u{E031}'),
    ("F2", '\u{E032}'),
    ("F3", '\u{E033}'),
    ("F4", '\u{E034}'),
    ("F5", '\u{E035}'),
    ("F6", '\u{E036}'),
    ("F7", '\u{E037}'),
    ("F8", '\u{E038}'),
    ("F9", '\u{E039}'),
    ("F10", '\u{E03A}'),
    ("F11", '\u{E03B}'),
    ("F12", '\u{E03C}'),
    ("Shift", '\u{E008}'),
    ("Control", '\u{E009}'),
    ("Alt", '\u{E00A}'),
    ("Meta", '\u{E03D}'),
];

/// Other spellings people use, and the name they mean.
const ALIASES: &[(&str, &str)] = &[
    ("ctrl", "Control"),
    ("ctl", "Control"),
    ("cmd", "Meta"),
    ("command", "Meta"),
    ("win", "Meta"),
    ("windows", "Meta"),
    ("super", "Meta"),
    ("option", "Alt"),
    ("opt", "Alt"),
    ("esc", "Escape"),
    ("return", "Enter"),
    ("del", "Delete"),
    ("up", "ArrowUp"),
    ("down", "ArrowDown"),
    ("left", "ArrowLeft"),
    ("right", "ArrowRight"),
    ("pgup", "PageUp"),
    ("pgdn", "PageDown"),
    ("pagedn", "PageDown"),
    ("ins", "Insert"),
    ("spacebar", "Space"),
    ("back", "Backspace"),
];

/// One key: a named one or a character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A key with a name (`Enter`), and its WebDriver code.
    Named(&'static str, char),
    /// The key that types this character.
    Char(char),
}

impl Key {
    /// What WebDriver's key actions send for it.
    pub fn value(self) -> String {
        match self {
            Key::Named(_, code) => code.to_string(),
            Key::Char(c) => c.to_string(),
        }
    }
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Key::Named(name, _) => f.write_str(name),
            Key::Char(c) => write!(f, "{c}"),
        }
    }
}

/// A key pressed with modifiers held: `Enter`, `Control+A`, `Shift+Tab`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chord {
    /// Held down first, in order, and released last.
    pub modifiers: Vec<Modifier>,
    /// Pressed and released while they are held.
    pub key: Key,
}

impl std::fmt::Display for Chord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for m in &self.modifiers {
            write!(f, "{}+", m.name())?;
        }
        write!(f, "{}", self.key)
    }
}

impl Serialize for Chord {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// What is wrong with a key name, and where in the text (a character offset and width).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyProblem {
    /// Where the offending part starts, in characters from the start of the text.
    pub offset: usize,
    /// How many characters it spans.
    pub width: usize,
    /// What is wrong.
    pub message: String,
    /// What was expected, or the name meant.
    pub hint: String,
}

impl KeyProblem {
    fn new(offset: usize, part: &str, message: String, hint: String) -> Self {
        KeyProblem {
            offset,
            width: part.chars().count().max(1),
            message,
            hint,
        }
    }
}

const CHORD_HINT: &str =
    "write keys joined by `+`, such as `Control+A` or `Shift+Tab` (`Shift++` for the `+` key)";

/// A modifier by its name.
pub fn parse_modifier(name: &str) -> Result<Modifier, KeyProblem> {
    if let Some(m) = Modifier::from_name(name) {
        return Ok(m);
    }
    let meant = meant(name).filter(|n| Modifier::from_name(n).is_some());
    let message = if named(name).is_some() {
        format!("`{name}` is not a modifier")
    } else {
        format!("unknown modifier `{name}`")
    };
    Err(KeyProblem::new(0, name, message, modifier_hint(meant)))
}

fn modifier_hint(meant: Option<&str>) -> String {
    match meant {
        Some(m) => format!("did you mean `{m}`?"),
        None => "expected `Shift`, `Control`, `Alt` or `Meta`".to_owned(),
    }
}

/// A key or chord as `press` writes it.
pub fn parse_chord(text: &str) -> Result<Chord, KeyProblem> {
    if text.is_empty() {
        return Err(KeyProblem::new(
            0,
            text,
            "the key is empty".into(),
            "expected a key such as `Enter`, or a chord such as `Control+A`".into(),
        ));
    }
    // The `+` key itself: alone, or last after a `+` (`Shift++`).
    let (held, last) = if text == "+" {
        ("", "+")
    } else if let Some(held) = text.strip_suffix("++") {
        (held, "+")
    } else {
        match text.rsplit_once('+') {
            Some((held, last)) => (held, last),
            None => ("", text),
        }
    };
    let mut modifiers = Vec::new();
    let mut offset = 0;
    if !held.is_empty() || text.ends_with("++") {
        for part in held.split('+') {
            if part.is_empty() {
                return Err(KeyProblem::new(
                    offset,
                    "+",
                    "a `+` with no key before it".into(),
                    CHORD_HINT.into(),
                ));
            }
            let m = parse_modifier(part).map_err(|p| {
                let message = if named(part).is_some() || part.chars().count() == 1 {
                    format!("`{part}` is not a modifier: only the last key of a chord may be another key")
                } else {
                    p.message
                };
                KeyProblem::new(offset, part, message, p.hint)
            })?;
            if modifiers.contains(&m) {
                return Err(KeyProblem::new(
                    offset,
                    part,
                    format!("`{part}` is held twice"),
                    CHORD_HINT.into(),
                ));
            }
            modifiers.push(m);
            offset += part.chars().count() + 1;
        }
    }
    if last.is_empty() {
        return Err(KeyProblem::new(
            offset.saturating_sub(1),
            "+",
            "a `+` with no key after it".into(),
            CHORD_HINT.into(),
        ));
    }
    let key = match named(last) {
        Some(key) => key,
        None if last.chars().count() == 1 => Key::Char(last.chars().next().unwrap_or(' ')),
        None => {
            let hint = match meant(last) {
                Some(m) => format!("did you mean `{m}`?"),
                None => "expected a key name (`Enter`, `Tab`, `Escape`, `ArrowDown`, `F5`, ...) or one character".into(),
            };
            return Err(KeyProblem::new(
                offset,
                last,
                format!("unknown key `{last}`"),
                hint,
            ));
        }
    };
    Ok(Chord { modifiers, key })
}

fn named(name: &str) -> Option<Key> {
    NAMED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(n, code)| Key::Named(n, *code))
}

/// The key name someone who wrote `name` probably meant: the same name in other letter case,
/// another spelling of it, or a close one.
fn meant(name: &str) -> Option<&'static str> {
    let lower = name.to_lowercase();
    NAMED
        .iter()
        .map(|(n, _)| *n)
        .find(|n| n.to_lowercase() == lower)
        .or_else(|| ALIASES.iter().find(|(a, _)| *a == lower).map(|(_, n)| *n))
        .or_else(|| did_you_mean(name, NAMED.iter().map(|(n, _)| *n)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chord(s: &str) -> String {
        match parse_chord(s) {
            Ok(c) => c.to_string(),
            Err(p) => format!("{}@{}+{}: {} ({})", s, p.offset, p.width, p.message, p.hint),
        }
    }

    #[test]
    fn keys_and_chords_read_as_written() {
        for s in [
            "Enter",
            "Control+A",
            "Shift+Tab",
            "Control+Shift+ArrowLeft",
            "a",
            "+",
            "Shift++",
            "Meta",
            "F5",
        ] {
            assert_eq!(chord(s), s);
        }
        let c = parse_chord("Control+Shift+End").expect("a chord");
        assert_eq!(c.modifiers, [Modifier::Control, Modifier::Shift]);
        assert_eq!(c.key.value(), "\u{E010}");
    }

    #[test]
    fn wrong_keys_say_where_and_what_was_meant() {
        assert_eq!(
            chord("Entr"),
            "Entr@0+4: unknown key `Entr` (did you mean `Enter`?)"
        );
        assert_eq!(
            chord("Ctrl+A"),
            "Ctrl+A@0+4: unknown modifier `Ctrl` (did you mean `Control`?)"
        );
        assert_eq!(
            chord("Control+esc"),
            "Control+esc@8+3: unknown key `esc` (did you mean `Escape`?)"
        );
        assert_eq!(
            chord("Enter+A"),
            "Enter+A@0+5: `Enter` is not a modifier: only the last key of a chord may be another key (expected `Shift`, `Control`, `Alt` or `Meta`)"
        );
        assert_eq!(
            chord("Control+"),
            format!("Control+@7+1: a `+` with no key after it ({CHORD_HINT})")
        );
        assert_eq!(
            chord("Shift+Shift+A"),
            format!("Shift+Shift+A@6+5: `Shift` is held twice ({CHORD_HINT})")
        );
        assert_eq!(
            chord("Control+Banana"),
            "Control+Banana@8+6: unknown key `Banana` (expected a key name (`Enter`, `Tab`, `Escape`, `ArrowDown`, `F5`, ...) or one character)"
        );
        assert_eq!(
            parse_modifier("shift").map_err(|p| p.hint),
            Err("did you mean `Shift`?".to_owned())
        );
        assert_eq!(
            parse_modifier("Enter").map_err(|p| p.message),
            Err("`Enter` is not a modifier".to_owned())
        );
    }
}
