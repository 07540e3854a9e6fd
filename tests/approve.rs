//! `clickpath approve`: a run's screenshots into the baseline, what it prints, its usage errors.

mod common;

use common::binary::Clickpath;

/// A PNG of 4×3 grey pixels (any valid PNG will do: approve copies bytes and reads the size).
fn png() -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    image::RgbaImage::from_pixel(4, 3, image::Rgba([90, 90, 90, 255]))
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("encode");
    out.into_inner()
}

/// `clickpath approve` with a run folder `run` in its temp dir: step 1 with a screenshot, step 2 not
/// reached.
fn approve() -> Clickpath {
    let cmd = Clickpath::command("approve");
    let run = cmd.dir().join("run");
    std::fs::create_dir_all(&run).expect("run dir");
    std::fs::write(run.join("01-open.png"), png()).expect("screenshot");
    let report = serde_json::json!({
        "schema_version": 1, "clickpath_version": "0.1.0",
        "runbook": { "name": "Seed", "file": "seed.yaml" }, "locale": "it",
        "variants": { "ui": "lightning" }, "params": [], "browser": null,
        "started_at": "2026-01-02T03:04:05Z", "duration_ms": 5, "status": "passed",
        "steps": [
            { "index": 1, "section": "S", "name": "Open", "action": "goto", "line": 3,
              "status": "passed", "duration_ms": 1, "screenshot": "01-open.png" },
            { "index": 2, "section": "S", "name": "Save", "action": "click", "line": 4,
              "status": "not_reached", "duration_ms": 0 },
        ],
    });
    std::fs::write(run.join("report.json"), report.to_string()).expect("report");
    let baseline = cmd.dir().join("baselines");
    cmd.arg(run).arg("--baseline").arg(baseline)
}

#[test]
fn approves_the_chosen_steps_and_says_where_they_went() {
    let ran = approve().args(["--steps", "1"]).env("USER", "ada").output();
    ran.assert_exit(0);
    let dir = ran.dir().join("baselines/seed/ui-lightning-it");
    assert_eq!(
        ran.stdout(),
        format!(
            "approved step 1 (Open): {run}/01-open.png -> {dir}/01-open.png\n\
             1 image approved into {dir} (recorded in {dir}/baseline.json)\n",
            run = ran.dir().join("run").display(),
            dir = dir.display()
        )
    );
    assert_eq!(
        std::fs::read(dir.join("01-open.png")).expect("copied"),
        png()
    );
    let manifest = std::fs::read_to_string(dir.join("baseline.json")).expect("manifest");
    assert!(manifest.contains("\"approved_by\": \"ada\""), "{manifest}");
}

#[test]
fn all_skips_the_steps_without_a_screenshot() {
    let ran = approve().arg("--all").output();
    ran.assert_exit(0);
    ran.assert_stdout_contains("skipped step 2: no screenshot (status: not reached)\n");
}

#[test]
fn problems_are_usage_errors_with_their_reason() {
    approve()
        .args(["--steps", "2"])
        .output()
        .assert_exit(2)
        .assert_stderr_contains(
            "error: step 2 (Save) has no screenshot to approve (status: not reached)\n",
        );
    approve()
        .args(["--steps", "1,7"])
        .output()
        .assert_exit(2)
        .assert_stderr_contains("error: step 7 is not in this run: it has steps 1 to 2\n");
    approve()
        .args(["--steps", "5-x"])
        .output()
        .assert_exit(2)
        .assert_stderr_contains(r#""5-x": expected a step number or a range such as 5-7"#);
    approve()
        .output()
        .assert_exit(2)
        .assert_stderr_contains("<--steps <LIST>|--all>");
    let nowhere = Clickpath::command("approve");
    let missing = nowhere.dir().join("missing");
    nowhere
        .arg(&missing)
        .args(["--baseline", "b", "--all"])
        .output()
        .assert_exit(2)
        .assert_stderr_contains(&format!(
            "error: {} has no report.json: give the folder of a clickpath run (its evidence folder)\n",
            missing.display()
        ));
}
