//! The one place where secret values are removed from anything clickpath writes or prints.

/// What a secret value is replaced with.
pub const MASK: &str = "•••";

/// Knows the secret values of a run and masks them in text.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    secrets: Vec<String>,
}

impl Redactor {
    /// Adds a secret value (empty values are ignored: they would match everywhere).
    pub fn add(&mut self, secret: &str) {
        if !secret.is_empty() && !self.secrets.iter().any(|s| s == secret) {
            self.secrets.push(secret.to_owned());
            // Longest first, so a secret that contains another is masked whole.
            self.secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        }
    }

    /// The text with every secret value replaced by [`MASK`].
    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for secret in &self.secrets {
            if out.contains(secret.as_str()) {
                out = out.replace(secret.as_str(), MASK);
            }
        }
        out
    }

    /// The secret values (to cover them in screenshots).
    pub fn secrets(&self) -> &[String] {
        &self.secrets
    }

    /// Whether there is any secret to hide.
    pub fn is_empty(&self) -> bool {
        self.secrets.is_empty()
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
}
