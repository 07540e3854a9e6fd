//! Evidence after each step: the masked screenshot (or a dialog's text), the URL, the DOM of a failed
//! step, and the annotated copy handed to the worker pool.

use std::time::{Duration, Instant};

use super::EvidenceDir;
use super::annotate::DeviceRect;
use super::naming::step_stem;
use super::pool::{AnnotationPool, Finished, Job};
use super::visual_check::{Compared, VisualCheck};
use crate::browser::page::{Page, PageError};
use crate::redact::Redactor;
use crate::report::model::{RunReport, StepReport, StepStatus};
use crate::runbook::duration::millis;
use crate::runbook::plan::{PlannedAction, PlannedStep, Target};

/// What evidence capture needs besides the page: where to write, what to hide, how to annotate.
pub struct Capture {
    /// Where the files go.
    pub dir: EvidenceDir,
    /// Keeps secrets out of names, captions and notes.
    pub redactor: Redactor,
    /// The workers that make annotated copies off the critical path.
    pub pool: AnnotationPool,
    /// Elements covered in every screenshot: the runbook's masks, then each field given a secret.
    pub masks: Vec<Target>,
    /// Capture the whole page, not only the viewport.
    pub full_page: bool,
    /// How long a screenshot waits for busy indicators (spinners) to go.
    pub settle_limit: Duration,
    /// The runbook's own busy indicators (CSS selectors), besides the built-in ones.
    pub busy: Vec<String>,
    /// With `--baseline`: every step's screenshot is held still and compared with its baseline.
    pub visual: Option<VisualCheck>,
    /// Off while a handler's steps are captured: their pictures depend on when an interruption
    /// shows, so they have no baseline.
    pub comparing: bool,
}

/// How long a screenshot waits, by default, for the page's busy indicators to go.
pub const SETTLE_LIMIT: Duration = Duration::from_secs(2);

/// A step's evidence between [`Capture::begin`] and [`Capture::complete`].
pub struct Pending {
    stem: String,
    url: Option<String>,
    shot: Shot,
    /// The page's scroll offset when the picture was asked for (full-page captures).
    scroll: (f64, f64),
    /// How long the first half took.
    began_ms: Duration,
}

impl Pending {
    /// The file its picture is written to.
    pub fn file_name(&self) -> String {
        format!("{}.png", self.stem)
    }

    /// Whether the picture is still being made (the step's evidence may then be saved later,
    /// while the next step looks).
    pub fn in_flight(&self) -> bool {
        matches!(self.shot, Shot::InFlight)
    }
}

/// Where the picture is.
enum Shot {
    /// Here, with the step's ignored regions measured in it.
    Taken(Vec<u8>, Vec<crate::report::model::Rect>),
    /// Being made by the browser: [`Page::finish_screenshot`] gives it.
    InFlight,
    /// None will be written; why.
    Withheld(Withheld),
}

/// Why a screenshot was not written.
enum Withheld {
    /// A dialog is open: its text is the evidence.
    Dialog(String),
    /// Something went wrong; the note says what.
    Note(String),
}

impl Capture {
    /// After a step that typed a secret, its field shows (or may show) it: it is covered in every
    /// image from then on.
    pub fn mask_secret_field(&mut self, step: &PlannedStep) {
        if let PlannedAction::Fill {
            target,
            secret: true,
            ..
        } = &step.action
        {
            self.masks.push(target.clone());
        }
    }

    /// Saves the screenshot after a step (masked, raw as the browser sent it, annotated copy queued),
    /// or with a dialog open the dialog's text, and the URL.
    pub async fn step(
        &mut self,
        page: &mut Page<'_>,
        step: &PlannedStep,
        total: usize,
        entry: &mut StepReport,
    ) {
        let pending = self.begin(page, step, total, entry).await;
        self.complete(page, pending, step, total, entry).await;
    }

    /// The first half of [`Capture::step`]: the page settled, the URL read, the masks placed and
    /// the screenshot asked for. Over clickpath's own DevTools connection the picture is then
    /// made while the runner goes on (the page holds still for it: see
    /// [`Page::begin_screenshot`]); [`Capture::complete`] saves it.
    pub async fn begin(
        &mut self,
        page: &mut Page<'_>,
        step: &PlannedStep,
        total: usize,
        entry: &mut StepReport,
    ) -> Pending {
        let started = Instant::now();
        let name = step.action.screenshot_name().unwrap_or(&step.name);
        let mut stem = step_stem(step.index, total, &self.redactor.redact(name));
        if !entry.attempts.is_empty() {
            // A resumed run keeps the earlier attempt's files: this one gets its own names.
            stem = format!("{stem}.r{}", entry.attempts.len() + 1);
        }
        if matches!(entry.status, StepStatus::Failed | StepStatus::Skipped) {
            // What the page offered instead, for later reading: its DOM, secrets removed.
            match page.dom_snapshot().await {
                Ok(html) => {
                    let file = format!("{stem}.dom.html");
                    if self
                        .dir
                        .write(&file, self.redactor.redact(&html).as_bytes())
                        .is_ok()
                    {
                        entry.dom_snapshot = Some(file);
                    }
                }
                Err(e) => tracing::debug!("no DOM snapshot: {e}"),
            }
        }
        // The settled page's answer carries its URL; without one (no wait, a dialog open, a
        // page going away) the URL's own round trip also says whether a dialog is open.
        let settled_url = self
            .settle(page, step.settle.unwrap_or(self.settle_limit), entry)
            .await;
        let url = match settled_url {
            Some(url) => Ok(url),
            None => page.url().await,
        };
        let (url, shot) = match url {
            Err(PageError::DialogOpen(text)) => (None, Shot::Withheld(Withheld::Dialog(text))),
            Ok(url) => (
                Some(url),
                self.screenshot(page, step, entry, true, &stem).await,
            ),
            Err(_) => (None, self.screenshot(page, step, entry, false, &stem).await),
        };
        // Where the step's element was, in the page's scroll, before anything moves it.
        let scroll = if self.full_page && entry.element.is_some() {
            page.scroll_offset().await.unwrap_or((0.0, 0.0))
        } else {
            (0.0, 0.0)
        };
        Pending {
            stem,
            url,
            shot,
            scroll,
            began_ms: started.elapsed(),
        }
    }

    /// The second half of [`Capture::step`]: the picture saved (waiting for it if it is still
    /// being made), compared, annotated, and the step's entry told.
    pub async fn complete(
        &mut self,
        page: &mut Page<'_>,
        pending: Pending,
        step: &PlannedStep,
        total: usize,
        entry: &mut StepReport,
    ) {
        let started = Instant::now();
        let Pending {
            stem,
            url,
            shot,
            scroll,
            began_ms,
        } = pending;
        // Named only once it is on disk.
        entry.screenshot = None;
        // A picture made while the runner went on was written the moment it came.
        let mut kept = None;
        let shot = match shot {
            Shot::Taken(png, ignored) => Ok((png, ignored)),
            Shot::InFlight => match page.finish_screenshot().await {
                Some(finished) => {
                    entry.shot_ms = Some(millis(finished.took));
                    kept = finished.kept;
                    finished
                        .png
                        .map(|png| (png, Vec::new()))
                        .map_err(Self::withheld)
                }
                None => Err(Withheld::Note(
                    "screenshot withheld: it was never taken".into(),
                )),
            },
            Shot::Withheld(w) => Err(w),
        };
        let capture_ms = |started: Instant| millis(began_ms + started.elapsed());
        let file = format!("{stem}.png");
        match shot {
            Ok((png, ignored)) => match kept.unwrap_or_else(|| {
                self.dir
                    .write(&file, &png)
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            }) {
                Ok(_) => {
                    entry.screenshot = Some(format!("{stem}.png"));
                    if self.comparing
                        && let Some(check) = self.visual.as_mut()
                    {
                        let mut excluded = ignored;
                        excluded.extend(entry.masked.iter().cloned());
                        let dpr = entry.element.as_ref().and_then(|e| e.dpr).unwrap_or(1.0);
                        check.queue(
                            Compared {
                                step: step.index - 1,
                                screenshot: entry
                                    .baseline_name
                                    .clone()
                                    .unwrap_or_else(|| format!("{stem}.png")),
                                max_diff_ratio: step.visual.as_ref().and_then(|v| v.max_diff_ratio),
                                excluded,
                                dpr,
                            },
                            png.clone(),
                        );
                    }
                    self.queue_annotation(step, total, entry, &stem, png, url.as_deref(), scroll);
                    if let Some(url) = url {
                        entry.url = Some(self.redactor.redact(&url));
                    }
                    entry.capture_ms = capture_ms(started);
                    return;
                }
                Err(e) => entry.notes.push(format!("screenshot not saved: {e}")),
            },
            Err(Withheld::Dialog(text)) => {
                // No screenshot can be taken while a dialog is open; its text is the evidence.
                entry.dialog = Some(self.redactor.redact(&text));
                let note = self
                    .redactor
                    .redact(&format!("JavaScript dialog open: {text}\n"));
                if self
                    .dir
                    .write(&format!("{stem}.dialog.txt"), note.as_bytes())
                    .is_ok()
                {
                    entry
                        .notes
                        .push(format!("dialog text saved as {stem}.dialog.txt"));
                }
                entry.capture_ms = capture_ms(started);
                return;
            }
            Err(Withheld::Note(note)) => entry.notes.push(self.redactor.redact(&note)),
        }
        if let Some(url) = url {
            entry.url = Some(self.redactor.redact(&url));
        }
        entry.capture_ms = capture_ms(started);
    }

    fn withheld(e: PageError) -> Withheld {
        match e {
            PageError::DialogOpen(text) => Withheld::Dialog(text),
            other => Withheld::Note(format!("screenshot withheld: {other}")),
        }
    }

    /// Waits for the page's busy indicators to go (at most `settle_limit`), so the screenshot shows
    /// where the step led rather than a spinner; the report says how long it waited. Answers the
    /// settled page's URL.
    async fn settle(
        &self,
        page: &Page<'_>,
        limit: Duration,
        entry: &mut StepReport,
    ) -> Option<String> {
        if limit.is_zero() {
            return None;
        }
        let settled = page.settle_evidence(limit, &self.busy).await?;
        entry.settle_ms = Some(settled.waited_ms);
        let seen = settled.busy.is_some();
        let busy = settled.busy.unwrap_or_else(|| "a busy indicator".into());
        if settled.timed_out {
            entry.notes.push(format!(
                "the page was still busy after {:.1}s ({busy}): the screenshot shows it so",
                limit.as_secs_f64()
            ));
        } else if settled.waited_ms > 0 && seen {
            entry.notes.push(format!(
                "waited {} ms for the page to settle ({busy})",
                settled.waited_ms
            ));
        }
        settled.url
    }

    /// Covers the masked elements, takes the screenshot, uncovers; refuses to return an image when a
    /// mask could not be placed, so no secret pixel reaches the disk.
    /// With a baseline the page is held still for the picture, and the step's ignored elements are
    /// measured in it (returned beside the image, never painted over). Otherwise, over clickpath's
    /// own DevTools connection, the picture is only asked for: [`Shot::InFlight`].
    async fn screenshot(
        &mut self,
        page: &mut Page<'_>,
        step: &PlannedStep,
        entry: &mut StepReport,
        dialog_checked: bool,
        stem: &str,
    ) -> Shot {
        let steady = self.comparing && self.visual.is_some();
        if steady && let Err(e) = page.steady().await {
            entry.notes.push(format!(
                "the page could not be held still for the comparison: {e}"
            ));
        }
        let mut rects = Vec::new();
        for target in &self.masks {
            match page.mask_rects(target).await {
                Ok(found) => rects.extend(found),
                Err(e) => return Shot::Withheld(Self::withheld(e)),
            }
        }
        let mut ignored = Vec::new();
        if steady {
            for target in step.visual.iter().flat_map(|v| &v.ignore) {
                match page.mask_rects(target).await {
                    Ok(found) => {
                        ignored.extend(found.into_iter().map(crate::report::model::Rect::from))
                    }
                    Err(e) => entry
                        .notes
                        .push(format!("ignored region {target} not measured: {e}")),
                }
            }
        }
        // Secret values, those learnt during the run included: covered wherever the page shows them.
        let secrets = self.redactor.secrets();
        let covered = !rects.is_empty() || !secrets.is_empty();
        if covered {
            match page.cover(&rects, &secrets).await {
                Ok(boxes) => entry.masked = boxes.into_iter().map(Into::into).collect(),
                Err(e) => {
                    return Shot::Withheld(Withheld::Note(format!(
                        "screenshot withheld: masking failed: {e}"
                    )));
                }
            }
        }
        // Held still or the whole page: taken here and now. Otherwise asked for, and made
        // while the runner goes on.
        if !steady && !self.full_page && dialog_checked {
            let dir = self.dir.clone();
            let file = format!("{stem}.png");
            let keep: crate::browser::page::Keep = Box::new(move |png: &[u8]| {
                dir.write(&file, png).map(|_| ()).map_err(|e| e.to_string())
            });
            if page.begin_screenshot(covered, keep).await {
                return Shot::InFlight;
            }
        }
        let shot = if self.full_page {
            match page.full_page_screenshot().await {
                Ok(Some(png)) => Ok(png),
                Ok(None) => {
                    entry
                        .notes
                        .push("this driver cannot capture the full page: viewport only".into());
                    page.screenshot(dialog_checked).await
                }
                Err(e) => Err(e),
            }
        } else {
            page.screenshot(dialog_checked).await
        };
        if covered {
            let _ = page.uncover().await;
        }
        if steady {
            let _ = page.unsteady().await;
        }
        match shot {
            Ok(png) => Shot::Taken(png, ignored),
            Err(e) => Shot::Withheld(Self::withheld(e)),
        }
    }

    /// Hands the annotated copy to the worker pool (steps that acted on an element only).
    #[allow(clippy::too_many_arguments)]
    fn queue_annotation(
        &self,
        step: &PlannedStep,
        total: usize,
        entry: &StepReport,
        stem: &str,
        png: Vec<u8>,
        url: Option<&str>,
        (dx, dy): (f64, f64),
    ) {
        let Some(element) = &entry.element else {
            return;
        };
        // After the step led to another page, the element's box would frame something else: the
        // annotated copy then only carries the caption.
        let same_page = !element.navigated
            && element
                .page_url
                .as_deref()
                .is_none_or(|was| Some(was) == url);
        let rect = element.rect.filter(|_| same_page);
        let dpr = element.dpr.unwrap_or(1.0);
        self.pool.submit(Job {
            step: step.index - 1,
            png,
            rect: rect.map(|rect| DeviceRect {
                x: (rect.x + dx) * dpr,
                y: (rect.y + dy) * dpr,
                width: rect.width * dpr,
                height: rect.height * dpr,
            }),
            caption: self.redactor.redact(&if same_page {
                format!("Step {}/{total} · {}", step.index, step.name)
            } else {
                format!(
                    "Step {}/{total} · {} → the page it led to",
                    step.index, step.name
                )
            }),
            scale: dpr,
            file_name: format!("{stem}.annotated.png"),
        });
    }
}

/// Records finished annotations in the report.
pub fn apply_annotations(report: &mut RunReport, finished: Vec<Finished>) {
    for f in finished {
        let Some(entry) = report.steps.get_mut(f.step) else {
            continue;
        };
        entry.annotate_ms = Some(f.ms);
        match f.result {
            Ok(file) => entry.annotated = Some(file),
            Err(e) => entry.notes.push(format!("annotated copy not made: {e}")),
        }
    }
}
