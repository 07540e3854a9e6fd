//! The two UI languages and the text of every page in each.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::strings::STRINGS;

/// A UI language of the practice org.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Italian, the language of the seed article.
    #[default]
    It,
    /// English, the products' own labels.
    En,
}

impl Lang {
    /// The language for a `?lang=` value or cookie, if it is one we have.
    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "it" => Some(Lang::It),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The two-letter code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::It => "it",
            Lang::En => "en",
        }
    }

    /// The phrase HubSpot asks the user to type before it disconnects Salesforce.
    pub fn uninstall_phrase(self) -> &'static str {
        match self {
            Lang::It => "Disinstalla Salesforce",
            Lang::En => "Uninstall Salesforce",
        }
    }

    /// The text for `key`; a visible `[[key]]` when there is none, so a gap shows up in screenshots.
    pub fn text(self, key: &str) -> String {
        match table().get(key) {
            Some((it, en)) => match self {
                Lang::It => (*it).to_owned(),
                Lang::En => (*en).to_owned(),
            },
            None => format!("[[{key}]]"),
        }
    }

    /// Every text of this language, for the pages' scripts.
    pub fn all(self) -> HashMap<&'static str, &'static str> {
        table()
            .iter()
            .map(|(k, (it, en))| (*k, if self == Lang::It { *it } else { *en }))
            .collect()
    }
}

/// Whether the table has a text for `key`.
pub fn has(key: &str) -> bool {
    table().contains_key(key)
}

// Immutable data built once: no per-server state lives here.
fn table() -> &'static HashMap<&'static str, (&'static str, &'static str)> {
    static TABLE: OnceLock<HashMap<&'static str, (&'static str, &'static str)>> = OnceLock::new();
    TABLE.get_or_init(|| STRINGS.iter().map(|(k, it, en)| (*k, (*it, *en))).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_texts_present() {
        let mut seen = std::collections::HashSet::new();
        for (k, it, en) in STRINGS {
            assert!(seen.insert(*k), "duplicate key {k}");
            assert!(!it.is_empty() && !en.is_empty(), "empty text for {k}");
        }
    }

    #[test]
    fn article_labels_are_exact() {
        assert_eq!(Lang::It.text("hs.disconnect"), "Disconnetti");
        assert_eq!(Lang::It.text("hs.continue"), "Continua");
        assert_eq!(
            Lang::It.text("hs.uninstall_button"),
            "Disinstalla Salesforce"
        );
        assert_eq!(Lang::En.text("hs.uninstall_button"), "Uninstall Salesforce");
        assert_eq!(
            Lang::It.text("hs.cleanup.remove"),
            "Rimuovi proprietari Salesforce"
        );
        assert_eq!(Lang::It.text("hs.cleanup.got_it"), "Ricevuto");
        assert_eq!(
            Lang::It.text("mail.goto_cleanup"),
            "Vai alla pagina di pulizia del proprietario"
        );
        assert_eq!(
            Lang::It.text("mail.reassign.subject"),
            "Riassegna i contatti, le aziende e le offerte ai proprietari di HubSpot"
        );
        assert_eq!(
            Lang::En.text("mail.reassign.subject"),
            "Reassign contacts, companies, and deals to HubSpot owners"
        );
        assert_eq!(Lang::It.text("sf.uninstall"), "Disinstalla");
        assert_eq!(Lang::It.text("lx.setup"), "Impostazioni");
        assert_eq!(
            Lang::It.text("lx.tree.platform_tools"),
            "Strumenti piattaforma"
        );
        assert_eq!(Lang::It.text("lx.tree.apps"), "App");
        assert_eq!(
            Lang::It.text("lx.tree.installed_packages"),
            "Pacchetti installati"
        );
        assert_eq!(
            Lang::It.text("sf.un.keep"),
            "Salva una copia dei dati di questo pacchetto per 48 ore dopo la disinstallazione"
        );
        assert_eq!(
            Lang::It.text("sf.un.discard"),
            "Non salvare una copia dei dati di questo pacchetto dopo la disinstallazione"
        );
        assert_eq!(
            Lang::It.text("sf.un.confirm"),
            "Sì, desidero disinstallare questo pacchetto ed eliminare definitivamente tutti i componenti associati"
        );
        assert_eq!(
            Lang::It.text("hs.uninstall_button"),
            Lang::It.uninstall_phrase()
        );
        assert_eq!(
            Lang::En.text("hs.uninstall_button"),
            Lang::En.uninstall_phrase()
        );
    }

    #[test]
    fn missing_key_is_visible() {
        assert_eq!(Lang::En.text("no.such.key"), "[[no.such.key]]");
    }
}
