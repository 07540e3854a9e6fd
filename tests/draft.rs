//! `clickpath draft`: runbooks drafted from articles in plain text, Markdown and HTML validate,
//! carry each instruction as `doc:`, and cover their article entirely.

mod common;

use common::binary::{Clickpath, Finished};

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/seed/hubspot-salesforce-uninstall.it.txt"
);

/// Drafts `article` (written as `name`) into `draft.yaml` beside it; returns the run and the draft.
fn drafted(name: &str, article: &str, extra: &[&str]) -> (Finished, String) {
    let run = Clickpath::command("draft");
    let input = run.dir().join(name);
    std::fs::write(&input, article).expect("write the article");
    let out = run.dir().join("draft.yaml");
    let ran = run
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .args(extra.iter().copied())
        .output();
    let yaml = std::fs::read_to_string(&out).unwrap_or_default();
    (ran, yaml)
}

/// The draft covers every instruction of the article it came from (36 in the seed and in ours).
fn assert_covers_entirely(yaml: &str, name: &str, article: &str, locale: &str) {
    let cov = coverage(yaml, name, article, locale);
    cov.assert_exit(0);
    assert!(
        cov.stdout()
            .trim_end()
            .ends_with("coverage: 36/36 instructions (100%)"),
        "{}",
        cov.stdout()
    );
}

/// `clickpath coverage` of the draft against the article it came from.
fn coverage(yaml: &str, name: &str, article: &str, locale: &str) -> Finished {
    let run = Clickpath::command("coverage");
    let book = run.dir().join("draft.yaml");
    let input = run.dir().join(name);
    std::fs::write(&book, yaml).expect("write the draft");
    std::fs::write(&input, article).expect("write the article");
    run.arg(&book)
        .arg(&input)
        .args(["--locale", locale])
        .output()
}

#[test]
fn the_seed_article_drafts_a_runbook_that_validates_and_covers_it() {
    let seed = std::fs::read_to_string(SEED).expect("the seed article");
    let (ran, yaml) = drafted("seed.txt", &seed, &[]);
    ran.assert_exit(0)
        .assert_stderr_contains("drafted 39 steps from")
        .assert_stderr_contains("(it): 38 recognized, 1 left as manual TODOs");
    for expected in [
        "variants:\n  ui: { choices: [salesforce_classic, lightning_experience] }",
        "    when: { ui: lightning_experience }",
        "      - click: \"@disinstalla\"\n        within: { row: \"HubSpot Integration\" }",
        "      - click: \"@disinstalla_salesforce\"\n        destructive: true",
        "      - check: \"@si_desidero_disinstallare_questo_pacchet\"",
        "      - choose: \"${choice}\"",
        "      - fill: { role: textbox, value: \"@disinstalla_salesforce\" }",
        "      # TODO: not recognized",
    ] {
        assert!(
            yaml.contains(expected),
            "the draft lacks {expected:?}:\n{yaml}"
        );
    }
    assert_covers_entirely(&yaml, "seed.txt", &seed, "it");
}

const ENGLISH_MD: &str = "# Remove the add-on\n\nAdmins can remove the add-on from their account.\n\n## Open the add-ons\n\n1. In the top right, click **Settings**.\n2. In the left sidebar menu, navigate to Apps > Add-ons.\n\n## Remove it\n\n1. Locate the Sample Add-on row. Click Remove.\n2. Select the checkbox I understand that this cannot be undone.\n3. Click Remove add-on.\n";

#[test]
fn a_markdown_article_in_english_is_drafted_in_english() {
    let (ran, yaml) = drafted("article.md", ENGLISH_MD, &[]);
    ran.assert_exit(0)
        .assert_stderr_contains("(en): 6 recognized, 0 left");
    for expected in [
        "locale: en",
        "  - name: \"Open the add-ons\"",
        "      - click: \"@settings\"",
        "      - click: \"@apps\"",
        "      - click: \"@add_ons\"",
        "      - click: \"@remove\"\n        within: { row: \"Sample Add-on\" }",
        "      - check: \"@i_understand_that_this_cannot_be_undone\"",
        "      - click: \"@remove_add_on\"\n        destructive: true",
    ] {
        assert!(
            yaml.contains(expected),
            "the draft lacks {expected:?}:\n{yaml}"
        );
    }
    coverage(&yaml, "article.md", ENGLISH_MD, "en").assert_exit(0);
}

#[test]
fn an_html_article_drafts_the_same_steps_as_its_markdown() {
    let html = "<!doctype html><html><body><h1>Remove the add-on</h1><p>Admins can remove the add-on from their account.</p><h2>Open the add-ons</h2><ol><li>In the top right, click <span class=\"uicontrol\">Settings</span>.</li><li>In the left sidebar menu, navigate to <b>Apps</b> &gt; <b>Add-ons</b>.</li></ol><h2>Remove it</h2><ol><li>Locate the Sample Add-on row. Click <strong>Remove</strong>.</li><li>Select the checkbox I understand that this cannot be undone.</li><li>Click <em>Remove add-on</em>.</li></ol></body></html>";
    let (ran, from_html) = drafted("article.html", html, &[]);
    ran.assert_exit(0);
    let (_, from_md) = drafted("article.md", ENGLISH_MD, &[]);
    assert_eq!(from_html, from_md);
}

/// The project's own English article of the shipped procedure (no file from outside the repository).
const ENGLISH_ARTICLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/runbooks/articles/hubspot-salesforce-uninstall.en.md"
);

#[test]
fn the_english_article_drafts_a_runbook_that_validates_and_covers_it() {
    let article = std::fs::read_to_string(ENGLISH_ARTICLE).expect("the English article");
    let (ran, yaml) = drafted("article.md", &article, &[]);
    ran.assert_exit(0)
        .assert_stderr_contains("drafted 39 steps from")
        .assert_stderr_contains("(en): 38 recognized, 1 left as manual TODOs");
    for expected in [
        "  - name: \"Uninstall the HubSpot integration package in Salesforce\"\n    independent: true\n    steps:\n      - goto: \"${salesforce_url}\"",
        "      - click: \"@setup\"\n        within: { role: menu }",
        "      - expect: { text: \"@platform_tools\" }",
        "      - expect: { text: \"@build\" }",
        "      - click: \"@go_to_owner_cleanup_page\"\n        doc:",
        "      - click: \"@uninstall\"\n        within: { row: \"HubSpot Integration\" }",
        "      - click: \"@uninstall_salesforce\"\n        destructive: true",
    ] {
        assert!(
            yaml.contains(expected),
            "the draft lacks {expected:?}:\n{yaml}"
        );
    }
    assert_covers_entirely(&yaml, "article.md", &article, "en");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_english_draft_passes_check_on_the_practice_org_in_classic_and_lightning() {
    common::machine_has_what_tests_need();
    let article = std::fs::read_to_string(ENGLISH_ARTICLE).expect("the English article");
    let (ran, yaml) = drafted("article.md", &article, &[]);
    ran.assert_exit(0);
    for (ui, home) in [
        ("lightning_experience", "/lightning/page/home"),
        ("salesforce_classic", "/home/home.jsp"),
    ] {
        let server = clickpath::practice::start_options(
            None,
            // A draft knows nothing of logging in: it is walked where the user is logged in.
            clickpath::practice::PracticeOptions::new().login(false),
        )
        .await
        .expect("practice org");
        let base = server.base_url();
        let checked = Clickpath::check()
            .runbook(&yaml)
            .args([
                "--locale",
                "en",
                "--variant",
                &format!("ui={ui}"),
                "--quiet",
            ])
            .var(
                "start_url",
                format!("{base}/hubspot/settings/integrations/connected-apps"),
            )
            .var("reason", "I'm moving to another CRM")
            .var("salesforce_url", format!("{base}{home}"))
            .output();
        server.shutdown().await;
        checked.assert_exit(0);
        let report = checked.report();
        let steps = report["steps"].as_array().expect("steps");
        let verified: Vec<&str> = steps
            .iter()
            .filter(|s| s["status"] == "verified")
            .filter_map(|s| s["name"].as_str())
            .collect();
        assert_eq!(
            verified,
            ["click 'Uninstall Salesforce'", "click 'Uninstall'"],
            "{ui}: both final clicks proven, neither performed"
        );
        assert!(
            steps.iter().all(|s| matches!(
                s["status"].as_str(),
                Some("passed" | "verified" | "not_reached")
            )),
            "{ui}: {report}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drafting_the_english_article_against_the_practice_org_finds_every_step() {
    // Only the start addresses and the variant are given; the walked draft then passes `check`
    // with no edit and no other value.
    common::machine_has_what_tests_need();
    let article = std::fs::read_to_string(ENGLISH_ARTICLE).expect("the English article");
    let server = clickpath::practice::start_options(
        None,
        // A draft knows nothing of logging in: it is walked where the user is logged in.
        clickpath::practice::PracticeOptions::new().login(false),
    )
    .await
    .expect("practice org");
    let base = server.base_url();
    let start = format!("{base}/hubspot/settings/integrations/connected-apps");
    let salesforce = format!("--var=salesforce_url={base}/lightning/page/home");
    let (ran, yaml) = drafted(
        "article.md",
        &article,
        &[
            "--locale",
            "en",
            "--against",
            &start,
            "--variant",
            "ui=lightning_experience",
            &salesforce,
        ],
    );
    ran.assert_exit(0).assert_stderr_contains(
        "found (0 given a scope, 2 destructive proven and not performed), 0 missing, 0 failed, 0 not reached",
    );
    assert!(!yaml.contains("TODO(against)"), "{yaml}");
    // No reason was given: the page's reasons became the param's choices, the first its default.
    assert!(
        yaml.contains("  reason: { default: \"I'm moving to another CRM\", choices: [\"I'm moving to another CRM\", "),
        "{yaml}"
    );
    let checked = Clickpath::check()
        .runbook(&yaml)
        .args([
            "--locale",
            "en",
            "--variant",
            "ui=lightning_experience",
            "--quiet",
        ])
        .var("start_url", &start)
        .var("salesforce_url", format!("{base}/lightning/page/home"))
        .output();
    server.shutdown().await;
    checked.assert_exit(0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drafting_against_a_page_scopes_an_ambiguous_target_and_marks_a_missing_one() {
    // Three rows each have an "Uninstall" link; the article names none of them, and its "Saving"
    // button is called "Salva" on the page.
    let sites = common::Sites::start().await;
    let article = "# Pacchetti\n\n## Disinstallare un pacchetto\n\n1. Fare clic su Salvataggio.\n2. Fare clic su Disinstalla.\n";
    let start = format!("{}/basics.html", sites.base);
    let (ran, yaml) = drafted(
        "article.md",
        article,
        &["--locale", "it", "--against", &start],
    );
    ran.assert_exit(0)
        .assert_stderr_contains("(1 given a scope,")
        .assert_stderr_contains("1 missing");
    assert!(
        yaml.contains("# TODO(against): Nothing matches text \"Salvataggio\"; nearest: 'Salva'"),
        "{yaml}"
    );
    assert!(
        yaml.contains("within: { row: \"HubSpot Integration\" }"),
        "{yaml}"
    );
    assert!(
        yaml.contains(
            "3 elements match; the scope below picks the first, the others are `within: { row: \"Salesforce Connect\" }`, `within: { row: \"DocuSign\" }`"
        ),
        "{yaml}"
    );
}
