//! Knowledge-base articles, the documentation a runbook implements: read from plain text, Markdown or
//! HTML into headings and their lines, each line split into sentences; the language's phrase table
//! says which sentences are instructions and which UI words they name.

pub mod against;
pub mod coverage;
pub mod draft;
pub mod phrases;
pub mod read;
pub mod sentences;

pub use read::{ArticleFormat, read_article};

/// An article: its sections in order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Article {
    /// The file's name as given, for messages.
    pub name: String,
    /// The sections, the text before the first heading first (with no heading).
    pub sections: Vec<ArticleSection>,
}

/// A heading and what follows it up to the next heading.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ArticleSection {
    /// The heading's text (`None` for the text before the first heading).
    pub heading: Option<String>,
    /// Its lines: paragraphs and list items, in order.
    pub lines: Vec<ArticleLine>,
}

/// A paragraph or a list item.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleLine {
    /// The text, whitespace collapsed.
    pub text: String,
    /// A list item (an instruction, or an entry of a list to review), or running prose.
    pub item: bool,
    /// The 1-based line in the file where it starts.
    pub line: usize,
}

impl Article {
    /// Every sentence of the article, in order, with where it stands.
    pub fn sentences(&self) -> Vec<Sentence> {
        let mut out = Vec::new();
        for (s, section) in self.sections.iter().enumerate() {
            for line in &section.lines {
                for text in sentences::split(&line.text) {
                    out.push(Sentence {
                        text,
                        section: s,
                        item: line.item,
                        line: line.line,
                    });
                }
            }
        }
        out
    }
}

/// One sentence of an article.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    /// The sentence as written.
    pub text: String,
    /// Its section (an index into [`Article::sections`]).
    pub section: usize,
    /// Whether it is part of a list item.
    pub item: bool,
    /// The 1-based line in the file.
    pub line: usize,
}
