//! Finding elements: the request the in-page script answers, its answer, and how a miss is explained.
//!
//! One `execute_async` round trip locates, waits (in the page, on animation frames and mutations) and
//! reports; the search covers the top document, same-origin iframes and open shadow roots.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::runbook::model::{MouseButton, Position};
use crate::runbook::plan::{PlannedPick, ResolvedLocator, ResolvedScope, Target};

/// The in-page script as written: waits for the target and reports where it is, or why it is not
/// usable. It is sent as [`LocateScripts::full`], which also keeps it in the document.
const LOCATE_SOURCE: &str = include_str!("locate.js");

/// The two ways of running the locate script in a document.
#[derive(Debug)]
pub struct LocateScripts {
    /// The whole script: keeps its function in the document (a window property named after a hash
    /// of the script), then runs it.
    pub full: String,
    /// A few lines that run the function kept by an earlier `full` in the same document, or answer
    /// `{"clickpath_not_kept": true}` when this document has none (it is new).
    pub call: String,
}

impl LocateScripts {
    /// Whether an answer of [`LocateScripts::call`] says the document does not have the function.
    pub fn not_kept(answer: &serde_json::Value) -> bool {
        answer.get("clickpath_not_kept").and_then(|v| v.as_bool()) == Some(true)
    }
}

/// The locate scripts of this build (made once).
pub fn locate_scripts() -> &'static LocateScripts {
    static SCRIPTS: std::sync::OnceLock<LocateScripts> = std::sync::OnceLock::new();
    SCRIPTS.get_or_init(|| {
        // FNV-1a: another build's function, left in a document by another clickpath, is never used.
        let hash = LOCATE_SOURCE
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            });
        let key = format!("__clickpathLocate_{hash:016x}");
        LocateScripts {
            full: LOCATE_SOURCE.replace("__CLICKPATH_LOCATE_KEY__", &key),
            call: format!(
                "const f = window['{key}'], done = arguments[arguments.length - 1];\n\
                 if (typeof f !== 'function') done({{clickpath_not_kept: true}});\n\
                 else f(arguments.length > 1 ? arguments[0] : null, done);"
            ),
        }
    })
}

/// Run before a step's screenshot: waits until no busy indicator (spinner, progress bar) shows.
pub const BUSY_JS: &str = include_str!("busy.js");

/// Run after a click: waits until a navigation the click started has loaded its new document.
pub const SETTLE_JS: &str = include_str!("settle.js");

/// Run before a screenshot: covers masked boxes and every visible occurrence of a secret value.
pub const COVER_JS: &str = include_str!("cover.js");

/// Run after a failed step: the DOM with shadow roots and same-origin frames inlined, scripts removed.
pub const SNAPSHOT_JS: &str = include_str!("snapshot.js");

/// What the action needs from the element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Intent {
    /// Clickable: visible, enabled, stable, not covered.
    Click,
    /// As for a click; the pointer only moves there.
    Hover,
    /// Editable; the script focuses it and selects its content.
    Fill,
    /// Focusable; the script focuses it.
    Press,
    /// A checkbox to tick.
    Check,
    /// A checkbox to untick.
    Uncheck,
    /// A radio button.
    Choose,
    /// A drop-down list; the script chooses the option.
    Select,
    /// At least one visible match.
    Visible,
    /// No visible match.
    Absent,
    /// At least one match, visible or not.
    Attached,
    /// No match at all.
    Detached,
    /// Every visible match, at once (to cover before a screenshot).
    Mask,
}

/// A scope that holds one match of an ambiguous target and no other.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
pub struct ScopeHint {
    /// Which match (0-based, in document order).
    pub index: usize,
    /// The match.
    pub description: String,
    /// The scope, as a runbook's `within` says it: `{row}`, or `{role, name}`.
    pub within: ScopeHintWithin,
}

/// The scope of a [`ScopeHint`].
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
pub struct ScopeHintWithin {
    /// The text of the row's first cell.
    #[serde(default)]
    pub row: Option<String>,
    /// An ARIA role.
    #[serde(default)]
    pub role: Option<String>,
    /// Its accessible name.
    #[serde(default)]
    pub name: Option<String>,
}

impl ScopeHintWithin {
    /// As a runbook writes it: `within: { row: "HubSpot" }`.
    pub fn yaml(&self) -> String {
        let quote = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""));
        match (&self.row, &self.role, &self.name) {
            (Some(row), _, _) => format!("within: {{ row: {} }}", quote(row)),
            (None, Some(role), Some(name)) => {
                format!("within: {{ role: {role}, name: {} }}", quote(name))
            }
            (None, Some(role), None) => format!("within: {{ role: {role} }}"),
            (None, None, _) => "within: ?".to_owned(),
        }
    }
}

/// A request to the in-page script.
#[derive(Debug, Clone, Serialize)]
pub struct Request<'a> {
    /// What to find.
    pub target: &'a ResolvedLocator,
    /// Scope element.
    pub within: Option<&'a ResolvedLocator>,
    /// Scope row text.
    pub within_row: Option<&'a str>,
    /// Which match.
    pub nth: Option<u32>,
    /// What the element must be ready for.
    pub intent: Intent,
    /// For `select`: the options its selection becomes.
    pub pick: Option<&'a PlannedPick>,
    /// How long the page may wait.
    #[serde(
        rename = "timeout_ms",
        serialize_with = "crate::runbook::plan::as_millis"
    )]
    pub timeout: Duration,
    /// The whole wait the step allows, of which `timeout` may be one slice: what messages quote.
    #[serde(
        rename = "step_timeout_ms",
        serialize_with = "crate::runbook::plan::as_millis"
    )]
    pub step_timeout: Duration,
    /// On a miss, include the page's visible labels.
    pub collect_labels: bool,
    /// The way of `expect`/`wait`'s `text` and `absent`: a part of an element's visible text
    /// counts, names (`aria-label`, `title`) do not.
    pub part: bool,
    /// Where the element is pressed, from its top-left corner (default its centre): the point
    /// must be inside it and uncovered.
    pub position: Option<Position>,
    /// The button a click presses: which event shows where it landed.
    pub button: Option<MouseButton>,
    /// `force: true`: the element must be there and fit the action, but its state (visible,
    /// enabled, stable, uncovered) is not waited for.
    pub force: bool,
    /// Every check, and nothing done in the page (no focus, no option chosen, nothing watched).
    pub trial: bool,
    /// The last step's screenshot is still being made: the look may watch (listeners), but
    /// where it would scroll, focus or choose it stops with reason `held`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub hold: bool,
}

impl<'a> Request<'a> {
    /// A request for a step's target.
    pub fn for_target(target: &'a Target, intent: Intent, timeout: Duration) -> Self {
        let (within, within_row) = match &target.within {
            Some(ResolvedScope::Row { row }) => (None, Some(row.as_str())),
            Some(ResolvedScope::Element(l)) => (Some(l), None),
            None => (None, None),
        };
        Request {
            target: &target.locator,
            within,
            within_row,
            nth: target.nth,
            intent,
            pick: None,
            timeout,
            step_timeout: timeout,
            collect_labels: true,
            part: false,
            position: None,
            button: None,
            force: false,
            trial: false,
            hold: false,
        }
    }
}

/// A point in top-level viewport CSS pixels.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq)]
pub struct Point {
    /// Horizontal.
    pub x: f64,
    /// Vertical.
    pub y: f64,
}

/// A box in top-level viewport CSS pixels.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq)]
pub struct Rect {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// How much was searched.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
pub struct Searched {
    /// Documents (top and same-origin frames).
    #[serde(default)]
    pub documents: u32,
    /// Frames.
    #[serde(default)]
    pub frames: u32,
    /// Open shadow roots.
    #[serde(default)]
    pub shadow_roots: u32,
}

/// Part of the page the search had to leave out: a DOM call there threw (a patched shadow root
/// that refuses a method, say). The rest was searched.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
pub struct Skipped {
    /// `shadow root` or `document`.
    #[serde(default)]
    pub what: String,
    /// The first line of what was thrown.
    #[serde(default)]
    pub error: String,
    /// How many were skipped for that reason.
    #[serde(default)]
    pub count: u32,
    /// Where the first one sits (its host, frames above it).
    #[serde(default)]
    pub path: String,
}

/// An element the script saw.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
pub struct Candidate {
    /// Tag, role and name.
    #[serde(default)]
    pub description: String,
    /// Where it sits (frames, shadow hosts).
    #[serde(default)]
    pub path: String,
    /// Whether it is visible.
    #[serde(default)]
    pub visible: bool,
    /// Whether it is enabled.
    #[serde(default)]
    pub enabled: bool,
}

/// A visible text of the page, for "did you mean".
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
pub struct PageLabel {
    /// The text.
    #[serde(default)]
    pub text: String,
    /// The element's tag.
    #[serde(default)]
    pub tag: String,
}

/// The script's answer.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Answer {
    /// Whether the element was found and ready.
    pub ok: bool,
    /// Why not.
    #[serde(default)]
    pub reason: Option<String>,
    /// One sentence about it.
    #[serde(default)]
    pub message: Option<String>,
    /// Where to click.
    #[serde(default)]
    pub point: Option<Point>,
    /// The element's box.
    #[serde(default)]
    pub rect: Option<Rect>,
    /// Device pixel ratio.
    #[serde(default)]
    pub dpr: Option<f64>,
    /// The element, described.
    #[serde(default)]
    pub description: Option<String>,
    /// Where it was found.
    #[serde(default)]
    pub path: Option<String>,
    /// `exact` or `normalized`.
    #[serde(default, rename = "match")]
    pub matched: Option<String>,
    /// Checkbox or radio state.
    #[serde(default)]
    pub checked: Option<bool>,
    /// The top document's URL when the element was found.
    #[serde(default)]
    pub page_url: Option<String>,
    /// The element is a link or form that targets another window.
    #[serde(default)]
    pub opens_window: bool,
    /// The element is inside frames that are scaled or rotated: its point and box are the script's
    /// estimate, and the browser is asked where it really is.
    #[serde(default)]
    pub transformed: bool,
    /// The option chosen by `select` (the first, when several are).
    #[serde(default)]
    pub option: Option<String>,
    /// Every option `select` left chosen.
    #[serde(default)]
    pub chosen: Option<Vec<String>>,
    /// With `force`: what the skipped checks found (`covered by div#x`, `disabled`), when
    /// anything.
    #[serde(default)]
    pub forced: Option<Vec<String>>,
    /// Time spent in the page.
    #[serde(default)]
    pub elapsed_ms: Option<f64>,
    /// How much was searched.
    #[serde(default)]
    pub searched: Option<Searched>,
    /// Matches in an unusable state, or all matches when ambiguous.
    #[serde(default)]
    pub candidates: Vec<Candidate>,
    /// For an ambiguous target: the scopes that would pick each match.
    #[serde(default)]
    pub scopes: Vec<ScopeHint>,
    /// The failure is the answer whatever time is left: the element can never take the action (not a
    /// checkbox), or the action was tried and did not take.
    #[serde(default, rename = "final")]
    pub is_final: bool,
    /// The element covering the target.
    #[serde(default)]
    pub covered_by: Option<String>,
    /// The page's visible labels.
    #[serde(default)]
    pub labels: Vec<PageLabel>,
    /// Options of a list, when the wanted one is missing.
    #[serde(default)]
    pub options: Vec<String>,
    /// For `mask`: the boxes of every visible match.
    #[serde(default)]
    pub rects: Vec<Rect>,
    /// The top document's scroll offset (CSS pixels).
    #[serde(default)]
    pub scroll: Option<Point>,
    /// Frames of another origin, which the script could not enter.
    #[serde(default)]
    pub cross_origin_frames: Vec<serde_json::Value>,
    /// Roots left out because a DOM call in them threw.
    #[serde(default)]
    pub skipped: Vec<Skipped>,
}

/// The visible labels closest to `wanted`, best first, with their similarity (0..1).
pub fn nearest_labels(wanted: &str, labels: &[PageLabel], count: usize) -> Vec<(String, f64)> {
    let wanted_norm = normalize(wanted);
    let mut scored: Vec<(String, f64)> = Vec::new();
    for label in labels {
        let text = label.text.trim();
        if text.is_empty() || scored.iter().any(|(t, _)| t == text) {
            continue;
        }
        let score = strsim::normalized_levenshtein(&wanted_norm, &normalize(text))
            .max(strsim::jaro_winkler(&wanted_norm, &normalize(text)) * 0.98);
        scored.push((text.to_owned(), score));
    }
    scored.sort_by(|a, b| b.1.total_cmp(&a.1));
    scored.truncate(count);
    scored
}

fn normalize(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The text a locator looks for, when it has one (for "did you mean").
pub fn wanted_text(locator: &ResolvedLocator) -> Option<&str> {
    locator.wanted_text()
}

/// Why a locate missed, in parts: the script's sentence, then what a person needs to fix the runbook
/// (what covers the target, the state of what matched, the options, the nearest labels), then how far
/// the search went. Shown on one line (`Display`, as in `report.json`) or one part a line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Miss {
    /// The script's sentence ("Nothing matches text \"Salva\"").
    pub summary: String,
    /// `covered by …`, `matches: …`, `options: …`, `nearest: …`, `skipped …`.
    pub details: Vec<String>,
    /// `searched 1 document, 0 frames, 0 shadow roots`.
    pub searched: Option<String>,
}

impl std::fmt::Display for Miss {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.summary)?;
        for detail in &self.details {
            write!(f, "; {detail}")?;
        }
        match &self.searched {
            Some(searched) => write!(f, " ({searched})"),
            None => Ok(()),
        }
    }
}

/// Explains a miss: the script's sentence, the state of what matched, and the nearest labels.
pub fn explain(answer: &Answer, wanted: Option<&str>) -> Miss {
    let mut details = Vec::new();
    let summary = answer
        .message
        .as_deref()
        .map(|m| m.trim_end_matches('.').to_owned())
        .unwrap_or_else(|| answer.reason.clone().unwrap_or_else(|| "not found".into()));
    if let Some(by) = &answer.covered_by {
        details.push(format!("covered by {by}"));
    }
    if !answer.candidates.is_empty() {
        let list: Vec<String> = answer
            .candidates
            .iter()
            .take(10)
            .map(|c| {
                let mut state = Vec::new();
                if !c.visible {
                    state.push("hidden");
                }
                if !c.enabled {
                    state.push("disabled");
                }
                let state = if state.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", state.join(", "))
                };
                if c.path.is_empty() {
                    format!("{}{state}", c.description)
                } else {
                    format!("{}{state} at {}", c.description, c.path)
                }
            })
            .collect();
        details.push(format!("matches: {}", list.join(" | ")));
    }
    for hint in &answer.scopes {
        details.push(format!(
            "`{}` picks match {} ({})",
            hint.within.yaml(),
            hint.index + 1,
            hint.description
        ));
    }
    if !answer.options.is_empty() {
        details.push(format!("options: {}", answer.options.join(", ")));
    }
    if let Some(wanted) = wanted
        && matches!(
            answer.reason.as_deref(),
            Some("not_found") | Some("scope_not_found")
        )
    {
        let nearest = nearest_labels(wanted, &answer.labels, 5);
        if !nearest.is_empty() {
            let list: Vec<String> = nearest
                .iter()
                .map(|(t, s)| format!("'{t}' {s:.2}"))
                .collect();
            details.push(format!("nearest: {}", list.join(", ")));
        }
    }
    // What was left out belongs next to how far the search went: a miss may be inside it.
    for s in &answer.skipped {
        let count = s.count.max(1);
        let what = if s.what.is_empty() { "root" } else { &s.what };
        let at = if s.path.is_empty() {
            String::new()
        } else {
            format!(" (at {})", s.path)
        };
        details.push(format!(
            "skipped {count} {what}{}: {}{at}",
            plural(count),
            s.error
        ));
    }
    let searched = answer.searched.as_ref().map(|s| {
        format!(
            "searched {} document{}, {} frame{}, {} shadow root{}",
            s.documents,
            plural(s.documents),
            s.frames,
            plural(s.frames),
            s.shadow_roots,
            plural(s.shadow_roots)
        )
    });
    Miss {
        summary,
        details,
        searched,
    }
}

fn plural(n: u32) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_full_script_keeps_the_function_under_the_name_the_call_uses() {
        let s = locate_scripts();
        assert!(
            !s.full.contains("__CLICKPATH_LOCATE_KEY__"),
            "every placeholder is replaced"
        );
        let key_at = s
            .call
            .find("__clickpathLocate_")
            .expect("the call names the function");
        let key: String = s.call[key_at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        assert_eq!(key.len(), "__clickpathLocate_".len() + 16, "{key}");
        assert!(
            s.full
                .contains(&format!("Object.defineProperty(window, '{key}'")),
            "the full script keeps the function under {key}"
        );
        assert!(
            s.call.len() < 300,
            "the call is short: {} bytes",
            s.call.len()
        );
    }

    #[test]
    fn only_the_missing_function_answer_counts_as_not_kept() {
        assert!(LocateScripts::not_kept(
            &serde_json::json!({"clickpath_not_kept": true})
        ));
        assert!(!LocateScripts::not_kept(
            &serde_json::json!({"ok": false, "reason": "not_found"})
        ));
        assert!(!LocateScripts::not_kept(&serde_json::json!(null)));
    }

    fn label(t: &str) -> PageLabel {
        PageLabel {
            text: t.into(),
            tag: "a".into(),
        }
    }

    #[test]
    fn nearest_labels_rank_close_texts_first() {
        let labels = [
            label("Pacchetti installati (beta)"),
            label("Utenti"),
            label("Pacchetti"),
            label("Utenti"),
        ];
        let got = nearest_labels("Pacchetti installati", &labels, 5);
        assert_eq!(got[0].0, "Pacchetti installati (beta)");
        assert_eq!(got.len(), 3, "duplicates are listed once: {got:?}");
    }

    #[test]
    fn a_scope_hint_is_written_as_a_runbook_writes_within() {
        let row = ScopeHintWithin {
            row: Some("HubSpot \"Integration\"".into()),
            ..Default::default()
        };
        assert_eq!(row.yaml(), r#"within: { row: "HubSpot \"Integration\"" }"#);
        let dialog = ScopeHintWithin {
            role: Some("dialog".into()),
            name: Some("Disinstalla".into()),
            ..Default::default()
        };
        assert_eq!(
            dialog.yaml(),
            r#"within: { role: dialog, name: "Disinstalla" }"#
        );
        let menu = ScopeHintWithin {
            role: Some("menu".into()),
            ..Default::default()
        };
        assert_eq!(menu.yaml(), "within: { role: menu }");
    }

    #[test]
    fn explains_a_miss_with_nearest_labels_and_search_extent() {
        let answer = Answer {
            reason: Some("not_found".into()),
            message: Some("no element matches 'Pacchetti installati'".into()),
            labels: vec![label("Pacchetti installati (beta)")],
            searched: Some(Searched {
                documents: 2,
                frames: 1,
                shadow_roots: 3,
            }),
            ..Answer::default()
        };
        let text = explain(&answer, Some("Pacchetti installati")).to_string();
        assert!(text.starts_with("no element matches 'Pacchetti installati'; nearest: 'Pacchetti installati (beta)' 0."), "{text}");
        assert!(
            text.ends_with("(searched 2 documents, 1 frame, 3 shadow roots)"),
            "{text}"
        );
    }

    #[test]
    fn a_skipped_root_is_a_detail_of_the_miss() {
        let answer: Answer = serde_json::from_value(serde_json::json!({
            "ok": false,
            "reason": "not_found",
            "message": "Nothing matches text \"Riservato\".",
            "searched": {"documents": 1, "frames": 0, "shadow_roots": 4},
            "skipped": [{"what": "shadow root", "error": "Disallowed method \"querySelectorAll\" on ShadowRoot.",
                         "count": 1, "path": "t-locked(shadow)"}]
        }))
        .expect("the script's answer parses");
        let miss = explain(&answer, None);
        assert_eq!(
            miss.details,
            vec![
                "skipped 1 shadow root: Disallowed method \"querySelectorAll\" on ShadowRoot. (at t-locked(shadow))"
            ]
        );
        assert_eq!(
            miss.searched.as_deref(),
            Some("searched 1 document, 0 frames, 4 shadow roots")
        );
    }
}
