//! The one place where secret values are removed from anything clickpath writes or prints.

use std::sync::{Arc, RwLock};

/// What a secret value is replaced with.
pub const MASK: &str = "•••";

/// Knows the secret values of a run and masks them in text.
///
/// Clones share their values: a secret learnt during the run (a one-time code typed by a step)
/// is masked from then on by every writer that holds a clone.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    secrets: Arc<RwLock<Vec<String>>>,
}

impl Redactor {
    /// Adds a secret value (empty values are ignored: they would match everywhere).
    pub fn add(&mut self, secret: &str) {
        self.learn(secret);
    }

    /// Adds a secret value through a shared handle (empty values are ignored).
    pub fn learn(&self, secret: &str) {
        let mut secrets = self.secrets.write().unwrap_or_else(|e| e.into_inner());
        if !secret.is_empty() && !secrets.iter().any(|s| s == secret) {
            secrets.push(secret.to_owned());
            // Longest first, so a secret that contains another is masked whole.
            secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        }
    }

    /// The text with every secret value replaced by [`MASK`].
    pub fn redact(&self, text: &str) -> String {
        let secrets = self.secrets.read().unwrap_or_else(|e| e.into_inner());
        let mut out = text.to_owned();
        for secret in secrets.iter() {
            if out.contains(secret.as_str()) {
                out = out.replace(secret.as_str(), MASK);
            }
        }
        out
    }

    /// The secret values (to cover them in screenshots).
    pub fn secrets(&self) -> Vec<String> {
        self.secrets
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Whether there is any secret to hide.
    pub fn is_empty(&self) -> bool {
        self.secrets
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_every_occurrence_longest_first() {
        let mut r = Redactor::default();
        r.add("abc");
        r.add("abcdef");
        r.add("");
        assert_eq!(r.redact("x abcdef y abc"), "x ••• y •••");
    }

    #[test]
    fn a_value_learnt_later_is_masked_by_every_clone() {
        let r = Redactor::default();
        let writer = r.clone();
        r.learn("492039");
        assert_eq!(writer.redact("code 492039"), "code •••");
    }
}
