//! Checks of CSS selectors and XPath expressions that can be made before any page exists: empty,
//! unbalanced brackets and quotes, a dangling combinator or operator. The browser still has the last
//! word on everything subtler; these catch the typos that would otherwise only show at run time.

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
}
