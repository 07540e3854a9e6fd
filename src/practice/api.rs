//! The UI's actions: each one a state transition, answered with the new state or why it was refused.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;

use super::Org;
use super::i18n::Lang;
use super::state::{Refusal, now_ms};

/// A refusal as the pages read it: `{"error": "..."}`.
pub fn refused(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}

fn answer<T>(org: &Org, result: Result<T, Refusal>) -> Response {
    match result {
        Ok(_) => Json(org.snapshot()).into_response(),
        Err(r) => refused(StatusCode::CONFLICT, &r.to_string()),
    }
}

/// `POST /api/hubspot/disconnect`.
#[derive(Deserialize)]
pub struct Disconnect {
    reason: String,
    confirmation: String,
    /// The language the dialog asked for the phrase in.
    lang: String,
}

pub async fn disconnect(State(org): State<Arc<Org>>, Json(body): Json<Disconnect>) -> Response {
    let lang = Lang::parse(&body.lang).unwrap_or_default();
    let result = org.with(|s| s.disconnect(&body.reason, &body.confirmation, lang, now_ms()));
    answer(&org, result)
}

/// `POST /api/hubspot/reassign`.
#[derive(Deserialize)]
pub struct Reassign {
    assignments: Vec<Assignment>,
}

#[derive(Deserialize)]
pub struct Assignment {
    record: String,
    owner: String,
}

pub async fn reassign(State(org): State<Arc<Org>>, Json(body): Json<Reassign>) -> Response {
    let pairs: Vec<(String, String)> = body
        .assignments
        .into_iter()
        .map(|a| (a.record, a.owner))
        .collect();
    let result = org.with(|s| s.reassign(&pairs));
    answer(&org, result)
}

pub async fn owner_cleanup(State(org): State<Arc<Org>>) -> Response {
    let result = org.with(|s| s.remove_salesforce_owners());
    answer(&org, result)
}

pub async fn delete_export(State(org): State<Arc<Org>>, Path(id): Path<String>) -> Response {
    let result = org.with(|s| s.delete_export(&id));
    answer(&org, result)
}

pub async fn mark_read(State(org): State<Arc<Org>>, Path(id): Path<String>) -> Response {
    if org.with(|s| s.mark_read(&id)) {
        Json(org.snapshot()).into_response()
    } else {
        refused(StatusCode::NOT_FOUND, "no such message")
    }
}

/// The uninstall page's form, posted like Classic's own pages are.
#[derive(Deserialize)]
pub struct UninstallForm {
    id: String,
    #[serde(default)]
    keep: String,
    #[serde(default)]
    confirm: Option<String>,
    #[serde(default)]
    isdtp: Option<String>,
}

pub async fn uninstall_form(
    State(org): State<Arc<Org>>,
    Form(form): Form<UninstallForm>,
) -> Response {
    let keep = form.keep != "no";
    let confirmed = form.confirm.is_some();
    let result = org.with(|s| s.uninstall(&form.id, keep, confirmed, now_ms()));
    // Inside Lightning's iframe the page stays chromeless (`isdtp`), as it arrived.
    let frame = form
        .isdtp
        .filter(|v| !v.is_empty())
        .map(|v| format!("isdtp={}", encode(&v)));
    match result {
        Ok(()) => {
            let query = frame.map(|f| format!("?{f}")).unwrap_or_default();
            Redirect::to(&format!("/classic/setup/packages{query}")).into_response()
        }
        Err(r) => {
            let code = match r {
                Refusal::NotConfirmed => "not_confirmed",
                _ => "not_installed",
            };
            let mut query = format!("id={}&error={code}", encode(&form.id));
            if let Some(f) = frame {
                query.push('&');
                query.push_str(&f);
            }
            Redirect::to(&format!("/classic/setup/packages/uninstall?{query}")).into_response()
        }
    }
}

/// `GET /classic/setup/packages/export/{id}`: the saved data as a CSV file.
pub async fn download_export(State(org): State<Arc<Org>>, Path(id): Path<String>) -> Response {
    let found = org.with(|s| {
        s.export_of(&id).map(|(u, e)| {
            let mut csv = String::from("Package,Namespace,Component,Type\n");
            for c in &u.package.components {
                csv.push_str(&format!(
                    "{},{},{},{}\n",
                    u.package.name, u.package.namespace, c.name, c.kind
                ));
            }
            (e.file_name.clone(), csv)
        })
    });
    match found {
        Some((name, csv)) => {
            let mut response =
                ([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], csv).into_response();
            if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
                response
                    .headers_mut()
                    .insert(header::CONTENT_DISPOSITION, v);
            }
            response
        }
        None => refused(StatusCode::NOT_FOUND, "no saved data for this package"),
    }
}

/// Percent-encodes a query value (ids and flags are plain ASCII; anything else is escaped).
fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
