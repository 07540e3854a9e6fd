//! Several runs at once (`--jobs N`) through the real binary: folders, console, summary, exit code.

mod common;

use common::binary::{Clickpath, Finished};
use common::processes;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// A runbook that opens a page showing `text`, finds it, and then waits about two seconds for a
/// text that never comes (an optional step, so the run passes).
fn slow_runbook(text: &str) -> String {
    format!(
        "name: {text}\nsteps:\n  - goto: \"data:text/html,<h1>{text}</h1>\"\n  - expect: {{ text: \"{text}\" }}\n  - wait: {{ text: \"never there\", timeout: 2s }}\n    optional: true\n"
    )
}

/// When the run in `folder` of the evidence started and ended, from its report.
fn span(ran: &Finished, folder: &str) -> (OffsetDateTime, OffsetDateTime) {
    let report = ran.report_in(folder);
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
    let ran = Clickpath::run()
        .args(["--jobs", "2"])
        .runbook_file("alpha.yaml", &slow_runbook("Alpha"))
        .runbook_file("beta.yaml", &slow_runbook("Beta"))
        .output();
    ran.assert_exit(0);
    for (name, text) in [("alpha", "Alpha"), ("beta", "Beta")] {
        let report = ran.report_in(name);
        assert_eq!(report["status"], "passed", "{name}");
        assert_eq!(report["runbook"]["name"], text, "{name}: its own runbook");
        let first_screenshot = std::fs::read_dir(ran.evidence().join(name))
            .expect("its folder")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .any(|f| f.starts_with("01-") && f.ends_with(".png"));
        assert!(first_screenshot, "{name}: a screenshot of its first step");
    }
    assert!(
        overlap(span(&ran, "alpha"), span(&ran, "beta")),
        "with --jobs 2 the two runs overlap in time"
    );
    assert!(
        ran.stderr().contains("[alpha] ✓ 2/3 expect text 'Alpha'"),
        "each step's line says which run it belongs to:\n{}",
        ran.stderr()
    );
}

#[test]
fn jobs_1_runs_them_one_after_the_other() {
    let ran = Clickpath::run()
        .runbook_file("alpha.yaml", &slow_runbook("Alpha"))
        .runbook_file("beta.yaml", &slow_runbook("Beta"))
        .output();
    ran.assert_exit(0);
    assert!(
        !overlap(span(&ran, "alpha"), span(&ran, "beta")),
        "without --jobs the runs do not overlap"
    );
}

#[test]
fn a_failing_run_does_not_stop_the_others_and_the_summary_keeps_input_order() {
    let broken = "name: Broken\nsteps:\n  - goto: \"data:text/html,<h1>Here</h1>\"\n  - click: \"Not here\"\n    timeout: 500ms\n";
    let quick = |t: &str| format!("name: {t}\nsteps:\n  - goto: \"data:text/html,<p>{t}</p>\"\n");
    let ran = Clickpath::run()
        .args(["--jobs", "2", "--quiet"])
        .runbook_file("one.yaml", &quick("One"))
        .runbook_file("broken.yaml", broken)
        .runbook_file("three.yaml", &quick("Three"))
        // The same file twice: two runs, two folders.
        .runbook_file("one.yaml", &quick("One"))
        .output();
    let stderr = ran.stderr();
    assert_eq!(ran.code(), Some(1), "the worst exit code: {stderr}");
    assert_eq!(ran.report_in("one")["status"], "passed");
    assert_eq!(ran.report_in("broken")["status"], "failed");
    assert_eq!(ran.report_in("three")["status"], "passed");
    assert_eq!(ran.report_in("one-2")["status"], "passed");
    let rows: Vec<&str> = stderr
        .lines()
        .skip_while(|l| !l.starts_with("run "))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    let at = format!(
        "[broken] {}:4:12: step 2 \"click 'Not here'\" failed: ",
        ran.dir().join("broken.yaml").display()
    );
    assert!(
        stderr.contains(&at),
        "after the table, the failed run's step at its line: {stderr}"
    );
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
    let ran = Clickpath::run()
        .args(["--jobs", "2"])
        .runbook_file("good.yaml", &slow_runbook("Good"))
        .runbook_file("bad.yaml", "name: Bad\nsteps:\n  - clik: \"x\"\n")
        .output();
    ran.assert_exit(2).assert_stderr_contains("bad.yaml:3:5");
    assert!(
        !ran.evidence().exists(),
        "no run started, no evidence folder made"
    );
}

#[test]
fn ctrl_c_stops_the_runs_under_way_and_starts_no_more() {
    let long = "name: Long\nsteps:\n  - goto: \"about:blank\"\n  - wait: { text: \"never there\", timeout: 60s }\n";
    let mut run = Clickpath::run()
        .args(["--jobs", "2", "--quiet"])
        .runbook_file("a.yaml", long)
        .runbook_file("b.yaml", long)
        .runbook_file("c.yaml", long)
        .spawn();
    // Both runs of the first pair on their waiting step.
    run.wait_for_passed_in("a", 1);
    run.wait_for_passed_in("b", 1);
    let started = run.descendants();
    assert!(!started.is_empty(), "browsers run under clickpath");
    run.interrupt();
    let ran = run.wait();
    ran.assert_exit(130);
    assert_eq!(ran.report_in("a")["status"], "interrupted");
    assert_eq!(ran.report_in("b")["status"], "interrupted");
    assert!(
        !ran.evidence().join("c").exists(),
        "the third run never started"
    );
    assert!(
        ran.stderr()
            .lines()
            .any(|l| l.starts_with("c ") && l.contains("not started")),
        "{}",
        ran.stderr()
    );
    processes::assert_none_left(&started, "after Ctrl-C");
}

#[test]
fn profile_with_parallel_runs_is_refused() {
    let run = Clickpath::run();
    let profile = run.dir().join("profile");
    run.args(["--jobs", "2"])
        .arg("--profile")
        .arg(profile)
        .runbook_file("a.yaml", &slow_runbook("A"))
        .runbook_file("b.yaml", &slow_runbook("B"))
        .output()
        .assert_exit(2)
        .assert_stderr_contains("--profile DIR serves one browser at a time");
}
