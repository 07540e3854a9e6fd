//! The real `clickpath` binary: commands, exit codes and what it prints.

mod common;

use std::process::{Command, Stdio};

fn clickpath() -> Command {
    Command::new(env!("CARGO_BIN_EXE_clickpath"))
}

/// `clickpath run` of a runbook written into `dir`, with its evidence in `dir/ev`.
fn run_command(dir: &tempfile::TempDir, runbook: &str, stdin: Stdio) -> Command {
    common::machine_has_what_tests_need();
    let path = write(dir, "book.yaml", runbook);
    let mut command = clickpath();
    command
        .arg("run")
        .arg(&path)
        .arg("--out")
        .arg(dir.path().join("ev"))
        .stdin(stdin)
        .stderr(Stdio::piped());
    command
}

/// Starts a run that waits a minute on its second step; returns once the browser is up (the first
/// step is in the report).
fn spawn_long_run(dir: &tempfile::TempDir) -> std::process::Child {
    let book = "name: long\nsteps:\n  - goto: \"about:blank\"\n  - wait: { text: \"never there\", timeout: 60s }\n";
    let child = run_command(dir, book, Stdio::null())
        .spawn()
        .expect("run clickpath");
    let report_path = dir.path().join("ev/report.json");
    let started = std::time::Instant::now();
    while started.elapsed() < std::time::Duration::from_secs(30)
        && !std::fs::read_to_string(&report_path)
            .is_ok_and(|r| r.contains("\"status\": \"passed\""))
    {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write runbook");
    path
}

#[test]
fn validate_accepts_a_good_runbook_and_counts_its_steps() {
    let out = clickpath()
        .args(["validate", "tests/runbooks/format-example.yaml"])
        .output()
        .expect("run clickpath");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "ok: tests/runbooks/format-example.yaml (1 sections, 14 steps)\n"
    );
}

#[test]
fn a_bad_runbook_exits_2_with_its_position_before_any_browser_starts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(&dir, "bad.yaml", "name: x\nsteps:\n  - clik: Salva\n");
    // A driver that does not exist would be exit 3: exit 2 proves the runbook was checked first.
    let out = clickpath()
        .arg("run")
        .arg(&path)
        .args(["--driver", "/nonexistent/chromedriver"])
        .output()
        .expect("run clickpath");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let expected = format!(
        "{}:3:5: unknown step kind `clik`\n  |\n3 |   - clik: Salva\n  |     ^^^^ did you mean `click`?\n",
        path.display()
    );
    assert_eq!(stderr, expected);
}

#[test]
fn a_missing_driver_exits_3_and_says_what_to_install() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(
        &dir,
        "ok.yaml",
        "name: x\nsteps:\n  - goto: \"about:blank\"\n",
    );
    let out = clickpath()
        .arg("run")
        .arg(&path)
        .args(["--driver", "/nonexistent/chromedriver", "--out"])
        .arg(dir.path().join("ev"))
        .output()
        .expect("run clickpath");
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--driver /nonexistent/chromedriver does not exist"),
        "{stderr}"
    );
    let report =
        std::fs::read_to_string(dir.path().join("ev/report.json")).expect("report written anyway");
    assert!(report.contains("\"status\": \"error\""), "{report}");
}

#[test]
fn plan_prints_the_resolved_steps_without_a_browser() {
    let out = clickpath()
        .args([
            "plan",
            "tests/runbooks/format-example.yaml",
            "--secret",
            "password=x",
            "--locale",
            "en",
        ])
        .output()
        .expect("run clickpath");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("Uninstall a package (locale en, ui=lightning)\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("   2. click 'Uninstall' in row 'HubSpot Integration'\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  14. manual: Open the e-mail and follow the link.\n"),
        "{stdout}"
    );
}

#[test]
fn plan_json_hides_secret_values() {
    let out = clickpath()
        .args([
            "plan",
            "tests/runbooks/format-example.yaml",
            "--json",
            "--secret",
            "password=TopSecret1",
        ])
        .output()
        .expect("run clickpath");
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("TopSecret1"), "{stdout}");
    let plan: serde_json::Value = serde_json::from_str(&stdout).expect("JSON plan");
    assert_eq!(plan["steps"][5]["action"]["kind"], "fill");
    assert_eq!(plan["steps"][5]["action"]["secret"], true);
}

#[test]
fn schema_describes_every_step_kind() {
    let out = clickpath().arg("schema").output().expect("run clickpath");
    assert_eq!(out.status.code(), Some(0));
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).expect("schema is JSON");
    assert_eq!(schema["title"], "Runbook");
    let text = schema.to_string();
    for kind in clickpath::runbook::step_kind::StepKind::keys() {
        assert!(
            text.contains(&format!("\"{kind}\"")),
            "schema lacks `{kind}`"
        );
    }
}

#[test]
fn a_manual_step_without_an_operator_fails_clearly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let book = "name: manual\nsteps:\n  - goto: \"about:blank\"\n  - manual: \"Log in with your own account.\"\n";
    let out = run_command(&dir, book, Stdio::null())
        .output()
        .expect("run clickpath");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("▶ Log in with your own account."),
        "{stderr}"
    );
    assert!(
        stderr.contains("this manual step needs an operator, but standard input is closed"),
        "{stderr}"
    );
}

#[test]
fn a_manual_step_continues_when_the_operator_presses_enter() {
    use std::io::Write;
    let dir = tempfile::tempdir().expect("temp dir");
    let book = "name: manual\nsteps:\n  - goto: \"about:blank\"\n  - manual: \"Open the e-mail.\"\n  - expect: { url_contains: \"about:blank\" }\n";
    let mut child = run_command(&dir, book, Stdio::piped())
        .spawn()
        .expect("run clickpath");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"\n")
        .expect("press Enter");
    let out = child.wait_with_output().expect("wait");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn sigint_stops_the_run_with_130_a_valid_report_and_no_browser_left() {
    let dir = tempfile::tempdir().expect("temp dir");
    let child = spawn_long_run(&dir);
    let pid = child.id();
    let report_path = dir.path().join("ev/report.json");
    let descendants = common::descendants(pid);
    assert!(
        !descendants.is_empty(),
        "chromedriver and chromium run under clickpath"
    );
    // SAFETY: sending SIGINT to the child we spawned.
    unsafe {
        libc::kill(pid as libc::pid_t, libc::SIGINT);
    }
    let out = child.wait_with_output().expect("wait");
    assert_eq!(
        out.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report_path).expect("report"))
            .expect("valid JSON");
    assert_eq!(report["status"], "interrupted");
    assert_eq!(report["steps"][1]["status"], "failed");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let alive: Vec<u32> = descendants
        .into_iter()
        .filter(|p| common::is_alive(*p))
        .collect();
    assert!(alive.is_empty(), "processes left behind: {alive:?}");
}

#[test]
fn a_folder_with_another_runs_evidence_is_not_reused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(
        &dir,
        "ok.yaml",
        "name: x\nsteps:\n  - goto: \"about:blank\"\n",
    );
    std::fs::write(dir.path().join("report.json"), "{}").expect("old report");
    let out = clickpath()
        .arg("run")
        .arg(&path)
        .arg("--out")
        .arg(dir.path())
        .output()
        .expect("run clickpath");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("already holds the evidence of another run; choose another --out"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("report.json")).expect("kept"),
        "{}"
    );
}

#[test]
fn practice_serves_the_org_on_loopback_and_prints_its_addresses() {
    use std::io::{BufRead, Read, Write};
    let mut child = clickpath()
        .args(["practice", "--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("run clickpath");
    let mut stdout = std::io::BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    stdout.read_line(&mut first).expect("first line");
    let base = first
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no loopback address in {first:?}"))
        .to_owned();
    let mut rest = String::new();
    for _ in 0..4 {
        stdout.read_line(&mut rest).expect("entry line");
    }
    for product in [
        "HubSpot",
        "Salesforce Classic",
        "Salesforce Lightning",
        "Inbox",
    ] {
        assert!(rest.contains(product), "{product} is listed: {rest}");
    }
    let addr = base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "GET /__practice/state HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("request");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("response");
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"connected\":true"), "{response}");
    // SAFETY: sending SIGTERM to the child we spawned.
    unsafe {
        libc::kill(child.id() as libc::pid_t, libc::SIGTERM);
    }
    assert_eq!(child.wait().expect("wait").code(), Some(0));
}

#[test]
fn a_destructive_step_needs_confirmation_and_stops_the_run_with_4_without_it() {
    let book = "name: guarded\nsteps:\n  - goto: \"about:blank\"\n  - goto: \"about:blank#gone\"\n    destructive: true\n";
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run_command(&dir, book, Stdio::null())
        .output()
        .expect("run clickpath");
    assert_eq!(
        out.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot be undone and was not confirmed"),
        "{stderr}"
    );
    let report = std::fs::read_to_string(dir.path().join("ev/report.json")).expect("report");
    assert!(report.contains("\"status\": \"blocked\""), "{report}");

    let dir = tempfile::tempdir().expect("temp dir");
    let out = run_command(&dir, book, Stdio::null())
        .arg("--confirm-destructive")
        .output()
        .expect("run clickpath");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn nothing_a_run_starts_listens_beyond_loopback() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut child = spawn_long_run(&dir);
    let mut pids = common::descendants(child.id());
    pids.push(child.id());
    let addresses = common::listening_addresses(&pids);
    // Ctrl-C, not a kill: clickpath then stops chromedriver and the browser it started.
    // SAFETY: sending SIGINT to the child we spawned.
    unsafe {
        libc::kill(child.id() as libc::pid_t, libc::SIGINT);
    }
    let _ = child.wait();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let left: Vec<u32> = pids
        .iter()
        .copied()
        .filter(|p| common::is_alive(*p))
        .collect();
    assert!(left.is_empty(), "processes left behind: {left:?}");
    assert!(
        !addresses.is_empty(),
        "chromedriver listens somewhere: found nothing for {pids:?}"
    );
    let outside: Vec<&String> = addresses
        .iter()
        .filter(|a| !common::is_loopback(a))
        .collect();
    assert!(
        outside.is_empty(),
        "listening beyond loopback: {outside:?} (all: {addresses:?})"
    );
}

#[test]
fn the_practice_org_listens_on_loopback_only() {
    use std::io::BufRead;
    let mut child = clickpath()
        .args(["practice", "--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("run clickpath");
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("first line");
    let addresses = common::listening_addresses(&[child.id()]);
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(addresses.len(), 1, "{addresses:?}");
    assert!(common::is_loopback(&addresses[0]), "{addresses:?}");
}
