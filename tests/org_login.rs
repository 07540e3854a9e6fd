//! Real logins on the practice org, through the binary: a run that logs in with a TOTP code and saves
//! its session, a run whose restored session has lapsed on the server (the clear error), and the
//! resumed run that goes on from that step after a fresh login.

mod common;

use clickpath::practice::{PracticeOptions, Product, account, start_options};
use common::binary::Clickpath;

/// Logs in to the practice HubSpot, as the login's three screens ask, then opens its connected apps.
const LOG_IN: &str = r#"
name: log in to HubSpot
params:
  hubspot_url: { default: "" }
  user: { default: "" }
  password: { secret: true }
  mfa: { secret: true }
steps:
  - goto: "${hubspot_url}"
  - fill: { label: Email address, value: "${user}" }
  - click: Next
  - fill: { label: Password, value: "${password}" }
  - click: Log in
  - fill: { label: Verification code, totp: "${mfa}" }
  - click: Verify
  - expect: { visible: Marketplace }
"#;

/// The work, without any way to log in.
const WORK: &str = r#"
name: connected apps
params:
  hubspot_url: { default: "" }
steps:
  - goto: "${hubspot_url}"
  - click: Marketplace
    resume_from: connected apps
  - click: Connected apps
  - expect: Salesforce
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lapsed_session_is_the_clear_error_and_a_resume_goes_on_after_a_login() {
    common::machine_has_what_tests_need();
    let org = start_options(None, PracticeOptions::new())
        .await
        .expect("practice org");
    org.reset_language(clickpath::practice::Lang::En);
    let hubspot = format!("{}/hubspot", org.base_url());
    let me = account(Product::HubSpot);
    let keep = tempfile::tempdir().expect("temp dir");
    let log_in = |file: &str| {
        let saved = keep.path().join(file);
        Clickpath::run()
            .runbook(LOG_IN)
            .args(["--locale", "en"])
            .var("hubspot_url", &hubspot)
            .var("user", me.username)
            .secret("password", me.password)
            .secret("mfa", me.totp_secret)
            .arg("--save-session")
            .arg(&saved)
            .output()
            .assert_exit(0);
        saved
    };
    let first = log_in("first.json");

    // The server forgets every session: the restored cookie no longer opens HubSpot.
    org.expire_sessions();
    let lapsed = Clickpath::run()
        .runbook(WORK)
        .args(["--locale", "en", "--timeout", "3s"])
        .var("hubspot_url", &hubspot)
        .arg("--session")
        .arg(&first)
        .output();
    lapsed.assert_exit(1);
    lapsed.assert_stderr_contains("the session expired: this is the login page");
    lapsed.assert_stderr_contains("/hubspot/login");

    // A fresh login, and the resumed run goes on from the step that met the login page.
    let fresh = log_in("fresh.json");
    let resumed = lapsed.resume().arg("--session").arg(&fresh).output();
    resumed.assert_exit(0);
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(lapsed.evidence().join("report.json")).expect("report"),
    )
    .expect("report.json");
    let steps = report["steps"].as_array().expect("steps");
    assert_eq!(steps[1]["status"], "passed", "{}", steps[1]);
    assert_eq!(
        steps[1]["attempts"][0]["status"], "failed",
        "the lapsed attempt is kept: {}",
        steps[1]
    );
    org.shutdown().await;
}
