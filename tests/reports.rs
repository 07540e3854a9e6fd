//! The report formats written from a run: `junit.xml` valid against a JUnit schema, `report.html` and
//! `procedure.html` opened in real headless Chromium (every image loads, nothing logs an error, text
//! from runbooks and pages stays text), and the procedure's Markdown.
//!
//! The run folders are real runs of the shipped runbook against the practice org, kept under
//! `target/tmp/reports/` so the screenshots of the pages (`report.png`, `procedure.png`) can be looked at.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use clickpath::browser::page::Page;
use clickpath::browser::{Browser, BrowserOptions};
use clickpath::demo::{Combination, DemoOptions, demo};
use clickpath::evidence::EvidenceDir;
use clickpath::practice::PracticeState;
use clickpath::report::model::{RunReport, StepStatus};
use clickpath::report::procedure::{DocFormat, write_procedure};
use clickpath::report::{html, junit};
use quick_junit::{NonSuccessKind, Report, TestCaseStatus};
use serde_json::{Value, json};

/// A fresh folder under `target/tmp/reports/`, kept after the test.
fn fixture_root(name: &str) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("reports")
        .join(name);
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).expect("fixture folder");
    root
}

/// Runs the shipped runbook (Classic, Italian) against the practice org; returns its report and folder.
async fn real_run(name: &str, initial_state: Option<PracticeState>) -> (RunReport, PathBuf) {
    common::machine_has_what_tests_need();
    let options = DemoOptions {
        combinations: vec![Combination {
            ui: "classic".into(),
            locale: "it".into(),
        }],
        headed: false,
        out_root: Some(fixture_root(name)),
        quiet: true,
        port: None,
        shadow: Default::default(),
        browser: Default::default(),
        initial_state,
        interruptions: None,
        vars: vec![],
        mode: clickpath::run::Mode::Run,
        confirm: clickpath::run::Confirm::Confirmed,
    };
    let mut runs = demo(&options, || Box::pin(std::future::pending()))
        .await
        .expect("demo starts");
    let run = runs.remove(0);
    (run.outcome.report, run.outcome.evidence_dir)
}

/// Writes every format into the run folder.
fn write_all(report: &RunReport, dir: &Path) {
    let evidence = EvidenceDir::create(dir).expect("evidence dir");
    junit::write_report(report, &evidence).expect("junit.xml");
    html::write_report(report, &evidence).expect("report.html");
    write_procedure(dir, DocFormat::Markdown, None).expect("procedure.md");
    write_procedure(dir, DocFormat::Html, None).expect("procedure.html");
}

fn schema() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/junit.xsd")
}

/// `xmllint --schema`: `Err` with its complaints when the file is not valid.
fn validate_junit(xml: &Path) -> Result<(), String> {
    common::machine_has_what_tests_need();
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(schema())
        .arg(xml)
        .output()
        .unwrap_or_else(|e| panic!("cannot run xmllint ({e}): install Debian's libxml2-utils"));
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// What a page looked like in Chromium.
#[derive(Debug)]
struct Seen {
    images: u64,
    broken: Vec<String>,
    /// `None` when the page's own script did not run (blocked, or not there).
    errors: Option<Vec<String>>,
    text: String,
    injected: bool,
    /// Clicking the first screenshot opened it full size (and the image loaded).
    zoomed: bool,
}

const PROBE: &str = r#"
const images = Array.from(document.images);
return {
  images: images.length,
  broken: images.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.getAttribute('src')),
  errors: Array.isArray(window.__reportErrors) ? window.__reportErrors : null,
  text: document.body.innerText,
  injected: window.__injected === true,
};
"#;

/// Clicks the first screenshot link; answers whether the page's viewer opened with the image loaded.
const ZOOM: &str = r#"
const done = arguments[arguments.length - 1];
const link = document.querySelector('a[data-zoom]');
const box = document.getElementById('zoom');
if (!link || !box) return done(false);
link.click();
const img = box.querySelector('img');
if (!box.open || !img) return done(false);
const answer = () => done(box.open && img.complete && img.naturalWidth > 0);
if (img.complete) answer(); else { img.onload = answer; img.onerror = answer; }
"#;

/// Opens each page in one headless Chromium session, probes it and saves a screenshot of its first
/// screen and of the whole page beside it; always closes the browser before returning.
async fn open_pages(pages: &[(&Path, &str)]) -> Result<Vec<Seen>, String> {
    let browser = Browser::launch(&BrowserOptions::default())
        .await
        .map_err(|e| format!("no browser: {e}"))?;
    let mut seen = Vec::new();
    let mut result = Ok(());
    match Page::new(&browser).await {
        Ok(mut tab) => {
            for (page, shot) in pages {
                match look(&mut tab, page, shot).await {
                    Ok(s) => seen.push(s),
                    Err(e) => {
                        result = Err(format!("{}: {e}", page.display()));
                        break;
                    }
                }
            }
        }
        Err(e) => result = Err(format!("no page: {e}")),
    }
    browser.close().await;
    result.map(|()| seen)
}

async fn look(tab: &mut Page<'_>, page: &Path, shot: &str) -> Result<Seen, String> {
    let url = format!("file://{}", page.display());
    let fail = |e: clickpath::browser::page::PageError| e.to_string();
    tab.goto(&url, std::time::Duration::from_secs(10))
        .await
        .map_err(fail)?;
    let v = tab.evaluate(PROBE, vec![]).await.map_err(fail)?;
    let folder = page.parent().unwrap_or(Path::new("."));
    let png = tab.screenshot(false).await.map_err(fail)?;
    std::fs::write(folder.join(format!("{shot}.png")), png).map_err(|e| e.to_string())?;
    // The whole page in one PNG, through the DevTools protocol (WebDriver only captures the viewport).
    let full = tab
        .full_page_screenshot()
        .await
        .map_err(fail)?
        .ok_or("this driver cannot capture the full page")?;
    std::fs::write(folder.join(format!("{shot}-full.png")), full).map_err(|e| e.to_string())?;
    let zoomed = tab
        .evaluate_async(ZOOM, vec![])
        .await
        .map_err(fail)?
        .as_bool()
        .unwrap_or(false);
    if zoomed {
        let png = tab.screenshot(false).await.map_err(fail)?;
        std::fs::write(folder.join(format!("{shot}-zoom.png")), png).map_err(|e| e.to_string())?;
    }
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .map(|x| x.as_str().unwrap_or("?").to_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    Ok(Seen {
        images: v["images"].as_u64().unwrap_or(0),
        broken: strings(&v["broken"]),
        errors: v["errors"].is_array().then(|| strings(&v["errors"])),
        text: v["text"].as_str().unwrap_or_default().to_owned(),
        injected: v["injected"].as_bool().unwrap_or(true),
        zoomed,
    })
}

fn assert_clean(what: &str, seen: &Seen, images: u64) {
    assert_eq!(seen.images, images, "{what}: images on the page");
    assert!(
        seen.broken.is_empty(),
        "{what}: images that did not load: {:?}",
        seen.broken
    );
    assert_eq!(
        seen.errors.as_deref(),
        Some(&[][..]),
        "{what}: the page's script must run and record no error"
    );
    assert!(
        !seen.injected,
        "{what}: text from a runbook ran as a script"
    );
    assert!(seen.zoomed, "{what}: a screenshot opens full size");
}

/// A report whose every user-provided text tries to become markup.
fn hostile_report(real: &RunReport) -> RunReport {
    let mut report = real.clone();
    let attack =
        "<script>window.__injected = true</script><img src=x onerror=\"window.__injected=true\">";
    report.runbook.name = format!("Runbook {attack}");
    for (i, step) in report.steps.iter_mut().take(3).enumerate() {
        step.name = format!("{attack} step {i}");
        step.doc = Some(format!("Doc {attack}"));
        step.section = format!("Section {attack}");
    }
    report.steps[1].status = StepStatus::Failed;
    report.steps[1].error = Some(format!("Error {attack}"));
    report.steps[2].dialog = Some(format!("Dialog {attack}"));
    report.steps[2].screenshot = None;
    report.steps[2].annotated = None;
    for detour in report.steps.iter_mut().flat_map(|s| &mut s.interruptions) {
        detour.handler = format!("Handler {attack}");
        detour.when = format!("When {attack}");
        for step in &mut detour.steps {
            step.name = format!("{attack} detour step");
        }
    }
    report.status = clickpath::report::model::RunStatus::Failed;
    report.error = Some(format!("Run error {attack}"));
    report
}

fn screenshots(report: &RunReport) -> u64 {
    let detours = report
        .steps
        .iter()
        .flat_map(|s| &s.interruptions)
        .flat_map(|d| &d.steps)
        .filter(|s| s.screenshot.is_some())
        .count();
    report
        .steps
        .iter()
        .filter(|s| s.screenshot.is_some() || s.annotated.is_some())
        .count() as u64
        + detours as u64
}

/// The thumbnails of the Documentation view: one a sentence shown with its screenshot, except that
/// a screenshot is not repeated for the next sentences it also shows.
fn thumbnails(report: &RunReport) -> u64 {
    let mut last = None;
    let mut count = 0;
    let sentences = report
        .documentation
        .iter()
        .flat_map(|d| &d.sections)
        .flat_map(|s| &s.blocks)
        .filter(|b| b.item)
        .flat_map(|b| &b.sentences);
    for sentence in sentences {
        let image = sentence.annotated.as_ref().or(sentence.screenshot.as_ref());
        if image.is_some() && image != last {
            count += 1;
            last = image;
        }
    }
    count
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_passed_run_in_every_format() {
    let (report, dir) = real_run("passed", None).await;
    assert!(
        report.steps.iter().all(|s| s.status == StepStatus::Passed),
        "the fixture run passes"
    );
    // The per-step split and clickpath's own peak memory are recorded (their values are the benchmark's).
    assert!(report.peak_rss_kib.is_some());
    let written: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("report.json")).expect("report.json"),
    )
    .expect("report.json is JSON");
    assert!(
        written["peak_rss_kib"].is_u64(),
        "{}",
        written["peak_rss_kib"]
    );
    for step in written["steps"].as_array().expect("steps") {
        assert!(
            step["locate_ms"].is_u64() && step["act_ms"].is_u64(),
            "{step}"
        );
    }
    write_all(&report, &dir);

    // JUnit: valid, one suite per section, one case per step.
    validate_junit(&dir.join("junit.xml")).expect("junit.xml is valid");
    let xml = std::fs::read_to_string(dir.join("junit.xml")).expect("junit.xml");
    let parsed = Report::deserialize_from_str(&xml).expect("junit.xml reads back");
    let cases: usize = parsed.test_suites.iter().map(|s| s.test_cases.len()).sum();
    assert_eq!(cases, report.steps.len());
    assert_eq!(parsed.failures + parsed.errors + parsed.skipped, 0);

    // The procedure written elsewhere still shows the run's images.
    let docs = dir.parent().expect("run root").join("docs");
    std::fs::create_dir_all(&docs).expect("docs folder");
    let elsewhere = write_procedure(&dir, DocFormat::Html, Some(&docs.join("uninstall.html")))
        .expect("procedure written elsewhere");

    // A report whose runbook and page texts try to inject markup, beside the same images.
    let hostile_dir = dir.parent().expect("run root").join("hostile");
    std::fs::create_dir_all(&hostile_dir).expect("hostile folder");
    let hostile = hostile_report(&report);
    let detours = hostile
        .steps
        .iter()
        .flat_map(|s| &s.interruptions)
        .flat_map(|d| &d.steps);
    for step in hostile.steps.iter().chain(detours) {
        for file in step.screenshot.iter().chain(&step.annotated) {
            std::fs::copy(dir.join(file), hostile_dir.join(file)).expect("copy screenshot");
        }
    }
    html::write_report(&hostile, &EvidenceDir::create(&hostile_dir).expect("dir"))
        .expect("hostile report.html");

    let pages = [
        (dir.join("report.html"), "report"),
        (dir.join("procedure.html"), "procedure"),
        (elsewhere.clone(), "uninstall"),
        (hostile_dir.join("report.html"), "report"),
    ];
    let refs: Vec<(&Path, &str)> = pages.iter().map(|(p, s)| (p.as_path(), *s)).collect();
    let seen = open_pages(&refs).await.expect("the pages open in Chromium");

    // The procedure documents show the verified article (its thumbnails), the report both views.
    let (shots, thumbs) = (screenshots(&report), thumbnails(&report));
    assert!(thumbs > 0, "the shipped runbook names its article");
    assert_clean("report.html", &seen[0], shots + thumbs);
    assert!(seen[0].text.contains(&report.runbook.name));
    assert!(seen[0].text.contains("PASSED"), "the verdict is shown");
    for step in &report.steps {
        if let Some(doc) = &step.doc {
            assert!(
                seen[0].text.contains(doc.as_str()),
                "step {} shows its doc",
                step.index
            );
        }
    }
    assert_clean("procedure.html", &seen[1], thumbs);
    assert!(seen[1].text.contains("Verificata il"), "{}", seen[1].text);
    assert!(
        !seen[1].text.contains("non è stata completata"),
        "a passed run is verified in full"
    );
    assert_clean("a procedure written to another folder", &seen[2], thumbs);
    assert_clean("a report with hostile text", &seen[3], shots - 1 + thumbs);
    assert!(
        seen[3]
            .text
            .contains("<script>window.__injected = true</script>"),
        "markup in a step name is shown as text: {}",
        &seen[3].text[..400.min(seen[3].text.len())]
    );
    assert!(seen[3].text.contains("Error <script>"));
    assert!(seen[3].text.contains("Dialog <script>"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_run_says_where_it_stopped() {
    let done = PracticeState::after_procedure(clickpath::practice::state::now_ms());
    let (report, dir) = real_run("failed", Some(done)).await;
    let failed = report
        .steps
        .iter()
        .position(|s| s.status == StepStatus::Failed)
        .expect("the fixture run fails");
    write_all(&report, &dir);

    validate_junit(&dir.join("junit.xml")).expect("junit.xml is valid");
    let xml = std::fs::read_to_string(dir.join("junit.xml")).expect("junit.xml");
    let parsed = Report::deserialize_from_str(&xml).expect("junit.xml reads back");
    assert_eq!((parsed.failures, parsed.errors), (1, 0));
    assert_eq!(parsed.skipped, report.steps.len() - failed - 1);
    let case = parsed
        .test_suites
        .iter()
        .flat_map(|s| &s.test_cases)
        .find(|c| {
            !matches!(
                c.status,
                TestCaseStatus::Success { .. } | TestCaseStatus::Skipped { .. }
            )
        })
        .expect("the failed case");
    match &case.status {
        TestCaseStatus::NonSuccess { kind, message, .. } => {
            assert_eq!(*kind, NonSuccessKind::Failure);
            let message = message.as_ref().map(|m| m.as_str()).unwrap_or_default();
            assert!(message.starts_with("'Disconnetti': "), "{message}");
        }
        other => panic!("not a failure: {other:?}"),
    }

    let md = std::fs::read_to_string(dir.join("procedure.md")).expect("procedure.md");
    assert!(
        md.contains(&format!("verificata solo fino al passo {failed}")),
        "{md}"
    );

    let pages = [
        (dir.join("report.html"), "report"),
        (dir.join("procedure.html"), "procedure"),
    ];
    let refs: Vec<(&Path, &str)> = pages.iter().map(|(p, s)| (p.as_path(), *s)).collect();
    let seen = open_pages(&refs).await.expect("the pages open in Chromium");
    assert_clean(
        "report.html",
        &seen[0],
        screenshots(&report) + thumbnails(&report),
    );
    assert!(seen[0].text.contains("FAILED"));
    assert!(seen[0].text.contains("Why it failed"));
    assert_clean("procedure.html", &seen[1], thumbnails(&report));
    assert!(seen[1].text.contains("non è stata completata"));
}

/// A run built in the test: what the JUnit file says for each kind of step.
fn built_report() -> RunReport {
    let step = |index: usize, section: &str, status: &str| -> Value {
        json!({
            "index": index, "section": section, "name": format!("Step & <{index}>"), "action": "click",
            "locator": "'Salva'", "doc": "Fare clic su Salva.", "line": 10 + index, "status": status,
            "started_at": "2026-11-25T03:05:48.285Z", "duration_ms": 1500,
            "screenshot": format!("{index:02}-step.png"),
        })
    };
    let mut steps = vec![
        step(1, "Sezione 1", "passed"),
        step(2, "Sezione 1", "skipped"),
        step(3, "Sezione 2. Con punto", "failed"),
        step(4, "Sezione 2. Con punto", "not_reached"),
    ];
    steps[0]["annotated"] = "01-step.annotated.png".into();
    steps[1]["error"] = "no cookie banner".into();
    steps[2]["error"] = "'Salva': not found\nnearest: 'Salvare'".into();
    steps[3]["screenshot"] = Value::Null;
    serde_json::from_value(json!({
        "schema_version": 1, "clickpath_version": "0.1.0",
        "runbook": { "name": "Runbook v1.2", "file": "runbooks/x.yaml" },
        "locale": "it", "variants": { "ui": "classic" },
        "params": [{ "name": "password", "value": "•••", "secret": true, "source": "env" }],
        "browser": { "name": "chrome", "version": "156.0", "driver_version": null,
                     "webdriver": "http://127.0.0.1:1", "headless": true },
        "started_at": "2026-11-25T03:05:47.833Z", "duration_ms": 8017, "status": "failed",
        "error": "step 3 failed", "steps": steps,
    }))
    .expect("a report")
}

#[test]
fn junit_maps_each_step_kind() {
    let xml = junit::render(&built_report()).expect("xml");
    let parsed = Report::deserialize_from_str(&xml).expect("reads back");
    let suites: Vec<&str> = parsed.test_suites.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(suites, ["Sezione 1", "Sezione 2. Con punto"]);
    let cases: Vec<_> = parsed
        .test_suites
        .iter()
        .flat_map(|s| &s.test_cases)
        .collect();
    assert_eq!(cases[0].name.as_str(), "01 Step & <1>");
    assert_eq!(
        cases[2].classname.as_ref().map(|c| c.as_str()),
        Some("Runbook v1_2.Sezione 2_ Con punto")
    );
    assert_eq!(cases[0].time, Some(std::time::Duration::from_millis(1500)));
    let out = |i: usize| {
        cases[i]
            .system_out
            .as_ref()
            .map(|s| s.as_str().to_owned())
            .unwrap_or_default()
    };
    assert!(
        out(0).ends_with("\n[[ATTACHMENT|01-step.annotated.png]]"),
        "{}",
        out(0)
    );
    assert!(
        out(2).lines().any(|l| l == "[[ATTACHMENT|03-step.png]]"),
        "{}",
        out(2)
    );
    assert!(!out(3).contains("ATTACHMENT"));
    let message = |i: usize| match &cases[i].status {
        TestCaseStatus::Skipped { message, .. } | TestCaseStatus::NonSuccess { message, .. } => {
            message
                .as_ref()
                .map(|m| m.as_str().to_owned())
                .unwrap_or_default()
        }
        TestCaseStatus::Success { .. } => String::new(),
    };
    assert_eq!(message(1), "optional step skipped: no cookie banner");
    assert_eq!(message(2), "'Salva': not found");
    assert_eq!(message(3), "not reached: the run ended at step 3");
    assert!(xml.contains("<property name=\"param.password\" value=\"•••\"/>"));
}

#[test]
fn junit_is_valid_against_the_schema_and_the_schema_rejects_a_broken_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let evidence = EvidenceDir::create(dir.path()).expect("dir");
    junit::write_report(&built_report(), &evidence).expect("write");
    let file = dir.path().join("junit.xml");
    validate_junit(&file).expect("junit.xml is valid");

    // The schema must be able to say no, or the check above proves nothing.
    let xml = std::fs::read_to_string(&file).expect("read");
    for (what, broken) in [
        (
            "a testcase without a name",
            xml.replacen("<testcase name=", "<testcase title=", 1),
        ),
        (
            "an unknown element",
            xml.replacen("<skipped", "<ignored", 1)
                .replacen("</skipped>", "</ignored>", 1),
        ),
        (
            "a negative time",
            xml.replacen("time=\"1.500\"", "time=\"-1\"", 1),
        ),
        (
            "a non-numeric count",
            xml.replacen("tests=\"4\"", "tests=\"four\"", 1),
        ),
    ] {
        assert_ne!(broken, xml, "{what}: the test changed nothing");
        let bad = dir.path().join("broken.xml");
        std::fs::write(&bad, broken).expect("write broken");
        assert!(validate_junit(&bad).is_err(), "the schema accepted {what}");
    }
}

#[test]
fn a_run_that_failed_before_any_step_is_red_in_junit() {
    let mut report = built_report();
    report.status = clickpath::report::model::RunStatus::Error;
    report.error = Some("no chromedriver".into());
    for step in &mut report.steps {
        step.status = StepStatus::NotReached;
    }
    let xml = junit::render(&report).expect("xml");
    let parsed = Report::deserialize_from_str(&xml).expect("reads back");
    assert_eq!(parsed.errors, 1, "{xml}");
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("junit.xml");
    std::fs::write(&file, xml).expect("write");
    validate_junit(&file).expect("still valid");
}
