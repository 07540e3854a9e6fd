//! Beside the straight line of steps: `if:` conditions, handlers of interruptions, one-time codes
//! from an authenticator secret, a login page where the session lapsed, in real headless Chromium
//! against the pages of `tests/sites/detours/`.

mod common;

use clickpath::report::model::StepStatus::{Failed, NotReached, Passed, Skipped};
use clickpath::run::Exit;
use common::{Sites, run_yaml, run_yaml_with};

/// A base32 secret of 20 bytes, as an authenticator app is given it.
const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

fn login_section(extra: &str) -> String {
    format!(
        r#"
  - name: Log in
    login: true
    if: {{ visible: {{ label: Password }} }}
    steps:
      - fill: {{ label: Email, value: admin@example.com }}
      - fill: {{ label: Password, value: "${{password}}" }}
      - click: Log in
{extra}"#
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_section_runs_only_where_the_login_page_is_shown() {
    let sites = Sites::start().await;
    let yaml = |start: &str| {
        format!(
            r#"name: conditions
sections:
  - name: Open
    steps:
      - goto: "${{base}}/detours/{start}"
{}
  - name: Work
    steps:
      - click: Publish
      - expect: published
"#,
            login_section("")
        )
    };
    let ran = run_yaml_with(
        &sites,
        &yaml("login.html"),
        &[("password", "s3cr3t-pw", true)],
        false,
    )
    .await;
    ran.assert_passed();
    let report = ran.report();
    let condition = report.steps[1]
        .condition
        .as_ref()
        .expect("the outcome of if:");
    assert!(condition.held && condition.section, "{condition:?}");
    assert_eq!(condition.condition, "label 'Password' visible");

    // Logged in already: the section's steps are skipped, and the report says why.
    let ran = run_yaml_with(
        &sites,
        &yaml("home.html"),
        &[("password", "s3cr3t-pw", true)],
        false,
    )
    .await;
    assert_eq!(ran.outcome.exit, Exit::Passed);
    assert_eq!(
        ran.statuses(),
        vec![Passed, Skipped, Skipped, Skipped, Passed, Passed]
    );
    let skipped = &ran.report().steps[1];
    let condition = skipped.condition.as_ref().expect("the outcome of if:");
    assert!(!condition.held, "{condition:?}");
    assert!(
        condition.waited_ms >= 1_900,
        "an if: waits up to 2s for its condition: {condition:?}"
    );
    assert!(
        skipped.notes.iter().any(|n| n.contains("did not hold")),
        "{:?}",
        skipped.notes
    );
    assert!(
        skipped.screenshot.is_none(),
        "a skipped step has no evidence"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_step_condition_skips_only_that_step() {
    let sites = Sites::start().await;
    let ran = run_yaml(
        &sites,
        r#"name: step condition
steps:
  - goto: "${base}/detours/home.html"
  - click: Sign out
    if: { url_contains: "nowhere", timeout: 300ms }
  - click: Publish
    if: { text: Home }
  - expect: published
"#,
        &[],
    )
    .await;
    assert_eq!(ran.outcome.exit, Exit::Passed);
    assert_eq!(ran.statuses(), vec![Passed, Skipped, Passed, Passed]);
    let held = ran.report().steps[2].condition.as_ref().expect("outcome");
    assert!(held.held && !held.section, "{held:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_handler_dismisses_the_prompt_in_the_way_and_the_step_goes_on() {
    let sites = Sites::start().await;
    let ran = run_yaml(
        &sites,
        r#"name: handlers
handlers:
  - name: What's new
    when: { role: dialog, name: "What's new" }
    steps:
      - click: Close
steps:
  - goto: "${base}/detours/home.html?whatsnew=300&again=1"
  - wait: { visible: { role: dialog } }
  - click: Publish
  - expect: published
"#,
        &[],
    )
    .await;
    ran.assert_passed();
    let step = &ran.report().steps[2];
    assert_eq!(
        step.interruptions.len(),
        2,
        "the prompt opened twice, so the handler ran twice: {:?}",
        step.interruptions
    );
    for (n, detour) in step.interruptions.iter().enumerate() {
        assert_eq!(detour.handler, "What's new");
        assert_eq!(detour.steps.len(), 1);
        let click = &detour.steps[0];
        assert_eq!(click.status, Passed, "{click:?}");
        let shot = click
            .screenshot
            .as_ref()
            .expect("a detour step has its screenshot");
        assert!(ran.dir.path().join(shot).is_file(), "{shot}");
        assert!(shot.starts_with("03-"), "filed under step 3: {shot} ({n})");
    }
    assert_ne!(
        step.interruptions[0].steps[0].screenshot, step.interruptions[1].steps[0].screenshot,
        "each run of the handler keeps its own picture"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_handler_that_cannot_dismiss_its_interruption_lets_the_step_fail() {
    let sites = Sites::start().await;
    let ran = run_yaml(
        &sites,
        r#"name: stubborn
handlers:
  - name: What's new
    when: { role: dialog, name: "What's new" }
    steps:
      - click: "Remind me later"
        timeout: 300ms
steps:
  - goto: "${base}/detours/home.html?whatsnew=0"
  - click: Publish
    timeout: 4s
"#,
        &[],
    )
    .await;
    assert_eq!(ran.outcome.exit, Exit::StepFailed);
    let step = &ran.report().steps[1];
    assert_eq!(step.status, Failed);
    assert_eq!(
        step.interruptions.len(),
        3,
        "three tries of the handler, then the step fails as it stands"
    );
    ran.assert_error_contains(2, "covered");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_totp_fill_types_the_current_code_and_no_artefact_shows_it() {
    let sites = Sites::start().await;
    let ran = run_yaml_with(
        &sites,
        r#"name: totp
params:
  mfa_secret: { secret: true }
steps:
  - goto: "${base}/detours/code.html?secret=${mfa_secret}"
  - fill: { label: Verification code, totp: "${mfa_secret}" }
  - click: Verify
  - expect: Code accepted
"#,
        &[("mfa_secret", SECRET, true)],
        false,
    )
    .await;
    ran.assert_passed();
    let fill = &ran.report().steps[1];
    assert!(
        fill.notes.iter().any(|n| n.contains("one-time code")),
        "{:?}",
        fill.notes
    );
    // Every code of the minutes around the run: none may be in any file of the evidence.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    let secret = totp_rs::Secret::try_from_base32(SECRET).expect("base32");
    let totp = totp_rs::Builder::new()
        .with_secret(secret.as_ref().to_vec())
        .build()
        .expect("totp");
    let codes: Vec<String> = (0..6)
        .map(|k| totp.generate(now + 60 - k * 30).to_string())
        .collect();
    for entry in std::fs::read_dir(ran.dir.path()).expect("evidence") {
        let path = entry.expect("entry").path();
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        for code in &codes {
            assert!(
                !text.contains(code.as_str()),
                "{} shows a code",
                path.display()
            );
        }
        assert!(
            !text.contains(SECRET),
            "{} shows the secret",
            path.display()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_page_instead_of_the_target_is_a_lapsed_session() {
    let sites = Sites::start().await;
    let ran = run_yaml(
        &sites,
        r#"name: expiry
steps:
  - goto: "${base}/detours/home.html"
  - click: Sign out
  - click: Publish
  - expect: published
"#,
        &[],
    )
    .await;
    assert_eq!(ran.outcome.exit, Exit::StepFailed);
    assert_eq!(ran.statuses(), vec![Passed, Passed, Failed, NotReached]);
    ran.assert_error_contains(3, "the session expired: this is the login page");
    ran.assert_error_contains(3, "/detours/login.html");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lapsed_session_is_logged_in_again_by_the_login_section() {
    let sites = Sites::start().await;
    let yaml = format!(
        r#"name: relogin
sections:
  - name: Open
    steps:
      - goto: "${{base}}/detours/home.html"
{}
  - name: Work
    steps:
      - click: Sign out
      - click: Publish
      - expect: published
"#,
        login_section("")
    );
    let ran = run_yaml_with(&sites, &yaml, &[("password", "s3cr3t-pw", true)], false).await;
    assert_eq!(
        ran.outcome.exit,
        Exit::Passed,
        "{:#?}",
        ran.report().steps[5]
    );
    let publish = &ran.report().steps[5];
    assert_eq!(publish.interruptions.len(), 1, "{publish:?}");
    let login = &publish.interruptions[0];
    assert_eq!(login.handler, "Log in");
    assert!(login.when.contains("login page"), "{}", login.when);
    assert_eq!(login.steps.len(), 3);
    assert!(login.steps.iter().all(|s| s.status == Passed));
    let report = std::fs::read_to_string(ran.dir.path().join("report.json")).expect("report");
    assert!(
        !report.contains("s3cr3t-pw"),
        "the password is in report.json"
    );
}
