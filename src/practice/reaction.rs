//! The benchmark's reaction-latency page: a button appears after a delay of 200-800 ms, and the page
//! measures how long a tool takes to click it (`performance.now()` at the insertion and at the trusted
//! click). Each page posts its measurement here, and the harness reads them back by run.

use std::collections::HashMap;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::Json;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::Org;
use super::api::refused;
use super::i18n::Lang;
use super::template::{Context, render};

/// How many measurements are kept (the oldest go first): enough for any benchmark, bounded for a
/// server left running.
const KEPT: usize = 10_000;

/// The longest run name accepted.
const RUN_NAME_MAX: usize = 100;

/// One measurement, as the page posts it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reaction {
    /// The harness's name for one tool's run (`?run=`).
    pub run: String,
    /// The page's `?round=`, if it had one.
    pub round: Option<u32>,
    /// How long the page waited before inserting the button.
    pub delay_ms: f64,
    /// From the insertion to the click event.
    pub latency_ms: f64,
}

impl Reaction {
    fn check(&self) -> Result<(), &'static str> {
        let plausible = |ms: f64| ms.is_finite() && (0.0..600_000.0).contains(&ms);
        if self.run.chars().count() > RUN_NAME_MAX {
            return Err("run must be at most 100 characters");
        }
        if !plausible(self.delay_ms) || !plausible(self.latency_ms) {
            return Err("delay_ms and latency_ms must be between 0 and 600000");
        }
        Ok(())
    }
}

/// The measurements posted to one server, oldest first.
#[derive(Debug, Default)]
pub(crate) struct Reactions(Mutex<VecDeque<Reaction>>);

impl Reactions {
    fn record(&self, reaction: Reaction) {
        let mut all = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if all.len() == KEPT {
            all.pop_front();
        }
        all.push_back(reaction);
    }

    fn of_run(&self, run: &str) -> Vec<Reaction> {
        let all = self.0.lock().unwrap_or_else(|e| e.into_inner());
        all.iter().filter(|r| r.run == run).cloned().collect()
    }
}

/// `GET /bench/reaction?run=NAME&round=N`: the page (a round number gives the same delay in every tool).
pub async fn page() -> Response {
    // The page's text is English only, whatever the org's language.
    let ctx = Context {
        lang: Lang::En,
        vars: &[],
        boot: "",
    };
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        render("bench/reaction.html", &ctx),
    )
        .into_response()
}

/// `POST /__practice/reactions`: one page's measurement.
pub async fn record(State(org): State<Arc<Org>>, Json(reaction): Json<Reaction>) -> Response {
    match reaction.check() {
        Ok(()) => {
            org.reactions.record(reaction);
            StatusCode::NO_CONTENT.into_response()
        }
        Err(message) => refused(StatusCode::BAD_REQUEST, message),
    }
}

/// `GET /__practice/reactions?run=NAME`: that run's measurements, in the order they came.
pub async fn list(
    State(org): State<Arc<Org>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let Some(run) = q.get("run") else {
        return refused(StatusCode::BAD_REQUEST, "run is required");
    };
    (
        [(header::CACHE_CONTROL, "no-store")],
        Json(org.reactions.of_run(run)),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reaction(run: &str, latency_ms: f64) -> Reaction {
        Reaction {
            run: run.into(),
            round: Some(1),
            delay_ms: 300.0,
            latency_ms,
        }
    }

    #[test]
    fn only_plausible_measurements_pass() {
        assert_eq!(reaction("cp-1", 12.5).check(), Ok(()));
        assert!(reaction("cp-1", -1.0).check().is_err());
        assert!(reaction("cp-1", f64::NAN).check().is_err());
        assert!(reaction("cp-1", 1e9).check().is_err());
        assert!(reaction(&"x".repeat(101), 1.0).check().is_err());
    }

    #[test]
    fn the_oldest_go_when_the_store_is_full() {
        let store = Reactions::default();
        store.record(reaction("first", 1.0));
        for _ in 0..KEPT {
            store.record(reaction("later", 2.0));
        }
        assert!(store.of_run("first").is_empty());
        assert_eq!(store.of_run("later").len(), KEPT);
    }
}
