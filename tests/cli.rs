//! The real `clickpath` binary: commands, exit codes and what it prints.

mod common;

use common::binary::Clickpath;
use common::processes;

const EXAMPLE: &str = "tests/runbooks/format-example.yaml";

/// Waits a minute on its second step: a run to interrupt once the browser is up.
const LONG: &str = "name: long\nsteps:\n  - goto: \"about:blank\"\n  - wait: { text: \"never there\", timeout: 60s }\n";

#[test]
fn validate_accepts_a_good_runbook_and_counts_its_steps() {
    let ran = Clickpath::command("validate").arg(EXAMPLE).output();
    ran.assert_exit(0);
    assert_eq!(
        ran.stdout(),
        "ok: tests/runbooks/format-example.yaml (1 sections, 20 steps)\n"
    );
}

#[test]
fn a_bad_runbook_exits_2_with_its_position_before_any_browser_starts() {
    // A driver that does not exist would be exit 3: exit 2 proves the runbook was checked first.
    let ran = Clickpath::run()
        .runbook_file("bad.yaml", "name: x\nsteps:\n  - clik: Salva\n")
        .args(["--driver", "/nonexistent/chromedriver"])
        .output();
    ran.assert_exit(2);
    let expected = format!(
        "{}:3:5: unknown step kind `clik`\n  |\n3 |   - clik: Salva\n  |     ^^^^ did you mean `click`?\n",
        ran.dir().join("bad.yaml").display()
    );
    assert_eq!(ran.stderr(), expected);
}

#[test]
fn a_missing_driver_exits_3_and_says_what_to_install() {
    Clickpath::run()
        .runbook("name: x\nsteps:\n  - goto: \"about:blank\"\n")
        .args(["--driver", "/nonexistent/chromedriver"])
        .output()
        .assert_exit(3)
        .assert_stderr_contains("--driver /nonexistent/chromedriver does not exist")
        .assert_status("error");
}

#[test]
fn plan_prints_the_resolved_steps_without_a_browser() {
    let ran = Clickpath::command("plan")
        .arg(EXAMPLE)
        .secret("password", "x")
        .args(["--locale", "en"])
        .output();
    ran.assert_exit(0)
        .assert_stdout_contains("   2. click 'Uninstall' in row 'HubSpot Integration'\n")
        .assert_stdout_contains("  20. manual: Open the e-mail and follow the link.\n");
    assert!(
        ran.stdout()
            .starts_with("Uninstall a package (locale en, ui=lightning)\n"),
        "{}",
        ran.stdout()
    );
}

#[test]
fn plan_json_hides_secret_values() {
    let ran = Clickpath::command("plan")
        .args([EXAMPLE, "--json"])
        .secret("password", "TopSecret1")
        .output();
    ran.assert_exit(0);
    assert!(!ran.stdout().contains("TopSecret1"), "{}", ran.stdout());
    let plan: serde_json::Value = serde_json::from_str(ran.stdout()).expect("JSON plan");
    assert_eq!(plan["steps"][8]["action"]["kind"], "fill");
    assert_eq!(plan["steps"][8]["action"]["secret"], true);
}

#[test]
fn schema_describes_every_step_kind() {
    let ran = Clickpath::command("schema").output();
    ran.assert_exit(0);
    let schema: serde_json::Value = serde_json::from_str(ran.stdout()).expect("schema is JSON");
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
    Clickpath::run()
        .runbook("name: manual\nsteps:\n  - goto: \"about:blank\"\n  - manual: \"Log in with your own account.\"\n")
        .output()
        .assert_exit(1)
        .assert_stderr_contains("▶ Log in with your own account.")
        .assert_stderr_contains("this manual step needs an operator, but standard input is closed");
}

#[test]
fn a_manual_step_continues_when_the_operator_presses_enter() {
    Clickpath::run()
        .runbook("name: manual\nsteps:\n  - goto: \"about:blank\"\n  - manual: \"Open the e-mail.\"\n  - expect: { url_contains: \"about:blank\" }\n")
        .stdin("\n")
        .output()
        .assert_exit(0);
}

#[test]
fn sigint_stops_the_run_with_130_a_valid_report_and_no_browser_left() {
    let mut run = Clickpath::run().runbook(LONG).spawn();
    run.wait_for_passed(1);
    let started = run.descendants();
    assert!(
        !started.is_empty(),
        "chromedriver and chromium run under clickpath"
    );
    run.interrupt();
    let ran = run.wait();
    ran.assert_exit(130).assert_status("interrupted");
    assert_eq!(ran.report()["steps"][1]["status"], "failed");
    processes::assert_none_left(&started, "after Ctrl-C");
}

#[test]
fn a_folder_with_another_runs_evidence_is_not_reused() {
    let ran = Clickpath::run()
        .runbook("name: x\nsteps:\n  - goto: \"about:blank\"\n")
        .evidence_holds("report.json", "{}")
        .output();
    ran.assert_exit(2)
        .assert_stderr_contains("already holds the evidence of another run; choose another --out");
    assert_eq!(
        std::fs::read_to_string(ran.evidence().join("report.json")).expect("kept"),
        "{}"
    );
}

#[test]
fn practice_serves_the_org_on_loopback_and_prints_its_addresses() {
    use std::io::{Read, Write};
    let mut practice = Clickpath::command("practice").args(["--port", "0"]).spawn();
    let lines = practice.stdout_lines(5);
    let base = lines[0]
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no loopback address in {:?}", lines[0]))
        .to_owned();
    let rest = lines[1..].join("\n");
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
    practice.terminate();
    practice.wait().assert_exit(0);
}

#[test]
fn practice_prints_each_products_login_and_account() {
    let mut practice = Clickpath::command("practice")
        .args(["--port", "0", "--session-lifetime", "10m"])
        .spawn();
    let printed = practice.stdout_lines(16).join("\n");
    assert!(printed.contains("sessions last 10m"), "{printed}");
    for a in clickpath::practice::accounts() {
        for value in [a.username, a.password, a.totp_secret] {
            assert!(printed.contains(value), "{value} is printed: {printed}");
        }
    }
    assert!(
        printed.contains("/hubspot/login") && printed.contains("/login\n"),
        "{printed}"
    );
    practice.terminate();
    practice.wait().assert_exit(0);
}

#[test]
fn a_destructive_step_needs_confirmation_and_stops_the_run_with_4_without_it() {
    let book = "name: guarded\nsteps:\n  - goto: \"about:blank\"\n  - goto: \"about:blank#gone\"\n    destructive: true\n";
    let refused = Clickpath::run().runbook(book).output();
    refused
        .assert_exit(4)
        .assert_stderr_contains("cannot be undone and was not confirmed");
    assert!(
        refused.statuses().iter().any(|s| s == "blocked"),
        "a blocked step: {:?}",
        refused.statuses()
    );
    Clickpath::run()
        .runbook(book)
        .arg("--confirm-destructive")
        .output()
        .assert_exit(0);
}

#[test]
fn nothing_a_run_starts_listens_beyond_loopback() {
    let mut run = Clickpath::run().runbook(LONG).spawn();
    run.wait_for_passed(1);
    let mut pids = run.descendants();
    pids.push(run.pid());
    let addresses = common::listening_addresses(&pids);
    // Ctrl-C, not a kill: clickpath then stops chromedriver and the browser it started.
    run.interrupt();
    run.wait();
    processes::assert_none_left(&pids, "after Ctrl-C");
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
    let mut practice = Clickpath::command("practice").args(["--port", "0"]).spawn();
    practice.stdout_lines(1);
    let addresses = common::listening_addresses(&[practice.pid()]);
    drop(practice);
    assert_eq!(addresses.len(), 1, "{addresses:?}");
    assert!(common::is_loopback(&addresses[0]), "{addresses:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_step_is_printed_at_its_line_with_a_caret_under_the_locator() {
    let sites = common::Sites::start().await;
    let book = "name: drift\nsteps:\n  - goto: \"${base}/basics.html\"\n  - click: \"Salvare\"\n    timeout: 1s\n";
    let ran = tokio::task::spawn_blocking(move || {
        Clickpath::run()
            .runbook(book)
            .var("base", &sites.base)
            .output()
    })
    .await
    .expect("the run");
    ran.assert_exit(1);
    let file = ran.dir().join("book.yaml");
    let stderr = ran.stderr();
    let at = format!(
        "{}:4:12: step 2 \"click 'Salvare'\" failed: 'Salvare': ",
        file.display()
    );
    let start = stderr
        .find(&at)
        .unwrap_or_else(|| panic!("no failure at the step's line `{at}` in:\n{stderr}"));
    let block: Vec<&str> = stderr[start..].lines().collect();
    assert_eq!(
        block[1..4],
        [
            "  |",
            "4 |   - click: \"Salvare\"",
            "  |            ^^^^^^^^^"
        ],
        "the runbook line with a caret under the locator:\n{stderr}"
    );
    let details: Vec<&str> = block[4..]
        .iter()
        .filter_map(|l| l.strip_prefix("  = "))
        .collect();
    assert!(
        details.iter().any(|d| d.starts_with("nearest: 'Salva' 0.")),
        "the nearest label, one a line:\n{stderr}"
    );
    assert!(
        details.contains(&"searched 1 document, 0 frames, 0 shadow roots"),
        "the search extent:\n{stderr}"
    );
    for (what, ending) in [("screenshot: ", ".png"), ("DOM snapshot: ", ".dom.html")] {
        let path = details
            .iter()
            .find_map(|d| d.strip_prefix(what))
            .unwrap_or_else(|| panic!("no {what}line:\n{stderr}"));
        assert!(
            path.ends_with(ending) && std::path::Path::new(path).is_file(),
            "{what}{path} is on disk"
        );
    }
}
