//! URLs: the product pages, their static files, and the practice endpoints.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde_json::json;

use super::i18n::Lang;
use super::interruption::Interruption;
use super::template::{Context, render, script_json};
use super::{Org, ShadowMode, api, login, reaction, site, state};

/// The cookie that remembers a browser's `?lang=` choice.
pub const LANG_COOKIE: &str = "practice_lang";

/// A page: its path, its template and the values its template reads as `{{v.name}}`.
struct Page {
    path: &'static str,
    template: &'static str,
    vars: &'static [(&'static str, &'static str)],
}

const fn page(path: &'static str, template: &'static str) -> Page {
    Page {
        path,
        template,
        vars: &[],
    }
}

const HS_SALESFORCE: &str = "/hubspot/settings/integrations/connected-apps/salesforce";

const PAGES: &[Page] = &[
    page("/", "index.html"),
    page("/hubspot", "hubspot/home.html"),
    page("/hubspot/home", "hubspot/home.html"),
    page(
        "/hubspot/settings/integrations/connected-apps",
        "hubspot/apps.html",
    ),
    Page {
        path: HS_SALESFORCE,
        template: "hubspot/salesforce.html",
        vars: &[("view", "integration")],
    },
    Page {
        path: "/hubspot/settings/integrations/connected-apps/salesforce/owner-cleanup",
        template: "hubspot/salesforce.html",
        vars: &[("view", "cleanup")],
    },
    page("/hubspot/owners/reassign", "hubspot/reassign.html"),
    page("/inbox", "inbox/list.html"),
    page("/inbox/message/{id}", "inbox/message.html"),
    page("/classic/home", "classic/home.html"),
    page("/classic/setup", "classic/setup.html"),
    page("/classic/setup/packages", "classic/packages.html"),
    page(
        "/classic/setup/packages/uninstall",
        "classic/uninstall.html",
    ),
    page("/lightning/page/home", "lightning/home.html"),
    Page {
        path: "/lightning/setup/SetupOneHome/home",
        template: "lightning/setup.html",
        vars: &[("view", "home"), ("node", "")],
    },
    Page {
        path: "/lightning/setup/ImportedPackage/home",
        template: "lightning/setup.html",
        vars: &[("view", "packages"), ("node", "lx.tree.installed_packages")],
    },
];

/// All routes of one practice org.
pub fn router(org: Arc<Org>) -> Router {
    let mut router = Router::new();
    for p in PAGES {
        let (template, vars) = (p.template, p.vars);
        let interruption = Interruption::of_page(p.path);
        router = router.route(
            p.path,
            get(
                move |State(org): State<Arc<Org>>,
                      Query(q): Query<HashMap<String, String>>,
                      headers: HeaderMap| async move {
                    // A Classic page inside Lightning's frame (`isdtp`) is part of the Lightning page.
                    let interruption = interruption
                        .filter(|_| !q.contains_key("isdtp"))
                        .and_then(|kind| org.interruption(kind));
                    render_page(&org, &q, &headers, template, vars, interruption)
                },
            ),
        );
    }
    router
        // Salesforce Classic's real home URL, so that a runbook's `${salesforce_url}/home/home.jsp` works here too.
        .route("/home/home.jsp", get(classic_home))
        .route("/classic", get(|| async { Redirect::to("/classic/home") }))
        .route(
            "/lightning",
            get(|| async { Redirect::to("/lightning/page/home") }),
        )
        .route(
            "/classic/setup/packages/uninstall",
            post(api::uninstall_form),
        )
        .route(
            "/classic/setup/packages/export/{id}",
            get(api::download_export),
        )
        .route("/api/hubspot/disconnect", post(api::disconnect))
        .route("/api/hubspot/reassign", post(api::reassign))
        .route("/api/hubspot/owner-cleanup", post(api::owner_cleanup))
        .route(
            "/api/salesforce/exports/{id}/delete",
            post(api::delete_export),
        )
        .route("/api/inbox/{id}/read", post(api::mark_read))
        .route("/bench/reaction", get(reaction::page))
        .route(
            "/__practice/reactions",
            get(reaction::list).post(reaction::record),
        )
        .route(
            "/hubspot/login",
            get(login::hubspot_page).post(login::hubspot_email),
        )
        .route("/hubspot/login/password", post(login::hubspot_password))
        .route("/hubspot/login/verify", post(login::hubspot_code))
        .route("/hubspot/logout", get(login::hubspot_logout))
        .route(
            "/login",
            get(login::salesforce_page).post(login::salesforce_password),
        )
        .route("/login/verify", post(login::salesforce_code))
        .route("/secur/logout.jsp", get(login::salesforce_logout))
        .route("/__practice/interruptions", get(interruptions_json))
        .route("/__practice/state", get(state_json))
        .route("/__practice/reset", post(reset))
        .route("/__practice/drift", post(set_drift))
        .route("/assets/{*path}", get(asset))
        .route("/favicon.ico", get(|| async { StatusCode::NO_CONTENT }))
        .layer(axum::middleware::from_fn_with_state(
            org.clone(),
            login::guard,
        ))
        .with_state(org)
}

/// The page's language: `?lang=`, else the browser's cookie, else the user's setting in the state.
pub fn language(org: &Org, query: &HashMap<String, String>, headers: &HeaderMap) -> (Lang, bool) {
    if let Some(l) = query.get("lang").and_then(|v| Lang::parse(v)) {
        return (l, true);
    }
    let from_cookie = login::cookie(headers, LANG_COOKIE).and_then(Lang::parse);
    // Then the browser's preferred language (clickpath starts the browser in the run's locale), as
    // a real org's login pages do; last, the org user's own setting.
    let from_browser = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .and_then(|tag| tag.split(['-', ';']).next())
        .and_then(|code| Lang::parse(code.trim()));
    (
        from_cookie
            .or(from_browser)
            .unwrap_or_else(|| org.with(|s| s.language)),
        false,
    )
}

fn render_page(
    org: &Org,
    query: &HashMap<String, String>,
    headers: &HeaderMap,
    template: &str,
    vars: &[(&str, &str)],
    interruption: Option<Interruption>,
) -> Response {
    let (lang, chosen) = language(org, query, headers);
    let snapshot = org.snapshot();
    let boot = json!({
        "lang": lang.code(),
        "t": lang.all(),
        "state": snapshot,
        "now": state::now_ms(),
        "interruption": interruption,
    });
    let boot = script_json(&boot);
    // The Lightning layout loads the bundle of this mode; `?shadow=` wins over the server's default
    // (an unknown value falls back to it rather than breaking the page).
    let shadow = query
        .get("shadow")
        .and_then(|v| ShadowMode::parse(v))
        .unwrap_or_else(|| org.shadow());
    let mut all_vars: Vec<(&str, String)> =
        vars.iter().map(|(k, v)| (*k, (*v).to_owned())).collect();
    all_vars.push(("edition", snapshot.salesforce.edition.clone()));
    all_vars.push(("user", snapshot.salesforce.user_name.clone()));
    all_vars.push(("shadow", shadow.as_str().to_owned()));
    all_vars.push(("drift", org.drift.get().as_str().to_owned()));
    let body = render(
        template,
        &Context {
            lang,
            vars: &all_vars,
            boot: &boot,
        },
    );
    let mut response = (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response();
    if chosen {
        let cookie = format!("{LANG_COOKIE}={}; Path=/; SameSite=Lax", lang.code());
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            response.headers_mut().insert(header::SET_COOKIE, v);
        }
    }
    response
}

async fn classic_home(Query(q): Query<HashMap<String, String>>) -> Redirect {
    match q.get("lang").and_then(|v| Lang::parse(v)) {
        Some(l) => Redirect::to(&format!("/classic/home?lang={}", l.code())),
        None => Redirect::to("/classic/home"),
    }
}

/// `POST /__practice/drift?kind=none|colour|moved|new`: the screens' drift from now on.
async fn set_drift(
    State(org): State<Arc<Org>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    match q.get("kind").and_then(|k| super::Drift::parse(k)) {
        Some(drift) => {
            org.drift.set(drift);
            (StatusCode::OK, drift.as_str()).into_response()
        }
        None => (
            StatusCode::BAD_REQUEST,
            "expected ?kind=none, colour, moved or new",
        )
            .into_response(),
    }
}

async fn state_json(State(org): State<Arc<Org>>) -> Response {
    (
        [(header::CACHE_CONTROL, "no-store")],
        axum::Json(org.snapshot()),
    )
        .into_response()
}

async fn interruptions_json(State(org): State<Arc<Org>>) -> Response {
    (
        [(header::CACHE_CONTROL, "no-store")],
        axum::Json(org.interruption_log()),
    )
        .into_response()
}

async fn reset(State(org): State<Arc<Org>>, Query(q): Query<HashMap<String, String>>) -> Response {
    let lang = q.get("lang").and_then(|v| Lang::parse(v));
    if q.contains_key("lang") && lang.is_none() {
        return api::refused(StatusCode::BAD_REQUEST, "lang must be `it` or `en`");
    }
    axum::Json(org.reset(lang)).into_response()
}

async fn asset(Path(path): Path<String>) -> Response {
    match site::asset(&path) {
        Some((kind, body)) => (
            [
                (header::CONTENT_TYPE, kind),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            body,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "no such file").into_response(),
    }
}
