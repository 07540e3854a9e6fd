//! `clickpath run --resume RUN_DIR`: continue a run in its own evidence folder from the first step that
//! did not pass, with the same values, keeping every attempt in the report.

use crate::report::model::{Attempt, Resumed, RunReport, RunStatus, StepStatus};
use crate::runbook::plan::{Plan, Settings, VarValue};

/// The settings of the earlier run: its locale, variants and the values it was given. Secret values
/// are not in the report: they must be given again (`--secret`), or this says which is missing.
pub fn settings(
    previous: &RunReport,
    given: &[VarValue],
    timeout: Option<std::time::Duration>,
) -> Result<Settings, String> {
    let mut vars: Vec<VarValue> = Vec::new();
    for param in &previous.params {
        if let Some(v) = given.iter().find(|v| v.name == param.name) {
            vars.push(v.clone());
            continue;
        }
        if param.source == "default" || param.source == "none" {
            continue;
        }
        if param.secret {
            return Err(format!(
                "the run used a secret value for `{}`: pass it again with --secret {}=...",
                param.name, param.name
            ));
        }
        if let Some(value) = &param.value {
            vars.push(VarValue {
                name: param.name.clone(),
                value: value.clone(),
                secret: false,
            });
        }
    }
    vars.extend(
        given
            .iter()
            .filter(|v| !previous.params.iter().any(|p| p.name == v.name))
            .cloned(),
    );
    Ok(Settings {
        locale: Some(previous.locale.clone()),
        variants: previous.variants.clone().into_iter().collect(),
        vars,
        timeout,
        ..Settings::default()
    })
}

/// The report to continue and the 0-based index of the first step to perform: the first that did not
/// pass, or the start of the section its `resume_from` names.
pub fn prepare(previous: &RunReport, plan: &Plan) -> Result<(RunReport, usize), String> {
    if previous.steps.len() != plan.steps.len()
        || previous
            .steps
            .iter()
            .zip(&plan.steps)
            .any(|(a, b)| a.index != b.index || a.action != b.action.kind().key())
    {
        return Err("the runbook's steps changed since that run: start a new run instead".into());
    }
    let Some(failed) = previous.steps.iter().position(|s| {
        !matches!(
            s.status,
            StepStatus::Passed | StepStatus::Skipped | StepStatus::Verified
        )
    }) else {
        return Err("every step of that run passed: nothing to resume".into());
    };
    let start = plan.steps[failed]
        .resume_from
        .iter()
        .find_map(|section| plan.steps.iter().position(|s| &s.section == section))
        .filter(|&i| i <= failed)
        .unwrap_or(failed);
    let mut report = previous.clone();
    report.status = RunStatus::Running;
    report.error = None;
    report.resumed.push(Resumed {
        at: super::now_rfc3339(),
        from_step: start + 1,
    });
    for step in &mut report.steps[start..] {
        if step.status != StepStatus::NotReached {
            step.attempts.push(Attempt {
                status: step.status,
                started_at: step.started_at.take(),
                duration_ms: step.duration_ms,
                screenshot: step.screenshot.take(),
                annotated: step.annotated.take(),
                dom_snapshot: step.dom_snapshot.take(),
                error: step.error.take(),
            });
        }
        step.status = StepStatus::NotReached;
        step.duration_ms = 0;
        step.locate_ms = 0;
        step.act_ms = 0;
        step.element = None;
        step.dialog = None;
        step.url = None;
        step.masked.clear();
        step.capture_ms = 0;
        step.annotate_ms = None;
        step.notes.clear();
    }
    Ok((report, start))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::model::ParamReport;
    use crate::report::model::RunbookInfo;

    fn previous(params: Vec<ParamReport>) -> RunReport {
        RunReport {
            schema_version: 1,
            clickpath_version: "0".into(),
            runbook: RunbookInfo {
                name: "r".into(),
                file: "r.yaml".into(),
            },
            locale: "it".into(),
            variants: [("ui".to_owned(), "classic".to_owned())]
                .into_iter()
                .collect(),
            params,
            browser: None,
            started_at: String::new(),
            duration_ms: 0,
            status: RunStatus::Failed,
            error: None,
            session: Vec::new(),
            resumed: Vec::new(),
            steps: Vec::new(),
            peak_rss_kib: None,
            visual_wait_ms: None,
            overhead: None,
            documentation: None,
        }
    }

    fn param(name: &str, value: &str, secret: bool, source: &str) -> ParamReport {
        ParamReport {
            name: name.into(),
            value: Some(value.into()),
            secret,
            source: source.into(),
        }
    }

    #[test]
    fn values_given_to_the_run_are_given_again_defaults_are_not() {
        let p = previous(vec![
            param("base", "http://h", false, "var"),
            param("keep", "yes", false, "default"),
        ]);
        let s = settings(&p, &[], None).expect("settings");
        assert_eq!(s.locale.as_deref(), Some("it"));
        assert_eq!(s.variants, vec![("ui".to_owned(), "classic".to_owned())]);
        assert_eq!(
            s.vars
                .iter()
                .map(|v| (v.name.as_str(), v.value.as_str()))
                .collect::<Vec<_>>(),
            [("base", "http://h")]
        );
    }

    #[test]
    fn a_secret_must_be_given_again() {
        let p = previous(vec![param("password", "•••", true, "var")]);
        assert_eq!(
            settings(&p, &[], None).err().as_deref(),
            Some(
                "the run used a secret value for `password`: pass it again with --secret password=..."
            )
        );
        let given = [VarValue {
            name: "password".into(),
            value: "pw".into(),
            secret: true,
        }];
        assert_eq!(
            settings(&p, &given, None).expect("settings").vars[0].value,
            "pw"
        );
    }
}
