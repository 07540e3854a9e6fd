//! The article of a run, verified: its headings, prose and instructions in the article's order, each
//! instruction with a status badge and the screenshot that shows it. One rendering for the
//! Documentation tab of `report.html` and for `clickpath docs`, in HTML and in Markdown.

use std::fmt::Write as _;

use super::html::href;
use super::model::{DocBlock, DocSentence, DocStatus, Documentation};
use crate::article::phrases::Phrases;
use crate::html_escape::escape;

/// Every status, in the order the counts list them.
pub const STATUSES: [DocStatus; 6] = [
    DocStatus::Verified,
    DocStatus::Drifted,
    DocStatus::Failed,
    DocStatus::NotCovered,
    DocStatus::NotReached,
    DocStatus::OtherVariant,
];

/// The CSS class of a status.
pub fn class(status: DocStatus) -> &'static str {
    match status {
        DocStatus::Verified => "verified",
        DocStatus::Drifted => "drifted",
        DocStatus::Failed => "failed",
        DocStatus::NotCovered => "not_covered",
        DocStatus::OtherVariant => "other_variant",
        DocStatus::NotReached => "not_reached",
    }
}

/// A status's badge text, in the document's language (Italian or English).
pub fn label(status: DocStatus, locale: &str) -> &'static str {
    let it = locale == "it";
    match (status, it) {
        (DocStatus::Verified, false) => "Verified",
        (DocStatus::Verified, true) => "Verificato",
        (DocStatus::Drifted, false) => "Drifted",
        (DocStatus::Drifted, true) => "Cambiato",
        (DocStatus::Failed, false) => "Failed",
        (DocStatus::Failed, true) => "Non riuscito",
        (DocStatus::NotCovered, false) => "Not covered",
        (DocStatus::NotCovered, true) => "Non coperto",
        (DocStatus::OtherVariant, false) => "Other variant",
        (DocStatus::OtherVariant, true) => "Altra variante",
        (DocStatus::NotReached, false) => "Not reached",
        (DocStatus::NotReached, true) => "Non raggiunto",
    }
}

/// How many instructions have each status.
pub fn counts(doc: &Documentation) -> Vec<(DocStatus, usize)> {
    STATUSES
        .iter()
        .map(|&status| {
            let n = doc
                .sections
                .iter()
                .flat_map(|s| &s.blocks)
                .flat_map(|b| &b.sentences)
                .filter(|s| s.status == Some(status))
                .count();
            (status, n)
        })
        .collect()
}

/// Whether a paragraph is a warning ("Warning:", "Attenzione:").
fn is_warning(block: &DocBlock, phrases: Option<&Phrases>) -> bool {
    let Some(first) = block.sentences.first() else {
        return false;
    };
    phrases.is_some_and(|p| {
        let lower = first.text.to_lowercase();
        p.warning.iter().any(|w| lower.starts_with(w.as_str()))
    })
}

/// The article as HTML (no page around it); image paths are `images` + the report's file names.
pub fn html(doc: &Documentation, images: &str) -> String {
    let mut out = String::new();
    let lang = escape(&doc.locale);
    if let Some(error) = &doc.error {
        let _ = writeln!(
            out,
            "<p class=\"doc-error\" role=\"alert\">The article could not be read: {}</p>",
            escape(error)
        );
        return out;
    }
    let phrases = Phrases::for_locale(&doc.locale);
    let _ = writeln!(out, "<article class=\"kb\" lang=\"{lang}\">");
    // Sentences a step proves together share its screenshot: it shows once, at the first.
    let mut last_image: Option<&String> = None;
    for (n, section) in doc.sections.iter().enumerate() {
        if let Some(heading) = &section.heading {
            let tag = if n == 0 { "h2" } else { "h3" };
            let _ = writeln!(
                out,
                "<{tag} class=\"kb-heading\">{}</{tag}>",
                escape(heading)
            );
        }
        let mut in_list = false;
        for block in &section.blocks {
            if block.item != in_list {
                out.push_str(if block.item {
                    "<ul class=\"kb-list\">\n"
                } else {
                    "</ul>\n"
                });
                in_list = block.item;
            }
            if block.subsection {
                let text: Vec<&str> = block.sentences.iter().map(|s| s.text.as_str()).collect();
                let _ = writeln!(
                    out,
                    "<li class=\"kb-sub\">{}</li>",
                    escape(text.join(" ").trim_end_matches(':'))
                );
                continue;
            }
            if !block.item {
                let class = if is_warning(block, phrases.as_ref()) {
                    "kb-prose kb-warning"
                } else {
                    "kb-prose"
                };
                let text: Vec<&str> = block.sentences.iter().map(|s| s.text.as_str()).collect();
                let _ = writeln!(out, "<p class=\"{class}\">{}</p>", escape(&text.join(" ")));
                continue;
            }
            out.push_str("<li class=\"kb-item\">");
            for sentence in &block.sentences {
                let image = sentence.annotated.as_ref().or(sentence.screenshot.as_ref());
                let shown = image.filter(|i| last_image != Some(*i));
                if image.is_some() {
                    last_image = image;
                }
                instruction(&mut out, sentence, shown, &doc.locale, images);
            }
            out.push_str("</li>\n");
        }
        if in_list {
            out.push_str("</ul>\n");
        }
    }
    out.push_str("</article>\n");
    out
}

fn instruction(
    out: &mut String,
    s: &DocSentence,
    image: Option<&String>,
    locale: &str,
    images: &str,
) {
    let Some(status) = s.status else {
        let _ = write!(out, "<p class=\"kb-text\">{}</p>", escape(&s.text));
        return;
    };
    let class = class(status);
    let _ = write!(
        out,
        "<div class=\"instr s-{class}\"><div class=\"instr-body\"><span class=\"badge\">{}</span>\
         <p class=\"kb-text\">{}</p>",
        escape(label(status, locale)),
        escape(&s.text)
    );
    if let (Some(says), Some(shows)) = (&s.article_says, &s.page_shows) {
        let _ = write!(
            out,
            "<p class=\"drift\"><span>The article says</span> <q>{}</q>, <span>the page shows</span> <q>{}</q></p>",
            escape(says),
            escape(shows)
        );
    } else if let Some(note) = &s.note {
        let _ = write!(out, "<p class=\"note\">{}</p>", escape(note));
    }
    if !s.steps.is_empty() {
        let list: Vec<String> = s.steps.iter().map(ToString::to_string).collect();
        let _ = write!(
            out,
            "<p class=\"steps-of\">step{} {}</p>",
            if s.steps.len() == 1 { "" } else { "s" },
            list.join(", ")
        );
    }
    out.push_str("</div>");
    if let Some(image) = image {
        let src = escape(&href(&format!("{images}{image}")));
        let alt = escape(&format!("Screenshot: {}", s.text));
        let _ = write!(
            out,
            "<a class=\"thumb\" href=\"{src}\" data-zoom=\"{alt}\"><img src=\"{src}\" alt=\"{alt}\" loading=\"eager\"></a>"
        );
    }
    out.push_str("</div>");
}

/// The article as Markdown: headings, prose, and each instruction with its status and screenshot.
pub fn markdown(doc: &Documentation, images: &str, md: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
    if let Some(error) = &doc.error {
        let _ = writeln!(out, "> The article could not be read: {}\n", md(error));
        return out;
    }
    let mut last_image: Option<String> = None;
    for (n, section) in doc.sections.iter().enumerate() {
        if let Some(heading) = &section.heading {
            let hashes = if n == 0 { "##" } else { "###" };
            let _ = writeln!(out, "{hashes} {}\n", md(heading));
        }
        for block in &section.blocks {
            let text: Vec<&str> = block.sentences.iter().map(|s| s.text.as_str()).collect();
            if block.subsection {
                let _ = writeln!(out, "- **{}**\n", md(text.join(" ").trim_end_matches(':')));
                continue;
            }
            if !block.item {
                let _ = writeln!(out, "{}\n", md(&text.join(" ")));
                continue;
            }
            let mut line = String::from("- ");
            let mut shots = Vec::new();
            for s in &block.sentences {
                if let Some(status) = s.status {
                    let mark = match status {
                        DocStatus::Verified => "✓",
                        DocStatus::Drifted | DocStatus::Failed => "✗",
                        DocStatus::NotCovered => "?",
                        DocStatus::NotReached | DocStatus::OtherVariant => "–",
                    };
                    let _ = write!(
                        line,
                        "{mark} {} *({})* ",
                        md(&s.text),
                        label(status, &doc.locale)
                    );
                    if let Some(note) = &s.note
                        && status != DocStatus::Verified
                    {
                        let _ = write!(line, "— {} ", md(note));
                    }
                    if let Some(image) = s.annotated.as_ref().or(s.screenshot.as_ref())
                        && last_image.as_ref() != Some(image)
                    {
                        shots.push(image.clone());
                        last_image = Some(image.clone());
                    }
                } else {
                    let _ = write!(line, "{} ", md(&s.text));
                }
            }
            let _ = writeln!(out, "{}\n", line.trim_end());
            for image in shots {
                let src = href(&format!("{images}{image}"));
                let _ = writeln!(out, "  ![{}]({src})\n", md(&image));
            }
        }
    }
    out
}
