//! A deliberately tiny template language for the embedded pages.
//!
//! `{{t.key}}` is a translated text, `{{v.name}}` a value the route passes, `{{part.name}}` another
//! template, `{{lang}}` the language code and `{{boot}}` the JSON the page's scripts start from. Text is
//! HTML-escaped.
//!
//! What all of a product's pages share (doctype, head, scripts, header bars) is written once, in the
//! product's layout, so that a page holds only what is its own. A page names its layout on its first
//! line and gives the layout's slots on the lines right after it:
//!
//! ```text
//! {{layout.hubspot/layout}}
//! {{define.title}}{{t.hs.apps.title}} | HubSpot{{end}}
//! {{define.body}}data-page="apps"{{end}}
//! <main class="hs-main">…</main>
//! ```
//!
//! That page is rendered as the template `hubspot/layout.html`, in which `{{slot.title}}` is the
//! page's `title` and `{{content}}` the rest of the page. A layout names no layout (they do not nest),
//! and every slot it uses is one the page defines. `{{content}}` and `{{part.name}}` stand on a line of
//! their own, so the text they stand for loses its last line break. Nothing else is supported, so a
//! page cannot hide logic in its template.

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

/// Renders the embedded template `name`, in its layout when it names one.
pub fn render(name: &str, ctx: &Context<'_>) -> String {
    let mut out = String::new();
    let Some(source) = site::template(name) else {
        missing(name, &mut out);
        return out;
    };
    match Page::parse(source) {
        Ok(None) => fill(source, ctx, None, &mut out, 0),
        Ok(Some(page)) => {
            let layout = format!("{}.html", page.layout);
            // The whole layout, last line break too: it is the document.
            match site::template(&layout) {
                Some(source) => fill(source, ctx, Some(&page), &mut out, 0),
                None => missing(&layout, &mut out),
            }
        }
        Err(problem) => out.push_str(&format!("[[{name}: {}]]", escape(&problem))),
    }
    out
}

/// A page that names a layout: what it gives the layout, still to be filled.
#[derive(Debug, PartialEq)]
struct Page<'s> {
    /// The layout's template name, without `.html`.
    layout: &'s str,
    /// `{{define.name}}` texts, by name.
    slots: Vec<(&'s str, &'s str)>,
    /// The rest of the page, for `{{content}}`.
    content: &'s str,
}

impl<'s> Page<'s> {
    /// The page in `source`; `None` when it names no layout.
    fn parse(source: &'s str) -> Result<Option<Self>, String> {
        let Some(rest) = source.strip_prefix("{{layout.") else {
            return Ok(None);
        };
        let (layout, rest) = rest
            .split_once("}}")
            .ok_or("the layout line is not closed")?;
        let mut rest = after_line(rest);
        let mut slots = Vec::new();
        while let Some(define) = rest.strip_prefix("{{define.") {
            let (name, after) = define
                .split_once("}}")
                .ok_or("a define line is not closed")?;
            let (text, after) = after
                .split_once("{{end}}")
                .ok_or_else(|| format!("define.{name} has no {{{{end}}}}"))?;
            slots.push((name.trim(), text));
            rest = after_line(after);
        }
        Ok(Some(Page {
            layout: layout.trim(),
            slots,
            content: without_last_break(rest),
        }))
    }

    fn slot(&self, name: &str) -> Option<&'s str> {
        self.slots.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
    }
}

/// The text after a header line's own line break.
fn after_line(text: &str) -> &str {
    text.strip_prefix('\n').unwrap_or(text)
}

fn without_last_break(text: &str) -> &str {
    text.strip_suffix('\n').unwrap_or(text)
}

fn missing(name: &str, out: &mut String) {
    out.push_str(&format!("[[missing template {}]]", escape(name)));
}

/// Fills the template `name`, as a part: without its last line break.
fn include(name: &str, ctx: &Context<'_>, page: Option<&Page<'_>>, out: &mut String, depth: usize) {
    match site::template(name) {
        Some(source) => fill(without_last_break(source), ctx, page, out, depth),
        None => missing(name, out),
    }
}

/// Expands the tokens of `source`; `page` is the page whose layout `source` is (or is part of).
fn fill(source: &str, ctx: &Context<'_>, page: Option<&Page<'_>>, out: &mut String, depth: usize) {
    let mut rest = source;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            return;
        };
        let token = after[..end].trim();
        expand(token, ctx, page, out, depth);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
}

fn expand(token: &str, ctx: &Context<'_>, page: Option<&Page<'_>>, out: &mut String, depth: usize) {
    if let Some(key) = token.strip_prefix("t.") {
        out.push_str(&escape(&ctx.lang.text(key)));
    } else if let Some(name) = token.strip_prefix("v.") {
        match ctx.vars.iter().find(|(k, _)| *k == name) {
            Some((_, v)) => out.push_str(&escape(v)),
            None => out.push_str(&format!("[[v.{}]]", escape(name))),
        }
    } else if let Some(part) = token.strip_prefix("part.") {
        if depth < MAX_DEPTH {
            include(&format!("{part}.html"), ctx, page, out, depth + 1);
        } else {
            out.push_str("[[parts nest too deep]]");
        }
    } else if let Some(name) = token.strip_prefix("slot.") {
        // The page's own text is filled without the page, so a slot cannot name a slot.
        match page.and_then(|p| p.slot(name)) {
            Some(text) => fill(text, ctx, None, out, depth),
            None => out.push_str(&format!("[[slot.{}]]", escape(name))),
        }
    } else if token == "content" {
        match page {
            Some(p) => fill(p.content, ctx, None, out, depth),
            None => out.push_str("[[content]]"),
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

    /// The tokens of a template's text, in order.
    fn tokens(name: &str, source: &'static str) -> Vec<&'static str> {
        let mut found = Vec::new();
        let mut rest = source;
        while let Some(start) = rest.find("{{") {
            let after = &rest[start + 2..];
            let end = after
                .find("}}")
                .unwrap_or_else(|| panic!("{name}: unclosed {{{{"));
            found.push(after[..end].trim());
            rest = &after[end + 2..];
        }
        found
    }

    fn page(name: &str, source: &'static str) -> Option<Page<'static>> {
        Page::parse(source).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    /// The templates that some page names as its layout.
    fn layouts() -> Vec<String> {
        site::TEMPLATES
            .iter()
            .filter_map(|(name, source)| page(name, source))
            .map(|p| format!("{}.html", p.layout))
            .collect()
    }

    #[test]
    fn every_template_token_resolves() {
        for (name, source) in site::TEMPLATES {
            for token in tokens(name, source) {
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
                    // Layout, define and slot names are checked by `pages_fill_their_layouts`.
                    let layout_token = ["layout.", "define.", "slot."]
                        .iter()
                        .any(|p| token.starts_with(p))
                        || token == "end"
                        || token == "content";
                    assert!(
                        layout_token
                            || token == "lang"
                            || token == "boot"
                            || token.starts_with("v."),
                        "{name}: unknown token {token}"
                    );
                }
            }
        }
    }

    #[test]
    fn pages_fill_their_layouts() {
        let layouts = layouts();
        for (name, source) in site::TEMPLATES {
            // The skeleton of a document is a layout's alone.
            if source.contains("<!doctype") {
                assert!(layouts.iter().any(|l| l == name), "{name}: not a layout");
            }
            let Some(page) = page(name, source) else {
                continue;
            };
            let layout = format!("{}.html", page.layout);
            let layout_source = site::template(&layout)
                .unwrap_or_else(|| panic!("{name}: unknown layout {layout}"));
            assert!(
                Page::parse(layout_source).is_ok_and(|p| p.is_none()),
                "{layout}: layouts do not nest"
            );
            let mut used: Vec<&str> = tokens(&layout, layout_source)
                .into_iter()
                .filter_map(|t| t.strip_prefix("slot."))
                .collect();
            let mut defined: Vec<&str> = page.slots.iter().map(|(n, _)| *n).collect();
            used.sort_unstable();
            used.dedup();
            defined.sort_unstable();
            assert_eq!(defined, used, "{name}: defines other than {layout}'s slots");
            for token in tokens(name, page.content) {
                assert!(
                    !(token.starts_with("slot.") || token == "content" || token == "end"),
                    "{name}: {token} outside a layout"
                );
            }
        }
    }

    #[test]
    fn every_page_renders_whole() {
        let vars = [
            ("view", "home".to_owned()),
            ("node", String::new()),
            ("edition", "Enterprise Edition".to_owned()),
            ("user", "Chiara Moretti".to_owned()),
            ("shadow", "synthetic".to_owned()),
            ("drift", "none".to_owned()),
            ("target", "/hubspot".to_owned()),
            ("username", String::new()),
            ("pending", String::new()),
            ("error", String::new()),
        ];
        let mut pages = 0;
        for (name, source) in site::TEMPLATES {
            if page(name, source).is_none() {
                continue;
            }
            pages += 1;
            for lang in [Lang::It, Lang::En] {
                let ctx = Context {
                    lang,
                    vars: &vars,
                    boot: "{}",
                };
                let html = render(name, &ctx);
                assert!(html.starts_with("<!doctype html>\n"), "{name}: {html}");
                assert!(html.ends_with("</html>\n"), "{name}: {html}");
                assert!(!html.contains("[["), "{name}: {html}");
            }
        }
        assert!(pages >= 10, "only {pages} pages name a layout");
    }

    #[test]
    fn fills_values_slots_and_content() {
        let ctx = Context {
            lang: Lang::En,
            vars: &[("x", "<b>".into())],
            boot: "{}",
        };
        let json = serde_json::json!({"s": "</script>"});
        assert_eq!(script_json(&json), r#"{"s":"<\/script>"}"#);
        let mut out = String::new();
        expand("v.x", &ctx, None, &mut out, 0);
        expand("t.hs.disconnect", &ctx, None, &mut out, 0);
        expand("v.nope", &ctx, None, &mut out, 0);
        assert_eq!(out, "&lt;b&gt;Disconnect[[v.nope]]");

        // A page and its layout.
        let source = concat!(
            "{{layout.l}}\n",
            "{{define.title}}A & {{v.x}}{{end}}\n",
            "{{define.two}}\n  a\n{{end}}\n",
            "<p>{{t.hs.disconnect}}</p>\n",
        );
        let page = Page::parse(source).expect("a page").expect("a layout");
        assert_eq!(
            page,
            Page {
                layout: "l",
                slots: vec![("title", "A & {{v.x}}"), ("two", "\n  a\n")],
                content: "<p>{{t.hs.disconnect}}</p>",
            }
        );
        let mut out = String::new();
        let layout =
            "<title>{{slot.title}}</title>\n<i>{{slot.two}}</i>\n{{content}}\n{{slot.nope}}\n";
        fill(layout, &ctx, Some(&page), &mut out, 0);
        assert_eq!(
            out,
            "<title>A & &lt;b&gt;</title>\n<i>\n  a\n</i>\n<p>Disconnect</p>\n[[slot.nope]]\n"
        );
        // The page's own text has no slots to fill.
        let mut out = String::new();
        fill("{{slot.title}}{{content}}", &ctx, None, &mut out, 0);
        assert_eq!(out, "[[slot.title]][[content]]");
        assert_eq!(Page::parse("<p>no layout</p>"), Ok(None));
        assert!(Page::parse("{{layout.l}}\n{{define.title}}open\n").is_err());
    }
}
