//! Visual baselines through the binary, in real headless Chromium: a first check marks every step
//! new, `approve --all` makes the baseline, later checks read `same` (a clock ignored, a secret field
//! masked, an endless animation and the caret held still), and a changed colour or a new notice
//! reads `drifted` with its diff image, failing the run only with --fail-on-visual-drift.

mod common;

use std::path::Path;

use common::Sites;
use common::binary::{Clickpath, Finished};
use serde_json::Value;

fn book(ignore_clock: bool) -> String {
    let visual = if ignore_clock {
        "\n    visual: { ignore: [ { css: \"#clock\" } ] }"
    } else {
        ""
    };
    format!(
        r#"name: visual settings
params:
  base: {{ default: "" }}
  query: {{ default: "" }}
  token: {{ secret: true, default: "" }}
steps:
  - goto: "${{base}}/visual/page.html${{query}}"
    name: Open the settings{visual}
  - fill: {{ label: API token, value: "${{token}}" }}{visual}
  - click: Save{visual}
"#
    )
}

fn check(sites: &Sites, baseline: &Path, yaml: &str, query: &str, token: &str) -> Clickpath {
    Clickpath::run()
        .runbook(yaml)
        .var("base", &sites.base)
        .var("query", query)
        .secret("token", token)
        .arg("--baseline")
        .arg(baseline)
}

fn visuals(run: &Finished) -> Vec<String> {
    let report: Value = serde_json::from_str(
        &std::fs::read_to_string(run.evidence().join("report.json")).expect("report"),
    )
    .expect("report.json");
    report["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| s["visual"]["status"].as_str().unwrap_or("none").to_owned())
        .collect()
}

fn step(run: &Finished, index: usize) -> Value {
    let report: Value = serde_json::from_str(
        &std::fs::read_to_string(run.evidence().join("report.json")).expect("report"),
    )
    .expect("report.json");
    report["steps"][index].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_check_is_new_approve_makes_the_baseline_and_the_next_checks_are_the_same() {
    let sites = Sites::start().await;
    let keep = tempfile::tempdir().expect("temp dir");
    let baseline = keep.path().join("baselines");
    let yaml = book(true);

    let first = check(&sites, &baseline, &yaml, "", "tok-1111-aaaa").output();
    first.assert_exit(0);
    assert_eq!(visuals(&first), ["new", "new", "new"]);
    assert!(
        step(&first, 0)["visual"]["note"]
            .as_str()
            .is_some_and(|n| n.contains("clickpath approve")),
        "a new step says how to approve it"
    );

    let approve = Clickpath::command("approve")
        .arg(first.evidence())
        .arg("--baseline")
        .arg(&baseline)
        .arg("--all")
        .output();
    approve.assert_exit(0);
    let folder = baseline.join("visual-settings").join("default");
    let folder = if folder.is_dir() {
        folder
    } else {
        // The combination's folder is named by the run's variants and locale.
        std::fs::read_dir(baseline.join("visual-settings"))
            .expect("the runbook's baseline folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .next()
            .expect("a combination folder")
    };
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(folder.join("baseline.json")).expect("baseline.json"),
    )
    .expect("baseline.json is JSON");
    assert_eq!(
        manifest["images"].as_object().map(|m| m.len()),
        Some(3),
        "{manifest}"
    );

    // Twice more, with another secret in the masked field: the same, every step.
    for token in ["other-secret-value-2222", "x"] {
        let again = check(&sites, &baseline, &yaml, "", token).output();
        again.assert_exit(0);
        assert_eq!(
            visuals(&again),
            ["same", "same", "same"],
            "{}",
            step(&again, 1)
        );
        let ratio = step(&again, 2)["visual"]["diff_ratio"].as_f64();
        assert_eq!(ratio, Some(0.0), "a still page compares exactly");
    }

    // A colour drifted, and a new notice moved the panel: drifted, with a diff and the baseline beside.
    for query in ["?brand=%23c23934", "?notice=1"] {
        let drifted = check(&sites, &baseline, &yaml, query, "tok-1111-aaaa").output();
        drifted.assert_exit(0);
        assert_eq!(
            visuals(&drifted),
            ["drifted", "drifted", "drifted"],
            "{query}"
        );
        let visual = &step(&drifted, 0)["visual"];
        let diff = visual["diff"].as_str().expect("a diff image");
        assert!(drifted.evidence().join(diff).is_file(), "{diff}");
        let shown = visual["baseline"].as_str().expect("the baseline beside it");
        assert!(drifted.evidence().join(shown).is_file(), "{shown}");
        assert!(
            visual["diff_ratio"].as_f64().is_some_and(|r| r > 0.001),
            "{visual}"
        );
    }
    let failing = check(&sites, &baseline, &yaml, "?notice=1", "t")
        .arg("--fail-on-visual-drift")
        .output();
    failing.assert_exit(1);
    failing.assert_stderr_contains("drifted from the baseline");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clock_drifts_unless_the_step_ignores_it_and_approving_one_step_fixes_it() {
    let sites = Sites::start().await;
    let keep = tempfile::tempdir().expect("temp dir");
    let baseline = keep.path().join("baselines");
    let yaml = book(false);
    let first = check(&sites, &baseline, &yaml, "", "t").output();
    first.assert_exit(0);
    Clickpath::command("approve")
        .arg(first.evidence())
        .arg("--baseline")
        .arg(&baseline)
        .arg("--all")
        .output()
        .assert_exit(0);
    let second = check(&sites, &baseline, &yaml, "", "t").output();
    assert_eq!(
        visuals(&second),
        ["drifted", "drifted", "drifted"],
        "the clock's milliseconds changed"
    );
    // Approving step 2 of that run: its next check reads the same only if nothing moved there
    // either, which the clock prevents; the ignored clock is what makes it the same.
    let ignoring = check(&sites, &baseline, &book(true), "", "t").output();
    assert_eq!(visuals(&ignoring), ["same", "same", "same"]);

    Clickpath::command("approve")
        .arg(second.evidence())
        .arg("--baseline")
        .arg(&baseline)
        .args(["--steps", "2"])
        .output()
        .assert_exit(0);
    let after = check(&sites, &baseline, &book(true), "", "t").output();
    assert_eq!(visuals(&after), ["same", "same", "same"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_practice_orgs_drift_switch_reads_as_drift_and_back_as_the_same() {
    common::machine_has_what_tests_need();
    let org = clickpath::practice::start_options(
        None,
        clickpath::practice::PracticeOptions::new().login(false),
    )
    .await
    .expect("practice org");
    let keep = tempfile::tempdir().expect("temp dir");
    let baseline = keep.path().join("baselines");
    let yaml = r#"name: hubspot apps
locale: it
params:
  hubspot_url: { default: "" }
steps:
  - goto: "${hubspot_url}"
  - click: Marketplace
  - click: App collegate
"#;
    let check = || {
        Clickpath::run()
            .runbook(yaml)
            .var("hubspot_url", format!("{}/hubspot", org.base_url()))
            .arg("--baseline")
            .arg(&baseline)
            .output()
    };
    let first = check();
    first.assert_exit(0);
    Clickpath::command("approve")
        .arg(first.evidence())
        .arg("--baseline")
        .arg(&baseline)
        .arg("--all")
        .output()
        .assert_exit(0);
    for (drift, expected) in [
        (clickpath::practice::Drift::Colour, "drifted"),
        (clickpath::practice::Drift::Moved, "drifted"),
        (clickpath::practice::Drift::New, "drifted"),
        (clickpath::practice::Drift::None, "same"),
    ] {
        org.set_drift(drift);
        let run = check();
        run.assert_exit(0);
        assert_eq!(
            visuals(&run),
            [expected, expected, expected],
            "{}",
            drift.as_str()
        );
    }
    org.shutdown().await;
}
