//! Every kind of bad runbook is reported as `FILE:LINE:COL: message`, the line and a caret, before any
//! browser starts. Each case is a file in `tests/errors/` beside its exact message (see the README
//! there); good runbooks of every size pass the same checks.

mod common;

use std::path::Path;

use common::binary::Clickpath;
use common::golden;

/// The command a case runs when it has no `NAME.args`: the checks of every variant and locale.
const DEFAULT_COMMAND: &str = "validate";

#[test]
fn every_bad_runbook_in_tests_errors_exits_2_with_its_exact_message() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/errors");
    let cases = golden::cases(&dir, "yaml");
    golden::assert_cases(&cases, |case| {
        let args = if case.args.is_empty() {
            vec![DEFAULT_COMMAND.to_owned()]
        } else {
            case.args.clone()
        };
        let run = Clickpath::command(&args[0]).args(&args[1..]);
        // Copied into a folder of its own and named relative to it, so the message starts with
        // `NAME.yaml:` wherever the tests run, and a `run` that got further writes nothing here.
        let file = format!("{}.yaml", case.name);
        std::fs::copy(&case.input, run.dir().join(&file)).expect("copy the case");
        let here = run.dir().to_path_buf();
        let ran = run.arg(&file).current_dir(here).output();
        match ran.code() {
            Some(2) => Ok(ran.stderr().to_owned()),
            code => Err(format!(
                "`clickpath {} {file}` exited with {code:?}, not 2\n--- stderr ---\n{}",
                args.join(" "),
                ran.stderr()
            )),
        }
    });
}

/// `clickpath validate` and `clickpath plan` (with `values`) of a good runbook at `path`.
fn assert_valid(path: &Path, values: &[(&str, &str)]) {
    Clickpath::command("validate")
        .arg(path)
        .output()
        .assert_exit(0);
    let mut plan = Clickpath::command("plan").arg(path);
    for (name, value) in values {
        plan = plan.var(name, value);
    }
    plan.output().assert_exit(0);
}

#[test]
fn the_format_example_of_the_readme_is_valid() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/runbooks/format-example.yaml");
    assert_valid(&example, &[("password", "s3cret")]);
}

#[test]
fn a_runbook_of_ten_thousand_steps_validates() {
    let mut text = String::from(
        "name: big\nlabels:\n  save: { it: Salva, en: Save }\nvariants:\n  ui: { choices: [a, b] }\nsections:\n",
    );
    for section in 0..100 {
        text.push_str(&format!("  - name: Section {section}\n    steps:\n"));
        for step in 0..100 {
            text.push_str(&format!(
                "      - click: \"@save\"\n        doc: \"Passo {step} della sezione {section}.\"\n"
            ));
        }
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.yaml");
    std::fs::write(&path, &text).expect("write the runbook");
    let started = std::time::Instant::now();
    assert_valid(&path, &[]);
    // Time is measured by the benchmark harness, not asserted here; this shows it in --nocapture runs.
    println!(
        "10,000 steps validated and planned in {:?}",
        started.elapsed()
    );
}

#[test]
fn a_ten_megabyte_runbook_validates() {
    let mut text = String::from("name: huge\nsections:\n");
    let doc = "x".repeat(150);
    let mut section = 0;
    while text.len() < 10_000_000 {
        text.push_str(&format!("  - name: Section {section}\n    steps:\n"));
        for step in 0..50 {
            text.push_str(&format!(
                "      - click: \"Salva {step}\"\n        doc: \"{doc}\"\n"
            ));
        }
        section += 1;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("huge.yaml");
    std::fs::write(&path, &text).expect("write the runbook");
    let started = std::time::Instant::now();
    assert_valid(&path, &[]);
    println!(
        "{} bytes validated and planned in {:?}",
        text.len(),
        started.elapsed()
    );
}
