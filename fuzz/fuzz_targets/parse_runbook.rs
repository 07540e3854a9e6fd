//! Any bytes given as a runbook are either a runbook or positioned diagnostics: never a panic, a hang
//! or unbounded memory. Valid runbooks also go through every variant × locale resolution.
#![no_main]

use clickpath::runbook::parse::parse;
use clickpath::runbook::source::{Source, render_all};
use clickpath::runbook::validate::validate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let source = Source { name: "fuzz.yaml".into(), text: String::from_utf8_lossy(data).into_owned() };
    match parse(&source) {
        Ok(book) => {
            let problems = validate(&book);
            let _ = render_all(&problems, &source);
        }
        Err(diagnostics) => {
            // Rendering must cope with any position the parser reports.
            let _ = render_all(&diagnostics, &source);
        }
    }
});
