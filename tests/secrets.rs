//! A secret given with --secret never appears in anything clickpath writes or prints: stdout, stderr
//! (with tracing on), report.json, junit.xml, report.html, DOM snapshots, screenshots' file names, the
//! procedure documents.

mod common;

use common::Sites;
use common::binary::Clickpath;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secret_never_reaches_any_artefact_or_output() {
    let sites = Sites::start().await;
    let secret = "S3cr3t-Pa55w0rd";
    let book = r#"
name: "Login with ${password}"
params:
  base: { default: "" }
  password: { required: true }
steps:
  - goto: "${base}/basics.html"
  - fill: { label: Password, value: "${password}" }
    name: "type ${password}"
    doc: "Type the password ${password}."
  - fill: { placeholder: Cerca, value: "cerco ${password}" }
  - expect: { text: "filled: password=${password}" }
  - click: "Non c'è ${password}"
    timeout: 300ms
"#;
    let run = Clickpath::run()
        .arg("-v")
        .runbook_file("login.yaml", book)
        .var("base", &sites.base)
        .secret("password", secret)
        .env("RUST_LOG", "clickpath=trace")
        .output();
    assert_eq!(
        run.code(),
        Some(1),
        "the last step fails on purpose: {}",
        run.stderr()
    );
    let mut outputs = vec![run.stdout().to_owned(), run.stderr().to_owned()];
    for format in ["md", "html"] {
        let docs = Clickpath::command("docs")
            .arg(run.evidence())
            .args(["--format", format])
            .output();
        docs.assert_exit(0);
        outputs.push(docs.stdout().to_owned());
        outputs.push(docs.stderr().to_owned());
    }
    for (i, text) in outputs.iter().enumerate() {
        assert!(
            !text.contains(secret),
            "output #{i} shows the secret: {text}"
        );
    }
    let files = run.files();
    for name in &files {
        assert!(
            !name.contains(secret),
            "a file name shows the secret: {name}"
        );
        let bytes = std::fs::read(run.evidence().join(name)).expect("read artefact");
        assert!(!contains(&bytes, secret), "{name} contains the secret");
    }
    for expected in [
        "report.json",
        "junit.xml",
        "report.html",
        "procedure.md",
        "procedure.html",
    ] {
        assert!(
            files.iter().any(|f| f == expected),
            "{expected} was written: {files:?}"
        );
    }
    assert!(
        files.iter().any(|f| f.ends_with(".dom.html")),
        "a DOM snapshot of the failed step: {files:?}"
    );
    assert!(
        files.iter().any(|f| f.ends_with(".annotated.png")),
        "annotated copies: {files:?}"
    );
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// The practice org's login, for real: passwords and authenticator secrets given with --secret, the
/// codes the run makes from them, and the session it saves are in no artefact or output of the run
/// that logs in, nor of the next run, which restores the session and so logs in nowhere.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logins_codes_and_saved_sessions_never_reach_any_artefact() {
    common::machine_has_what_tests_need();
    let org = clickpath::practice::start_options(
        None,
        clickpath::practice::PracticeOptions::new().interruptions(7),
    )
    .await
    .expect("practice org");
    assert!(org.login_required());
    let runbook = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("runbooks/hubspot-salesforce-uninstall.yaml");
    let keep = tempfile::tempdir().expect("temp dir");
    let session = keep.path().join("org-session.json");
    let started = unix_now();
    let check = |extra: &[&str]| {
        let mut cmd = Clickpath::check()
            .arg(&runbook)
            .args(["--variant", "ui=lightning", "--locale", "it", "-v"])
            .env("RUST_LOG", "clickpath=debug");
        for (name, value) in org.runbook_vars() {
            cmd = if name.contains("password") || name.contains("secret") {
                cmd.secret(name, value)
            } else {
                cmd.var(name, value)
            };
        }
        cmd.args(extra.iter().copied()).output()
    };
    let first = check(&["--save-session", session.to_str().expect("utf-8 path")]);
    first.assert_exit(0);
    let second = check(&["--session", session.to_str().expect("utf-8 path")]);
    second.assert_exit(0);

    let report = |run: &common::binary::Finished| -> clickpath::report::model::RunReport {
        let text = std::fs::read_to_string(run.evidence().join("report.json")).expect("report");
        serde_json::from_str(&text).expect("report.json")
    };
    let logins = |r: &clickpath::report::model::RunReport| -> Vec<String> {
        r.steps
            .iter()
            .flat_map(|s| &s.interruptions)
            .filter(|d| d.handler.starts_with("Accedere"))
            .map(|d| d.handler.clone())
            .collect()
    };
    assert_eq!(
        logins(&report(&first)),
        vec!["Accedere a HubSpot", "Accedere a Salesforce"],
        "the first run logs in to both products"
    );
    assert_eq!(
        logins(&report(&second)),
        Vec::<String>::new(),
        "the second run restores the session and logs in nowhere"
    );

    // What must not show: passwords, authenticator secrets, every code of the minutes of the runs,
    // and the session cookies' values.
    let mut hidden: Vec<String> = Vec::new();
    for account in clickpath::practice::accounts() {
        hidden.push(account.password.to_owned());
        hidden.push(account.totp_secret.to_owned());
        for at in (started.saturating_sub(60)..unix_now() + 60).step_by(30) {
            hidden.push(account.code_at(at));
        }
    }
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&session).expect("session file"))
            .expect("session JSON");
    let mut cookies = 0;
    for (_, origin) in saved["origins"].as_object().expect("origins") {
        for cookie in origin["cookies"].as_array().expect("cookies") {
            if let Some(value) = cookie["value"].as_str().filter(|v| v.len() >= 16) {
                hidden.push(value.to_owned());
                cookies += 1;
            }
        }
    }
    assert!(
        cookies >= 2,
        "both products' session cookies were saved: {saved}"
    );
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&session)
        .expect("meta")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600, "the session file is the owner's alone");

    for run in [&first, &second] {
        for text in [run.stdout(), run.stderr()] {
            for value in &hidden {
                assert!(!text.contains(value.as_str()), "an output shows {value:?}");
            }
        }
        for name in run.files() {
            let bytes = std::fs::read(run.evidence().join(&name)).expect("read artefact");
            for value in &hidden {
                assert!(!contains(&bytes, value), "{name} contains {value:?}");
            }
        }
    }
    org.shutdown().await;
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs()
}
