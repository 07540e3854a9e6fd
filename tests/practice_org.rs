//! The shipped runbook against the practice org, in real headless Chromium: every UI variant and
//! language passes and leaves the org uninstalled, with one viewport PNG per step; an org where the
//! procedure already ran makes it fail with a clear message.

mod common;

use clickpath::run::Exit;
use common::binary::Clickpath;

use clickpath::demo::{Combination, DemoOptions, DemoRun, demo};
use clickpath::practice::state::UninstallStatus;
use clickpath::practice::{PracticeState, ShadowMode};
use clickpath::report::model::StepStatus;
use clickpath::run::{Confirm, Mode};

async fn run_demo(
    ui: &str,
    locale: &str,
    initial_state: Option<PracticeState>,
    vars: &[(&str, &str)],
) -> (DemoRun, tempfile::TempDir) {
    run_demo_as(
        ui,
        locale,
        initial_state,
        vars,
        Mode::Run,
        Confirm::Confirmed,
    )
    .await
}

async fn run_demo_as(
    ui: &str,
    locale: &str,
    initial_state: Option<PracticeState>,
    vars: &[(&str, &str)],
    mode: Mode,
    confirm: Confirm,
) -> (DemoRun, tempfile::TempDir) {
    run_demo_in(
        ui,
        locale,
        initial_state,
        vars,
        mode,
        confirm,
        ShadowMode::default(),
    )
    .await
}

async fn run_demo_in(
    ui: &str,
    locale: &str,
    initial_state: Option<PracticeState>,
    vars: &[(&str, &str)],
    mode: Mode,
    confirm: Confirm,
    shadow: ShadowMode,
) -> (DemoRun, tempfile::TempDir) {
    common::machine_has_what_tests_need();
    let out = tempfile::tempdir().expect("temp dir");
    let options = DemoOptions {
        combinations: vec![Combination {
            ui: ui.into(),
            locale: locale.into(),
        }],
        headed: false,
        out_root: Some(out.path().to_path_buf()),
        quiet: true,
        port: None,
        shadow,
        browser: Default::default(),
        initial_state,
        interruptions: Some(clickpath::demo::DEMO_INTERRUPTIONS),
        vars: vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        mode,
        confirm,
    };
    let mut runs = demo(&options, || Box::pin(std::future::pending()))
        .await
        .expect("demo starts");
    (runs.remove(0), out)
}

fn assert_uninstalled_with_evidence(run: &DemoRun, keep_copy: bool) {
    let report = &run.outcome.report;
    let failed: Vec<String> = report
        .steps
        .iter()
        .filter(|s| s.status != StepStatus::Passed)
        .map(|s| {
            format!(
                "step {} {:?}: {}",
                s.index,
                s.name,
                s.error.clone().unwrap_or_default()
            )
        })
        .collect();
    assert!(
        failed.is_empty(),
        "{}: {}",
        run.combination,
        failed.join("\n")
    );
    assert_eq!(run.outcome.exit, Exit::Passed);

    let state = &run.state;
    assert!(!state.hubspot.connected, "the integration is disconnected");
    assert!(
        state.hubspot.owner_cleanup_done,
        "the Salesforce owners were removed"
    );
    assert!(
        state.hubspot.records.iter().all(|r| {
            let owner = state
                .hubspot
                .owners
                .iter()
                .find(|o| Some(&o.id) == r.owner_id.as_ref());
            owner.is_none_or(|o| !o.salesforce_only)
        }),
        "no record is left with a Salesforce-only owner"
    );
    assert!(
        state
            .salesforce
            .installed
            .iter()
            .all(|p| p.name != "HubSpot Integration"),
        "the package left the installed list"
    );
    let gone = state
        .salesforce
        .uninstalled
        .iter()
        .find(|u| u.package.name == "HubSpot Integration")
        .expect("the package is in the uninstalled list");
    assert_eq!(gone.status, UninstallStatus::Complete);
    assert_eq!(
        gone.export.is_some(),
        keep_copy,
        "a data copy exactly when one was asked for"
    );

    let dir = &run.outcome.evidence_dir;
    let mut pngs = 0;
    // The practice org asks for a login and shows its prompts: the handlers' steps have their
    // screenshots too.
    let detours: Vec<_> = report
        .steps
        .iter()
        .flat_map(|s| &s.interruptions)
        .flat_map(|d| &d.steps)
        .collect();
    assert!(
        detours.iter().any(|s| s.name.starts_with("Accedere a")),
        "the run logged in"
    );
    for step in report.steps.iter().chain(detours.iter().copied()) {
        let Some(name) = &step.screenshot else {
            assert!(
                step.dialog.is_some(),
                "step {} has neither a screenshot nor a dialog",
                step.index
            );
            continue;
        };
        let bytes = std::fs::read(dir.join(name)).expect("screenshot on disk");
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{name} is a PNG");
        let size = (
            u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]),
            u32::from_be_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]),
        );
        assert_eq!(size, (1280, 800), "{name} has the window's viewport size");
        pngs += 1;
    }
    let files: Vec<String> = std::fs::read_dir(dir)
        .expect("evidence folder")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|name| name.ends_with(".png"))
        .collect();
    let (annotated, raw): (Vec<&String>, Vec<&String>) =
        files.iter().partition(|n| n.ends_with(".annotated.png"));
    assert_eq!(raw.len(), pngs, "one raw PNG per step, nothing else");
    let expected_annotated = report
        .steps
        .iter()
        .filter(|s| s.annotated.is_some())
        .count();
    assert_eq!(
        annotated.len(),
        expected_annotated,
        "every annotated copy in the report is on disk"
    );
    assert!(
        expected_annotated >= pngs / 2,
        "steps that act on an element have annotated copies"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn classic_in_italian() {
    let (run, _dir) = run_demo("classic", "it", None, &[]).await;
    assert_uninstalled_with_evidence(&run, true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn classic_in_english() {
    let (run, _dir) = run_demo("classic", "en", None, &[]).await;
    assert_uninstalled_with_evidence(&run, true);
}

// The Lightning combinations run the real LWC runtime, synthetic shadow by default (as production).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lightning_in_italian() {
    let (run, _dir) = run_demo("lightning", "it", None, &[]).await;
    assert_uninstalled_with_evidence(&run, true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lightning_in_english() {
    let (run, _dir) = run_demo("lightning", "en", None, &[]).await;
    assert_uninstalled_with_evidence(&run, true);
}

async fn run_native(locale: &str) -> (DemoRun, tempfile::TempDir) {
    let (run, dir) = run_demo_in(
        "lightning",
        locale,
        None,
        &[],
        Mode::Run,
        Confirm::Confirmed,
        ShadowMode::Native,
    )
    .await;
    (run, dir)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lightning_in_italian_with_native_shadow() {
    let (run, _dir) = run_native("it").await;
    assert_uninstalled_with_evidence(&run, true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lightning_in_english_with_native_shadow() {
    let (run, _dir) = run_native("en").await;
    assert_uninstalled_with_evidence(&run, true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn not_saving_a_copy_leaves_no_export() {
    let (run, _dir) = run_demo("classic", "it", None, &[("keep_data", "no")]).await;
    assert_uninstalled_with_evidence(&run, false);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_org_where_the_procedure_already_ran_fails_clearly() {
    let done = PracticeState::after_procedure(clickpath::practice::state::now_ms());
    let (run, _dir) = run_demo("lightning", "it", Some(done), &[]).await;
    assert_eq!(run.outcome.exit, Exit::StepFailed);
    let failed: Vec<_> = run
        .outcome
        .report
        .steps
        .iter()
        .filter(|s| s.status == StepStatus::Failed)
        .collect();
    assert_eq!(failed.len(), 1, "the run stops at the first failure");
    let error = failed[0].error.clone().unwrap_or_default();
    assert_eq!(failed[0].name, "click 'Disconnetti'");
    assert!(error.starts_with("'Disconnetti': "), "{error}");
    assert!(
        error.contains("nearest: 'Connetti'"),
        "the page offers Connetti instead: {error}"
    );
}

fn assert_untouched(state: &PracticeState) {
    assert!(
        state.hubspot.connected,
        "the integration is still connected"
    );
    assert!(!state.hubspot.owner_cleanup_done);
    assert!(
        state
            .salesforce
            .installed
            .iter()
            .any(|p| p.name == "HubSpot Integration"),
        "the package is still installed"
    );
    assert!(state.salesforce.uninstalled.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_proves_the_destructive_button_and_leaves_the_org_unchanged() {
    let (run, _dir) = run_demo_as("lightning", "it", None, &[], Mode::Check, Confirm::Refuse).await;
    assert_eq!(
        run.outcome.exit,
        Exit::Passed,
        "{:?}",
        run.outcome.report.error
    );
    let steps = &run.outcome.report.steps;
    let verified: Vec<&str> = steps
        .iter()
        .filter(|s| s.status == StepStatus::Verified)
        .map(|s| s.name.as_str())
        .collect();
    // The HubSpot disconnect, then (from the section that opens Salesforce afresh) the package's.
    assert_eq!(
        verified,
        ["click 'Disinstalla Salesforce'", "click 'Disinstalla'"]
    );
    for s in steps.iter().filter(|s| s.status == StepStatus::Verified) {
        assert!(
            s.annotated.is_some(),
            "the target of {:?} is highlighted in the evidence",
            s.name
        );
    }
    let first = steps
        .iter()
        .position(|s| s.status == StepStatus::Verified)
        .expect("a verified step");
    assert!(
        steps[..first]
            .iter()
            .all(|s| s.status == StepStatus::Passed)
    );
    let skipped: Vec<&str> = steps
        .iter()
        .filter(|s| s.status == StepStatus::NotReached)
        .map(|s| s.section.as_str())
        .collect();
    assert!(
        skipped.iter().any(|s| s.starts_with("Riassegnare")),
        "the sections that need the disconnect are not reached"
    );
    assert!(
        skipped.iter().any(|s| s.starts_with("Rimuovere")),
        "{skipped:?}"
    );
    assert!(steps.iter().all(|s| s.status != StepStatus::Failed));
    assert_untouched(&run.state);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unconfirmed_run_stops_before_the_destructive_step_with_exit_4() {
    let (run, _dir) = run_demo_as("classic", "en", None, &[], Mode::Run, Confirm::Refuse).await;
    assert_eq!(run.outcome.exit, Exit::Blocked);
    let blocked: Vec<_> = run
        .outcome
        .report
        .steps
        .iter()
        .filter(|s| s.status == StepStatus::Blocked)
        .collect();
    assert_eq!(blocked.len(), 1);
    assert_eq!(blocked[0].name, "click 'Uninstall Salesforce'");
    assert!(
        blocked[0].screenshot.is_some() && blocked[0].annotated.is_some(),
        "a screenshot of the target highlighted"
    );
    let error = run.outcome.report.error.clone().unwrap_or_default();
    assert!(
        error.contains("cannot be undone and was not confirmed"),
        "{error}"
    );
    assert_untouched(&run.state);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_matrix_walks_every_variant_and_locale_two_at_a_time_through_the_binary() {
    let server = clickpath::practice::start(None)
        .await
        .expect("practice org");
    let mut check = Clickpath::check()
        .arg("runbooks/hubspot-salesforce-uninstall.yaml")
        .args(["--matrix", "--jobs", "2", "--quiet"]);
    for (name, value) in server.runbook_vars() {
        check = check.var(name, value);
    }
    let ran = check.output();
    ran.assert_exit(0);
    let mut folders: Vec<String> = std::fs::read_dir(ran.evidence())
        .expect("evidence root")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    folders.sort();
    assert_eq!(
        folders,
        [
            "ui-classic-en",
            "ui-classic-it",
            "ui-lightning-en",
            "ui-lightning-it"
        ]
    );
    for folder in &folders {
        let report = ran.report_in(folder);
        assert_eq!(report["status"], "passed", "{folder}");
        let verified = report["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .filter(|s| s["status"] == "verified")
            .count();
        assert_eq!(
            verified, 2,
            "{folder}: both destructive targets were proven, not clicked"
        );
    }
    ran.assert_stderr_contains("✓ holds");
    assert_untouched(&server.state());
    server.shutdown().await;
}
