//! `report.html`: the evidence of a run for a person, in one self-contained file beside the screenshots
//! (inline CSS and script, images by relative path), so the folder can be zipped and opened anywhere.

use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use super::docs_view;
use super::model::{Documentation, RunReport, RunStatus, StepReport, StepStatus};
use crate::evidence::EvidenceDir;
use crate::html_escape::escape;

/// The file name of the HTML report.
pub const FILE_NAME: &str = "report.html";

const BASE_CSS: &str = include_str!("assets/base.css");
const REPORT_CSS: &str = include_str!("assets/report.css");
/// The verified article's styles, shared with the procedure document.
pub(crate) const DOCS_CSS: &str = include_str!("assets/docs.css");
const PAGE_JS: &str = include_str!("assets/page.js");

/// Writes `report.html` into the evidence folder.
pub fn write_report(report: &RunReport, dir: &EvidenceDir) -> std::io::Result<()> {
    dir.write(FILE_NAME, render(report).as_bytes()).map(|_| ())
}

/// The HTML report of a run, with image paths relative to the run folder.
pub fn render(report: &RunReport) -> String {
    let mut body = String::from("<div class=\"page\">\n");
    summary(&mut body, report);
    if let Some(doc) = &report.documentation {
        tabs(&mut body, doc);
    }
    body.push_str(if report.documentation.is_some() {
        "<main class=\"view steps-view\">\n"
    } else {
        "<main>\n"
    });
    let mut number = 0;
    for steps in report.steps.chunk_by(|a, b| a.section == b.section) {
        number += 1;
        section(&mut body, report, number, steps);
    }
    body.push_str("</main>\n");
    if let Some(doc) = &report.documentation {
        documentation(&mut body, doc);
    }
    let _ = writeln!(
        body,
        "<footer>Written by clickpath {} from the same run as <code>report.json</code>. The screenshots are the files \
         beside this page: keep them together.</footer>\n</div>\n<dialog id=\"zoom\"></dialog>",
        escape(&report.clickpath_version)
    );
    let title = format!("{} · run report", report.runbook.name);
    page("en", &title, &[BASE_CSS, REPORT_CSS, DOCS_CSS], &body)
}

/// The two views of the page, Steps and Documentation: radio buttons and CSS, so the switch works
/// without script and each view prints on its own.
fn tabs(out: &mut String, doc: &Documentation) {
    let tally = if doc.error.is_some() {
        "article not read".to_owned()
    } else {
        format!("{}/{} verified", doc.verified, doc.instructions)
    };
    let _ = writeln!(
        out,
        "<input type=\"radio\" name=\"view\" id=\"view-steps\" class=\"view-switch\" checked>\
         <input type=\"radio\" name=\"view\" id=\"view-docs\" class=\"view-switch\">\
         <nav class=\"tabs\" aria-label=\"Views\"><label for=\"view-steps\" id=\"tab-steps\">Steps</label>\
         <label for=\"view-docs\" id=\"tab-docs\">Documentation <span class=\"tab-tally\">{}</span></label></nav>",
        escape(&tally)
    );
}

/// The Documentation view: the article in its order, each instruction with what the run showed.
fn documentation(out: &mut String, doc: &Documentation) {
    let _ = writeln!(
        out,
        "<section class=\"view docs-view\" id=\"documentation\" aria-labelledby=\"docs-title\">\n\
         <div class=\"docs-head\"><div><h2 id=\"docs-title\">The documentation, verified by this run</h2>\
         <p class=\"file\">{} · {}</p></div>",
        escape(&doc.article),
        escape(&doc.locale)
    );
    out.push_str("<ul class=\"doc-counts\">");
    for (status, n) in docs_view::counts(doc) {
        if n == 0 && status != docs_view::STATUSES[0] {
            continue;
        }
        let _ = write!(
            out,
            "<li class=\"s-{}\"><b>{n}</b>{}</li>",
            docs_view::class(status),
            docs_view::label(status, "en").to_lowercase()
        );
    }
    out.push_str("</ul></div>\n");
    out.push_str(&docs_view::html(doc, ""));
    out.push_str("</section>\n");
}

fn summary(out: &mut String, report: &RunReport) {
    let (class, label) = verdict(report.status);
    let _ = writeln!(
        out,
        "<header class=\"summary v-{class}\">\n<p class=\"kicker\">clickpath · run report</p>\n\
         <div class=\"title-row\"><div><h1 lang=\"{lang}\">{name}</h1><p class=\"file\">{file}</p></div>\
         <div class=\"verdict\" role=\"status\">{icon}<span>{label}</span></div></div>",
        lang = escape(&report.locale),
        name = escape(&report.runbook.name),
        file = escape(&report.runbook.file),
        icon = icon(class),
    );
    out.push_str("<ul class=\"counts\" aria-label=\"Steps\">");
    for status in STEP_STATUSES {
        let n = report.steps.iter().filter(|s| s.status == status).count();
        // The four every run has stay (a 0 failed is news too); the gate's two only when they happened.
        if n == 0 && matches!(status, StepStatus::Blocked | StepStatus::Verified) {
            continue;
        }
        let zero = if n == 0 { " zero" } else { "" };
        let _ = write!(
            out,
            "<li class=\"{}{zero}\"><b>{n}</b>{}</li>",
            step_class(status),
            step_label(status).to_lowercase()
        );
    }
    out.push_str("</ul>\n");
    visual_counts(out, report);
    meta(out, report);
    run_error(out, report);
    extras(out, report);
    out.push_str("</header>\n");
}

/// Where and how it ran.
fn meta(out: &mut String, report: &RunReport) {
    out.push_str("<dl class=\"meta\">");
    let variants = report
        .variants
        .iter()
        .map(|(k, v)| format!("{k} = {v}"))
        .collect::<Vec<_>>()
        .join(", ");
    let browser = report.browser.as_ref().map_or_else(
        || "unknown".to_owned(),
        |b| {
            let mut text = format!("{} {}", capitalized(&b.name), b.version);
            if b.headless {
                text.push_str(" (headless)");
            }
            if let Some(driver) = &b.driver_version {
                let _ = write!(text, " · driver {driver}");
            }
            text
        },
    );
    let started = utc_time(&report.started_at, "%Y-%m-%d %H:%M:%S UTC")
        .unwrap_or_else(|| report.started_at.clone());
    for (term, value) in [
        (
            "Variant",
            if variants.is_empty() {
                "—".to_owned()
            } else {
                variants
            },
        ),
        ("Locale", report.locale.clone()),
        ("Browser", browser),
        ("Started", started),
        ("Duration", duration(report.duration_ms)),
        ("Steps", format!("{} planned", report.steps.len())),
    ] {
        let _ = write!(out, "<div><dt>{term}</dt><dd>{}</dd></div>", escape(&value));
    }
    out.push_str("</dl>\n");
}

/// Why the run ended early, with a link to the step that ended it.
fn run_error(out: &mut String, report: &RunReport) {
    if let Some(error) = &report.error {
        let title = match report.status {
            RunStatus::Failed => "The run failed",
            RunStatus::Error => "The browser or its driver went away",
            RunStatus::Interrupted => "The run was interrupted",
            RunStatus::Blocked => "The run stopped before a step that cannot be undone",
            RunStatus::Passed | RunStatus::Running => "The run reported an error",
        };
        let jump = report
            .steps
            .iter()
            .find(|s| matches!(s.status, StepStatus::Failed | StepStatus::Blocked))
            .map(|s| format!("<p><a href=\"#step-{0}\">Go to step {0}</a></p>", s.index))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "<section class=\"run-error\" role=\"alert\"><h2>{title}</h2><pre>{}</pre>{jump}</section>",
            escape(error)
        );
    }
}

/// The parameters it ran with, and the sections with their outcome.
fn extras(out: &mut String, report: &RunReport) {
    out.push_str("<div class=\"extras\"><section><h2>Parameters</h2>");
    if report.params.is_empty() {
        out.push_str("<p>None.</p>");
    } else {
        out.push_str("<table class=\"params\">");
        for p in &report.params {
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&p.name),
                escape(p.value.as_deref().unwrap_or("—")),
                escape(&p.source)
            );
        }
        out.push_str("</table>");
    }
    out.push_str("</section><nav aria-label=\"Sections\"><h2>Sections</h2><ol class=\"toc\">");
    for (i, steps) in report
        .steps
        .chunk_by(|a, b| a.section == b.section)
        .enumerate()
    {
        let failed = steps
            .iter()
            .any(|s| matches!(s.status, StepStatus::Failed | StepStatus::Blocked));
        let _ = write!(
            out,
            "<li><a href=\"#section-{n}\" lang=\"{lang}\">{n}. {name}</a><span class=\"tally{bad}\">{tally}</span></li>",
            n = i + 1,
            lang = escape(&report.locale),
            name = escape(&steps[0].section),
            bad = if failed { " bad" } else { "" },
            tally = escape(&tally(steps)),
        );
    }
    out.push_str("</ol></nav></div>\n");
}

fn section(out: &mut String, report: &RunReport, number: usize, steps: &[StepReport]) {
    let _ = writeln!(
        out,
        "<section class=\"section\" id=\"section-{number}\" aria-labelledby=\"section-{number}-title\">\n\
         <h2 id=\"section-{number}-title\"><span class=\"n\">{number}</span><span lang=\"{lang}\">{name}</span>\
         <span class=\"tally\">{tally}</span></h2>\n<ol class=\"steps\">",
        lang = escape(&report.locale),
        name = escape(&steps[0].section),
        tally = escape(&tally(steps)),
    );
    for s in steps {
        step(out, report, s);
    }
    out.push_str("</ol>\n</section>\n");
}

fn step(out: &mut String, report: &RunReport, s: &StepReport) {
    let class = step_class(s.status);
    let image = s.annotated.as_ref().or(s.screenshot.as_ref());
    let has_figure = image.is_some() || s.status != StepStatus::NotReached;
    let lang = escape(&report.locale);
    let when = match s.status {
        StepStatus::NotReached => String::new(),
        _ => {
            let at = s
                .started_at
                .as_deref()
                .and_then(|t| utc_time(t, "%H:%M:%S"))
                .map(|t| format!("<time>{t}</time> · "))
                .unwrap_or_default();
            format!(
                "<span class=\"when\">{at}{}</span>",
                duration(s.duration_ms)
            )
        }
    };
    let _ = writeln!(
        out,
        "<li class=\"step {class}{no_shot}\" id=\"step-{index}\"><div class=\"step-body\">\n\
         <div class=\"step-head\"><span class=\"step-no\">{index:02}</span>\
         <span class=\"status\">{icon}{label}</span><h3 class=\"step-name\" lang=\"{lang}\">{name}</h3>{when}</div>",
        no_shot = if has_figure { "" } else { " no-shot" },
        index = s.index,
        icon = icon(class),
        label = step_label(s.status),
        name = escape(&s.name),
    );
    if let Some(doc) = &s.doc {
        let _ = writeln!(
            out,
            "<blockquote class=\"doc\"><span class=\"label\">Documentation</span><p lang=\"{lang}\">{}</p></blockquote>",
            escape(doc)
        );
    }
    problems(out, s);
    if s.status != StepStatus::NotReached {
        facts(out, report, s);
    }
    detours(out, s);
    visual(out, s);
    out.push_str("</div>\n");
    if has_figure {
        figure(out, s, image);
    }
    out.push_str("</li>\n");
}

fn problems(out: &mut String, s: &StepReport) {
    let error = s.error.as_deref().unwrap_or_default();
    match s.status {
        StepStatus::Failed => {
            let _ = writeln!(
                out,
                "<div class=\"problem failed\" role=\"alert\"><h4>Why it failed</h4><pre>{}</pre></div>",
                escape(if error.is_empty() {
                    "no reason was recorded"
                } else {
                    error
                })
            );
        }
        StepStatus::Skipped if s.condition.as_ref().is_some_and(|c| !c.held) => {
            let _ = writeln!(
                out,
                "<div class=\"problem skipped\"><h4>Skipped: its {}condition did not hold</h4><p><code>if:</code> {}</p></div>",
                if s.condition.as_ref().is_some_and(|c| c.section) {
                    "section's "
                } else {
                    ""
                },
                escape(s.condition.as_ref().map_or("", |c| c.condition.as_str()))
            );
        }
        StepStatus::Skipped => {
            let _ = writeln!(
                out,
                "<div class=\"problem skipped\"><h4>Optional step, skipped</h4><pre>{}</pre></div>",
                escape(error)
            );
        }
        StepStatus::Blocked => {
            let _ = writeln!(
                out,
                "<div class=\"problem blocked\" role=\"alert\"><h4>Not performed: it cannot be undone and was not confirmed</h4>\
                 <p>Its target was found; the screenshot shows it. {}</p></div>",
                escape(error)
            );
        }
        StepStatus::Verified => {
            out.push_str(
                "<div class=\"problem verified\"><h4>Checked, not performed</h4>\
                 <p>The target was found, ready for the action; a check run stops here.</p></div>\n",
            );
        }
        StepStatus::Passed | StepStatus::NotReached => {}
    }
    if let Some(file) = &s.dom_snapshot {
        let _ = writeln!(
            out,
            "<p class=\"snapshot\"><a href=\"{}\">The page's DOM at that moment</a> (shadow roots and frames inlined)</p>",
            escape(&href(file))
        );
    }
    if let Some(dialog) = &s.dialog {
        let _ = writeln!(
            out,
            "<div class=\"problem dialog-box\"><h4>A browser dialog was open after this step</h4><p>{}</p></div>",
            escape(dialog)
        );
    }
}

fn facts(out: &mut String, report: &RunReport, s: &StepReport) {
    out.push_str("<dl class=\"facts\">");
    let mut action = format!("<code>{}</code>", escape(&s.action));
    if let Some(locator) = &s.locator {
        let _ = write!(action, " <code>{}</code>", escape(locator));
    }
    let _ = write!(out, "<dt>Action</dt><dd>{action}</dd>");
    if let Some(e) = &s.element {
        let mut found = escape(&e.description);
        if !e.path.is_empty() {
            let _ = write!(
                found,
                " <span class=\"sub mono\">{}</span>",
                escape(&e.path)
            );
        }
        let mut how = Vec::new();
        if let Some(matched) = &e.matched {
            how.push(format!("{} match", escape(matched)));
        }
        if let Some(ms) = e.locate_ms {
            how.push(format!("found in {ms:.0} ms"));
        }
        if !how.is_empty() {
            let _ = write!(found, " <span class=\"sub\">· {}</span>", how.join(" · "));
        }
        let _ = write!(out, "<dt>Element</dt><dd>{found}</dd>");
    }
    if let Some(url) = &s.url {
        let _ = write!(out, "<dt>Page</dt><dd class=\"mono\">{}</dd>", escape(url));
    }
    if let Some(c) = s.condition.as_ref().filter(|c| c.held) {
        let _ = write!(
            out,
            "<dt>Condition</dt><dd><code>if:</code> {} <span class=\"sub\">· held ({} ms){}</span></dd>",
            escape(&c.condition),
            c.waited_ms,
            if c.section { " · the section's" } else { "" }
        );
    }
    if !s.notes.is_empty() {
        out.push_str("<dt>Notes</dt><dd><ul>");
        for note in &s.notes {
            let _ = write!(out, "<li>{}</li>", escape(note));
        }
        out.push_str("</ul></dd>");
    }
    let _ = writeln!(
        out,
        "<dt>Runbook</dt><dd><span class=\"mono\">{}</span> line {}</dd></dl>",
        escape(&report.runbook.file),
        s.line
    );
}

/// With `--baseline`: how many steps read same, drifted and new.
fn visual_counts(out: &mut String, report: &RunReport) {
    use crate::visual::verdict::VisualStatus;
    let count = |status| {
        report
            .steps
            .iter()
            .filter(|s| s.visual.as_ref().is_some_and(|v| v.status == status))
            .count()
    };
    let (same, drifted, new) = (
        count(VisualStatus::Same),
        count(VisualStatus::Drifted),
        count(VisualStatus::New),
    );
    if same + drifted + new == 0 {
        return;
    }
    let _ = writeln!(
        out,
        "<ul class=\"counts visual-counts\" aria-label=\"Screenshots against the baseline\">\
         <li class=\"{}\"><b>{drifted}</b>drifted</li><li><b>{same}</b>same</li><li><b>{new}</b>new</li></ul>",
        if drifted > 0 { "failed" } else { "passed zero" }
    );
}

/// A step's visual verdict; a drifted one shows its baseline, its screenshot and their diff side by
/// side, and a slider over the two.
fn visual(out: &mut String, s: &StepReport) {
    use crate::visual::verdict::VisualStatus;
    let Some(v) = &s.visual else {
        return;
    };
    let (class, word) = match v.status {
        VisualStatus::Same => ("same", "Same as the baseline"),
        VisualStatus::Drifted => ("drifted", "Drifted from the baseline"),
        VisualStatus::New => ("new", "New: no baseline yet"),
    };
    let share = v
        .diff_ratio
        .map(|r| format!(" · {:.3}% of the pixels changed", r * 100.0))
        .unwrap_or_default();
    let _ = write!(
        out,
        "<div class=\"visual visual-{class}\"><h4>{word}<span class=\"sub\">{share} · allowed {:.3}%</span></h4>",
        v.max_diff_ratio * 100.0
    );
    if let Some(note) = &v.note {
        let _ = write!(out, "<p>{}</p>", escape(note));
    }
    if let (VisualStatus::Drifted, Some(base), Some(diff), Some(current)) =
        (v.status, &v.baseline, &v.diff, &s.screenshot)
    {
        let (base, diff, current) = (
            escape(&href(base)),
            escape(&href(diff)),
            escape(&href(current)),
        );
        let _ = write!(
            out,
            "<div class=\"visual-trio\">\
             <figure><a href=\"{base}\" data-zoom=\"Baseline\"><img src=\"{base}\" alt=\"Baseline of step {i}\"></a><figcaption>Baseline</figcaption></figure>\
             <figure><a href=\"{current}\" data-zoom=\"This run\"><img src=\"{current}\" alt=\"This run's screenshot of step {i}\"></a><figcaption>This run</figcaption></figure>\
             <figure><a href=\"{diff}\" data-zoom=\"Difference\"><img src=\"{diff}\" alt=\"Difference of step {i}\"></a><figcaption>Difference (red: changed)</figcaption></figure></div>\
             <div class=\"visual-slider\" style=\"--pos: 50%\"><div class=\"layers\">\
             <img src=\"{base}\" alt=\"Baseline of step {i}, under the slider\">\
             <img class=\"over\" src=\"{current}\" alt=\"This run's screenshot of step {i}, over the slider\"></div>\
             <label>Baseline <input type=\"range\" min=\"0\" max=\"100\" value=\"50\" aria-label=\"Slide between the baseline and this run\"> this run</label></div>",
            i = s.index
        );
    }
    out.push_str("</div>\n");
}

/// The interruptions handled before the step could go on, each step with its screenshot.
fn detours(out: &mut String, s: &StepReport) {
    if s.interruptions.is_empty() {
        return;
    }
    out.push_str("<div class=\"detours\"><h4>Handled on the way</h4>");
    for detour in &s.interruptions {
        let _ = write!(
            out,
            "<details open><summary><strong>{}</strong> <span class=\"sub\">· {}</span></summary><ol>",
            escape(&detour.handler),
            escape(&detour.when)
        );
        for d in &detour.steps {
            let class = step_class(d.status);
            let _ = write!(
                out,
                "<li class=\"{class}\"><span class=\"status\">{}{}</span> {}",
                icon(class),
                step_label(d.status),
                // Under its handler's heading, a step needs no prefix naming the handler again.
                escape(
                    d.name
                        .split_once(": ")
                        .filter(|(head, _)| head.starts_with(detour.handler.as_str()))
                        .map_or(d.name.as_str(), |(_, rest)| rest)
                )
            );
            if let Some(file) = &d.screenshot {
                let alt = format!("Screenshot after {}", d.name);
                let _ = write!(
                    out,
                    " <a href=\"{src}\" data-zoom=\"{alt}\"><img class=\"thumb\" src=\"{src}\" alt=\"{alt}\"></a>",
                    src = escape(&href(file)),
                    alt = escape(&alt)
                );
            }
            if let Some(error) = &d.error {
                let _ = write!(out, "<pre>{}</pre>", escape(error));
            }
            out.push_str("</li>");
        }
        out.push_str("</ol></details>");
    }
    out.push_str("</div>\n");
}

fn figure(out: &mut String, s: &StepReport, image: Option<&String>) {
    out.push_str("<figure class=\"shot\">");
    match image {
        Some(file) => {
            let alt = format!("Screenshot after step {}: {}", s.index, s.name);
            let _ = write!(
                out,
                "<a href=\"{src}\" data-zoom=\"{alt}\"><img src=\"{src}\" alt=\"{alt}\"></a><figcaption><span>{kind}</span>",
                src = escape(&href(file)),
                alt = escape(&alt),
                kind = if s.annotated.is_some() { "Annotated screenshot" } else { "Screenshot" },
            );
            if let (Some(raw), Some(_)) = (&s.screenshot, &s.annotated) {
                let _ = write!(out, "<a href=\"{}\">Original</a>", escape(&href(raw)));
            }
            out.push_str("</figcaption>");
        }
        None if s.dialog.is_some() => out.push_str(
            "<div class=\"no-image\">No screenshot: browsers take none while a dialog is open. Its text is the evidence.</div>",
        ),
        None => out.push_str("<div class=\"no-image\">No screenshot was taken.</div>"),
    }
    out.push_str("</figure>\n");
}

fn tally(steps: &[StepReport]) -> String {
    let count = |status| steps.iter().filter(|s| s.status == status).count();
    let passed = count(StepStatus::Passed);
    if passed == steps.len() {
        return format!("{passed} of {passed} passed");
    }
    STEP_STATUSES
        .into_iter()
        .filter_map(|status| {
            let n = count(status);
            (n > 0).then(|| format!("{n} {}", step_label(status).to_lowercase()))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Every step status, in the order the summary counts them.
const STEP_STATUSES: [StepStatus; 6] = [
    StepStatus::Passed,
    StepStatus::Failed,
    StepStatus::Skipped,
    StepStatus::NotReached,
    StepStatus::Blocked,
    StepStatus::Verified,
];

fn verdict(status: RunStatus) -> (&'static str, &'static str) {
    match status {
        RunStatus::Passed => ("passed", "Passed"),
        RunStatus::Failed => ("failed", "Failed"),
        RunStatus::Interrupted => ("interrupted", "Interrupted"),
        RunStatus::Error => ("error", "Error"),
        RunStatus::Running => ("running", "Running"),
        RunStatus::Blocked => ("blocked", "Blocked"),
    }
}

fn step_class(status: StepStatus) -> &'static str {
    match status {
        StepStatus::Passed => "passed",
        StepStatus::Failed => "failed",
        StepStatus::Skipped => "skipped",
        StepStatus::NotReached => "not_reached",
        StepStatus::Blocked => "blocked",
        StepStatus::Verified => "verified",
    }
}

fn step_label(status: StepStatus) -> &'static str {
    match status {
        StepStatus::Passed => "Passed",
        StepStatus::Failed => "Failed",
        StepStatus::Skipped => "Skipped",
        StepStatus::NotReached => "Not reached",
        StepStatus::Blocked => "Blocked",
        StepStatus::Verified => "Verified",
    }
}

/// Status icons drawn inline (no icon font, no file): the shape says the status without colour.
fn icon(class: &str) -> &'static str {
    match class {
        "passed" => {
            r#"<svg viewBox="0 0 16 16" aria-hidden="true"><path d="M3.5 8.5l3 3 6-7" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/></svg>"#
        }
        "failed" => {
            r#"<svg viewBox="0 0 16 16" aria-hidden="true"><path d="M4.5 4.5l7 7m0-7l-7 7" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg>"#
        }
        "error" => {
            r#"<svg viewBox="0 0 16 16" aria-hidden="true"><path d="M8 3.5v6" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"/><circle cx="8" cy="12.6" r="1.3" fill="currentColor"/></svg>"#
        }
        "skipped" => {
            r#"<svg viewBox="0 0 16 16" aria-hidden="true"><path d="M3 8h8.5M8.5 4.5 12 8l-3.5 3.5" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/></svg>"#
        }
        "interrupted" => {
            r#"<svg viewBox="0 0 16 16" aria-hidden="true"><path d="M5.5 4v8M10.5 4v8" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"/></svg>"#
        }
        "blocked" => {
            r#"<svg viewBox="0 0 16 16" aria-hidden="true"><circle cx="8" cy="8" r="5.5" fill="none" stroke="currentColor" stroke-width="1.8"/><path d="M4.2 11.8l7.6-7.6" fill="none" stroke="currentColor" stroke-width="1.8"/></svg>"#
        }
        "verified" => {
            r#"<svg viewBox="0 0 16 16" aria-hidden="true"><circle cx="8" cy="8" r="5.5" fill="none" stroke="currentColor" stroke-width="1.6"/><circle cx="8" cy="8" r="2" fill="currentColor"/></svg>"#
        }
        "running" => {
            r#"<svg viewBox="0 0 16 16" aria-hidden="true"><circle cx="8" cy="8" r="5.5" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="M8 5v3.2l2 1.4" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/></svg>"#
        }
        _ => {
            r#"<svg viewBox="0 0 16 16" aria-hidden="true"><circle cx="8" cy="8" r="4.5" fill="none" stroke="currentColor" stroke-width="1.6" stroke-dasharray="2.4 1.8"/></svg>"#
        }
    }
}

/// `chrome` → `Chrome`: drivers report browser names in lower case.
pub(crate) fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A whole HTML page: charset, a Content-Security-Policy that lets the page load nothing from outside
/// (and run no script but its own, pinned by hash, as text from web pages ends up in it), the page
/// script first so it records every later error, then the styles and the body.
pub(crate) fn page(lang: &str, title: &str, styles: &[&str], body: &str) -> String {
    let script_hash = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        Sha256::digest(PAGE_JS.as_bytes()),
    );
    let mut out = String::with_capacity(body.len() + 24_000);
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src 'self' file: data:; \
         style-src 'unsafe-inline'; script-src 'sha256-{script_hash}'; base-uri 'none'; form-action 'none'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"clickpath\">\n<title>{title}</title>\n<script>{PAGE_JS}</script>\n<style>",
        lang = escape(lang),
        title = escape(title),
    );
    for css in styles {
        out.push_str(css);
    }
    out.push_str("</style>\n</head>\n<body>\n");
    out.push_str(body);
    out.push_str("</body>\n</html>\n");
    out
}

/// A relative file path as a URL path: `/` stays, everything but unreserved characters is
/// percent-encoded, so a `#`, `?` or space in a folder name can't cut the link short.
pub(crate) fn href(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A duration for people: `302 ms`, `8.0 s`, `2 min 05 s`.
pub(crate) fn duration(ms: u64) -> String {
    match ms {
        0..1_000 => format!("{ms} ms"),
        1_000..60_000 => format!("{:.1} s", ms as f64 / 1000.0),
        _ => format!("{} min {:02} s", ms / 60_000, (ms % 60_000) / 1000),
    }
}

/// An RFC 3339 time in UTC, formatted; `None` when the text isn't one.
pub(crate) fn utc_time(rfc3339: &str, format: &str) -> Option<String> {
    let at = chrono::DateTime::parse_from_rfc3339(rfc3339).ok()?;
    Some(at.with_timezone(&chrono::Utc).format(format).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(steps: serde_json::Value) -> RunReport {
        serde_json::from_value(serde_json::json!({
            "schema_version": 1, "clickpath_version": "0.1.0",
            "runbook": { "name": "Book <b>", "file": "runbooks/x.yaml" },
            "locale": "it", "variants": { "ui": "classic" }, "params": [], "browser": null,
            "started_at": "2026-11-25T03:05:47.833Z", "duration_ms": 8017, "status": "failed",
            "error": "step 2 failed", "steps": steps,
        }))
        .expect("a report")
    }

    #[test]
    fn percent_encodes_paths_but_keeps_slashes() {
        assert_eq!(href("../run #1/01-a b.png"), "../run%20%231/01-a%20b.png");
        assert_eq!(href("è.png"), "%C3%A8.png");
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(302), "302 ms");
        assert_eq!(duration(8017), "8.0 s");
        assert_eq!(duration(125_000), "2 min 05 s");
    }

    #[test]
    fn user_text_never_becomes_markup() {
        let html = render(&report(serde_json::json!([
            { "index": 1, "section": "S<i>", "name": "<script>alert(1)</script>", "action": "click",
              "doc": "Click <img src=x onerror=alert(1)>", "line": 3, "status": "passed", "duration_ms": 5,
              "screenshot": "01-a\".png" },
            { "index": 2, "section": "S<i>", "name": "two", "action": "click", "line": 4,
              "status": "failed", "duration_ms": 5, "error": "</pre><script>x</script>",
              "dialog": "<b>sure?</b>" },
        ])));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("Click &lt;img src=x onerror=alert(1)&gt;"));
        assert!(html.contains("&lt;/pre&gt;&lt;script&gt;x&lt;/script&gt;"));
        assert!(html.contains("&lt;b&gt;sure?&lt;/b&gt;"));
        assert!(html.contains("src=\"01-a%22.png\""));
        assert!(html.contains("Book &lt;b&gt;"));
        // The page's own script and nothing else.
        assert_eq!(html.matches("<script>").count(), 1);
    }

    #[test]
    fn the_policy_pins_the_page_script() {
        let html = page("en", "t", &[], "");
        let hash = base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            Sha256::digest(PAGE_JS.as_bytes()),
        );
        assert!(html.contains(&format!("script-src 'sha256-{hash}'")));
        assert!(html.contains(&format!("<script>{PAGE_JS}</script>")));
    }

    #[test]
    fn prefers_the_annotated_screenshot_and_links_the_original() {
        let html = render(&report(serde_json::json!([
            { "index": 1, "section": "S", "name": "one", "action": "click", "line": 3,
              "status": "passed", "duration_ms": 5, "screenshot": "01-one.png",
              "annotated": "01-one.annotated.png" },
        ])));
        assert!(html.contains("<img src=\"01-one.annotated.png\""));
        assert!(html.contains("<a href=\"01-one.png\">Original</a>"));
    }
}
