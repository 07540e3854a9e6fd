//! Every kind of bad runbook is reported as `FILE:LINE:COL: message`, the line and a caret, before any
//! browser starts. Each case: the input, and the exact message.

use clickpath::runbook::parse::parse;
use clickpath::runbook::plan::{Settings, resolve};
use clickpath::runbook::source::{Source, render_all};
use clickpath::runbook::validate::validate;

/// Parses, validates every variant and locale, then resolves with `settings`; returns the first report.
fn problems(text: &str, settings: Settings) -> String {
    let source = Source {
        name: "book.yaml".into(),
        text: text.into(),
    };
    let book = match parse(&source) {
        Ok(b) => b,
        Err(d) => return render_all(&d, &source),
    };
    let found = validate(&book);
    if !found.is_empty() {
        return render_all(&found, &source);
    }
    match resolve(&book, &settings) {
        Ok(_) => String::from("no problem"),
        Err(d) => render_all(&d, &source),
    }
}

fn check(text: &str, expected: &str) {
    assert_eq!(problems(text, Settings::default()), expected);
}

#[test]
fn malformed_yaml() {
    check(
        "name: x\nsections:\n  - name: s\n    steps:\n      - click: \"unclosed\n",
        "book.yaml:5:16: invalid YAML: unclosed quote\n  |\n5 |       - click: \"unclosed\n  |                ^\n",
    );
}

#[test]
fn wrong_type() {
    check(
        "name: x\nsections:\n  - name: s\n    steps:\n      - click: x\n        optional: \"yes\"\n",
        "book.yaml:6:19: `optional` must be `true` or `false`, found a string\n  |\n6 |         optional: \"yes\"\n  |                   ^^^^^\n",
    );
}

#[test]
fn unknown_key_with_suggestion() {
    check(
        "name: x\ndescripton: y\nsections:\n  - name: s\n    steps:\n      - click: x\n",
        "book.yaml:2:1: unknown key `descripton` in the runbook\n  |\n2 | descripton: y\n  | ^^^^^^^^^^ did you mean `description`?\n",
    );
}

#[test]
fn unknown_step_kind_with_suggestion() {
    check(
        "name: x\nsections:\n  - name: s\n    steps:\n      - clik: Salva\n",
        "book.yaml:5:9: unknown step kind `clik`\n  |\n5 |       - clik: Salva\n  |         ^^^^ did you mean `click`?\n",
    );
}

#[test]
fn step_without_action() {
    check(
        "name: x\nsections:\n  - name: s\n    steps:\n      - doc: Fare clic\n",
        "book.yaml:5:9: this step has no action\n  |\n5 |       - doc: Fare clic\n  |         ^ expected one of `goto`, `click`, `fill`, `check`, `uncheck`, `choose`, `select`, `expect`, `wait`, `accept_dialog`, `dismiss_dialog`, `screenshot` or `manual`\n",
    );
}

#[test]
fn two_actions_in_one_step() {
    check(
        "name: x\nsections:\n  - name: s\n    steps:\n      - click: x\n        fill: { label: a, value: b }\n",
        "book.yaml:6:9: a step has one action, but this one also has `click`\n  |\n6 |         fill: { label: a, value: b }\n  |         ^^^^ split it into two steps\n",
    );
}

#[test]
fn undefined_variable() {
    check(
        "name: x\nparams:\n  base_url: { default: \"http://h\" }\nsections:\n  - name: s\n    steps:\n      - goto: \"${base_ur}/setup\"\n",
        "book.yaml:7:16: undefined variable `base_ur`\n  |\n7 |       - goto: \"${base_ur}/setup\"\n  |                ^^^^^^^^^^ did you mean `base_url`?\n",
    );
}

#[test]
fn unknown_label() {
    check(
        "name: x\nlabels:\n  uninstall: { it: Disinstalla }\nsections:\n  - name: s\n    steps:\n      - click: \"@unistall\"\n",
        "book.yaml:7:16: unknown label `@unistall`\n  |\n7 |       - click: \"@unistall\"\n  |                ^^^^^^^^^^^ did you mean `@uninstall`?\n",
    );
}

#[test]
fn label_missing_for_the_chosen_locale() {
    let text = "name: x\nlocale: it\nlabels:\n  uninstall: { it: Disinstalla }\nsections:\n  - name: s\n    steps:\n      - click: \"@uninstall\"\n";
    let settings = Settings {
        locale: Some("en".into()),
        ..Settings::default()
    };
    assert_eq!(
        problems(text, settings),
        "book.yaml:8:16: label `@uninstall` has no text for locale `en`\n  |\n8 |       - click: \"@uninstall\"\n  |                ^^^^^^^^^^^^ it has `it`; add `en: \"...\"` to it\n"
    );
}

#[test]
fn unknown_variant_value_in_when() {
    check(
        "name: x\nvariants:\n  ui: { choices: [classic, lightning] }\nsections:\n  - name: s\n    when: { ui: lightnin }\n    steps:\n      - click: x\n",
        "book.yaml:6:17: variant `ui` has no choice `lightnin`\n  |\n6 |     when: { ui: lightnin }\n  |                 ^^^^^^^^ did you mean `lightning`?\n",
    );
}

#[test]
fn unknown_variant_value_on_the_command_line() {
    let text = "name: x\nvariants:\n  ui: { choices: [classic, lightning] }\nsections:\n  - name: s\n    steps:\n      - click: x\n";
    let settings = Settings {
        variants: vec![("ui".into(), "clasic".into())],
        ..Settings::default()
    };
    assert_eq!(
        problems(text, settings),
        "book.yaml:3:3: variant `ui` has no choice `clasic` (from --variant)\n  |\n3 |   ui: { choices: [classic, lightning] }\n  |   ^^ did you mean `classic`?\n"
    );
}

#[test]
fn missing_required_param() {
    let text = "name: x\nparams:\n  password: { secret: true, required: true }\nsections:\n  - name: s\n    steps:\n      - fill: { label: Password, value: \"${password}\" }\n";
    assert_eq!(
        problems(text, Settings::default()),
        "book.yaml:3:3: param `password` is required and has no value\n  |\n3 |   password: { secret: true, required: true }\n  |   ^^^^^^^^ pass `--secret password=...` or set CLICKPATH_VAR_PASSWORD\n"
    );
}

#[test]
fn param_value_outside_its_choices() {
    let text = "name: x\nparams:\n  keep_data: { default: \"yes\", choices: [\"yes\", \"no\"] }\nsections:\n  - name: s\n    steps:\n      - click: x\n";
    let settings = Settings {
        vars: vec![clickpath::runbook::plan::VarValue {
            name: "keep_data".into(),
            value: "maybe".into(),
            secret: false,
        }],
        ..Settings::default()
    };
    assert_eq!(
        problems(text, settings),
        "book.yaml:3:3: param `keep_data` is `maybe` (from var), which is not one of its choices\n  |\n3 |   keep_data: { default: \"yes\", choices: [\"yes\", \"no\"] }\n  |   ^^^^^^^^^ expected `yes` or `no`\n"
    );
}

#[test]
fn bad_duration() {
    check(
        "name: x\nsections:\n  - name: s\n    steps:\n      - wait: { text: Fatto, timeout: soon }\n",
        "book.yaml:5:39: `soon` is not a duration\n  |\n5 |       - wait: { text: Fatto, timeout: soon }\n  |                                       ^^^^ expected e.g. `20s`, `500ms`, `2m` or a number of seconds\n",
    );
}

#[test]
fn duplicate_key() {
    check(
        "name: x\nname: y\nsections: []\n",
        "book.yaml:2:1: duplicate key `name`\n  |\n2 | name: y\n  | ^\n",
    );
}

#[test]
fn json_runbooks_get_positions_too() {
    check(
        "{\n  \"name\": \"x\",\n  \"sections\": [\n    {\"name\": \"s\", \"steps\": [{\"clik\": \"Salva\"}]}\n  ]\n}\n",
        "book.yaml:4:30: unknown step kind `clik`\n  |\n4 |     {\"name\": \"s\", \"steps\": [{\"clik\": \"Salva\"}]}\n  |                              ^^^^^^ did you mean `click`?\n",
    );
}

#[test]
fn alias_bomb_is_refused_quickly() {
    let mut text =
        String::from("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
    for (name, prev) in [
        ("b", "a"),
        ("c", "b"),
        ("d", "c"),
        ("e", "d"),
        ("f", "e"),
        ("g", "f"),
        ("h", "g"),
        ("i", "h"),
    ] {
        let refs = vec![format!("*{prev}"); 10].join(",");
        text.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    text.push_str("name: x\nsections: []\n");
    let report = problems(&text, Settings::default());
    assert!(
        report.starts_with("book.yaml:5:")
            && report.contains("aliases expand to more than 100000 values; refusing to expand them (a YAML alias bomb?)"),
        "{report}"
    );
}

#[test]
fn deep_nesting_is_refused() {
    let text = format!(
        "name: x\nsections: {}{}\n",
        "[".repeat(200),
        "]".repeat(200)
    );
    let report = problems(&text, Settings::default());
    assert!(report.starts_with("book.yaml:2:"), "{report}");
    assert!(
        report.contains("nesting deeper than 64 levels; refusing to read further"),
        "{report}"
    );
}

#[test]
fn empty_file() {
    check(
        "\n",
        "book.yaml:1:1: the runbook is empty\n  |\n1 | \n  | ^ expected a mapping with `name` and `sections`\n",
    );
}

#[test]
fn the_format_example_of_the_readme_is_valid() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/runbooks/format-example.yaml"
    ))
    .expect("example");
    let settings = Settings {
        vars: vec![clickpath::runbook::plan::VarValue {
            name: "password".into(),
            value: "s3cret".into(),
            secret: false,
        }],
        ..Settings::default()
    };
    assert_eq!(problems(&text, settings), "no problem");
}

#[test]
fn invalid_css_and_xpath_are_caught_before_the_browser() {
    check(
        "name: x\nsteps:\n  - click: { css: \"div[data-x='1'\" }\n",
        "book.yaml:3:19: invalid selector `div[data-x='1'`: `[` is not closed\n  |\n3 |   - click: { css: \"div[data-x='1'\" }\n  |                   ^^^^^^^^^^^^^^^^ the browser would reject it at run time\n",
    );
    check(
        "name: x\nsteps:\n  - click: { xpath: \"//a[@title='Setup']/\" }\n",
        "book.yaml:3:21: invalid selector `//a[@title='Setup']/`: the XPath expression ends with `/`, which needs a step after it\n  |\n3 |   - click: { xpath: \"//a[@title='Setup']/\" }\n  |                     ^^^^^^^^^^^^^^^^^^^^^^ the browser would reject it at run time\n",
    );
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
    let started = std::time::Instant::now();
    assert_eq!(problems(&text, Settings::default()), "no problem");
    // Time is measured by the benchmark harness, not asserted here; this shows it in --nocapture runs.
    println!("10,000 steps validated in {:?}", started.elapsed());
}

#[test]
fn resume_from_must_name_a_section() {
    check(
        "name: x\nsections:\n  - name: Open\n    steps:\n      - goto: \"about:blank\"\n  - name: Act\n    resume_from: Opne\n    steps:\n      - click: Salva\n",
        "book.yaml:7:18: `resume_from` names no section: `Opne`\n  |\n7 |     resume_from: Opne\n  |                  ^^^^ did you mean `Open`?\n",
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
    let started = std::time::Instant::now();
    assert_eq!(problems(&text, Settings::default()), "no problem");
    println!("{} bytes validated in {:?}", text.len(), started.elapsed());
}
