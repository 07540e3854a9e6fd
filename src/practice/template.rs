//! A deliberately tiny template language for the embedded pages.
//!
//! `{{t.key}}` is a translated text, `{{v.name}}` a value the route passes, `{{part.name}}` another
//! template, `{{lang}}` the language code and `{{boot}}` the JSON the page's scripts start from. Text is
//! HTML-escaped; nothing else is supported, so a page cannot hide logic in its template.

use super::i18n::Lang;
use super::site;
use crate::html_escape::escape;

/// What a page is rendered with.
pub struct Context<'a> {
    /// The page's language.
    pub lang: Lang,
    /// Route values for `{{v.name}}`.
    pub vars: &'a [(&'a str, String)],
    /// The JSON for `{{boot}}` (already serialized).
    pub boot: &'a str,
}

/// Includes nest at most this deep; deeper means a part includes itself.
const MAX_DEPTH: usize = 4;

/// Renders the embedded template `name`.
pub fn render(name: &str, ctx: &Context<'_>) -> String {
    let mut out = String::new();
    render_into(name, ctx, &mut out, 0);
    out
}

fn render_into(name: &str, ctx: &Context<'_>, out: &mut String, depth: usize) {
    let Some(source) = site::template(name) else {
        out.push_str(&format!("[[missing template {}]]", escape(name)));
        return;
    };
    let mut rest = source;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            return;
        };
        let token = after[..end].trim();
        expand(token, ctx, out, depth);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
}

fn expand(token: &str, ctx: &Context<'_>, out: &mut String, depth: usize) {
    if let Some(key) = token.strip_prefix("t.") {
        out.push_str(&escape(&ctx.lang.text(key)));
    } else if let Some(name) = token.strip_prefix("v.") {
        match ctx.vars.iter().find(|(k, _)| *k == name) {
            Some((_, v)) => out.push_str(&escape(v)),
            None => out.push_str(&format!("[[v.{}]]", escape(name))),
        }
    } else if let Some(part) = token.strip_prefix("part.") {
        if depth < MAX_DEPTH {
            render_into(&format!("{part}.html"), ctx, out, depth + 1);
        } else {
            out.push_str("[[parts nest too deep]]");
        }
    } else if token == "lang" {
        out.push_str(ctx.lang.code());
    } else if token == "boot" {
        out.push_str(ctx.boot);
    } else {
        out.push_str(&format!("[[{}]]", escape(token)));
    }
}

/// JSON that is safe inside `<script type="application/json">`.
pub fn script_json(value: &serde_json::Value) -> String {
    // `</` would end the script element early; `<\/` means the same to JSON.
    value.to_string().replace("</", "<\\/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_token_resolves() {
        for (name, source) in site::TEMPLATES {
            let mut rest = *source;
            while let Some(start) = rest.find("{{") {
                let after = &rest[start + 2..];
                let end = after
                    .find("}}")
                    .unwrap_or_else(|| panic!("{name}: unclosed {{{{"));
                let token = after[..end].trim();
                if let Some(key) = token.strip_prefix("t.") {
                    assert!(
                        super::super::i18n::has(key),
                        "{name}: unknown text key {key}"
                    );
                } else if let Some(part) = token.strip_prefix("part.") {
                    assert!(
                        site::template(&format!("{part}.html")).is_some(),
                        "{name}: unknown part {part}"
                    );
                } else {
                    assert!(
                        token == "lang" || token == "boot" || token.starts_with("v."),
                        "{name}: unknown token {token}"
                    );
                }
                rest = &after[end + 2..];
            }
        }
    }

    #[test]
    fn escapes_and_fills() {
        let ctx = Context {
            lang: Lang::En,
            vars: &[("x", "<b>".into())],
            boot: "{}",
        };
        let json = serde_json::json!({"s": "</script>"});
        assert_eq!(script_json(&json), r#"{"s":"<\/script>"}"#);
        let mut out = String::new();
        expand("v.x", &ctx, &mut out, 0);
        expand("t.hs.disconnect", &ctx, &mut out, 0);
        expand("v.nope", &ctx, &mut out, 0);
        assert_eq!(out, "&lt;b&gt;Disconnect[[v.nope]]");
    }
}
