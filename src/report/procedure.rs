//! The procedure document regenerated from a run, as a knowledge-base article: the runbook's `doc`
//! sentences as numbered steps with the screenshots that prove them, in Markdown or self-contained HTML.
//! Only what the run verified becomes an instruction.

use std::fmt::Write as _;
use std::io;
use std::path::{Component, Path, PathBuf};

use super::docs_view;
use super::html::{DOCS_CSS, capitalized, href, page};
use super::json::read_report;
use super::model::{Documentation, RunReport, RunStatus, StepReport, StepStatus};
use crate::evidence::EvidenceDir;
use crate::html_escape::escape;

const BASE_CSS: &str = include_str!("assets/base.css");
const PROCEDURE_CSS: &str = include_str!("assets/procedure.css");

/// The format of a procedure document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocFormat {
    /// `procedure.md`.
    Markdown,
    /// `procedure.html`, self-contained.
    Html,
}

impl DocFormat {
    /// The file name written into the run folder.
    pub fn file_name(self) -> &'static str {
        match self {
            DocFormat::Markdown => "procedure.md",
            DocFormat::Html => "procedure.html",
        }
    }
}

/// Reads a run's `report.json` and writes its procedure document: into the run folder, or to `out`
/// (a file, or a folder to put `procedure.md`/`.html` in), with image paths that lead back to the
/// run folder from there. Returns the path written.
pub fn write_procedure(
    run_dir: &Path,
    format: DocFormat,
    out: Option<&Path>,
) -> io::Result<PathBuf> {
    let report = read_report(run_dir)?;
    let (folder, name) = match out {
        None => (run_dir.to_path_buf(), format.file_name()),
        Some(path) if path.is_dir() => (path.to_path_buf(), format.file_name()),
        Some(path) => {
            let name = path.file_name().and_then(|n| n.to_str()).ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!(
                        "{} is not a file name to write the procedure to",
                        path.display()
                    ),
                )
            })?;
            let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
            (parent.unwrap_or(Path::new(".")).to_path_buf(), name)
        }
    };
    let dir = EvidenceDir::create(&folder)?;
    let images = relative_folder(&folder, run_dir)?;
    let text = match format {
        DocFormat::Markdown => markdown(&report, &images),
        DocFormat::Html => html(&report, &images),
    };
    dir.write(name, text.as_bytes())
}

/// The procedure as Markdown, for a file in the run folder.
pub fn render_markdown(report: &RunReport) -> String {
    markdown(report, "")
}

/// The procedure as one self-contained HTML page, for a file in the run folder.
pub fn render_html(report: &RunReport) -> String {
    html(report, "")
}

/// One numbered instruction: consecutive steps carrying the same `doc` sentence are one.
#[derive(Debug)]
struct Item<'a> {
    number: usize,
    text: &'a str,
    steps: Vec<&'a StepReport>,
}

impl Item<'_> {
    /// Every step of it was an optional one that the run did not need.
    fn optional(&self) -> bool {
        self.steps.iter().all(|s| s.status == StepStatus::Skipped)
    }

    /// The images that show it: those of the steps that passed, annotated ones first choice.
    fn images(&self) -> impl Iterator<Item = &str> {
        self.steps
            .iter()
            .filter(|s| matches!(s.status, StepStatus::Passed | StepStatus::Verified))
            .filter_map(|s| s.annotated.as_deref().or(s.screenshot.as_deref()))
    }

    fn dialogs(&self) -> impl Iterator<Item = &str> {
        self.steps.iter().filter_map(|s| s.dialog.as_deref())
    }
}

/// The verified part of a run: sections with their items, and the step the run stopped at, if any.
struct Procedure<'a> {
    sections: Vec<(&'a str, Vec<Item<'a>>)>,
    verified: usize,
    stopped_at: Option<&'a StepReport>,
}

fn procedure(report: &RunReport) -> Procedure<'_> {
    let mut sections: Vec<(&str, Vec<Item>)> = Vec::new();
    let mut verified = 0;
    let mut stopped_at = None;
    for group in report
        .steps
        .chunk_by(|a, b| a.section == b.section && a.doc.is_some() && a.doc == b.doc)
    {
        let unverified = group.iter().find(|s| !proves(s.status));
        if let Some(step) = unverified {
            stopped_at = Some(step);
            break;
        }
        verified += 1;
        let first = &group[0];
        let item = Item {
            number: verified,
            text: first.doc.as_deref().unwrap_or(&first.name),
            steps: group.iter().collect(),
        };
        match sections.last_mut() {
            Some((name, items)) if *name == first.section => items.push(item),
            _ => sections.push((&first.section, vec![item])),
        }
    }
    Procedure {
        sections,
        verified,
        stopped_at,
    }
}

/// Whether a step proves its instruction: done, an optional one not needed, or (a check run's
/// destructive step) its target found ready.
fn proves(status: StepStatus) -> bool {
    match status {
        StepStatus::Passed | StepStatus::Skipped | StepStatus::Verified => true,
        StepStatus::Failed | StepStatus::NotReached | StepStatus::Blocked => false,
    }
}

/// The warning for a run that did not verify the whole procedure, in the run's language.
fn partial_warning(report: &RunReport, p: &Procedure, w: &Words) -> Option<String> {
    if report.status == RunStatus::Passed && p.stopped_at.is_none() {
        return None;
    }
    let up_to = if verified_article(report).is_some() {
        w.verified_up_to_article
    } else {
        w.verified_up_to
    };
    let mut text = if p.verified == 0 {
        w.none_verified.to_owned()
    } else {
        up_to.replace("{n}", &p.verified.to_string())
    };
    let reason = p
        .stopped_at
        .and_then(|s| s.error.as_deref())
        .or(report.error.as_deref())
        .and_then(|e| e.lines().next());
    if let Some(step) = p.stopped_at {
        let words = match step.status {
            StepStatus::Failed => w.stopped_at,
            _ => w.stopped_before,
        };
        let mut stop = words.replace("{step}", &step.name);
        if let Some(reason) = reason {
            let _ = write!(stop, ": {reason}");
        }
        let _ = write!(text, " {stop}.");
    } else if let Some(reason) = reason {
        let _ = write!(text, " {reason}.");
    }
    Some(text)
}

fn verified_line(report: &RunReport, w: &Words) -> String {
    let date = date(&report.started_at, w).unwrap_or_else(|| report.started_at.clone());
    let mut line = w
        .verified_on
        .replace("{date}", &date)
        .replace("{version}", &report.clickpath_version);
    let mut details: Vec<String> = Vec::new();
    if let Some(b) = &report.browser {
        details.push(format!("{} {}", capitalized(&b.name), b.version));
    }
    details.extend(report.variants.iter().map(|(k, v)| format!("{k} = {v}")));
    if !details.is_empty() {
        let _ = write!(line, " ({})", details.join(", "));
    }
    line.push('.');
    line
}

fn markdown(report: &RunReport, images: &str) -> String {
    let w = words(&report.locale);
    let p = procedure(report);
    let mut out = format!("# {}\n\n", md(&report.runbook.name));
    let _ = writeln!(out, "*{}*\n", md(&verified_line(report, w)));
    // A run that stopped says so first, above the article as above the procedure.
    if let Some(warning) = partial_warning(report, &p, w) {
        let _ = writeln!(out, "> **{}** {}\n", w.warning, md(&warning));
    }
    if let Some(doc) = verified_article(report) {
        // The article itself, each instruction marked with what the run showed of it.
        let _ = writeln!(out, "*{}*\n", md(&article_line(doc)));
        out.push_str(&docs_view::markdown(doc, images, &md));
        return out;
    }
    for (section, items) in &p.sections {
        let _ = writeln!(out, "## {}\n", md(section));
        for item in items {
            let optional = if item.optional() {
                format!("*{}* ", w.optional)
            } else {
                String::new()
            };
            let _ = writeln!(out, "{}. {optional}{}\n", item.number, md(item.text));
            for dialog in item.dialogs() {
                let _ = writeln!(out, "   > {} «{}»\n", w.dialog, md(dialog));
            }
            let shots: Vec<&str> = item.images().collect();
            for (k, image) in shots.iter().enumerate() {
                let alt = alt_text(w, item.number, k, shots.len());
                let src = href(&format!("{images}{image}"));
                let _ = writeln!(out, "   ![{}]({src})\n", md(&alt));
            }
        }
    }
    out
}

fn html(report: &RunReport, images: &str) -> String {
    let w = words(&report.locale);
    let p = procedure(report);
    let mut body = format!(
        "<article class=\"procedure\">\n<header><h1>{}</h1><p class=\"verified\">{}</p></header>\n",
        escape(&report.runbook.name),
        escape(&verified_line(report, w))
    );
    // A run that stopped says so first, above the article as above the procedure.
    if let Some(warning) = partial_warning(report, &p, w) {
        let _ = writeln!(
            body,
            "<p class=\"partial\" role=\"alert\"><strong>{}</strong> {}</p>",
            escape(w.warning),
            escape(&warning)
        );
    }
    if let Some(doc) = verified_article(report) {
        let _ = writeln!(
            body,
            "<p class=\"verified\">{}</p>\n<div class=\"verified-article\">{}</div>\n</article>\n<dialog id=\"zoom\"></dialog>",
            escape(&article_line(doc)),
            docs_view::html(doc, images)
        );
        return page(
            &report.locale,
            &report.runbook.name,
            &[BASE_CSS, PROCEDURE_CSS, DOCS_CSS],
            &body,
        );
    }
    for (section, items) in &p.sections {
        let start = items.first().map_or(1, |i| i.number);
        let _ = writeln!(
            body,
            "<section>\n<h2>{}</h2>\n<ol start=\"{start}\">",
            escape(section)
        );
        for item in items {
            let _ = write!(body, "<li value=\"{}\"><p>", item.number);
            if item.optional() {
                let _ = write!(
                    body,
                    "<span class=\"optional\">{}</span> ",
                    escape(w.optional)
                );
            }
            let _ = write!(body, "{}</p>", escape(item.text));
            for dialog in item.dialogs() {
                let _ = write!(
                    body,
                    "<p class=\"dialog\">{} «{}»</p>",
                    escape(w.dialog),
                    escape(dialog)
                );
            }
            let shots: Vec<&str> = item.images().collect();
            for (k, image) in shots.iter().enumerate() {
                let alt = escape(&alt_text(w, item.number, k, shots.len()));
                let src = escape(&href(&format!("{images}{image}")));
                let _ = write!(
                    body,
                    "<figure><a href=\"{src}\" data-zoom=\"{alt}\"><img src=\"{src}\" alt=\"{alt}\"></a></figure>"
                );
            }
            body.push_str("</li>\n");
        }
        body.push_str("</ol>\n</section>\n");
    }
    body.push_str("</article>\n<dialog id=\"zoom\"></dialog>\n");
    page(
        &report.locale,
        &report.runbook.name,
        &[BASE_CSS, PROCEDURE_CSS],
        &body,
    )
}

/// The run's article, when its runbook names one for the locale and it could be read.
fn verified_article(report: &RunReport) -> Option<&Documentation> {
    report
        .documentation
        .as_ref()
        .filter(|d| d.error.is_none() && d.instructions > 0)
}

/// How much of the article the run verified, and which article it is.
fn article_line(doc: &Documentation) -> String {
    let others: Vec<String> = docs_view::counts(doc)
        .into_iter()
        .filter(|(status, n)| *n > 0 && *status != docs_view::STATUSES[0])
        .map(|(status, n)| format!("{n} {}", docs_view::label(status, "en").to_lowercase()))
        .collect();
    let mut line = format!(
        "{} ({}): {} of {} instructions verified",
        doc.article, doc.locale, doc.verified, doc.instructions
    );
    if !others.is_empty() {
        let _ = write!(line, "; {}", others.join(", "));
    }
    line
}

fn alt_text(w: &Words, number: usize, k: usize, of: usize) -> String {
    if of > 1 {
        format!("{} {number} ({}/{of})", w.step, k + 1)
    } else {
        format!("{} {number}", w.step)
    }
}

/// Text made inert in Markdown: the marks that start inline markup or HTML are backslash-escaped
/// (CommonMark allows it before any ASCII punctuation), and line breaks, which would end the list
/// item, become spaces. Marks that only count at the start of a line stay, since no text starts one.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            if matches!(
                c,
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '&' | '~' | '#'
            ) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// The few fixed words of a procedure document, in one language.
struct Words {
    step: &'static str,
    verified_on: &'static str,
    warning: &'static str,
    verified_up_to: &'static str,
    /// The same, above the verified article, which shows the later instructions as not reached.
    verified_up_to_article: &'static str,
    none_verified: &'static str,
    stopped_at: &'static str,
    stopped_before: &'static str,
    optional: &'static str,
    dialog: &'static str,
    months: [&'static str; 12],
}

const ENGLISH: Words = Words {
    step: "Step",
    verified_on: "Verified on {date} with clickpath {version}",
    warning: "Warning:",
    verified_up_to: "The run did not complete: this procedure was verified only up to step {n}; the steps after it are not shown.",
    verified_up_to_article: "The run did not complete: this procedure was verified only up to step {n}; the article's later instructions are marked not reached.",
    none_verified: "The run did not complete: this procedure could not be verified, not even its first step.",
    stopped_at: "The run stopped at “{step}”",
    stopped_before: "The run stopped before “{step}”",
    optional: "Optional:",
    dialog: "The browser shows a dialog:",
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
};

const ITALIAN: Words = Words {
    step: "Passo",
    verified_on: "Verificata il {date} con clickpath {version}",
    warning: "Attenzione:",
    verified_up_to: "L'esecuzione non è stata completata: questa procedura è stata verificata solo fino al passo {n}; i passi successivi non sono riportati.",
    verified_up_to_article: "L'esecuzione non è stata completata: questa procedura è stata verificata solo fino al passo {n}; le istruzioni successive dell'articolo sono segnate come non raggiunte.",
    none_verified: "L'esecuzione non è stata completata: nessun passo di questa procedura è stato verificato.",
    stopped_at: "L'esecuzione si è fermata a «{step}»",
    stopped_before: "L'esecuzione si è fermata prima di «{step}»",
    optional: "Facoltativo:",
    dialog: "Il browser mostra una finestra di dialogo:",
    months: [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ],
};

/// The words for a locale (`it`, `it-IT`, `it_CH` are Italian); English for any other.
fn words(locale: &str) -> &'static Words {
    let language = locale.split(['-', '_']).next().unwrap_or_default();
    if language.eq_ignore_ascii_case("it") {
        &ITALIAN
    } else {
        &ENGLISH
    }
}

/// `25 November 2026` / `25 novembre 2026` (UTC).
fn date(rfc3339: &str, w: &Words) -> Option<String> {
    use chrono::Datelike as _;
    let at = chrono::DateTime::parse_from_rfc3339(rfc3339)
        .ok()?
        .with_timezone(&chrono::Utc);
    let month = w.months.get(at.month0() as usize)?;
    Some(format!("{} {month} {}", at.day(), at.year()))
}

/// The run folder as seen from `from`, as a path prefix ending in `/` (empty when they're one);
/// percent-encoded later, with the image's name.
fn relative_folder(from: &Path, run_dir: &Path) -> io::Result<String> {
    let from = from.canonicalize()?;
    let to = run_dir.canonicalize()?;
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if common == 0 {
        // Different roots (another drive): only an absolute path reaches the images.
        return Ok(format!("{}/", run_dir.canonicalize()?.to_string_lossy()));
    }
    let mut parts: Vec<String> = vec!["..".to_owned(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    Ok(parts.iter().map(|p| format!("{p}/")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(index: usize, section: &str, doc: Option<&str>, status: &str) -> serde_json::Value {
        serde_json::json!({
            "index": index, "section": section, "name": format!("step {index}"), "action": "click",
            "doc": doc, "line": index, "status": status, "duration_ms": 1,
            "screenshot": format!("{index:02}.png"),
        })
    }

    fn report(locale: &str, status: &str, steps: Vec<serde_json::Value>) -> RunReport {
        serde_json::from_value(serde_json::json!({
            "schema_version": 1, "clickpath_version": "0.1.0",
            "runbook": { "name": "Uninstall", "file": "x.yaml" },
            "locale": locale, "variants": {}, "params": [], "browser": null,
            "started_at": "2026-11-25T03:05:47Z", "duration_ms": 10, "status": status,
            "steps": steps,
        }))
        .expect("a report")
    }

    #[test]
    fn consecutive_steps_with_one_doc_sentence_are_one_item() {
        let r = report(
            "en",
            "passed",
            vec![
                step(1, "A", None, "passed"),
                step(2, "A", Some("Pick and type."), "passed"),
                step(3, "A", Some("Pick and type."), "passed"),
                step(4, "B", Some("Pick and type."), "passed"),
                step(5, "B", None, "passed"),
                step(6, "B", None, "passed"),
            ],
        );
        let p = procedure(&r);
        // section / number / text / how many steps
        let shape: Vec<String> = p
            .sections
            .iter()
            .flat_map(|(name, items)| {
                items
                    .iter()
                    .map(move |i| format!("{name} / {} / {} / {}", i.number, i.text, i.steps.len()))
            })
            .collect();
        assert_eq!(
            shape,
            [
                "A / 1 / step 1 / 1",
                "A / 2 / Pick and type. / 2",
                "B / 3 / Pick and type. / 1",
                "B / 4 / step 5 / 1",
                "B / 5 / step 6 / 1",
            ]
        );
        let md = render_markdown(&r);
        assert!(
            md.contains(
                "2. Pick and type.\n\n   ![Step 2 (1/2)](02.png)\n\n   ![Step 2 (2/2)](03.png)\n"
            ),
            "{md}"
        );
    }

    #[test]
    fn a_failed_run_lists_only_what_it_verified() {
        let mut steps = vec![
            step(1, "A", Some("Open."), "passed"),
            step(2, "A", Some("Pick and type."), "passed"),
            step(3, "A", Some("Pick and type."), "failed"),
            step(4, "A", Some("Save."), "not_reached"),
        ];
        steps[2]["error"] = "'Salva': no such button\nmore".into();
        let r = report("it-IT", "failed", steps);
        let md = render_markdown(&r);
        assert!(md.contains("1. Open."));
        assert!(
            !md.contains("Pick and type"),
            "a half-verified item is left out: {md}"
        );
        assert!(!md.contains("Save."));
        assert!(md.contains(
            "> **Attenzione:** L'esecuzione non è stata completata: questa procedura è stata verificata solo fino al passo 1; \
             i passi successivi non sono riportati. L'esecuzione si è fermata a «step 3»: 'Salva': no such button."
        ), "{md}");
    }

    #[test]
    fn skipped_optional_steps_stay_as_optional_instructions_without_their_image() {
        let r = report(
            "en",
            "passed",
            vec![
                step(1, "A", Some("Close the banner."), "skipped"),
                step(2, "A", None, "passed"),
            ],
        );
        let md = render_markdown(&r);
        assert!(
            md.contains("1. *Optional:* Close the banner.\n\n2. step 2\n\n   ![Step 2](02.png)"),
            "{md}"
        );
        assert!(!md.contains("01.png"));
    }

    #[test]
    fn a_check_run_keeps_its_verified_step_and_says_where_it_stopped() {
        let r = report(
            "en",
            "passed",
            vec![
                step(1, "A", Some("Open."), "passed"),
                step(2, "A", Some("Click Uninstall."), "verified"),
                step(3, "A", Some("Confirm."), "not_reached"),
            ],
        );
        let md = render_markdown(&r);
        assert!(
            md.contains("2. Click Uninstall.\n\n   ![Step 2](02.png)"),
            "{md}"
        );
        assert!(!md.contains("Confirm."));
        assert!(
            md.contains("verified only up to step 2; the steps after it are not shown. The run stopped before “step 3”."),
            "{md}"
        );
    }

    #[test]
    fn fixed_words_follow_the_locale_with_english_as_fallback() {
        let steps = || vec![step(1, "A", None, "passed")];
        assert!(
            render_markdown(&report("it", "passed", steps()))
                .contains("*Verificata il 25 novembre 2026 con clickpath 0.1.0.*")
        );
        assert!(
            render_markdown(&report("en-GB", "passed", steps()))
                .contains("*Verified on 25 November 2026 with clickpath 0.1.0.*")
        );
        assert!(render_markdown(&report("de", "passed", steps())).contains("![Step 1]"));
        assert!(render_html(&report("it", "passed", steps())).contains("alt=\"Passo 1\""));
    }

    #[test]
    fn markdown_and_html_keep_user_text_as_text() {
        let mut s = step(
            1,
            "A <b>",
            Some("Click *Save* <script>x</script>\n# now"),
            "passed",
        );
        s["dialog"] = "Sure? [yes](javascript:x)".into();
        let r = report("en", "passed", vec![s]);
        let md = render_markdown(&r);
        assert!(
            md.contains("1. Click \\*Save\\* \\<script>x\\</script> \\# now"),
            "{md}"
        );
        assert!(md.contains("## A \\<b>"));
        assert!(md.contains("\\[yes\\](javascript:x)"));
        let html = render_html(&r);
        assert!(html.contains("Click *Save* &lt;script&gt;x&lt;/script&gt;"));
        assert_eq!(html.matches("<script>").count(), 1);
    }

    #[test]
    fn image_paths_lead_back_to_the_run_folder() {
        let root = tempfile::tempdir().expect("temp dir");
        let run = root.path().join("runs/r 1");
        let docs = root.path().join("docs");
        std::fs::create_dir_all(&run).expect("run dir");
        std::fs::create_dir_all(&docs).expect("docs dir");
        assert_eq!(relative_folder(&run, &run).expect("same"), "");
        assert_eq!(
            relative_folder(&docs, &run).expect("sibling"),
            "../runs/r 1/"
        );

        let r = report("en", "passed", vec![step(1, "A", None, "passed")]);
        let json = serde_json::to_vec(&r).expect("json");
        std::fs::write(run.join("report.json"), json).expect("report.json");
        let read = |p: PathBuf| std::fs::read_to_string(p).expect("written");
        let here = write_procedure(&run, DocFormat::Markdown, None).expect("in the run");
        assert_eq!(here, run.join("procedure.md"));
        assert!(read(here).contains("](01.png)"));
        let file =
            write_procedure(&run, DocFormat::Markdown, Some(&docs.join("kb.md"))).expect("file");
        assert!(read(file).contains("](../runs/r%201/01.png)"));
        let into = write_procedure(&run, DocFormat::Html, Some(&docs)).expect("folder");
        assert_eq!(into, docs.join("procedure.html"));
        assert!(read(into).contains("src=\"../runs/r%201/01.png\""));
    }
}
