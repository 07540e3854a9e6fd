//! Checks of CSS selectors, XPath expressions and JavaScript regular expressions that can be made
//! before any page exists: empty, unbalanced brackets and quotes, a dangling combinator or operator,
//! a quantifier with nothing to repeat. The browser still has the last word on everything subtler;
//! these catch the typos that would otherwise only show at run time.

/// Why a CSS selector cannot be right, or `Ok`.
pub fn check_css(selector: &str) -> Result<(), String> {
    let s = selector.trim();
    if s.is_empty() {
        return Err("the CSS selector is empty".into());
    }
    balanced(s)?;
    if let Some(c) = s
        .chars()
        .next()
        .filter(|c| matches!(c, '>' | '+' | '~' | ','))
    {
        return Err(format!(
            "the CSS selector starts with `{c}`, which needs something before it"
        ));
    }
    if let Some(c) = s
        .chars()
        .last()
        .filter(|c| matches!(c, '>' | '+' | '~' | ','))
    {
        return Err(format!(
            "the CSS selector ends with `{c}`, which needs something after it"
        ));
    }
    if outside_quotes(s)
        .split(',')
        .any(|part| part.trim().is_empty())
    {
        return Err("the CSS selector has an empty part between commas".into());
    }
    Ok(())
}

/// Why an XPath expression cannot be right, or `Ok`.
pub fn check_xpath(expression: &str) -> Result<(), String> {
    let s = expression.trim();
    if s.is_empty() {
        return Err("the XPath expression is empty".into());
    }
    balanced(s)?;
    if s.len() > 1 && s.ends_with('/') {
        return Err("the XPath expression ends with `/`, which needs a step after it".into());
    }
    let bare = outside_quotes(s);
    for op in ["=", "!=", "<", ">", " and", " or", "|"] {
        if bare.trim_end().ends_with(op) {
            return Err(format!(
                "the XPath expression ends with `{}`, which needs an operand",
                op.trim()
            ));
        }
    }
    if bare.contains("[]") {
        return Err("the XPath expression has an empty predicate `[]`".into());
    }
    Ok(())
}

/// Why a JavaScript regular expression (as `new RegExp(pattern)` takes it) cannot be right, or `Ok`.
///
/// Only errors every browser reports are told: an unclosed group or class, a `)` that closes
/// nothing, a trailing `\\`, a quantifier with nothing to repeat, `{n,m}` out of order, a group
/// syntax JavaScript does not have (`(?P<name>`). JavaScript's classes do not nest and a `{` that
/// is no quantifier is a literal, so this is not Rust's regex syntax.
pub fn check_regex(pattern: &str) -> Result<(), String> {
    #[derive(PartialEq)]
    enum Before {
        Nothing,
        Atom,
        Quantifier,
        Lazy,
    }
    if pattern.is_empty() {
        return Err("the regex is empty, so it would match everything".into());
    }
    let chars: Vec<char> = pattern.chars().collect();
    let mut groups = 0usize;
    let mut before = Before::Nothing;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                let Some(&next) = chars.get(i + 1) else {
                    return Err("the regex ends with `\\`, which escapes nothing".into());
                };
                // \b and \B are assertions: nothing a quantifier could repeat.
                before = if next == 'b' || next == 'B' {
                    Before::Nothing
                } else {
                    Before::Atom
                };
                i += 2;
                continue;
            }
            '[' => {
                let mut j = i + 1;
                if chars.get(j) == Some(&'^') {
                    j += 1;
                }
                // The first unescaped `]` closes it, even right after `[` (`[]` matches nothing).
                loop {
                    match chars.get(j) {
                        None => return Err("`[` is not closed".into()),
                        Some('\\') => j += 2,
                        Some(']') => break,
                        Some(_) => j += 1,
                    }
                }
                before = Before::Atom;
                i = j + 1;
                continue;
            }
            '(' => {
                groups += 1;
                i += 1;
                if chars.get(i) == Some(&'?') {
                    i += 1 + group_prefix(&chars[i + 1..])?;
                }
                before = Before::Nothing;
                continue;
            }
            ')' => {
                if groups == 0 {
                    return Err("`)` closes nothing that was opened".into());
                }
                groups -= 1;
                before = Before::Atom;
            }
            '|' | '^' | '$' => before = Before::Nothing,
            '*' | '+' | '?' => {
                before = match before {
                    Before::Atom => Before::Quantifier,
                    Before::Quantifier if c == '?' => Before::Lazy,
                    _ => return Err(format!("`{c}` has nothing to repeat")),
                }
            }
            '{' => {
                if let Some((min, max, len)) = braces(&chars[i..]) {
                    if before != Before::Atom {
                        return Err(format!(
                            "`{}` has nothing to repeat",
                            chars[i..i + len].iter().collect::<String>()
                        ));
                    }
                    if max.is_some_and(|max| max < min) {
                        return Err(format!(
                            "`{}` has its numbers out of order",
                            chars[i..i + len].iter().collect::<String>()
                        ));
                    }
                    before = Before::Quantifier;
                    i += len;
                    continue;
                }
                before = Before::Atom;
            }
            _ => before = Before::Atom,
        }
        i += 1;
    }
    if groups > 0 {
        return Err("`(` is not closed".into());
    }
    Ok(())
}

/// How many characters after `(?` make the group's kind: `:`, `=`, `!`, `<=`, `<!`, `<name>`, or
/// the letters of a modifier group (`(?i:`), which is left to the browser.
fn group_prefix(rest: &[char]) -> Result<usize, String> {
    match rest {
        [':' | '=' | '!', ..] => Ok(1),
        ['<', '=' | '!', ..] => Ok(2),
        ['<', name @ ..] => {
            let end = name.iter().position(|&c| c == '>');
            let ident = |s: &[char]| {
                !s.is_empty()
                    && !s[0].is_ascii_digit()
                    && s.iter()
                        .all(|c| c.is_alphanumeric() || *c == '_' || *c == '$')
            };
            match end {
                Some(end) if ident(&name[..end]) => Ok(end + 2),
                _ => Err("a named group is written `(?<name>...)`, with a name of letters, digits and `_`".into()),
            }
        }
        ['i' | 'm' | 's' | '-', ..] => Ok(0),
        _ => {
            let shown: String = rest.iter().take(1).collect();
            Err(format!(
                "`(?{shown}` is no group JavaScript knows (named groups are written `(?<name>...)`)"
            ))
        }
    }
}

/// A `{n}`, `{n,}` or `{n,m}` quantifier at the start of `chars`: its bounds and its length.
fn braces(chars: &[char]) -> Option<(u64, Option<u64>, usize)> {
    let close = chars.iter().position(|&c| c == '}')?;
    let inner: String = chars[1..close].iter().collect();
    let number = |s: &str| {
        (!s.is_empty() && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse::<u64>().unwrap_or(u64::MAX))
    };
    let (min, max) = match inner.split_once(',') {
        None => {
            let n = number(&inner)?;
            (n, Some(n))
        }
        Some((min, "")) => (number(min)?, None),
        Some((min, max)) => (number(min)?, Some(number(max)?)),
    };
    Some((min, max, close + 1))
}

/// Why a regex's flags cannot be right, or `Ok`.
pub fn check_regex_flags(flags: &str) -> Result<(), String> {
    let mut seen = String::new();
    for c in flags.chars() {
        match c {
            'i' | 'm' | 's' | 'u' if seen.contains(c) => {
                return Err(format!("the regex flag `{c}` is given twice"));
            }
            'i' | 'm' | 's' | 'u' => seen.push(c),
            'g' | 'y' | 'd' => {
                return Err(format!(
                    "the regex flag `{c}` has no use in a locator, which tests each text once"
                ));
            }
            _ => return Err(format!("unknown regex flag `{c}`")),
        }
    }
    Ok(())
}

/// The text with every quoted part blanked out, so punctuation inside strings is not mistaken.
fn outside_quotes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut quote = None;
    for c in s.chars() {
        match quote {
            Some(q) if c == q => {
                quote = None;
                out.push(c);
            }
            Some(_) => out.push(' '),
            None => {
                if c == '"' || c == '\'' {
                    quote = Some(c);
                }
                out.push(c);
            }
        }
    }
    out
}

/// Brackets and parentheses close in order, and quotes close.
fn balanced(s: &str) -> Result<(), String> {
    let mut stack = Vec::new();
    let mut quote = None;
    let mut escaped = false;
    for c in s.chars() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '(' | '[' => stack.push(c),
            ')' | ']' => {
                let open = if c == ')' { '(' } else { '[' };
                if stack.pop() != Some(open) {
                    return Err(format!("`{c}` closes nothing that was opened"));
                }
            }
            _ => {}
        }
    }
    if let Some(q) = quote {
        return Err(format!("the quote {q} is not closed"));
    }
    if let Some(open) = stack.pop() {
        return Err(format!("`{open}` is not closed"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_selectors_pass() {
        for s in [
            "button.gear",
            "a[title='Setup']",
            "div > span + b ~ i",
            "td:nth-child(2)",
            "a[title=\"x]\"]",
            "p, q",
        ] {
            assert_eq!(check_css(s), Ok(()), "{s}");
        }
        for x in [
            "//a[@title='Setup']",
            "//tr[contains(., 'HubSpot [x]')]//a",
            "/",
            "(//button)[2]",
        ] {
            assert_eq!(check_xpath(x), Ok(()), "{x}");
        }
    }

    #[test]
    fn typos_are_caught_with_a_reason() {
        assert_eq!(check_css("div["), Err("`[` is not closed".into()));
        assert_eq!(
            check_css("a[title='x]"),
            Err("the quote ' is not closed".into())
        );
        assert_eq!(
            check_css("div >"),
            Err("the CSS selector ends with `>`, which needs something after it".into())
        );
        assert_eq!(
            check_css("a,,b"),
            Err("the CSS selector has an empty part between commas".into())
        );
        assert_eq!(check_css("  "), Err("the CSS selector is empty".into()));
        assert_eq!(check_xpath("//a[@id='x'"), Err("`[` is not closed".into()));
        assert_eq!(
            check_xpath("//a)"),
            Err("`)` closes nothing that was opened".into())
        );
        assert_eq!(
            check_xpath("//div/"),
            Err("the XPath expression ends with `/`, which needs a step after it".into())
        );
        assert_eq!(
            check_xpath("//a[]"),
            Err("the XPath expression has an empty predicate `[]`".into())
        );
    }

    #[test]
    fn good_regexes_pass() {
        for r in [
            "^Salva$",
            "Totale: \\d+ €",
            "[]]x",
            "a{,2}",
            "x{",
            "}{]",
            "(?:a|b)+?",
            "(?<anno>\\d{4})-(?=x)(?!y)(?<=z)(?<!w)",
            "(?i:salva)",
            "a*?b+?c??d{2}?",
            "[(]\\)",
            "\\\\",
        ] {
            assert_eq!(check_regex(r), Ok(()), "{r}");
        }
        assert_eq!(check_regex_flags("imsu"), Ok(()));
        assert_eq!(check_regex_flags(""), Ok(()));
    }

    #[test]
    fn regex_typos_are_caught_with_a_reason() {
        let cases = [
            ("(Salva", "`(` is not closed"),
            ("Salva)", "`)` closes nothing that was opened"),
            ("[a-z", "`[` is not closed"),
            ("Salva\\", "the regex ends with `\\`, which escapes nothing"),
            ("*Salva", "`*` has nothing to repeat"),
            ("a|+b", "`+` has nothing to repeat"),
            ("^?", "`?` has nothing to repeat"),
            ("a**", "`*` has nothing to repeat"),
            ("a*??", "`?` has nothing to repeat"),
            ("{2}a", "`{2}` has nothing to repeat"),
            ("a{3,1}", "`{3,1}` has its numbers out of order"),
            (
                "(?P<x>a)",
                "`(?P` is no group JavaScript knows (named groups are written `(?<name>...)`)",
            ),
            ("", "the regex is empty, so it would match everything"),
        ];
        for (r, why) in cases {
            assert_eq!(check_regex(r), Err(why.to_owned()), "{r}");
        }
        assert_eq!(
            check_regex_flags("ig"),
            Err("the regex flag `g` has no use in a locator, which tests each text once".into())
        );
        assert_eq!(
            check_regex_flags("ii"),
            Err("the regex flag `i` is given twice".into())
        );
        assert_eq!(check_regex_flags("x"), Err("unknown regex flag `x`".into()));
    }
}
