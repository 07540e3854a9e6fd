//! A run's settings from the command line and the environment (`CLICKPATH_VAR_<NAME>`).

use super::args::ValueArgs;
use crate::runbook::plan::{Settings, VarValue};

/// The settings `--var`, `--secret`, `--locale`, `--variant`, `--timeout` and the environment give.
pub fn settings(values: &ValueArgs, allow_missing: bool) -> Settings {
    let env = std::env::vars()
        .filter_map(|(k, v)| {
            k.strip_prefix("CLICKPATH_VAR_")
                .map(|name| (name.to_owned(), v))
        })
        .collect();
    let given = |pairs: &[(String, String)], secret: bool| {
        pairs
            .iter()
            .map(|(k, v)| VarValue {
                name: k.clone(),
                value: v.clone(),
                secret,
            })
            .collect::<Vec<_>>()
    };
    let mut vars = given(&values.vars, false);
    vars.extend(given(&values.secrets, true));
    Settings {
        locale: values.locale.clone(),
        variants: values.variants.clone(),
        vars,
        env,
        timeout: values.timeout,
        allow_missing,
    }
}
