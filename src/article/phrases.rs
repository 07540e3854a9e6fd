//! Phrase tables: how articles in one language word their instructions, as data (`phrases/LANG.yaml`,
//! one file a language), and the UI words a sentence names by them.

use serde::Deserialize;

use super::sentences::collapse;

/// One language's phrases (see `phrases/it.yaml` for what each field means).
#[derive(Debug, Clone, Deserialize)]
pub struct Phrases {
    /// The language.
    pub locale: String,
    /// Before the UI word a click names.
    pub click: Vec<String>,
    /// Before a menu path (`A > B > C`).
    pub navigate: Vec<String>,
    /// Before the label of a checkbox to tick.
    pub check: Vec<String>,
    /// Before text to type.
    #[serde(rename = "type")]
    pub type_text: Vec<String>,
    /// After the text to type: where it goes.
    pub type_into: Vec<String>,
    /// What ends a UI word inside a sentence.
    pub ends_ui_word: Vec<String>,
    /// Between two options of a choice.
    pub or: String,
    /// Places on the screen.
    pub position: Vec<String>,
    /// What starts a warning.
    pub warning: Vec<String>,
    /// Before the text of the row the next click acts in.
    pub row: Vec<String>,
    /// After the row's text: the word that says what the row is, not part of it.
    #[serde(default)]
    pub row_noun: Vec<String>,
    /// Before the application to open ("log in to your"): it opens afresh at its address.
    #[serde(default)]
    pub sign_in: Vec<String>,
    /// After the application's name: the word that is not part of it ("account").
    #[serde(default)]
    pub sign_in_noun: Vec<String>,
    /// A reason picked from a drop-down list.
    pub reason: Vec<String>,
    /// What happens outside the browser.
    pub outside: Vec<String>,
    /// A list to review on the screen.
    pub review: Vec<String>,
    /// UI words that do what cannot be undone (once a confirmation was given).
    pub destructive: Vec<String>,
}

impl Phrases {
    /// Whether the sentence uses one of these phrases (at a word's start, in lower case).
    pub fn says(&self, sentence: &str, phrases: &[String]) -> bool {
        self.find(sentence, phrases).is_some()
    }

    /// Where the first of these phrases ends in the sentence.
    pub fn find(&self, sentence: &str, phrases: &[String]) -> Option<usize> {
        let lower = sentence.to_lowercase();
        phrases.iter().find_map(|p| {
            lower.match_indices(p.as_str()).find_map(|(at, _)| {
                let starts = at == 0
                    || !lower[..at]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphanumeric);
                starts.then_some(at + p.len())
            })
        })
    }

    /// The text after the first of these phrases, cut as a UI word.
    pub fn after(&self, sentence: &str, phrases: &[String]) -> Option<String> {
        let end = self.find(sentence, phrases)?;
        let word = self.cut(sentence.get(end..)?.trim_start_matches(['\'', ' ']));
        (!word.is_empty()).then_some(word)
    }

    /// `text` without a final word of `nouns` ("HubSpot Integration package" is the row "HubSpot
    /// Integration").
    pub fn without_noun(&self, text: &str, nouns: &[String]) -> String {
        let trimmed = text.trim();
        for noun in nouns {
            let lower = trimmed.to_lowercase();
            if let Some(head) = lower.strip_suffix(noun.as_str())
                && head.ends_with(' ')
            {
                return trimmed[..head.len()].trim_end().to_owned();
            }
        }
        trimmed.to_owned()
    }

    /// Whether a UI word does what cannot be undone.
    pub fn is_destructive(&self, word: &str) -> bool {
        let w = word.to_lowercase();
        self.destructive.iter().any(|d| w.starts_with(d.as_str()))
    }
}

/// What follows a phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Named {
    /// A UI word, up to what ends it.
    Word,
    /// A menu path, one UI word a part.
    Path,
    /// A checkbox's label, to the end of the sentence.
    Label,
}

const TABLES: &[(&str, &str)] = &[
    ("it", include_str!("phrases/it.yaml")),
    ("en", include_str!("phrases/en.yaml")),
];

impl Phrases {
    /// The table of a language, if one ships.
    pub fn for_locale(locale: &str) -> Option<Phrases> {
        let (_, text) = TABLES.iter().find(|(l, _)| *l == locale)?;
        serde_saphyr::from_str(text).ok()
    }

    /// The languages that have a table.
    pub fn locales() -> impl Iterator<Item = &'static str> {
        TABLES.iter().map(|(l, _)| *l)
    }

    /// The UI words a sentence names: what it says to click, tick or open (each part of a menu path
    /// on its own), in order.
    pub fn ui_words(&self, sentence: &str) -> Vec<String> {
        let lower = sentence.to_lowercase();
        let phrases: Vec<(&str, Named)> = self
            .check
            .iter()
            .map(|p| (p.as_str(), Named::Label))
            .chain(self.navigate.iter().map(|p| (p.as_str(), Named::Path)))
            .chain(self.click.iter().map(|p| (p.as_str(), Named::Word)))
            .collect();
        // Every phrase where it stands, with the UI word it names: (start, phrase length, word end,
        // word, kind).
        let mut candidates: Vec<(usize, usize, usize, String, Named)> = Vec::new();
        for (phrase, named) in phrases {
            let mut from = 0;
            while let Some(at) = lower[from..].find(phrase).map(|i| i + from) {
                from = at + phrase.len();
                let starts_word = at == 0
                    || !lower[..at]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphanumeric);
                // "Selezionate un motivo" picks from a list: no UI word is named.
                let picks_reason = self
                    .reason
                    .iter()
                    .any(|r| lower[at..].starts_with(r.as_str()));
                if !starts_word || picks_reason {
                    continue;
                }
                let Some(rest) = sentence.get(from..) else {
                    continue;
                };
                let skipped = rest.len() - rest.trim_start_matches(['\'', ' ']).len();
                let rest = &rest[skipped..];
                // A checkbox's label is a sentence of its own, commas included.
                let word = match named {
                    Named::Label => collapse(rest.trim_end_matches(['.', ':', ';'])),
                    Named::Word | Named::Path => self.cut(rest),
                };
                if !word.is_empty() {
                    let end = from + skipped + word.len();
                    candidates.push((at, phrase.len(), end, word, named));
                }
            }
        }
        // In the sentence's order, the longest phrase where several start ("selezionate la casella
        // di controllo" over "selezionate"); a phrase inside a UI word already named is part of it
        // ("click Go to owner cleanup page" names one button, not a path).
        candidates.sort_by_key(|(at, len, ..)| (*at, std::cmp::Reverse(*len)));
        let mut found: Vec<String> = Vec::new();
        let mut taken_until = 0;
        for (at, _, end, word, named) in candidates {
            if at < taken_until {
                continue;
            }
            taken_until = end;
            if named == Named::Path || word.contains(" > ") {
                found.extend(word.split('>').map(collapse).filter(|p| !p.is_empty()));
            } else {
                found.push(word);
            }
        }
        found
    }

    /// The UI word at the start of `rest`: up to a word that ends it, a parenthesis or the sentence's end.
    fn cut(&self, rest: &str) -> String {
        let lower = rest.to_lowercase();
        let mut end = rest.len();
        for stop in &self.ends_ui_word {
            if let Some(i) = lower.find(stop.as_str()) {
                end = end.min(i);
            }
        }
        if let Some(i) = lower.find(" (") {
            end = end.min(i);
        }
        let word = rest[..end].trim();
        collapse(word.trim_end_matches(['.', ':', ';', ',']))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_parses() {
        for locale in Phrases::locales() {
            let table = Phrases::for_locale(locale).expect("phrase table parses");
            assert_eq!(table.locale, locale);
        }
    }

    #[test]
    fn finds_clicks_paths_and_checkboxes_in_italian() {
        let it = Phrases::for_locale("it").expect("it");
        assert_eq!(
            it.ui_words("In alto a destra, fare clic su Disconnetti."),
            ["Disconnetti"]
        );
        assert_eq!(
            it.ui_words("Nel menu della barra laterale sinistra, andate su Build > Develop > Installed Packages."),
            ["Build", "Develop", "Installed Packages"]
        );
        assert_eq!(
            it.ui_words("In alto a destra, fate clic su Setup (o [Nome] > Setup)."),
            ["Setup"]
        );
        assert_eq!(
            it.ui_words(
                "Selezionate la casella di controllo Sì, desidero disinstallare questo pacchetto."
            ),
            ["Sì, desidero disinstallare questo pacchetto"]
        );
        assert_eq!(
            it.ui_words("In alto a destra, fate clic sull'icona dell'ingranaggio Impostazioni e selezionate Impostazioni."),
            ["Impostazioni", "Impostazioni"]
        );
    }
}
