//! Safe file names for evidence: `NN-<slug>.png`, never leaving the evidence folder.

/// The longest slug, in bytes.
pub const MAX_SLUG_BYTES: usize = 80;

/// A file-name-safe form of a step name: ASCII letters, digits and single dashes, at most 80 bytes.
///
/// Accented letters become their base letters; `/`, `..`, control characters and everything else
/// become dashes, so the result can never name a path outside the folder.
pub fn slug(name: &str) -> String {
    let ascii = deunicode::deunicode(name);
    let mut out = String::with_capacity(ascii.len().min(MAX_SLUG_BYTES));
    let mut dash = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            let needs_dash = dash && !out.is_empty();
            if out.len() + usize::from(needs_dash) + 1 > MAX_SLUG_BYTES {
                break;
            }
            if needs_dash {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        out.push_str("step");
    }
    out
}

/// The evidence file stem of a step: zero-padded index (to the width of the step count) and slug.
pub fn step_stem(index: usize, total: usize, name: &str) -> String {
    let width = total.to_string().len().max(2);
    format!("{index:0width$}-{}", slug(name))
}

/// `ui-lightning-it`: the name of one variant × locale combination (its `check --matrix` folder and
/// its baseline folder), from the variant values in name order and the locale.
pub fn combination<'a>(
    variants: impl IntoIterator<Item = (&'a String, &'a String)>,
    locale: &str,
) -> String {
    let mut parts: Vec<String> = variants
        .into_iter()
        .map(|(k, v)| format!("{k}-{v}"))
        .collect();
    parts.push(locale.to_owned());
    slug(&parts.join("-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_readable_ascii() {
        assert_eq!(slug("click 'Disinstalla'"), "click-disinstalla");
        assert_eq!(slug("Sì, è così"), "si-e-cosi");
    }

    #[test]
    fn never_leaves_the_folder() {
        assert_eq!(slug("../../x"), "x");
        assert_eq!(slug("/etc/passwd"), "etc-passwd");
        assert_eq!(slug("a\0b\nc"), "a-b-c");
        assert_eq!(slug("..."), "step");
    }

    #[test]
    fn is_bounded() {
        let long = "é".repeat(300);
        assert!(slug(&long).len() <= MAX_SLUG_BYTES);
        let cut = slug(&"ab ".repeat(200));
        assert!(
            cut.len() <= MAX_SLUG_BYTES && cut.len() >= MAX_SLUG_BYTES - 2,
            "{cut}"
        );
        assert!(!cut.ends_with('-'), "{cut}");
    }

    #[test]
    fn names_a_combination_by_its_variants_and_locale() {
        let variants: std::collections::BTreeMap<String, String> = [
            ("ui".to_owned(), "lightning".to_owned()),
            ("edition".to_owned(), "Pro".to_owned()),
        ]
        .into();
        assert_eq!(combination(&variants, "it"), "edition-pro-ui-lightning-it");
        assert_eq!(combination(&std::collections::BTreeMap::new(), "en"), "en");
    }

    #[test]
    fn pads_the_index_to_the_step_count() {
        assert_eq!(step_stem(3, 20, "x"), "03-x");
        assert_eq!(step_stem(3, 120, "x"), "003-x");
    }
}
