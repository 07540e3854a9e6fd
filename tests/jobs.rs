//! Several runs at once (`--jobs N`) through the real binary: folders, console, summary, exit code.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// A runbook that opens a page showing `text`, finds it, and then waits about two seconds for a
/// text that never comes (an optional step, so the run passes).
fn slow_runbook(text: &str) -> String {
    format!(
        "name: {text}\nsteps:\n  - goto: \"data:text/html,<h1>{text}</h1>\"\n  - expect: {{ text: \"{text}\" }}\n  - wait: {{ text: \"never there\", timeout: 2s }}\n    optional: true\n"
    )
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write runbook");
    path
}

fn clickpath(args: &[&str], files: &[PathBuf], out: &Path) -> Output {
    common::machine_has_what_tests_need();
    Command::new(env!("CARGO_BIN_EXE_clickpath"))
        .args(args)
        .args(files)
        .arg("--out")
        .arg(out)
        .stdin(Stdio::null())
        .output()
        .expect("run clickpath")
}

fn report(folder: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(folder.join("report.json"))
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()));
    serde_json::from_str(&text).expect("report.json is JSON")
}

/// When the run in `folder` started and ended, from its report.
fn span(folder: &Path) -> (OffsetDateTime, OffsetDateTime) {
    let report = report(folder);
    let started =
        OffsetDateTime::parse(report["started_at"].as_str().expect("started_at"), &Rfc3339)
            .expect("RFC 3339");
    let ms = report["duration_ms"].as_i64().expect("duration_ms");
    (started, started + time::Duration::milliseconds(ms))
}

fn overlap(a: (OffsetDateTime, OffsetDateTime), b: (OffsetDateTime, OffsetDateTime)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

#[test]
fn jobs_2_runs_two_runbooks_at_once_each_in_its_own_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = [
        write(dir.path(), "alpha.yaml", &slow_runbook("Alpha")),
        write(dir.path(), "beta.yaml", &slow_runbook("Beta")),
    ];
    let out = dir.path().join("ev");
    let output = clickpath(&["run", "--jobs", "2"], &files, &out);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    for (name, text) in [("alpha", "Alpha"), ("beta", "Beta")] {
        let report = report(&out.join(name));
        assert_eq!(report["status"], "passed", "{name}");
        assert_eq!(report["runbook"]["name"], text, "{name}: its own runbook");
        let first_screenshot = std::fs::read_dir(out.join(name))
            .expect("its folder")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .any(|f| f.starts_with("01-") && f.ends_with(".png"));
        assert!(first_screenshot, "{name}: a screenshot of its first step");
    }
    assert!(
        overlap(span(&out.join("alpha")), span(&out.join("beta"))),
        "with --jobs 2 the two runs overlap in time"
    );
    assert!(
        stderr.contains("[alpha] ✓ 2/3 expect text 'Alpha'"),
        "each step's line says which run it belongs to:\n{stderr}"
    );
}

#[test]
fn jobs_1_runs_them_one_after_the_other() {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = [
        write(dir.path(), "alpha.yaml", &slow_runbook("Alpha")),
        write(dir.path(), "beta.yaml", &slow_runbook("Beta")),
    ];
    let out = dir.path().join("ev");
    let output = clickpath(&["run"], &files, &out);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        !overlap(span(&out.join("alpha")), span(&out.join("beta"))),
        "without --jobs the runs do not overlap"
    );
}

#[test]
fn a_failing_run_does_not_stop_the_others_and_the_summary_keeps_input_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    let broken = "name: Broken\nsteps:\n  - goto: \"data:text/html,<h1>Here</h1>\"\n  - click: \"Not here\"\n    timeout: 500ms\n";
    let quick = |t: &str| format!("name: {t}\nsteps:\n  - goto: \"data:text/html,<p>{t}</p>\"\n");
    let files = [
        write(dir.path(), "one.yaml", &quick("One")),
        write(dir.path(), "broken.yaml", broken),
        write(dir.path(), "three.yaml", &quick("Three")),
        // The same file twice: two runs, two folders.
        write(dir.path(), "one.yaml", &quick("One")),
    ];
    let out = dir.path().join("ev");
    let output = clickpath(&["run", "--jobs", "2", "--quiet"], &files, &out);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(1),
        "the worst exit code: {stderr}"
    );
    assert_eq!(report(&out.join("one"))["status"], "passed");
    assert_eq!(report(&out.join("broken"))["status"], "failed");
    assert_eq!(report(&out.join("three"))["status"], "passed");
    assert_eq!(report(&out.join("one-2"))["status"], "passed");
    let rows: Vec<&str> = stderr
        .lines()
        .skip_while(|l| !l.starts_with("run "))
        .skip(1)
        .collect();
    let labels: Vec<&str> = rows
        .iter()
        .filter(|r| !r.starts_with(' '))
        .filter_map(|r| r.split_whitespace().next())
        .collect();
    assert_eq!(labels, ["one", "broken", "three", "one-2"], "{stderr}");
    assert!(
        rows.iter()
            .any(|r| r.starts_with("broken") && r.contains("✗ failed")),
        "{stderr}"
    );
    assert!(
        rows.iter().any(|r| r.contains("'Not here'")),
        "the failure's reason is under its row:\n{stderr}"
    );
}

#[test]
fn a_bad_runbook_among_several_stops_all_before_any_browser_starts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = [
        write(dir.path(), "good.yaml", &slow_runbook("Good")),
        write(
            dir.path(),
            "bad.yaml",
            "name: Bad\nsteps:\n  - clik: \"x\"\n",
        ),
    ];
    let out = dir.path().join("ev");
    let output = clickpath(&["run", "--jobs", "2"], &files, &out);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("bad.yaml:3:5"), "{stderr}");
    assert!(!out.exists(), "no run started, no evidence folder made");
}

#[test]
fn ctrl_c_stops_the_runs_under_way_and_starts_no_more() {
    let dir = tempfile::tempdir().expect("temp dir");
    let long = "name: Long\nsteps:\n  - goto: \"about:blank\"\n  - wait: { text: \"never there\", timeout: 60s }\n";
    let files = [
        write(dir.path(), "a.yaml", long),
        write(dir.path(), "b.yaml", long),
        write(dir.path(), "c.yaml", long),
    ];
    let out = dir.path().join("ev");
    let child = Command::new(env!("CARGO_BIN_EXE_clickpath"))
        .args(["run", "--jobs", "2", "--quiet"])
        .args(&files)
        .arg("--out")
        .arg(&out)
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run clickpath");
    // Wait until both runs of the first pair are on their waiting step.
    let started = std::time::Instant::now();
    let waiting = |name: &str| {
        std::fs::read_to_string(out.join(name).join("report.json"))
            .is_ok_and(|r| r.contains("\"status\": \"passed\""))
    };
    while started.elapsed() < std::time::Duration::from_secs(30) && !(waiting("a") && waiting("b"))
    {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let descendants = common::descendants(child.id());
    assert!(!descendants.is_empty(), "browsers run under clickpath");
    // SAFETY: sending SIGINT to the child we spawned.
    unsafe {
        libc::kill(child.id() as libc::pid_t, libc::SIGINT);
    }
    let output = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert_eq!(report(&out.join("a"))["status"], "interrupted");
    assert_eq!(report(&out.join("b"))["status"], "interrupted");
    assert!(!out.join("c").exists(), "the third run never started");
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with("c ") && l.contains("not started")),
        "{stderr}"
    );
    std::thread::sleep(std::time::Duration::from_millis(300));
    let alive: Vec<u32> = descendants
        .into_iter()
        .filter(|p| common::is_alive(*p))
        .collect();
    assert!(alive.is_empty(), "processes left behind: {alive:?}");
}

#[test]
fn profile_with_parallel_runs_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = [
        write(dir.path(), "a.yaml", &slow_runbook("A")),
        write(dir.path(), "b.yaml", &slow_runbook("B")),
    ];
    let out = dir.path().join("ev");
    let profile = dir.path().join("profile");
    let profile = profile.to_string_lossy();
    let output = clickpath(&["run", "--jobs", "2", "--profile", &profile], &files, &out);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--profile DIR serves one browser at a time"),
        "{stderr}"
    );
}
