//! Faults injected into real runs: each ends with a clear message, a valid report.json holding every
//! step so far, every screenshot so far on disk, no chromedriver or Chromium left, and the documented
//! exit code.

mod common;

use clickpath::run::Exit;
use common::Sites;
use common::binary::{Clickpath, Running};
use common::processes;

const LONG: &str = r#"
name: long
params:
  base: { default: "" }
steps:
  - goto: "${base}/basics.html"
  - click: Salva
  - wait: { text: "never there", timeout: 60s }
"#;

/// `clickpath run` of [`LONG`] against the test pages, once two steps passed (browser up, page open).
fn start(sites: &Sites) -> Running {
    let mut run = Clickpath::run()
        .runbook(LONG)
        .var("base", &sites.base)
        .spawn();
    run.wait_for_passed(2);
    run
}

/// The run ended by itself with `code`, said `message`, left a report with `status` and the first two
/// steps' evidence, and none of `started` behind.
fn assert_ended(run: Running, started: &[u32], code: i32, message: &str, status: &str) {
    run.wait()
        .assert_exit(code)
        .assert_stderr_contains(message)
        .assert_status(status)
        .assert_first_steps_kept(2);
    processes::assert_none_left(started, "after the run ended");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromedriver_killed_mid_run() {
    let sites = Sites::start().await;
    let run = start(&sites);
    let started = run.descendants();
    let driver = processes::named(&started, "chromedriver");
    assert_eq!(
        driver.len(),
        1,
        "one chromedriver under the run: {started:?}"
    );
    processes::signal(driver[0], libc::SIGKILL);
    assert_ended(
        run,
        &started,
        3,
        "lost the connection to the WebDriver server (did chromedriver stop?)",
        "error",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_browser_killed_mid_run() {
    let sites = Sites::start().await;
    let run = start(&sites);
    let started = run.descendants();
    let browsers = processes::named(&started, "chromium");
    assert!(!browsers.is_empty(), "chromium under the run: {started:?}");
    // Every Chromium process of the run, as a crash or an operator closing it would leave things.
    for pid in &browsers {
        processes::signal(*pid, libc::SIGKILL);
    }
    assert_ended(
        run,
        &started,
        3,
        "the browser is gone (closed or crashed)",
        "error",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_mid_run() {
    let sites = Sites::start().await;
    let run = start(&sites);
    let started = run.descendants();
    run.terminate();
    assert_ended(run, &started, 130, "interrupted", "interrupted");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_that_never_finishes_loading() {
    let sites = Sites::start().await;
    let book = "name: slow\nparams:\n  base: { default: \"\" }\nsteps:\n  - goto: \"${base}/basics.html\"\n  - goto: \"${base}/basics.html?delay=8000\"\n    timeout: 1s\n  - click: Salva\n";
    let ran = common::run_yaml(&sites, book, &[]).await;
    assert_eq!(ran.outcome.exit, Exit::StepFailed);
    assert_eq!(
        ran.error_of(2),
        "the page did not finish loading within 1.0s"
    );
    assert_eq!(
        ran.report().steps[2].status,
        clickpath::report::model::StepStatus::NotReached
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_run_resumes_in_its_folder_from_the_section_it_names() {
    let sites = Sites::start().await;
    let book = r#"
name: resumable
params:
  base: { default: "" }
  delay: { default: "5000" }
sections:
  - name: Open
    steps:
      - goto: "${base}/basics.html"
      - click: Salva
  - name: Late button
    resume_from: Late button
    steps:
      - goto: "${base}/late.html?delay=${delay}"
      - click: "In ritardo"
        timeout: 500ms
      - expect: "clicked: late-button"
"#;
    let first = Clickpath::run()
        .runbook(book)
        .var("base", &sites.base)
        .output();
    first.assert_exit(1);
    let again = first.resume().var("delay", "50").output();
    again.assert_exit(0).assert_stderr_contains("at step 3");
    let evidence = again.evidence();
    let report = again.report();
    assert_eq!(report["status"], "passed");
    assert_eq!(report["resumed"][0]["from_step"], 3);
    let steps = report["steps"].as_array().expect("steps");
    assert!(steps.iter().all(|s| s["status"] == "passed"), "{steps:?}");
    assert!(
        steps[0].get("attempts").is_none() && steps[1].get("attempts").is_none(),
        "passed steps before the resume point are kept as they were"
    );
    assert_eq!(
        steps[3]["attempts"][0]["status"], "failed",
        "the failed attempt is kept"
    );
    let old = steps[3]["attempts"][0]["screenshot"]
        .as_str()
        .expect("old screenshot");
    let new = steps[3]["screenshot"].as_str().expect("new screenshot");
    assert_ne!(old, new);
    assert!(new.contains(".r2."), "{new}");
    assert!(
        evidence.join(old).is_file() && evidence.join(new).is_file(),
        "both attempts' screenshots are on disk"
    );
    assert_eq!(
        report["params"][1]["value"], "50",
        "the new value is recorded"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_page_faults_end_cleanly_with_a_clear_message() {
    let sites = Sites::start().await;
    let cases = [
        (
            "  - click: \"Mai visto\"\n    timeout: 500ms\n",
            "basics.html",
            "'Mai visto': Nothing matches",
        ),
        (
            "  - click: Avvisa\n  - click: Elimina\n",
            "dialog.html",
            "a JavaScript dialog is open (\"Fatto\")",
        ),
        (
            "  - click: Instabile\n",
            "rerender.html?mode=always",
            "twice: the element is re-rendered or moved while it is clicked",
        ),
        (
            "  - click: \"Apri scheda\"\n  - click: Qui\n  - click: \"Non qui\"\n    timeout: 300ms\n",
            "newtab.html",
            "'Non qui': Nothing matches",
        ),
    ];
    for (steps, page, message) in cases {
        let book = format!(
            "name: fault\nparams:\n  base: {{ default: \"\" }}\nsteps:\n  - goto: \"${{base}}/{page}\"\n{steps}"
        );
        let ran = Clickpath::run()
            .runbook(&book)
            .var("base", &sites.base)
            .watch_processes()
            .output();
        assert_eq!(ran.code(), Some(1), "{page}: {}", ran.stderr());
        assert!(ran.stderr().contains(message), "{page}: {}", ran.stderr());
        ran.assert_no_process_left(&format!("the run on {page}"));
        assert_eq!(ran.report()["status"], "failed", "{page}");
        let failed = ran
            .statuses()
            .iter()
            .position(|s| s == "failed")
            .expect("a failed step");
        ran.assert_first_steps_kept(failed);
    }
}

/// The browser of a fresh profile is stopped at once when the run ends: its profile and whatever
/// Chromium keeps in the temporary folder (its singleton socket's folder, scoped folders) go with it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_leaves_nothing_in_the_temporary_folder() {
    let sites = Sites::start().await;
    let tmp = tempfile::tempdir().expect("a temporary folder for the run");
    let ran = Clickpath::run()
        .runbook(
            "name: tmp\nparams:\n  base: { default: \"\" }\nsteps:\n  - goto: \"${base}/basics.html\"\n  - click: Salva\n",
        )
        .var("base", &sites.base)
        .env("TMPDIR", &tmp.path().to_string_lossy())
        .watch_processes()
        .output();
    assert_eq!(ran.code(), Some(0), "{}", ran.stderr());
    ran.assert_no_process_left("the run");
    let left: Vec<String> = std::fs::read_dir(tmp.path())
        .expect("the temporary folder is readable")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(left.is_empty(), "left in the run's TMPDIR: {left:?}");
}
