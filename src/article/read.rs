//! Reading an article: plain text (as copied from a knowledge base), Markdown, or HTML saved from the
//! browser, into sections of paragraphs and list items.

use std::path::Path;

use super::sentences::collapse;
use super::{Article, ArticleLine, ArticleSection};

/// How an article is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleFormat {
    /// Lines of text; `- `, `* ` or `1. ` start list items, short lines without a final stop are
    /// headings.
    Text,
    /// CommonMark.
    Markdown,
    /// HTML: headings, lists and paragraphs.
    Html,
}

impl ArticleFormat {
    /// The format a file's name (or, failing that, its first characters) says.
    pub fn guess(name: &str, text: &str) -> ArticleFormat {
        let ext = Path::new(name)
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "md" | "markdown" => ArticleFormat::Markdown,
            "html" | "htm" => ArticleFormat::Html,
            _ => {
                let head = text.trim_start().get(..200).unwrap_or(text.trim_start());
                let head = head.to_lowercase();
                if head.starts_with("<!doctype html") || head.starts_with("<html") {
                    ArticleFormat::Html
                } else {
                    ArticleFormat::Text
                }
            }
        }
    }
}

/// The most an article may weigh.
const MAX_ARTICLE_BYTES: u64 = 4 * 1024 * 1024;

/// An article file's text: at most [`MAX_ARTICLE_BYTES`], UTF-8; the error names the file.
pub fn read_text(path: &Path) -> Result<String, String> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    if meta.len() > MAX_ARTICLE_BYTES {
        return Err(format!(
            "{shown}: {} bytes is more than an article may have ({MAX_ARTICLE_BYTES})",
            meta.len()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{shown}: not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Reads an article's text in the given format.
pub fn read_article(name: &str, text: &str, format: ArticleFormat) -> Article {
    let sections = match format {
        ArticleFormat::Text => from_text(text),
        ArticleFormat::Markdown => from_markdown(text),
        ArticleFormat::Html => from_html(text),
    };
    Article {
        name: name.to_owned(),
        sections: sections
            .into_iter()
            .filter(|s| s.heading.is_some() || !s.lines.is_empty())
            .collect(),
    }
}

/// A section being filled.
struct Sections(Vec<ArticleSection>);

impl Sections {
    fn new() -> Self {
        Sections(vec![ArticleSection::default()])
    }
    fn heading(&mut self, text: &str) {
        self.0.push(ArticleSection {
            heading: Some(collapse(text)),
            lines: Vec::new(),
        });
    }
    fn line(&mut self, text: &str, item: bool, line: usize) {
        let text = collapse(text);
        if text.is_empty() {
            return;
        }
        if let Some(section) = self.0.last_mut() {
            section.lines.push(ArticleLine { text, item, line });
        }
    }
}

/// The marker a list item starts with (`- `, `* `, `• `, `1. `, `1) `), if any.
fn item_marker(line: &str) -> Option<&str> {
    for bullet in ["- ", "* ", "• ", "– "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return Some(rest);
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits <= 3 {
        let rest = &line[digits..];
        for end in [". ", ") "] {
            if let Some(rest) = rest.strip_prefix(end) {
                return Some(rest);
            }
        }
    }
    None
}

fn from_text(text: &str) -> Vec<ArticleSection> {
    // Lines first joined where the copy broke a sentence: a line that starts in lower case goes on
    // the line before it.
    let mut lines: Vec<(String, bool, usize)> = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            continue;
        }
        let (body, item) = match item_marker(trimmed) {
            Some(rest) => (rest.trim(), true),
            None => (trimmed, false),
        };
        let continues = !item && body.chars().next().is_some_and(char::is_lowercase);
        match lines.last_mut() {
            Some(last) if continues => {
                last.0.push(' ');
                last.0.push_str(body);
            }
            _ => lines.push((body.to_owned(), item, n + 1)),
        }
    }
    let mut sections = Sections::new();
    for (text, item, line) in lines {
        if !item && is_heading(&text) {
            sections.heading(&text);
        } else {
            sections.line(&text, item, line);
        }
    }
    sections.0
}

/// A short line that does not end like a sentence, a warning or an introduction to a list.
fn is_heading(text: &str) -> bool {
    let ends = text.trim_end().chars().last();
    !matches!(ends, Some('.' | ':' | '!' | '?' | ';' | ','))
        && text.chars().count() <= 120
        && !text.contains(": ")
}

fn from_markdown(text: &str) -> Vec<ArticleSection> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let mut sections = Sections::new();
    let mut buffer = String::new();
    let mut started = 0;
    let mut items = 0usize;
    let flush = |sections: &mut Sections, buffer: &mut String, item: bool, line: usize| {
        sections.line(buffer, item, line);
        buffer.clear();
    };
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { .. }) => buffer.clear(),
            Event::End(TagEnd::Heading(_)) => {
                sections.heading(&buffer);
                buffer.clear();
            }
            Event::Start(Tag::Item) => {
                // The text before a nested list belongs to the outer item.
                flush(&mut sections, &mut buffer, items > 0, line_of(started));
                items += 1;
                started = range.start;
            }
            Event::End(TagEnd::Item) => {
                flush(&mut sections, &mut buffer, true, line_of(started));
                items = items.saturating_sub(1);
            }
            Event::Start(Tag::Paragraph) if items == 0 => {
                started = range.start;
            }
            Event::End(TagEnd::Paragraph) if items == 0 => {
                flush(&mut sections, &mut buffer, false, line_of(started));
            }
            Event::Text(t) | Event::Code(t) => buffer.push_str(&t),
            Event::SoftBreak | Event::HardBreak => buffer.push(' '),
            _ => {}
        }
    }
    sections.0
}

fn from_html(text: &str) -> Vec<ArticleSection> {
    use scraper::{ElementRef, Html, Node};
    let document = Html::parse_document(text);
    let mut sections = Sections::new();
    // Text of an element without the lists nested in it (they are items of their own).
    fn own_text(el: ElementRef<'_>, out: &mut String) {
        for child in el.children() {
            match child.value() {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) if matches!(e.name(), "ul" | "ol" | "script" | "style") => {}
                Node::Element(_) => {
                    if let Some(inner) = ElementRef::wrap(child) {
                        own_text(inner, out);
                    }
                    if matches!(child.value().as_element().map(|e| e.name()), Some("br")) {
                        out.push(' ');
                    }
                }
                _ => {}
            }
        }
    }
    fn walk(el: ElementRef<'_>, sections: &mut Sections, in_item: bool) {
        for child in el.children() {
            let Some(child_el) = ElementRef::wrap(child) else {
                continue;
            };
            let name = child_el.value().name();
            match name {
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                    let mut t = String::new();
                    own_text(child_el, &mut t);
                    sections.heading(&t);
                }
                "li" => {
                    let mut t = String::new();
                    own_text(child_el, &mut t);
                    sections.line(&t, true, 0);
                    // Nested lists only: the item's own text is taken.
                    for nested in child_el.children().filter_map(ElementRef::wrap) {
                        if matches!(nested.value().name(), "ul" | "ol") {
                            walk(nested, sections, true);
                        }
                    }
                }
                "p" if !in_item => {
                    let mut t = String::new();
                    own_text(child_el, &mut t);
                    sections.line(&t, false, 0);
                }
                "script" | "style" | "head" | "nav" | "footer" => {}
                _ => walk(child_el, sections, in_item),
            }
        }
    }
    walk(document.root_element(), &mut sections, false);
    sections.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline(article: &Article) -> Vec<String> {
        let mut out = Vec::new();
        for s in &article.sections {
            if let Some(h) = &s.heading {
                out.push(format!("# {h}"));
            }
            for l in &s.lines {
                out.push(format!("{}{}", if l.item { "- " } else { "" }, l.text));
            }
        }
        out
    }

    const TEXT: &str = "Gli utenti con permessi\ndi amministratore possono farlo.\nDisconnettere l'integrazione\n- Fare clic su Salesforce.\n- Salesforce Classic:\n- In alto a destra, fate clic su Setup.\nAttenzione: non farlo.\n";

    #[test]
    fn plain_text_joins_broken_lines_and_finds_headings_and_items() {
        let a = read_article("a.txt", TEXT, ArticleFormat::Text);
        assert_eq!(
            outline(&a),
            [
                "Gli utenti con permessi di amministratore possono farlo.",
                "# Disconnettere l'integrazione",
                "- Fare clic su Salesforce.",
                "- Salesforce Classic:",
                "- In alto a destra, fate clic su Setup.",
                "Attenzione: non farlo.",
            ]
        );
        assert_eq!(a.sections[1].lines[0].line, 4);
    }

    #[test]
    fn markdown_and_html_give_the_same_outline() {
        let md = "Gli utenti con permessi di amministratore possono farlo.\n\n## Disconnettere l'integrazione\n\n1. Fare clic su **Salesforce**.\n2. Salesforce Classic:\n   - In alto a destra, fate clic su `Setup`.\n\nAttenzione: non farlo.\n";
        let html = "<html><body><p>Gli utenti con permessi di amministratore possono farlo.</p><h2>Disconnettere l'integrazione</h2><ol><li>Fare clic su <strong>Salesforce</strong>.</li><li>Salesforce Classic:<ul><li>In alto a destra, fate clic su <span class=\"uicontrol\">Setup</span>.</li></ul></li></ol><p>Attenzione: non farlo.</p></body></html>";
        let text = read_article("a.txt", TEXT, ArticleFormat::Text);
        assert_eq!(
            outline(&read_article("a.md", md, ArticleFormat::Markdown)),
            outline(&text)
        );
        assert_eq!(
            outline(&read_article("a.html", html, ArticleFormat::Html)),
            outline(&text)
        );
        assert_eq!(ArticleFormat::guess("x.md", ""), ArticleFormat::Markdown);
        assert_eq!(
            ArticleFormat::guess("x", "<!DOCTYPE html><p>"),
            ArticleFormat::Html
        );
    }
}
