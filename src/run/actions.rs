//! What each step kind does in the page.

use std::future::Future;
use std::time::{Duration, Instant};

use super::failure::StepError;
use crate::browser::page::{Navigated, Page};
use crate::locate::{Answer, Intent, Miss, Request, explain, wanted_text};
use crate::redact::Redactor;
use crate::report::model::ElementInfo;
use crate::runbook::model::{MouseButton, Position};
use crate::runbook::plan::{
    PlannedAction, PlannedCheck, PlannedPick, PlannedStep, Press, ResolvedLocator, Target,
};

/// What a step that worked leaves behind.
#[derive(Debug, Default)]
pub struct Done {
    /// The element acted on.
    pub element: Option<ElementInfo>,
    /// Notes for the report.
    pub notes: Vec<String>,
}

/// Where a step's time went, added up around its calls to the page (failed attempts included),
/// and what the run watches for while the step waits for its target.
#[derive(Debug, Default, Clone)]
pub struct Split {
    /// Locating the target and waiting for it to be ready, or waiting for an `expect`, a `wait` or a
    /// dialog. A `select` picks its option in the same in-page call, so its time is all here.
    pub locate: Duration,
    /// The action: navigating, the click and the wait for where it led, typing, answering a dialog,
    /// reading a toggle's state back.
    pub act: Duration,
    /// What interrupts the wait for a target.
    pub watch: Watch,
}

/// What a step watches for while its target is missing or covered.
#[derive(Debug, Default, Clone)]
pub struct Watch {
    /// The handlers' `when` elements, by handler: one shown ends the step's look with
    /// [`StepError::Interruption`], so the handler can run and the step be tried again.
    pub handlers: Vec<Target>,
    /// A login page instead of the target means the session lapsed ([`StepError::SessionExpired`]);
    /// off inside login sections, which expect login pages.
    pub lapsed_session: bool,
    /// Look for a login page between slices too, not only when the wait ends: a login section can
    /// then log in again at once.
    pub early_login: bool,
    /// Learns the one-time codes the step types, so nothing written shows them.
    pub redactor: Redactor,
}

impl Watch {
    /// Whether the look at a target goes in slices, with a look for interruptions between them.
    fn slices(&self) -> bool {
        !self.handlers.is_empty() || (self.lapsed_session && self.early_login)
    }
}

/// While a step watches for interruptions, its look at its target goes in slices this long, with
/// a look for them between two slices.
const WATCH_SLICE: Duration = Duration::from_millis(500);

/// The slice on a page with frames of another origin: the top document's first look and a look in
/// each frame fit in it.
const FRAMED_SLICE: Duration = Duration::from_millis(2500);

impl Split {
    /// Awaits `work`, counting its time as locating.
    async fn locating<T>(&mut self, work: impl Future<Output = T>) -> T {
        let started = Instant::now();
        let result = work.await;
        self.locate += started.elapsed();
        result
    }

    /// Awaits `work`, counting its time as acting.
    async fn acting<T>(&mut self, work: impl Future<Output = T>) -> T {
        let started = Instant::now();
        let result = work.await;
        self.act += started.elapsed();
        result
    }
}

/// The least time a second look at a target gets, whatever is left of the step's timeout.
const MIN_LOOK: Duration = Duration::from_millis(500);

/// The most time reading a toggle's state back after the click may take.
const READ_BACK: Duration = Duration::from_secs(2);

/// How often the browser's hit test is asked again while something covers an element inside
/// transformed frames.
const COVER_RECHECK: Duration = Duration::from_millis(50);

/// How long to keep looking for a tab opened by a link or form with a `target`.
const NEW_TAB_SETTLE: Duration = Duration::from_millis(1000);

/// What a step asks of its element: which one, what it must be ready for, and where it is pressed.
#[derive(Debug, Clone)]
struct Look<'a> {
    target: &'a Target,
    intent: Intent,
    position: Option<Position>,
    button: Option<MouseButton>,
    pick: Option<&'a PlannedPick>,
    /// `force: true`: without the waits for the element's state.
    force: bool,
    /// Every check, no side effect in the page.
    trial: bool,
}

impl<'a> Look<'a> {
    /// The look a step takes at its element; none for actions without one.
    fn of(step: &'a PlannedStep) -> Option<Look<'a>> {
        let at = |target, intent| Look {
            target,
            intent,
            position: None,
            button: None,
            pick: None,
            force: step.force,
            trial: false,
        };
        Some(match &step.action {
            PlannedAction::Click { target, press }
            | PlannedAction::DoubleClick { target, press } => Look {
                position: press.position,
                button: Some(press.button),
                ..at(target, Intent::Click)
            },
            PlannedAction::Hover { target, position } => Look {
                position: *position,
                ..at(target, Intent::Hover)
            },
            PlannedAction::Fill { target, .. } => at(target, Intent::Fill),
            PlannedAction::Press {
                target: Some(target),
                ..
            } => at(target, Intent::Press),
            PlannedAction::Check { target } => at(target, Intent::Check),
            PlannedAction::Uncheck { target } => at(target, Intent::Uncheck),
            PlannedAction::Choose { target } => at(target, Intent::Choose),
            PlannedAction::Select { target, pick } => Look {
                pick: Some(pick),
                ..at(target, Intent::Select)
            },
            PlannedAction::Goto { .. }
            | PlannedAction::Press { target: None, .. }
            | PlannedAction::Expect { .. }
            | PlannedAction::Wait { .. }
            | PlannedAction::AcceptDialog { .. }
            | PlannedAction::DismissDialog { .. }
            | PlannedAction::Screenshot { .. }
            | PlannedAction::Manual { .. } => return None,
        })
    }

    /// The in-page script's request for it.
    fn request(&self, timeout: Duration) -> Request<'a> {
        let mut request = Request::for_target(self.target, self.intent, timeout);
        request.pick = self.pick;
        request.position = self.position;
        request.button = self.button;
        request.force = self.force;
        request.trial = self.trial;
        request
    }

    /// The same look, changing nothing in the page.
    fn trial(self) -> Self {
        Look {
            trial: true,
            ..self
        }
    }
}

/// Performs one step (a `trial: true` one only checks), adding where its time went to `split`.
pub async fn perform(
    page: &mut Page<'_>,
    step: &PlannedStep,
    split: &mut Split,
) -> Result<Done, StepError> {
    if step.trial {
        trial(page, step, split).await
    } else {
        act(page, step, split).await
    }
}

/// The note of a step that was rehearsed and not performed.
const TRIAL_NOTE: &str = "trial: not performed";

/// `trial: true`: every check the step would make before acting, and not the action. `expect`,
/// `wait` and `screenshot` only look, so they run as usual.
async fn trial(
    page: &mut Page<'_>,
    step: &PlannedStep,
    split: &mut Split,
) -> Result<Done, StepError> {
    let rehearsed = |mut done: Done| {
        done.notes.push(TRIAL_NOTE.to_owned());
        done
    };
    if let Some(look) = Look::of(step) {
        let answer = find(page, &look.trial(), step.timeout, split).await?;
        return Ok(rehearsed(done(&answer)));
    }
    match &step.action {
        PlannedAction::Expect { .. }
        | PlannedAction::Wait { .. }
        | PlannedAction::Screenshot { .. } => act(page, step, split).await,
        PlannedAction::AcceptDialog { text, .. } | PlannedAction::DismissDialog { text } => {
            let shown = split.locating(page.wait_dialog(step.timeout)).await?;
            expect_dialog_text(&shown, text.as_deref())?;
            Ok(rehearsed(Done {
                element: None,
                notes: vec![format!("dialog open: {shown:?}")],
            }))
        }
        PlannedAction::Goto { .. }
        | PlannedAction::Press { .. }
        | PlannedAction::Manual { .. }
        | PlannedAction::Click { .. }
        | PlannedAction::DoubleClick { .. }
        | PlannedAction::Hover { .. }
        | PlannedAction::Fill { .. }
        | PlannedAction::Check { .. }
        | PlannedAction::Uncheck { .. }
        | PlannedAction::Choose { .. }
        | PlannedAction::Select { .. } => Ok(rehearsed(Done::default())),
    }
}

/// Performs one step's action.
async fn act(
    page: &mut Page<'_>,
    step: &PlannedStep,
    split: &mut Split,
) -> Result<Done, StepError> {
    let timeout = step.timeout;
    let look = Look::of(step);
    match (&step.action, look) {
        (PlannedAction::Goto { url }, _) => {
            let mut d = Done::default();
            if let Navigated::Again { stayed } = split.acting(page.goto(url, timeout)).await? {
                d.notes.push(format!(
                    "the first navigation never started (the browser stayed on {stayed}); navigated again"
                ));
            }
            Ok(d)
        }
        (
            PlannedAction::Click { press, .. } | PlannedAction::DoubleClick { press, .. },
            Some(look),
        ) => click(page, &look, press, timeout, split).await,
        (PlannedAction::Hover { .. }, Some(look)) => {
            let deadline = Instant::now() + timeout;
            let mut answer = find(page, &look, timeout, split).await?;
            split
                .locating(shown_where_the_browser_says(
                    page,
                    look.target,
                    &mut answer,
                    deadline,
                ))
                .await?;
            let point = answer.point.ok_or(StepError::NoClickPoint)?;
            split.acting(page.move_to(point)).await?;
            Ok(done(&answer))
        }
        (
            PlannedAction::Fill {
                value,
                secret,
                totp,
                ..
            },
            Some(look),
        ) => {
            let target = look.target;
            let answer = find(page, &look, timeout, split).await?;
            let mut d = done(&answer);
            let code;
            let value = match totp {
                Some(how) => {
                    // The code is made once the field is ready, so it is as fresh as can be.
                    let (made, waited) =
                        crate::totp::code_to_type(value, how)
                            .await
                            .map_err(|problem| {
                                StepError::Browser(format!("the `totp` secret {problem}"))
                            })?;
                    split.watch.redactor.learn(&made.digits);
                    if !waited.is_zero() {
                        d.notes.push(format!(
                            "waited {:.0}s for a fresh one-time code (the current one was about to end)",
                            waited.as_secs_f64()
                        ));
                    }
                    d.notes.push(format!(
                        "typed the one-time code of the authenticator secret ({} digits, {}s, {})",
                        how.digits,
                        how.period,
                        how.algorithm.name()
                    ));
                    code = made.digits;
                    &code
                }
                None => value,
            };
            split.acting(page.type_text(value)).await?;
            // What was typed must show: keys that went elsewhere leave the field empty.
            if let Some(field) = split.acting(page.filled_field()).await? {
                let typed = value.chars().count();
                if typed > 0 && field.value.is_empty() {
                    return Err(StepError::TypedNothing {
                        target: target.to_string(),
                        typed,
                    });
                }
                if field.value != *value {
                    d.notes.push(if field.secret || *secret {
                        "the field shows something other than what was typed (reformatted by the page)".into()
                    } else {
                        format!("the field shows {:?} (the page reformatted what was typed)", field.value)
                    });
                }
            }
            Ok(d)
        }
        (PlannedAction::Press { key, .. }, look) => {
            // The element, when there is one, has the focus (and its form is watched for the
            // navigation an Enter may start); else the keys go wherever the focus is.
            let answer = match look {
                Some(look) => Some(find(page, &look, timeout, split).await?),
                None => None,
            };
            split
                .acting(async {
                    page.press_key(key).await?;
                    page.settle(timeout).await
                })
                .await?;
            Ok(answer.as_ref().map(done).unwrap_or_default())
        }
        (PlannedAction::Check { .. } | PlannedAction::Choose { .. }, Some(look)) => {
            toggle(page, &look, true, timeout, split).await
        }
        (PlannedAction::Uncheck { .. }, Some(look)) => {
            toggle(page, &look, false, timeout, split).await
        }
        (PlannedAction::Select { .. }, Some(look)) => {
            let answer = find(page, &look, timeout, split).await?;
            let mut d = done(&answer);
            d.notes.extend(chosen_note(&answer));
            Ok(d)
        }
        (PlannedAction::Expect { condition } | PlannedAction::Wait { condition }, _) => {
            split.locating(check(page, condition, timeout)).await
        }
        (PlannedAction::AcceptDialog { text, prompt }, _) => {
            let shown = split.locating(page.wait_dialog(timeout)).await?;
            expect_dialog_text(&shown, text.as_deref())?;
            split.acting(page.accept_dialog(prompt.as_deref())).await?;
            Ok(Done {
                element: None,
                notes: vec![format!("accepted dialog: {shown:?}")],
            })
        }
        (PlannedAction::DismissDialog { text }, _) => {
            let shown = split.locating(page.wait_dialog(timeout)).await?;
            expect_dialog_text(&shown, text.as_deref())?;
            split.acting(page.dismiss_dialog()).await?;
            Ok(Done {
                element: None,
                notes: vec![format!("dismissed dialog: {shown:?}")],
            })
        }
        (PlannedAction::Screenshot { .. }, _) => Ok(Done::default()),
        (PlannedAction::Manual { instruction }, _) => manual(instruction).await,
        (
            PlannedAction::Click { .. }
            | PlannedAction::DoubleClick { .. }
            | PlannedAction::Hover { .. }
            | PlannedAction::Fill { .. }
            | PlannedAction::Check { .. }
            | PlannedAction::Uncheck { .. }
            | PlannedAction::Choose { .. }
            | PlannedAction::Select { .. },
            None,
        ) => unreachable!("every action on an element has a look at it"),
    }
}

fn expect_dialog_text(shown: &str, wanted: Option<&str>) -> Result<(), StepError> {
    match wanted {
        Some(w) if !shown.contains(w) => Err(StepError::DialogText {
            shown: shown.to_owned(),
            wanted: w.to_owned(),
        }),
        _ => Ok(()),
    }
}

async fn find(
    page: &mut Page<'_>,
    look: &Look<'_>,
    timeout: Duration,
    split: &mut Split,
) -> Result<Answer, StepError> {
    let deadline = Instant::now() + timeout;
    let watching = split.watch.slices() && !look.trial;
    let mut slice = WATCH_SLICE;
    let answer = loop {
        let mut request = look.request(timeout);
        if watching {
            request.timeout = slice.min(deadline.saturating_duration_since(Instant::now()));
        }
        let answer = split.locating(page.locate(&request)).await?;
        if answer.ok || answer.is_final {
            break answer;
        }
        if !watching {
            let watch = split.watch.clone();
            split
                .locating(lapsed_session(page, &watch, &look.target.locator))
                .await?;
            break answer;
        }
        if !answer.cross_origin_frames.is_empty() {
            // A page with frames of another origin needs a first look and one in each frame.
            slice = FRAMED_SLICE;
        }
        if Instant::now() >= deadline {
            // A login page at the end of the wait explains the miss better than its labels.
            let watch = split.watch.clone();
            split
                .locating(lapsed_session(page, &watch, &look.target.locator))
                .await?;
            break answer;
        }
        // Missing or covered for a slice: an interruption may be in the way.
        let watch = split.watch.clone();
        split
            .locating(interrupted(page, &watch, &look.target.locator))
            .await?;
    };
    if answer.ok {
        Ok(answer)
    } else {
        Err(StepError::NotFound {
            target: look.target.to_string(),
            miss: explain(&answer, wanted_text(&look.target.locator)),
        })
    }
}

/// The first handler whose `when` element is visible now, by its place in `handlers`.
pub async fn interruption_shown(
    page: &mut Page<'_>,
    handlers: &[Target],
) -> Result<Option<usize>, StepError> {
    for (handler, when) in handlers.iter().enumerate() {
        let mut request = Request::for_target(when, Intent::Visible, Duration::ZERO);
        request.collect_labels = false;
        if page.locate(&request).await?.ok {
            return Ok(Some(handler));
        }
    }
    Ok(None)
}

/// Ends a step's look when a handler's interruption shows or a login page replaced the page.
async fn interrupted(
    page: &mut Page<'_>,
    watch: &Watch,
    wanted: &ResolvedLocator,
) -> Result<(), StepError> {
    if let Some(handler) = interruption_shown(page, &watch.handlers).await? {
        return Err(StepError::Interruption { handler });
    }
    lapsed_session(page, watch, wanted).await
}

/// [`StepError::SessionExpired`] when the step watches for a lapsed session and the page is a
/// login page instead of one with `wanted`.
async fn lapsed_session(
    page: &mut Page<'_>,
    watch: &Watch,
    wanted: &ResolvedLocator,
) -> Result<(), StepError> {
    if !watch.lapsed_session {
        return Ok(());
    }
    match page.login_page().await? {
        Some(url) => Err(StepError::SessionExpired {
            url: watch.redactor.redact(&url),
            wanted: wanted.to_string(),
        }),
        None => Ok(()),
    }
}

/// Inside scaled or rotated frames the script's point is an estimate: the browser's own geometry
/// replaces it (and the box the evidence highlights) when the driver can ask for it, and the
/// browser's hit test there must find the element, waiting until `deadline` for a cover to go.
async fn shown_where_the_browser_says(
    page: &Page<'_>,
    target: &Target,
    answer: &mut Answer,
    deadline: Instant,
) -> Result<(), StepError> {
    if !answer.transformed {
        return Ok(());
    }
    loop {
        let Some(shown) = page.where_shown().await else {
            return Ok(());
        };
        answer.point = Some(shown.point);
        answer.rect = Some(shown.rect);
        let Some(by) = shown.covered_by else {
            return Ok(());
        };
        if Instant::now() >= deadline {
            return Err(StepError::NotFound {
                target: target.to_string(),
                miss: Miss {
                    summary: format!(
                        "{} is covered at its click point ({}, {}), inside scaled or rotated frames.",
                        answer.description.as_deref().unwrap_or("the element"),
                        shown.point.x,
                        shown.point.y
                    ),
                    details: vec![format!("covered by {by}")],
                    searched: None,
                },
            });
        }
        tokio::time::sleep(COVER_RECHECK).await;
    }
}

/// What a located element leaves in the report; with `force`, what the skipped checks found.
fn done(answer: &Answer) -> Done {
    let notes = match &answer.forced {
        None => Vec::new(),
        Some(found) if found.is_empty() => vec![FORCE_NOTE.to_owned()],
        Some(found) => vec![format!("{FORCE_NOTE} (it was {})", found.join(", "))],
    };
    Done {
        element: Some(ElementInfo {
            description: answer.description.clone().unwrap_or_default(),
            path: answer.path.clone().unwrap_or_default(),
            rect: answer.rect.map(Into::into),
            dpr: answer.dpr,
            matched: answer.matched.clone(),
            locate_ms: answer.elapsed_ms,
            page_url: answer.page_url.clone(),
            navigated: false,
        }),
        notes,
    }
}

/// What a `select` left chosen, for the report.
fn chosen_note(answer: &Answer) -> Option<String> {
    let chosen = match (&answer.chosen, &answer.option) {
        (Some(chosen), _) => chosen.clone(),
        (None, Some(option)) => vec![option.clone()],
        (None, None) => return None,
    };
    if chosen.is_empty() {
        return Some("no option is chosen now".to_owned());
    }
    let quoted: Vec<String> = chosen.iter().map(|c| format!("'{c}'")).collect();
    Some(format!("selected {}", quoted.join(", ")))
}

/// The note of a step that acted with `force: true`.
const FORCE_NOTE: &str =
    "force: acted without the checks for visible, enabled, stable and uncovered";

async fn click(
    page: &mut Page<'_>,
    look: &Look<'_>,
    press: &Press,
    timeout: Duration,
    split: &mut Split,
) -> Result<Done, StepError> {
    let target = look.target;
    let started = Instant::now();
    let mut notes = Vec::new();
    // The click goes to coordinates: if the element was re-rendered elsewhere or covered between
    // finding and clicking it, it is found again and clicked once more, then the step fails.
    for attempt in 1..=2 {
        let left = timeout.saturating_sub(started.elapsed());
        let mut answer = find(page, look, left.max(MIN_LOOK), split).await?;
        let deadline = started + timeout.max(MIN_LOOK);
        split
            .locating(shown_where_the_browser_says(
                page,
                target,
                &mut answer,
                deadline,
            ))
            .await?;
        let point = answer.point.ok_or(StepError::NoClickPoint)?;
        let settled = split
            .acting(async {
                page.press_at(point, press).await?;
                page.settle(timeout).await
            })
            .await?;
        let mut d = done(&answer);
        d.notes.append(&mut notes);
        if settled.navigated {
            d.notes.push("waited for the page it opened to load".into());
            if let Some(element) = d.element.as_mut() {
                element.navigated = true;
            }
        }
        match settled.landing {
            Some(l) if !l.landed => {
                let on = l.on.unwrap_or_else(|| "something else".into());
                if attempt == 2 {
                    return Err(StepError::ClickMissed {
                        target: target.to_string(),
                        on,
                    });
                }
                notes = vec![format!(
                    "the first click landed on {on}; found the element again"
                )];
                continue;
            }
            Some(l) if l.replaced => {
                d.notes.push("the element was re-rendered as it was clicked; the click reached its replacement".into());
            }
            _ => {}
        }
        // A script's window.open is listed at once; a link's new tab may take a moment to appear.
        let settle = if answer.opens_window {
            NEW_TAB_SETTLE
        } else {
            Duration::ZERO
        };
        if split.acting(page.follow_new_window(settle)).await? {
            d.notes.push("switched to the new tab it opened".into());
        }
        return Ok(d);
    }
    Err(StepError::ClickMissed {
        target: target.to_string(),
        on: "something else".into(),
    })
}

async fn toggle(
    page: &mut Page<'_>,
    look: &Look<'_>,
    want: bool,
    timeout: Duration,
    split: &mut Split,
) -> Result<Done, StepError> {
    let target = look.target;
    let started = Instant::now();
    let mut answer = find(page, look, timeout, split).await?;
    split
        .locating(shown_where_the_browser_says(
            page,
            target,
            &mut answer,
            started + timeout,
        ))
        .await?;
    let mut d = done(&answer);
    if answer.checked == Some(want) {
        d.notes.push(format!(
            "already {}",
            if want { "selected" } else { "cleared" }
        ));
        return Ok(d);
    }
    let point = answer.point.ok_or(StepError::NoClickPoint)?;
    split
        .acting(async {
            page.click_at(point).await?;
            page.settle(timeout).await
        })
        .await?;
    // Custom widgets may ignore a click: read the state back instead of assuming it changed.
    let left = timeout.saturating_sub(started.elapsed());
    let mut again = look.request(left.clamp(MIN_LOOK, READ_BACK));
    again.collect_labels = false;
    let after = split.acting(page.locate(&again)).await?;
    if after.ok && after.checked != Some(want) {
        return Err(StepError::ToggleIgnored {
            target: target.to_string(),
            wanted: want,
        });
    }
    Ok(d)
}

/// Whether an `if:` holds, waiting for it at most `timeout`: a miss is `false`, a lost browser or
/// an open dialog an error.
pub async fn holds(
    page: &mut Page<'_>,
    condition: &PlannedCheck,
    timeout: Duration,
) -> Result<bool, StepError> {
    match check(page, condition, timeout).await {
        Ok(_) => Ok(true),
        Err(
            StepError::NotShown { .. } | StepError::NotReached { .. } | StepError::NotFound { .. },
        ) => Ok(false),
        Err(other) => Err(other),
    }
}

async fn check(
    page: &mut Page<'_>,
    condition: &PlannedCheck,
    timeout: Duration,
) -> Result<Done, StepError> {
    match condition {
        PlannedCheck::Text { text } | PlannedCheck::Absent { text } => {
            let target = Target {
                locator: ResolvedLocator::Text {
                    text: text.clone(),
                    exact: false,
                },
                within: None,
                nth: None,
            };
            let intent = if matches!(condition, PlannedCheck::Text { .. }) {
                Intent::Visible
            } else {
                Intent::Absent
            };
            state(page, condition, &target, intent, timeout, true).await
        }
        PlannedCheck::Visible { target } => {
            state(page, condition, target, Intent::Visible, timeout, false).await
        }
        PlannedCheck::Hidden { target } => {
            state(page, condition, target, Intent::Absent, timeout, false).await
        }
        PlannedCheck::Attached { target } => {
            state(page, condition, target, Intent::Attached, timeout, false).await
        }
        PlannedCheck::Detached { target } => {
            state(page, condition, target, Intent::Detached, timeout, false).await
        }
        PlannedCheck::UrlContains { text } | PlannedCheck::Title { text } => {
            let deadline = Instant::now() + timeout;
            loop {
                let actual = if matches!(condition, PlannedCheck::UrlContains { .. }) {
                    page.url().await?
                } else {
                    page.title().await?
                };
                if actual.contains(text.as_str()) {
                    return Ok(Done::default());
                }
                if Instant::now() >= deadline {
                    return Err(StepError::NotReached {
                        condition: condition.to_string(),
                        actual,
                        waited: timeout,
                    });
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
}

/// Waits for the state of a locator's elements: with the locator's own way of matching and the
/// step's scope, or (`part`) the text checks' way, where a part of the visible text counts.
async fn state(
    page: &mut Page<'_>,
    condition: &PlannedCheck,
    target: &Target,
    intent: Intent,
    timeout: Duration,
    part: bool,
) -> Result<Done, StepError> {
    let mut request = Request::for_target(target, intent, timeout);
    request.collect_labels = matches!(intent, Intent::Visible | Intent::Attached);
    request.part = part;
    let answer = page.locate(&request).await?;
    if answer.ok {
        Ok(done(&answer))
    } else {
        Err(StepError::NotShown {
            condition: condition.to_string(),
            miss: explain(&answer, wanted_text(&target.locator)),
        })
    }
}

async fn manual(instruction: &str) -> Result<Done, StepError> {
    use tokio::io::AsyncBufReadExt;
    eprintln!("      ▶ {instruction}");
    eprintln!("        Press Enter when done (Ctrl-C stops the run).");
    let mut line = String::new();
    let mut stdin = tokio::io::BufReader::new(tokio::io::stdin());
    match stdin.read_line(&mut line).await {
        Ok(0) | Err(_) => Err(StepError::NoOperator),
        Ok(_) => Ok(Done {
            element: None,
            notes: vec!["confirmed by the operator".into()],
        }),
    }
}

/// Proves a step's target is there and ready for the action, without acting: for `check` and for a
/// destructive step the run may not perform. The element's box goes into the evidence (highlighted).
pub async fn verify(
    page: &mut Page<'_>,
    step: &PlannedStep,
    split: &mut Split,
) -> Result<Done, StepError> {
    let nothing = || Done {
        element: None,
        notes: vec!["nothing to locate; not performed".into()],
    };
    let Some(look) = Look::of(step) else {
        return Ok(nothing());
    };
    let answer = find(page, &look.trial(), step.timeout, split).await?;
    let mut d = done(&answer);
    d.notes.push("target found and ready; not performed".into());
    Ok(d)
}

/// Looks at a step's element without acting and answers what the page said: found, ambiguous (with
/// the scopes that would pick each match) or missing (with the page's labels); `None` for a step with
/// no element. For drafting a runbook against a live UI.
pub async fn survey(
    page: &mut Page<'_>,
    step: &PlannedStep,
    timeout: Duration,
) -> Result<Option<Answer>, StepError> {
    let Some(look) = Look::of(step) else {
        return Ok(None);
    };
    Ok(Some(page.locate(&look.trial().request(timeout)).await?))
}

/// The word an operator types to perform a destructive step: the target's text, or `yes`.
pub fn confirmation_word(step: &PlannedStep) -> String {
    step.action
        .target()
        .and_then(|t| crate::locate::wanted_text(&t.locator))
        .map(|w| w.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|w| !w.is_empty() && w.chars().count() <= 40)
        .unwrap_or_else(|| "yes".to_owned())
}

/// Asks the operator at the terminal: whether they typed the confirmation word, or `None` when the
/// terminal gave no line at all (closed, or its input thrown away by Ctrl-C).
pub async fn ask_operator(
    step: &PlannedStep,
    redact: &(dyn Fn(&str) -> String + Sync),
) -> Option<bool> {
    use tokio::io::AsyncBufReadExt;
    let word = confirmation_word(step);
    eprintln!(
        "      ⚠ step {} cannot be undone: {}",
        step.index,
        redact(&step.name)
    );
    if let Some(doc) = &step.doc {
        eprintln!("        {}", redact(doc));
    }
    eprintln!(
        "        Type '{}' to perform it; anything else stops the run here.",
        redact(&word)
    );
    let mut line = String::new();
    let mut stdin = tokio::io::BufReader::new(tokio::io::stdin());
    match stdin.read_line(&mut line).await {
        Ok(n) if n > 0 => Some(line.trim().to_lowercase() == word.to_lowercase()),
        _ => None,
    }
}
