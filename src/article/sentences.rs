//! Splitting a line into sentences, and the normal form sentences are compared in.

/// The sentences of a line: split after `.`, `!`, `?` (and `:` that ends the line) followed by a space
/// and a capital letter, so abbreviations and numbers (`4.62`, `ecc. e`) stay whole.
pub fn split(line: &str) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if matches!(c, '.' | '!' | '?')
            && chars.get(i + 1) == Some(&' ')
            && chars.get(i + 2).is_some_and(|n| n.is_uppercase())
        {
            push(&mut out, &chars[start..=i]);
            start = i + 2;
            i += 2;
            continue;
        }
        i += 1;
    }
    push(&mut out, &chars[start..]);
    out
}

fn push(out: &mut Vec<String>, chars: &[char]) {
    let s: String = chars.iter().collect();
    let s = collapse(&s);
    if !s.is_empty() {
        out.push(s);
    }
}

/// Whitespace collapsed to single spaces, and the space some articles put before punctuation
/// (`Azione , fare`) removed.
pub fn collapse(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = String::with_capacity(text.len());
    for word in words {
        let punctuation = word
            .chars()
            .all(|c| matches!(c, ',' | ';' | ':' | '.' | '!' | '?'));
        if !out.is_empty() && !punctuation {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The form sentences are compared in: collapsed, lower case, typographic quotes and dashes made plain,
/// the final period dropped.
pub fn normal(text: &str) -> String {
    let plain: String = collapse(text)
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{00b4}' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{00ab}' | '\u{00bb}' => '"',
            '\u{2013}' | '\u{2014}' => '-',
            '\u{00a0}' => ' ',
            other => other,
        })
        .collect();
    plain
        .trim_end_matches(['.', ':', ';'])
        .trim()
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_sentence_ends_only() {
        assert_eq!(
            split(
                "Individuare il pacchetto HubSpot Integration. Nella colonna Azione , fare clic su Disinstalla."
            ),
            vec![
                "Individuare il pacchetto HubSpot Integration.",
                "Nella colonna Azione, fare clic su Disinstalla."
            ]
        );
        assert_eq!(
            split("Versione 4.62 installata."),
            vec!["Versione 4.62 installata."]
        );
        assert_eq!(split("  "), Vec::<String>::new());
    }

    #[test]
    fn compares_without_case_spacing_or_the_final_period() {
        assert_eq!(
            normal("Nella colonna  Azione , fare clic su ‘Disinstalla’."),
            "nella colonna azione, fare clic su 'disinstalla'"
        );
    }
}
