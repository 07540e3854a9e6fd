//! Faults injected into real runs: each ends with a clear message, a valid report.json holding every
//! step so far, every screenshot so far on disk, no chromedriver or Chromium left, and the documented
//! exit code.

mod common;

use clickpath::run::Exit;

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::Sites;

const LONG: &str = r#"
name: long
params:
  base: { default: "" }
steps:
  - goto: "${base}/basics.html"
  - click: Salva
  - wait: { text: "never there", timeout: 60s }
"#;

struct Running {
    child: tokio::process::Child,
    pid: u32,
    dir: tempfile::TempDir,
}

impl Running {
    fn evidence(&self) -> PathBuf {
        self.dir.path().join("ev")
    }
}

/// `clickpath run` of `book` (with `${base}` set to the test pages), evidence in `dir/ev`.
fn spawn_run(sites: &Sites, book: &str) -> (tokio::process::Child, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("book.yaml");
    std::fs::write(&path, book).expect("runbook");
    let child = tokio::process::Command::new(env!("CARGO_BIN_EXE_clickpath"))
        .arg("run")
        .arg(&path)
        .args(["--var", &format!("base={}", sites.base)])
        .arg("--out")
        .arg(dir.path().join("ev"))
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run clickpath");
    (child, dir)
}

/// Starts `clickpath run` on `book` and returns once two steps are in the report (browser up, page open).
async fn start(sites: &Sites, book: &str) -> Running {
    let (child, dir) = spawn_run(sites, book);
    let pid = child.id().expect("pid");
    let report = dir.path().join("ev/report.json");
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(30)
        && !std::fs::read_to_string(&report)
            .is_ok_and(|r| r.matches("\"status\": \"passed\"").count() >= 2)
    {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Running { child, pid, dir }
}

/// Waits for the run to end; returns its exit code and stderr, after checking nothing is left behind.
async fn finish(run: Running, before: &[u32]) -> (Option<i32>, String, tempfile::TempDir) {
    let out = tokio::time::timeout(Duration::from_secs(60), run.child.wait_with_output())
        .await
        .expect("the run ends by itself")
        .expect("wait");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let left: Vec<u32> = before
        .iter()
        .copied()
        .filter(|p| common::is_alive(*p))
        .collect();
    assert!(left.is_empty(), "processes left behind: {left:?}");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        run.dir,
    )
}

fn report(dir: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join("report.json")).expect("report.json");
    serde_json::from_str(&text).expect("report.json is valid JSON")
}

/// The report's steps so far passed and have their screenshots on disk.
fn assert_steps_so_far_kept(dir: &Path, passed: usize) {
    let report = report(dir);
    let steps = report["steps"].as_array().expect("steps");
    for step in &steps[..passed] {
        assert_eq!(step["status"], "passed", "{step}");
        if step.get("dialog").is_some() {
            // A dialog was open: its text is the step's evidence instead of a screenshot.
            continue;
        }
        let shot = step["screenshot"].as_str().expect("screenshot");
        assert!(dir.join(shot).is_file(), "{shot} on disk");
    }
}

/// The run ended by itself with `code`, said `message`, left a report with `status` and the first two
/// steps' evidence, and no process behind.
async fn assert_ended(run: Running, before: &[u32], code: i32, message: &str, status: &str) {
    let evidence = run.evidence();
    let (exit, stderr, _dir) = finish(run, before).await;
    assert_eq!(exit, Some(code), "{stderr}");
    assert!(stderr.contains(message), "{stderr}");
    assert_eq!(report(&evidence)["status"], status);
    assert_steps_so_far_kept(&evidence, 2);
}

fn process_named(pids: &[u32], name: &str) -> Vec<u32> {
    pids.iter()
        .copied()
        .filter(|p| {
            std::fs::read_to_string(format!("/proc/{p}/comm"))
                .is_ok_and(|c| c.trim().starts_with(name))
        })
        .collect()
}

fn kill(pid: u32, signal: i32) {
    // SAFETY: sending a signal to a process this test found among the run's descendants.
    unsafe {
        libc::kill(pid as libc::pid_t, signal);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromedriver_killed_mid_run() {
    let sites = Sites::start().await;
    let run = start(&sites, LONG).await;
    let before = common::descendants(run.pid);
    let driver = process_named(&before, "chromedriver");
    assert_eq!(
        driver.len(),
        1,
        "one chromedriver under the run: {before:?}"
    );
    kill(driver[0], libc::SIGKILL);
    assert_ended(
        run,
        &before,
        3,
        "lost the connection to the WebDriver server (did chromedriver stop?)",
        "error",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_browser_killed_mid_run() {
    let sites = Sites::start().await;
    let run = start(&sites, LONG).await;
    let before = common::descendants(run.pid);
    let browsers = process_named(&before, "chromium");
    assert!(!browsers.is_empty(), "chromium under the run: {before:?}");
    // Every Chromium process of the run, as a crash or an operator closing it would leave things.
    for pid in &browsers {
        kill(*pid, libc::SIGKILL);
    }
    assert_ended(
        run,
        &before,
        3,
        "the browser is gone (closed or crashed)",
        "error",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_mid_run() {
    let sites = Sites::start().await;
    let run = start(&sites, LONG).await;
    let before = common::descendants(run.pid);
    kill(run.pid, libc::SIGTERM);
    assert_ended(run, &before, 130, "interrupted", "interrupted").await;
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
    let dir = tempfile::tempdir().expect("temp dir");
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
    let path = dir.path().join("book.yaml");
    std::fs::write(&path, book).expect("runbook");
    let evidence = dir.path().join("ev");
    let bin = env!("CARGO_BIN_EXE_clickpath");
    let first = tokio::process::Command::new(bin)
        .arg("run")
        .arg(&path)
        .args(["--var", &format!("base={}", sites.base), "--out"])
        .arg(&evidence)
        .stdin(Stdio::null())
        .output()
        .await
        .expect("first run");
    assert_eq!(
        first.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let again = tokio::process::Command::new(bin)
        .arg("run")
        .arg("--resume")
        .arg(&evidence)
        .args(["--var", "delay=50"])
        .stdin(Stdio::null())
        .output()
        .await
        .expect("resumed run");
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert_eq!(again.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("at step 3"), "{stderr}");
    let report = report(&evidence);
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

/// Runs a runbook to its end through the binary; returns exit code, stderr, evidence folder, and
/// checks that no process of the run outlives it.
async fn run_to_end(sites: &Sites, book: &str) -> (Option<i32>, String, tempfile::TempDir) {
    let (child, dir) = spawn_run(sites, book);
    let pid = child.id().expect("pid");
    // Collect the run's processes while it runs, to check afterwards that none outlived it.
    let watcher = tokio::spawn(async move {
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..400 {
            let now = common::descendants(pid);
            if now.is_empty() && !seen.is_empty() {
                break;
            }
            seen.extend(now);
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        seen
    });
    let out = tokio::time::timeout(Duration::from_secs(60), child.wait_with_output())
        .await
        .expect("the run ends")
        .expect("wait");
    let seen: Vec<u32> = watcher.await.expect("watcher").into_iter().collect();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let left: Vec<u32> = seen
        .iter()
        .copied()
        .filter(|p| common::is_alive(*p))
        .collect();
    assert!(
        !seen.is_empty(),
        "the run started chromedriver and Chromium"
    );
    assert!(left.is_empty(), "processes left behind: {left:?}");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        dir,
    )
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
        let (code, stderr, dir) = run_to_end(&sites, &book).await;
        assert_eq!(code, Some(1), "{page}: {stderr}");
        assert!(stderr.contains(message), "{page}: {stderr}");
        let evidence = dir.path().join("ev");
        let report = report(&evidence);
        assert_eq!(report["status"], "failed", "{page}");
        let steps = report["steps"].as_array().expect("steps");
        let failed = steps
            .iter()
            .position(|s| s["status"] == "failed")
            .expect("a failed step");
        assert_steps_so_far_kept(&evidence, failed);
    }
}
