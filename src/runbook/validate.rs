//! `clickpath validate`: resolve a runbook for every variant and every locale it declares.

use std::collections::BTreeSet;

use super::model::Runbook;
use super::plan::{Settings, resolve};
use super::source::Diagnostic;

/// The most combinations `validate` tries; beyond, it checks the defaults of the rest.
const MAX_COMBINATIONS: usize = 256;

/// Every problem the runbook has in any variant × locale combination, without duplicates.
pub fn validate(runbook: &Runbook) -> Vec<Diagnostic> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for settings in settings_for_all(runbook) {
        if let Err(diagnostics) = resolve(runbook, &settings) {
            for d in diagnostics {
                let key = (d.pos.line, d.pos.column, d.message.clone());
                if seen.insert(key) {
                    out.push(d);
                }
            }
        }
    }
    out.sort_by_key(|d| (d.pos.line, d.pos.column));
    out
}

/// One variant × locale combination a runbook declares.
#[derive(Debug, Clone, PartialEq)]
pub struct Combination {
    /// The locale (`None` when the runbook names none).
    pub locale: Option<String>,
    /// One value per variant.
    pub variants: Vec<(String, String)>,
}

/// Every variant × locale combination (locales from `locale` and from `labels`), bounded.
pub fn combinations(runbook: &Runbook) -> Vec<Combination> {
    settings_for_all(runbook)
        .into_iter()
        .map(|s| Combination {
            locale: s.locale,
            variants: s.variants,
        })
        .collect()
}

/// Settings for each variant combination and each locale found in `labels`.
fn settings_for_all(runbook: &Runbook) -> Vec<Settings> {
    let mut locales: BTreeSet<String> = runbook
        .labels
        .0
        .iter()
        .flat_map(|(_, texts)| texts.names().map(str::to_owned))
        .collect();
    if let Some(l) = &runbook.locale {
        locales.insert(l.value.clone());
    }
    let mut locale_list: Vec<Option<String>> = locales.into_iter().map(Some).collect();
    if locale_list.is_empty() {
        locale_list.push(None);
    }
    let mut variant_sets: Vec<Vec<(String, String)>> = vec![Vec::new()];
    for (name, variant) in &runbook.variants.0 {
        let mut next = Vec::new();
        for set in &variant_sets {
            for choice in &variant.choices {
                let mut s = set.clone();
                s.push((name.value.clone(), choice.value.clone()));
                next.push(s);
                if next.len() >= MAX_COMBINATIONS {
                    break;
                }
            }
        }
        variant_sets = next;
    }
    let mut out = Vec::new();
    for locale in &locale_list {
        for variants in &variant_sets {
            out.push(Settings {
                locale: locale.clone(),
                variants: variants.clone(),
                allow_missing: true,
                ..Settings::default()
            });
            if out.len() >= MAX_COMBINATIONS {
                return out;
            }
        }
    }
    out
}
