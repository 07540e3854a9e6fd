//! The Documentation view of a run: `check` on the practice org verifies the shipped runbook's
//! article sentence by sentence (Italian and English), `report.html` shows it with every screenshot
//! loading in Chromium, and a renamed label shows as a drifted sentence.

mod common;

use std::path::Path;

use clickpath::browser::page::Page;
use clickpath::browser::{Browser, BrowserOptions};
use common::binary::{Clickpath, Finished};
use serde_json::Value;

const RUNBOOK: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/runbooks/hubspot-salesforce-uninstall.yaml"
);
const ENGLISH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/runbooks/articles/hubspot-salesforce-uninstall.en.md"
);

/// `clickpath check RUNBOOK --locale L --variant ui=lightning` against the practice org.
fn check(server: &clickpath::practice::PracticeServer, runbook: &Path, locale: &str) -> Finished {
    let mut check = Clickpath::check().arg(runbook).args([
        "--locale",
        locale,
        "--variant",
        "ui=lightning",
        "--quiet",
    ]);
    for (name, value) in server.runbook_vars() {
        check = check.var(name, value);
    }
    check.output()
}

/// Every instruction of the documentation, with its section's heading.
fn instructions(doc: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for section in doc["sections"].as_array().expect("sections") {
        let heading = section["heading"].as_str().unwrap_or_default().to_owned();
        for block in section["blocks"].as_array().expect("blocks") {
            for s in block["sentences"].as_array().expect("sentences") {
                if s.get("status").is_some() {
                    out.push((heading.clone(), s.clone()));
                }
            }
        }
    }
    out
}

/// What Chromium shows of the Documentation view once its tab is chosen.
const DOCS_PROBE: &str = r#"
document.getElementById('view-docs').click();
const view = document.querySelector('.docs-view');
const images = Array.from(view.querySelectorAll('img'));
return {
  shown: getComputedStyle(view).display !== 'none',
  steps_hidden: getComputedStyle(document.querySelector('.steps-view')).display === 'none',
  images: images.length,
  broken: images.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.getAttribute('src')),
  instructions: view.querySelectorAll('.instr').length,
  verified: view.querySelectorAll('.instr.s-verified').length,
  headings: Array.from(view.querySelectorAll('.kb-heading')).map(h => h.textContent),
  errors: window.__reportErrors,
};
"#;

/// Opens `report.html`, chooses the Documentation tab and probes it; the browser is always closed.
async fn open_documentation(report: &Path) -> Result<Value, String> {
    let browser = Browser::launch(&BrowserOptions::default())
        .await
        .map_err(|e| format!("no browser: {e}"))?;
    let result = async {
        let mut tab = Page::new(&browser).await.map_err(|e| e.to_string())?;
        let url = format!("file://{}", report.display());
        tab.goto(&url, std::time::Duration::from_secs(10))
            .await
            .map_err(|e| e.to_string())?;
        // Images load after the page does: wait until every one has finished, one way or the other.
        let wait = "const done = arguments[arguments.length - 1]; \
                    const imgs = Array.from(document.images); \
                    Promise.all(imgs.map(i => i.complete ? 0 : new Promise(r => { i.onload = r; i.onerror = r; }))).then(() => done(true));";
        tab.evaluate_async(wait, vec![])
            .await
            .map_err(|e| e.to_string())?;
        let seen = tab
            .evaluate(DOCS_PROBE, vec![])
            .await
            .map_err(|e| e.to_string())?;
        let png = tab.screenshot(false).await.map_err(|e| e.to_string())?;
        if let Some(folder) = report.parent() {
            let _ = std::fs::write(folder.join("documentation-view.png"), png);
        }
        Ok(seen)
    }
    .await;
    browser.close().await;
    result
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_check_verifies_the_article_sentence_by_sentence_in_italian_and_english() {
    common::machine_has_what_tests_need();
    for locale in ["en", "it"] {
        let server = clickpath::practice::start(None)
            .await
            .expect("practice org");
        let ran = check(&server, Path::new(RUNBOOK), locale);
        server.shutdown().await;
        ran.assert_exit(0);
        let report = ran.report();
        let doc = &report["documentation"];
        assert_eq!(doc["locale"], locale);
        assert!(doc.get("error").is_none(), "{locale}: {}", doc["error"]);
        let all = instructions(doc);
        assert_eq!(all.len(), 36, "{locale}: every instruction of the article");
        assert_eq!(doc["instructions"], 36);
        for (heading, s) in &all {
            let status = s["status"].as_str().unwrap_or_default();
            let text = s["text"].as_str().unwrap_or_default();
            match status {
                "verified" => {
                    let shot = s["screenshot"]
                        .as_str()
                        .expect("a verified sentence's screenshot");
                    assert!(ran.evidence().join(shot).is_file(), "{locale}: {shot}");
                }
                // check proves the disconnect button and goes on in Salesforce: the e-mail and the
                // owner clean-up depend on a disconnect it does not perform.
                "not_reached" => assert!(
                    s["note"]
                        .as_str()
                        .is_some_and(|n| n.starts_with("check stops at step 11")),
                    "{locale}: {text:?} under {heading:?}: {s}"
                ),
                // The Salesforce Classic subsection, in a Lightning run.
                "other_variant" => assert!(
                    s["note"]
                        .as_str()
                        .is_some_and(|n| n.contains("ui=lightning")),
                    "{locale}: {s}"
                ),
                other => panic!("{locale}: {text:?} is {other}: {s}"),
            }
        }
        let count = |wanted: &str| all.iter().filter(|(_, s)| s["status"] == wanted).count();
        assert_eq!(
            (
                count("verified"),
                count("not_reached"),
                count("other_variant")
            ),
            (29, 5, 2),
            "{locale}"
        );
        assert_eq!(doc["verified"], 29);

        let seen = open_documentation(&ran.evidence().join("report.html"))
            .await
            .expect("report.html opens in Chromium");
        assert_eq!(
            seen["shown"], true,
            "{locale}: the Documentation tab shows its view"
        );
        assert_eq!(seen["steps_hidden"], true, "{locale}: and hides the steps");
        assert_eq!(seen["instructions"], 36, "{locale}");
        assert_eq!(seen["verified"], 29, "{locale}");
        assert!(
            seen["images"].as_u64().unwrap_or(0) >= 10,
            "{locale}: thumbnails: {seen}"
        );
        assert_eq!(
            seen["broken"],
            Value::Array(vec![]),
            "{locale}: every image loads"
        );
        assert_eq!(
            seen["errors"],
            Value::Array(vec![]),
            "{locale}: the page records no error"
        );
        assert_eq!(
            seen["headings"].as_array().map(Vec::len),
            Some(if locale == "en" { 4 } else { 3 }),
            "{locale}: the article's headings: {}",
            seen["headings"]
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_label_the_page_renamed_is_a_drifted_sentence() {
    common::machine_has_what_tests_need();
    // The documentation (and the runbook written from it) still says "Disconnect app"; the page
    // says "Disconnect".
    let runbook = std::fs::read_to_string(RUNBOOK).expect("the shipped runbook");
    let article = std::fs::read_to_string(ENGLISH).expect("the English article");
    let runbook = runbook
        .replace(
            "disconnect: { it: \"Disconnetti\", en: \"Disconnect\" }",
            "disconnect: { it: \"Disconnetti\", en: \"Disconnect app\" }",
        )
        .replace(
            "en: \"In the top right, click Disconnect.\"",
            "en: \"In the top right, click Disconnect app.\"",
        );
    let article = article.replace("click **Disconnect**.", "click **Disconnect app**.");
    assert!(runbook.contains("Disconnect app\" }") && article.contains("Disconnect app"));
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("articles")).expect("articles folder");
    std::fs::write(
        dir.path()
            .join("articles/hubspot-salesforce-uninstall.en.md"),
        article,
    )
    .expect("write the article");
    let book = dir.path().join("book.yaml");
    std::fs::write(&book, runbook).expect("write the runbook");

    let server = clickpath::practice::start(None)
        .await
        .expect("practice org");
    let ran = check(&server, &book, "en");
    server.shutdown().await;
    ran.assert_exit(1);
    let report = ran.report();
    let all = instructions(&report["documentation"]);
    let status_of = |text: &str| {
        all.iter()
            .find(|(_, s)| s["text"] == text)
            .map(|(_, s)| s.clone())
            .unwrap_or_else(|| panic!("no instruction {text:?}"))
    };
    assert_eq!(status_of("Click Salesforce.")["status"], "verified");
    let drifted = status_of("In the top right, click Disconnect app.");
    assert_eq!(drifted["status"], "drifted", "{drifted}");
    assert_eq!(drifted["article_says"], "Disconnect app");
    assert_eq!(drifted["page_shows"], "Disconnect");
    assert_eq!(
        drifted["note"],
        "the article says 'Disconnect app', the page shows 'Disconnect' (step 5)"
    );
    let shot = drifted["screenshot"]
        .as_str()
        .expect("the failed step's screenshot");
    assert!(ran.evidence().join(shot).is_file());
    let later = status_of("Click Continue.");
    assert_eq!(later["status"], "not_reached");
    assert_eq!(later["note"], "the run stopped at step 5, which failed");

    let html = std::fs::read_to_string(ran.evidence().join("report.html")).expect("report.html");
    assert!(
        html.contains("<p class=\"drift\"><span>The article says</span> <q>Disconnect app</q>, <span>the page shows</span> <q>Disconnect</q></p>"),
        "the Documentation view shows the drift"
    );
    let docs = Clickpath::command("docs").arg(ran.evidence()).output();
    docs.assert_exit(0);
    let md = std::fs::read_to_string(ran.evidence().join("procedure.md")).expect("procedure.md");
    assert!(
        md.contains("- ✗ In the top right, click Disconnect app. *(Drifted)* — the article says 'Disconnect app', the page shows 'Disconnect' (step 5)"),
        "{md}"
    );
    assert!(md.contains("- ✓ Click Salesforce. *(Verified)*"), "{md}");
}
