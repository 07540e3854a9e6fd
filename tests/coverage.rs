//! `clickpath coverage`: the shipped runbook against HubSpot's article, then against changed copies
//! of it, one kind of change each; every change is found, at its sentence, with the exit code 1.

mod common;

use common::binary::{Clickpath, Finished};

const RUNBOOK: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/runbooks/hubspot-salesforce-uninstall.yaml"
);
const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/seed/hubspot-salesforce-uninstall.it.txt"
);

fn seed() -> String {
    std::fs::read_to_string(SEED).expect("the seed article is beside the repository")
}

/// `clickpath coverage RUNBOOK ARTICLE --locale it` on an article with this text.
fn coverage_of(article: &str, extra: &[&str]) -> Finished {
    let run = Clickpath::command("coverage");
    let path = run.dir().join("article.txt");
    std::fs::write(&path, article).expect("write the article");
    let locale = if extra.contains(&"--locale") {
        &[][..]
    } else {
        &["--locale", "it"][..]
    };
    run.arg(RUNBOOK)
        .arg(&path)
        .args(locale.iter().copied())
        .args(extra.iter().copied())
        .output()
}

/// The line of the output about the sentence that starts with `start`, and the note under it.
fn verdict<'a>(out: &'a str, start: &str) -> (&'a str, &'a str) {
    let lines: Vec<&str> = out.lines().collect();
    let at = lines
        .iter()
        .position(|l| {
            l.split_whitespace()
                .skip(2)
                .collect::<Vec<_>>()
                .join(" ")
                .starts_with(start)
        })
        .unwrap_or_else(|| panic!("no line for {start:?} in:\n{out}"));
    let note = lines
        .get(at + 1)
        .filter(|l| l.starts_with("        "))
        .copied()
        .unwrap_or("");
    (lines[at], note.trim())
}

#[test]
fn the_shipped_runbook_covers_its_article_entirely() {
    let ran = coverage_of(&seed(), &[]);
    ran.assert_exit(0);
    assert!(
        ran.stdout()
            .trim_end()
            .ends_with("coverage: 36/36 instructions (100%)"),
        "{}",
        ran.stdout()
    );
    let (line, note) = verdict(
        ran.stdout(),
        "Aziende HubSpot create da account Salesforce.",
    );
    assert!(
        line.starts_with('~') && note == "left out with [...]",
        "{line}\n{note}"
    );
}

#[test]
fn a_new_sentence_is_an_instruction_no_step_implements() {
    let article = seed().replace(
        "- Fare clic su Continua.\n",
        "- Fare clic su Continua.\n- Fare clic su Conferma.\n",
    );
    let ran = coverage_of(&article, &[]);
    ran.assert_exit(1);
    let (line, note) = verdict(ran.stdout(), "Fare clic su Conferma.");
    assert!(
        line.starts_with('✗') && note == "no step implements it",
        "{line}\n{note}"
    );
    assert!(
        ran.stdout().contains("coverage: 36/37 instructions (97%)"),
        "{}",
        ran.stdout()
    );
}

#[test]
fn a_removed_sentence_leaves_its_step_stale() {
    let article = seed().replace("- Nella finestra di dialogo, fare clic su Ricevuto.\n", "");
    let ran = coverage_of(&article, &[]);
    ran.assert_exit(0);
    let runbook = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("runbooks/hubspot-salesforce-uninstall.yaml"),
    )
    .expect("the shipped runbook");
    let line = runbook
        .lines()
        .position(|l| l.trim() == "- click: \"@got_it\"")
        .expect("the step that clicks Ricevuto")
        + 1;
    let expected = format!(
        "steps whose doc: is not in the article\n✗ step 15 (runbook line {line}): \"Nella finestra di dialogo, fare clic su Ricevuto.\""
    );
    assert!(ran.stdout().contains(&expected), "{}", ran.stdout());
}

#[test]
fn a_renamed_button_is_the_article_against_the_step() {
    let article = seed().replace(
        "In alto a destra, fare clic su Disconnetti.",
        "In alto a destra, fare clic su Scollega.",
    );
    let ran = coverage_of(&article, &[]);
    ran.assert_exit(1);
    let (line, note) = verdict(ran.stdout(), "In alto a destra, fare clic su Scollega.");
    assert!(
        line.starts_with('✗') && line.ends_with("(step 5)"),
        "{line}"
    );
    assert_eq!(
        note,
        "the article says 'Scollega', the steps use 'Disconnetti'"
    );
}

#[test]
fn a_changed_menu_path_names_the_part_the_steps_do_not_click() {
    let article = seed().replace(
        "andate su Build > Develop > Installed Packages",
        "andate su Build > Deploy > Installed Packages",
    );
    let ran = coverage_of(&article, &["--variant", "ui=classic"]);
    ran.assert_exit(1);
    let (line, note) = verdict(
        ran.stdout(),
        "Nel menu della barra laterale sinistra, andate su Build > Deploy",
    );
    assert!(line.starts_with('✗'), "{line}");
    assert!(
        note.starts_with("the article says 'Deploy', the steps use"),
        "{note}"
    );
}

#[test]
fn a_reordered_list_is_found_out_of_order() {
    let article = seed().replace(
        "- Fare clic su Salesforce.\n- In alto a destra, fare clic su Disconnetti.\n",
        "- In alto a destra, fare clic su Disconnetti.\n- Fare clic su Salesforce.\n",
    );
    let ran = coverage_of(&article, &[]);
    ran.assert_exit(1);
    let (line, note) = verdict(ran.stdout(), "Fare clic su Salesforce.");
    assert!(line.starts_with('✗'), "{line}");
    assert!(
        note.starts_with(
            "its step comes before the step of \"In alto a destra, fare clic su Disconnetti.\""
        ),
        "{note}"
    );
}

#[test]
fn json_carries_the_same_verdicts_and_a_missing_table_is_a_usage_error() {
    let ran = coverage_of(&seed(), &["--format", "json"]);
    ran.assert_exit(0);
    let v: serde_json::Value = serde_json::from_str(ran.stdout()).expect("JSON");
    assert_eq!(
        (v["covered"].as_u64(), v["total"].as_u64()),
        (Some(36), Some(36))
    );
    assert_eq!(v["rows"][0]["verdict"], "covered");
    coverage_of(&seed(), &["--locale", "fr"])
        .assert_exit(2)
        .assert_stderr_contains("no phrase table for locale `fr` (clickpath has: it, en)");
}

#[test]
fn validate_reports_the_coverage_of_the_articles_a_runbook_names() {
    let runbook = std::fs::read_to_string(RUNBOOK).expect("the shipped runbook");
    // The runbook names the seed beside the repository; here, the file the test gives.
    let shipped_path = "  it: ../../shared/seed/hubspot-salesforce-uninstall.it.txt\n";
    assert!(runbook.contains(shipped_path));
    let named =
        |article: &str| runbook.replacen(shipped_path, &format!("  it: \"{article}\"\n"), 1);
    let ran = Clickpath::command("validate")
        .runbook_file("book.yaml", &named(SEED))
        .output();
    ran.assert_exit(0);
    assert!(
        ran.stdout().contains("article (it): ")
            && ran.stdout().contains("covers 36/36 instructions"),
        "{}",
        ran.stdout()
    );
    let check = Clickpath::command("validate");
    let changed = check.dir().join("changed.txt");
    std::fs::write(
        &changed,
        seed().replace("fare clic su Disconnetti", "fare clic su Scollega"),
    )
    .expect("write the changed article");
    let ran = check
        .runbook_file("book.yaml", &named(&changed.display().to_string()))
        .output();
    ran.assert_exit(0);
    let line = runbook
        .lines()
        .position(|l| format!("{l}\n") == shipped_path)
        .expect("the article's line")
        + 1;
    ran.assert_stderr_contains(&format!(
        "book.yaml:{line}:7: warning: the article (it) is not implemented as written: 35/36 instructions, 1 naming other UI words"
    ));
}
