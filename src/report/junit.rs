//! `junit.xml`: the run as JUnit XML for CI servers (one testsuite per section, one testcase per step),
//! each step's screenshot attached the way Jenkins' attachments plugin and GitLab read it.

use std::time::Duration;

use quick_junit::{NonSuccessKind, Property, Report, TestCase, TestCaseStatus, TestSuite};

use super::model::{RunReport, RunStatus, StepReport, StepStatus};
use crate::evidence::EvidenceDir;

/// The file name of the JUnit report.
pub const FILE_NAME: &str = "junit.xml";

/// Writes `junit.xml` into the evidence folder, next to the screenshots it attaches.
pub fn write_report(report: &RunReport, dir: &EvidenceDir) -> std::io::Result<()> {
    let xml = render(report).map_err(std::io::Error::other)?;
    dir.write(FILE_NAME, xml.as_bytes()).map(|_| ())
}

/// The JUnit XML of a run.
pub fn render(report: &RunReport) -> Result<String, quick_junit::SerializeError> {
    let mut junit = Report::new(report.runbook.name.as_str());
    junit.set_time(millis(report.duration_ms));
    if let Some(at) = timestamp(&report.started_at) {
        junit.set_timestamp(at);
    }
    let properties = run_properties(report);
    for steps in report.steps.chunk_by(|a, b| a.section == b.section) {
        let section = steps[0].section.as_str();
        let mut suite = TestSuite::new(section);
        suite.set_time(millis(steps.iter().map(|s| s.duration_ms).sum()));
        if let Some(at) = steps
            .iter()
            .find_map(|s| s.started_at.as_deref().and_then(timestamp))
        {
            suite.set_timestamp(at);
        }
        suite.add_properties(properties.iter().cloned());
        suite.add_test_cases(steps.iter().map(|s| test_case(report, s)));
        junit.add_test_suite(suite);
    }
    // A run that ended before any step could fail (no browser, say) must still read as red in CI.
    if let Some(case) = run_error_case(report) {
        let mut suite = TestSuite::new("run");
        suite.add_properties(properties);
        suite.add_test_case(case);
        junit.add_test_suite(suite);
    }
    junit.to_string()
}

fn test_case(report: &RunReport, step: &StepReport) -> TestCase {
    let status = match step.status {
        // A check run's destructive step: its target was proven there and ready, which is the test.
        StepStatus::Passed | StepStatus::Verified => TestCaseStatus::success(),
        StepStatus::Failed => {
            let (kind, ty) = failure_kind(report, step);
            let error = step.error.as_deref().unwrap_or("the step failed");
            let mut status = TestCaseStatus::non_success(kind);
            status
                .set_message(first_line(error))
                .set_type(ty)
                .set_description(diagnostics(report, step, error));
            status
        }
        StepStatus::Skipped => {
            let mut status = TestCaseStatus::skipped();
            let why = step.error.as_deref().map(first_line).unwrap_or_default();
            status
                .set_message(format!("optional step skipped: {why}").trim_end_matches([':', ' ']));
            status
        }
        StepStatus::NotReached => {
            let mut status = TestCaseStatus::skipped();
            status.set_message(not_reached_message(report));
            status
        }
        // Not performed by decision (nobody confirmed it), not because anything was wrong.
        StepStatus::Blocked => {
            let mut status = TestCaseStatus::skipped();
            status.set_message(
                "blocked: it cannot be undone and was not confirmed, so it was not performed (its target was found)",
            );
            status
        }
    };
    let mut case = TestCase::new(format!("{:02} {}", step.index, step.name), status);
    case.set_classname(classname(&report.runbook.name, &step.section));
    if step.status != StepStatus::NotReached {
        case.set_time(millis(step.duration_ms));
    }
    if let Some(at) = step.started_at.as_deref().and_then(timestamp) {
        case.set_timestamp(at);
    }
    case.extra
        .insert("file".into(), report.runbook.file.as_str().into());
    case.extra
        .insert("line".into(), step.line.to_string().as_str().into());
    let out = system_out(step);
    if !out.is_empty() {
        case.set_system_out(out);
    }
    case
}

/// Jenkins splits a classname at its last dot into package and class: runbook becomes the package and
/// the section the class, so dots inside either would split them in the wrong place.
fn classname(runbook: &str, section: &str) -> String {
    format!(
        "{}.{}",
        runbook.replace('.', "_"),
        section.replace('.', "_")
    )
}

/// A step the page did not match is a `failure`; one stopped by the browser going away or by an
/// interrupt is an `error`, as JUnit separates assertion failures from broken runs.
fn failure_kind(report: &RunReport, step: &StepReport) -> (NonSuccessKind, &'static str) {
    match report.status {
        RunStatus::Error if report.error.as_deref() == step.error.as_deref() => {
            (NonSuccessKind::Error, "BrowserLost")
        }
        RunStatus::Interrupted => (NonSuccessKind::Error, "Interrupted"),
        _ => (NonSuccessKind::Failure, "StepFailed"),
    }
}

fn diagnostics(report: &RunReport, step: &StepReport, error: &str) -> String {
    let mut lines = vec![error.to_owned(), String::new()];
    lines.push(format!(
        "step {} ({}) at {}:{}",
        step.index, step.action, report.runbook.file, step.line
    ));
    if let Some(locator) = &step.locator {
        lines.push(format!("locator: {locator}"));
    }
    if let Some(element) = &step.element {
        lines.push(format!(
            "element: {} ({})",
            element.description, element.path
        ));
    }
    if let Some(url) = &step.url {
        lines.push(format!("url: {url}"));
    }
    lines.join("\n")
}

fn not_reached_message(report: &RunReport) -> String {
    match report
        .steps
        .iter()
        .rfind(|s| s.status != StepStatus::NotReached)
    {
        Some(last) => format!("not reached: the run ended at step {}", last.index),
        None => "not reached: the run ended before its first step".to_owned(),
    }
}

/// What a CI server shows beside the test: the documentation sentence, where the browser was, and the
/// screenshot as an attachment line of its own (both Jenkins and GitLab want it alone on its line).
fn system_out(step: &StepReport) -> String {
    let mut lines = Vec::new();
    if let Some(doc) = &step.doc {
        lines.push(format!("doc: {doc}"));
    }
    if let Some(url) = &step.url {
        lines.push(format!("url: {url}"));
    }
    for note in &step.notes {
        lines.push(format!("note: {note}"));
    }
    if let Some(dialog) = &step.dialog {
        lines.push(format!("dialog: {dialog}"));
    }
    if let Some(image) = step.annotated.as_ref().or(step.screenshot.as_ref()) {
        lines.push(format!("[[ATTACHMENT|{image}]]"));
    }
    lines.join("\n")
}

fn run_error_case(report: &RunReport) -> Option<TestCase> {
    let ended_badly = matches!(
        report.status,
        RunStatus::Failed | RunStatus::Error | RunStatus::Interrupted
    );
    let step_failed = report.steps.iter().any(|s| s.status == StepStatus::Failed);
    if !ended_badly || step_failed {
        return None;
    }
    let error = report
        .error
        .as_deref()
        .unwrap_or("the run did not complete");
    let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
    status
        .set_message(first_line(error))
        .set_type("RunError")
        .set_description(error);
    let mut case = TestCase::new("00 run", status);
    case.set_classname(classname(&report.runbook.name, "run"));
    Some(case)
}

fn run_properties(report: &RunReport) -> Vec<Property> {
    let mut out = vec![
        Property::new("runbook.file", report.runbook.file.as_str()),
        Property::new("locale", report.locale.as_str()),
        Property::new("clickpath.version", report.clickpath_version.as_str()),
    ];
    for (name, value) in &report.variants {
        out.push(Property::new(format!("variant.{name}"), value.as_str()));
    }
    for param in &report.params {
        let value = param.value.as_deref().unwrap_or_default();
        out.push(Property::new(format!("param.{}", param.name), value));
    }
    if let Some(browser) = &report.browser {
        out.push(Property::new(
            "browser",
            format!("{} {}", browser.name, browser.version),
        ));
    }
    out
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

fn millis(ms: u64) -> Duration {
    Duration::from_millis(ms)
}

fn timestamp(rfc3339: &str) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    chrono::DateTime::parse_from_rfc3339(rfc3339).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(statuses: &[&str]) -> RunReport {
        let steps: Vec<serde_json::Value> = statuses
            .iter()
            .enumerate()
            .map(|(i, status)| {
                serde_json::json!({
                    "index": i + 1, "section": "S", "name": "n", "action": "click", "line": 1,
                    "status": status, "duration_ms": 1,
                })
            })
            .collect();
        serde_json::from_value(serde_json::json!({
            "schema_version": 1, "clickpath_version": "0.1.0",
            "runbook": { "name": "R", "file": "r.yaml" }, "locale": "en", "variants": {},
            "params": [], "browser": null, "started_at": "", "duration_ms": 3, "status": "blocked",
            "steps": steps,
        }))
        .expect("a report")
    }

    #[test]
    fn dots_in_names_cannot_split_the_classname() {
        assert_eq!(
            classname("Runbook v1.2", "2. Setup"),
            "Runbook v1_2.2_ Setup"
        );
    }

    #[test]
    fn a_verified_step_passes_and_a_blocked_one_is_skipped() {
        let xml = render(&report(&["passed", "verified", "blocked", "not_reached"])).expect("xml");
        let parsed = Report::deserialize_from_str(&xml).expect("reads back");
        assert_eq!(
            (parsed.tests, parsed.failures, parsed.errors, parsed.skipped),
            (4, 0, 0, 2)
        );
        assert!(
            xml.contains("<skipped message=\"blocked: it cannot be undone"),
            "{xml}"
        );
        assert!(
            xml.contains("not reached: the run ended at step 3"),
            "{xml}"
        );
    }

    #[test]
    fn only_a_line_of_its_own_carries_the_attachment() {
        let mut r = report(&["passed"]);
        r.steps[0].doc = Some("Click [[Save]].".into());
        r.steps[0].screenshot = Some("01-a.png".into());
        assert_eq!(
            system_out(&r.steps[0]),
            "doc: Click [[Save]].\n[[ATTACHMENT|01-a.png]]"
        );
    }
}
