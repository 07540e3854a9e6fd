//! Saved sessions: `--save-session` writes the cookies (HttpOnly ones too) and localStorage of every
//! origin a run visited, `--session` restores them before the first page loads, `session show` lists
//! them without values, and the values never reach an artefact of the run that restored them.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use common::Sites;
use common::binary::{Clickpath, Finished};

const LOGIN: &str = r#"
name: login
params:
  base: { default: "" }
  remote: { default: "" }
steps:
  - goto: "${base}/session/login.html"
  - expect: "logged in"
  - goto: "${remote}/session/login.html"
  - expect: "logged in"
"#;

/// The app on both origins: what its first load saw of the restored cookies and localStorage; the
/// last step misses on purpose, so a DOM snapshot (which shows the raw values) is written.
const REUSE: &str = r#"
name: reuse
params:
  base: { default: "" }
  remote: { default: "" }
steps:
  - goto: "${base}/session/app.html"
  - expect: "storage token: yes"
  - expect: "js cookie: yes"
  - expect: "server: signed in"
  - expect: "old cookie: no"
  - goto: "${remote}/session/app.html"
  - expect: "storage token: yes"
  - expect: "js cookie: yes"
  - expect: "server: signed in"
  - expect: "never shown"
    timeout: 300ms
    optional: true
"#;

fn port(origin: &str) -> &str {
    origin.rsplit(':').next().unwrap_or_default()
}

/// The values the test pages set on `origin` (see tests/sites/session and tests/common).
fn values_of(origin: &str) -> Vec<String> {
    let p = port(origin);
    let host = origin
        .trim_start_matches("http://")
        .replace([':', '.'], "-");
    vec![
        format!("tok-{host}-5f2c9a7d"),
        format!("jsv-{p}-8c1d0e"),
        format!("ls-{p}-b7e4f1a9c3"),
    ]
}

fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// Asserts no value shows in what the run printed or in any file of its evidence folder.
#[track_caller]
fn assert_nowhere(run: &Finished, values: &[String]) {
    for value in values {
        assert!(
            !run.stdout().contains(value.as_str()) && !run.stderr().contains(value.as_str()),
            "the output shows {value}:\n{}",
            run.screen()
        );
        for name in run.files() {
            let bytes = std::fs::read(run.evidence().join(&name)).expect("read artefact");
            assert!(!contains(&bytes, value), "{name} contains {value}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_session_logs_the_next_run_in_and_its_values_reach_no_artefact() {
    let sites = Sites::start().await;
    let keep = tempfile::tempdir().expect("temp dir");
    let file = keep.path().join("org.json");

    let saved = Clickpath::run()
        .runbook_file("login.yaml", LOGIN)
        .var("base", &sites.base)
        .var("remote", &sites.remote)
        .arg("--save-session")
        .arg(&file)
        .output();
    saved.assert_exit(0).assert_stderr_contains(&format!(
        "saved the session to {}: 4 cookies for origins",
        file.display()
    ));
    assert_eq!(mode(&file), 0o600, "the session file is for its owner only");
    let json = read_json(&file);
    assert_eq!(json["schema"], 1);
    assert_eq!(json["saved"]["via"], "devtools");
    for origin in [&sites.base, &sites.remote] {
        let state = &json["origins"][origin.as_str()];
        let cookies = state["cookies"].as_array().cloned().unwrap_or_default();
        let sid = cookies.iter().find(|c| c["name"] == "sid");
        assert_eq!(
            sid.map(|c| c["httpOnly"].clone()),
            Some(serde_json::json!(true)),
            "the HttpOnly cookie of {origin} is saved: {state}"
        );
        assert!(cookies.iter().any(|c| c["name"] == "pref"), "{state}");
        assert_eq!(
            state["local_storage"]["token"],
            format!("ls-{}-b7e4f1a9c3", port(origin))
        );
    }

    let shown = Clickpath::command("session")
        .arg("show")
        .arg(&file)
        .output();
    shown.assert_exit(0);
    for name in [
        "sid",
        "pref",
        "token",
        "flag",
        "HttpOnly",
        &sites.base,
        &sites.remote,
    ] {
        shown.assert_stdout_contains(name);
    }
    let mut values: Vec<String> = values_of(&sites.base);
    values.extend(values_of(&sites.remote));
    for value in &values {
        assert!(
            !shown.stdout().contains(value.as_str()),
            "{}",
            shown.stdout()
        );
    }

    // An expired cookie in the file is left out, with a note.
    let mut json = json;
    let expired = serde_json::json!({
        "name": "old", "value": "expired-cookie-value-77", "domain": "127.0.0.1", "path": "/",
        "expires": 1_000_000_000.0, "httpOnly": false, "secure": false
    });
    json["origins"][sites.base.as_str()]["cookies"]
        .as_array_mut()
        .expect("cookies")
        .push(expired);
    std::fs::write(&file, serde_json::to_string(&json).expect("json")).expect("write");
    let shown = Clickpath::command("session")
        .arg("show")
        .arg(&file)
        .output();
    shown.assert_stdout_contains("old  domain 127.0.0.1 path /  expired 2001-09-09 01:46 UTC");
    values.push("expired-cookie-value-77".into());

    let reused = Clickpath::run()
        .runbook_file("reuse.yaml", REUSE)
        .var("base", &sites.base)
        .var("remote", &sites.remote)
        .arg("--session")
        .arg(&file)
        .arg("-v")
        .env("RUST_LOG", "clickpath=trace")
        .output();
    reused
        .assert_exit(0)
        .assert_stderr_contains(&format!("skipped the expired cookie old of {}", sites.base))
        .assert_stderr_contains(&format!(
            "restored a session from {}: 4 cookies for origins",
            file.display()
        ));
    let statuses = reused.statuses();
    assert_eq!(
        statuses.last().map(String::as_str),
        Some("skipped"),
        "{statuses:?}"
    );
    assert!(
        reused.files().iter().any(|f| f.ends_with(".dom.html")),
        "the missed step left a DOM snapshot: {:?}",
        reused.files()
    );
    let notes = reused.report()["session"].to_string();
    assert!(notes.contains("restored a session from"), "{notes}");
    assert_nowhere(&reused, &values);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_file_that_cannot_be_used_stops_before_any_browser() {
    let cases = [
        (
            "{\n  \"schema\": 1,\n  \"saved\": {",
            ":3:12: EOF while parsing an object",
        ),
        (
            r#"{"schema": 2, "saved": {}, "origins": {}}"#,
            ": schema 2 is not the one this clickpath reads (1); save the session again",
        ),
        (
            "{\"schema\": 1,\n \"origins\": {}, \"cookies\": []}",
            ":2:25: unknown field `cookies`, expected one of `schema`, `saved`, `origins`",
        ),
    ];
    for (text, message) in cases {
        let run = Clickpath::run().runbook("name: r\nsteps:\n  - goto: about:blank\n");
        let file = run.dir().join("bad.json");
        std::fs::write(&file, text).expect("write");
        let done = run.arg("--session").arg(&file).output();
        done.assert_exit(2)
            .assert_stderr_contains(&format!("error: session file {}{message}", file.display()));
        assert!(
            !done.evidence().exists(),
            "no run started: {}",
            done.stderr()
        );
    }
    let run = Clickpath::check().runbook("name: r\nsteps:\n  - goto: about:blank\n");
    let missing = run.dir().join("none.json");
    let done = run.arg("--session").arg(&missing).output();
    done.assert_exit(2).assert_stderr_contains(&format!(
        "error: session file {}: no such file",
        missing.display()
    ));
    assert!(!done.evidence().exists());
}

/// A session file as a person's earlier run would have saved it, for the base origin.
fn session_for(base: &str) -> serde_json::Value {
    let [sid, pref, token] = <[String; 3]>::try_from(values_of(base)).expect("three values");
    serde_json::json!({
        "schema": 1,
        "saved": {"at": "2026-11-25T10:00:00Z", "by": "clickpath 0.1.0", "runbook": "login.yaml", "via": "devtools"},
        "origins": { base: {
            "cookies": [
                {"name": "sid", "value": sid, "domain": "127.0.0.1", "path": "/", "expires": null, "httpOnly": true, "secure": false},
                {"name": "pref", "value": pref, "domain": "127.0.0.1", "path": "/", "expires": 4_000_000_000.0_f64, "httpOnly": false, "secure": false, "sameSite": "Lax"}
            ],
            "local_storage": {"token": token}
        }}
    })
}

const APP: &str = r#"
name: app
params:
  base: { default: "" }
steps:
  - goto: "${base}/session/app.html"
  - expect: "storage token: yes"
  - expect: "js cookie: yes"
  - expect: "server: signed in"
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_run_of_a_batch_restores_the_session_and_saves_its_own() {
    let sites = Sites::start().await;
    let keep = tempfile::tempdir().expect("temp dir");
    let file = keep.path().join("org.json");
    std::fs::write(&file, session_for(&sites.base).to_string()).expect("write");
    let batch = Clickpath::run()
        .runbook_file("first.yaml", APP)
        .runbook_file("second.yaml", APP)
        .var("base", &sites.base)
        .args(["--jobs", "2", "--session"])
        .arg(&file)
        .arg("--save-session")
        .arg(keep.path().join("after.json"))
        .output();
    batch.assert_exit(0);
    for label in ["first", "second"] {
        batch.assert_stderr_contains(&format!("[{label}] clickpath: restored a session from"));
        let saved = keep.path().join(format!("after.{label}.json"));
        assert_eq!(mode(&saved), 0o600);
        let json = read_json(&saved);
        assert_eq!(
            json["origins"][sites.base.as_str()]["local_storage"]["token"],
            format!("ls-{}-b7e4f1a9c3", port(&sites.base))
        );
    }
    assert!(
        !keep.path().join("after.json").exists(),
        "each run saves its own file"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_devtools_the_webdriver_cookie_api_saves_and_restores() {
    let sites = Sites::start().await;
    let keep = tempfile::tempdir().expect("temp dir");
    let file = keep.path().join("org.json");
    std::fs::write(&file, session_for(&sites.base).to_string()).expect("write");
    let again = keep.path().join("again.json");
    let run = Clickpath::run()
        .runbook_file("app.yaml", APP)
        .var("base", &sites.base)
        .arg("--session")
        .arg(&file)
        .arg("--save-session")
        .arg(&again)
        .env("CLICKPATH_STATE_VIA", "webdriver")
        .output();
    run.assert_exit(0)
        .assert_stderr_contains("cookies for origins")
        .assert_stderr_contains("(via webdriver)");
    let json = read_json(&again);
    assert_eq!(json["saved"]["via"], "webdriver");
    let state = &json["origins"][sites.base.as_str()];
    let names: Vec<&str> = state["cookies"]
        .as_array()
        .map(|c| c.iter().filter_map(|c| c["name"].as_str()).collect())
        .unwrap_or_default();
    assert!(names.contains(&"sid") && names.contains(&"pref"), "{state}");
    assert_nowhere(&run, &values_of(&sites.base));
}
