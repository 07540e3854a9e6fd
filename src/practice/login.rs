//! Logging in as the products do: HubSpot's three screens (e-mail, password, authenticator code) and
//! Salesforce's two (user name and password, then "Verify Your Identity"), the session cookie they
//! set, and the guard sending app pages without a session to their product's login page.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Form, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::accounts::{Product, account};
use super::i18n::Lang;
use super::template::{Context, render};
use super::{Org, api, routes, state};

/// The product whose session the URL `path` needs; `None` for pages open to all (login pages, the
/// inbox, the index, static files and the practice endpoints tests and benchmarks use).
pub fn guarded(path: &str) -> Option<Product> {
    let under = |prefix: &str| {
        path == prefix
            || path
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with('/'))
    };
    if under("/hubspot/login") || under("/hubspot/logout") {
        None
    } else if under("/hubspot") || under("/api/hubspot") {
        Some(Product::HubSpot)
    } else if under("/classic")
        || under("/lightning")
        || under("/home/home.jsp")
        || under("/api/salesforce")
    {
        Some(Product::Salesforce)
    } else {
        None
    }
}

/// The value of the cookie `name`, if the request has it.
pub fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn signed_in(org: &Org, headers: &HeaderMap, product: Product) -> bool {
    cookie(headers, product.session_cookie())
        .is_some_and(|token| org.sessions(|s| s.valid(token, product, state::now_ms())))
}

/// Middleware: a request for an app page without its product's session goes to the login page,
/// which comes back to it afterwards; one for the org's JSON is refused with 401.
pub async fn guard(State(org): State<Arc<Org>>, request: Request, next: Next) -> Response {
    if !org.login_required() {
        return next.run(request).await;
    }
    let Some(product) = guarded(request.uri().path()) else {
        return next.run(request).await;
    };
    if signed_in(&org, request.headers(), product) {
        return next.run(request).await;
    }
    if request.uri().path().starts_with("/api/") {
        return api::refused(StatusCode::UNAUTHORIZED, "not logged in");
    }
    let target = request
        .uri()
        .path_and_query()
        .map(|pq| pq.as_str())
        .unwrap_or("/");
    let mut location = product.login_url(target);
    // The login page speaks the language the page was asked in.
    let lang = url::form_urlencoded::parse(request.uri().query().unwrap_or("").as_bytes())
        .find(|(k, _)| k == "lang")
        .and_then(|(_, v)| Lang::parse(&v));
    if let Some(l) = lang {
        location.push_str(&format!("&lang={}", l.code()));
    }
    // A form posted without a session is asked again as a GET, after the login.
    let status = if request.method() == Method::GET || request.method() == Method::HEAD {
        StatusCode::FOUND
    } else {
        StatusCode::SEE_OTHER
    };
    redirect(status, &location)
}

fn redirect(status: StatusCode, location: &str) -> Response {
    let mut response = (status, [(header::CACHE_CONTROL, "no-store")]).into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, v);
    }
    response
}

/// The page to go to after a login: `raw` when it is a path on this org, else the product's home.
pub fn safe_target(raw: Option<&str>, product: Product) -> String {
    match raw.map(str::trim) {
        // `//host` and `/\host` would leave the org.
        Some(t) if t.starts_with('/') && !t.starts_with("//") && !t.starts_with("/\\") => {
            t.to_owned()
        }
        _ => product.home().to_owned(),
    }
}

/// What the login forms post (each screen a part of it).
#[derive(Deserialize, Default)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    pending: String,
    #[serde(default)]
    lang: String,
}

/// One login screen, filled.
struct Screen<'a> {
    template: &'a str,
    lang: Lang,
    target: &'a str,
    username: &'a str,
    pending: &'a str,
    /// The key of the error text, if the last try failed.
    error: Option<&'a str>,
}

impl Screen<'_> {
    fn respond(&self) -> Response {
        let vars = [
            ("target", self.target.to_owned()),
            ("username", self.username.to_owned()),
            ("pending", self.pending.to_owned()),
            (
                "error",
                self.error.map(|k| self.lang.text(k)).unwrap_or_default(),
            ),
        ];
        let body = render(
            self.template,
            &Context {
                lang: self.lang,
                vars: &vars,
                boot: "{}",
            },
        );
        let status = if self.error.is_some() {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::OK
        };
        (
            status,
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            body,
        )
            .into_response()
    }
}

/// The screens of a product's login.
struct Flow {
    /// The first screen (HubSpot: e-mail; Salesforce: user name and password).
    first: &'static str,
    /// The screen asking the password, and the error when it is wrong.
    password: &'static str,
    bad_password: &'static str,
    /// The screen asking the code, and the error when it is wrong.
    code: &'static str,
    bad_code: &'static str,
}

fn flow(product: Product) -> Flow {
    match product {
        Product::HubSpot => Flow {
            first: "login/hubspot-email.html",
            password: "login/hubspot-password.html",
            bad_password: "hs.login.bad_password",
            code: "login/hubspot-code.html",
            bad_code: "hs.login.bad_code",
        },
        Product::Salesforce => Flow {
            first: "login/salesforce.html",
            password: "login/salesforce.html",
            bad_password: "sf.login.bad_password",
            code: "login/salesforce-verify.html",
            bad_code: "sf.login.bad_code",
        },
    }
}

/// The language of a login screen: the form's (the screen before's), else the page's usual choice.
fn screen_lang(
    org: &Org,
    form_lang: &str,
    query: &HashMap<String, String>,
    headers: &HeaderMap,
) -> Lang {
    Lang::parse(form_lang).unwrap_or_else(|| routes::language(org, query, headers).0)
}

async fn first_screen(
    product: Product,
    org: &Org,
    query: &HashMap<String, String>,
    headers: &HeaderMap,
) -> Response {
    let target = safe_target(
        query.get(product.target_param()).map(String::as_str),
        product,
    );
    if signed_in(org, headers, product) {
        return redirect(StatusCode::FOUND, &target);
    }
    Screen {
        template: flow(product).first,
        lang: screen_lang(org, "", query, headers),
        target: &target,
        username: "",
        pending: "",
        error: None,
    }
    .respond()
}

/// `GET /hubspot/login?loginRedirectUrl=`: the e-mail screen (or the target, when logged in already).
pub async fn hubspot_page(
    State(org): State<Arc<Org>>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    first_screen(Product::HubSpot, &org, &q, &headers).await
}

/// `GET /login?startURL=`: Salesforce's login screen (or the target, when logged in already).
pub async fn salesforce_page(
    State(org): State<Arc<Org>>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    first_screen(Product::Salesforce, &org, &q, &headers).await
}

/// `POST /hubspot/login`: the e-mail is given; the password screen.
pub async fn hubspot_email(
    State(org): State<Arc<Org>>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let target = safe_target(Some(&form.target), Product::HubSpot);
    Screen {
        template: flow(Product::HubSpot).password,
        lang: screen_lang(&org, &form.lang, &HashMap::new(), &headers),
        target: &target,
        username: form.username.trim(),
        pending: "",
        error: None,
    }
    .respond()
}

async fn check_password(
    product: Product,
    org: &Org,
    headers: &HeaderMap,
    form: &LoginForm,
) -> Response {
    let flow = flow(product);
    let target = safe_target(Some(&form.target), product);
    let lang = screen_lang(org, &form.lang, &HashMap::new(), headers);
    if !account(product).accepts_password(&form.username, &form.password) {
        return Screen {
            template: flow.password,
            lang,
            target: &target,
            username: form.username.trim(),
            pending: "",
            error: Some(flow.bad_password),
        }
        .respond();
    }
    let pending = org.sessions(|s| s.wait_for_code(product, &target, state::now_ms()));
    Screen {
        template: flow.code,
        lang,
        target: &target,
        username: form.username.trim(),
        pending: &pending,
        error: None,
    }
    .respond()
}

/// `POST /hubspot/login/password`: e-mail and password; the code screen, or the error.
pub async fn hubspot_password(
    State(org): State<Arc<Org>>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    check_password(Product::HubSpot, &org, &headers, &form).await
}

/// `POST /login`: user name and password; "Verify Your Identity", or the error.
pub async fn salesforce_password(
    State(org): State<Arc<Org>>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    check_password(Product::Salesforce, &org, &headers, &form).await
}

async fn check_code(
    product: Product,
    org: &Org,
    headers: &HeaderMap,
    form: &LoginForm,
) -> Response {
    let flow = flow(product);
    let lang = screen_lang(org, &form.lang, &HashMap::new(), headers);
    let now = state::now_ms();
    let Some(pending) = org.sessions(|s| s.pending(&form.pending, product, now).cloned()) else {
        // Waited too long, or a form from before a restart: start again, keeping the target.
        let target = safe_target(Some(&form.target), product);
        return Screen {
            template: flow.first,
            lang,
            target: &target,
            username: "",
            pending: "",
            error: Some("login.expired"),
        }
        .respond();
    };
    if !account(product).accepts_code(&form.code, now / 1000) {
        return Screen {
            template: flow.code,
            lang,
            target: &pending.target,
            username: "",
            pending: &form.pending,
            error: Some(flow.bad_code),
        }
        .respond();
    }
    let (token, lifetime_ms) = org.sessions(|s| {
        s.finish(&form.pending);
        (s.open(product, now), s.lifetime_ms())
    });
    let mut response = redirect(StatusCode::SEE_OTHER, &pending.target);
    let cookie = session_cookie(product, &token, lifetime_ms / 1000);
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

/// The `Set-Cookie` value of a session: script cannot read it, it goes to every page of the org,
/// and the browser drops it when the session ends.
pub fn session_cookie(product: Product, token: &str, max_age_secs: u64) -> String {
    format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}",
        product.session_cookie()
    )
}

/// `POST /hubspot/login/verify`: the authenticator code; the session and the target page, or the error.
pub async fn hubspot_code(
    State(org): State<Arc<Org>>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    check_code(Product::HubSpot, &org, &headers, &form).await
}

/// `POST /login/verify`: the verification code; the session and `startURL`, or the error.
pub async fn salesforce_code(
    State(org): State<Arc<Org>>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    check_code(Product::Salesforce, &org, &headers, &form).await
}

fn logout(product: Product, org: &Org, headers: &HeaderMap) -> Response {
    if let Some(token) = cookie(headers, product.session_cookie()) {
        org.sessions(|s| s.close(token));
    }
    let mut response = redirect(StatusCode::FOUND, product.login_path());
    let cleared = format!(
        "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
        product.session_cookie()
    );
    if let Ok(v) = HeaderValue::from_str(&cleared) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

/// `GET /hubspot/logout`.
pub async fn hubspot_logout(State(org): State<Arc<Org>>, headers: HeaderMap) -> Response {
    logout(Product::HubSpot, &org, &headers)
}

/// `GET /secur/logout.jsp`, Salesforce's own logout URL.
pub async fn salesforce_logout(State(org): State<Arc<Org>>, headers: HeaderMap) -> Response {
    logout(Product::Salesforce, &org, &headers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_pages_and_their_json_need_their_products_session() {
        for path in [
            "/hubspot",
            "/hubspot/settings/integrations/connected-apps/salesforce",
            "/api/hubspot/disconnect",
        ] {
            assert_eq!(guarded(path), Some(Product::HubSpot), "{path}");
        }
        for path in [
            "/classic/home",
            "/classic/setup/packages/uninstall",
            "/lightning",
            "/lightning/setup/ImportedPackage/home",
            "/home/home.jsp",
            "/api/salesforce/exports/x/delete",
        ] {
            assert_eq!(guarded(path), Some(Product::Salesforce), "{path}");
        }
        for path in [
            "/",
            "/hubspot/login",
            "/hubspot/login/verify",
            "/login",
            "/login/verify",
            "/inbox",
            "/inbox/message/m1",
            "/api/inbox/m1/read",
            "/__practice/state",
            "/__practice/reset",
            "/__practice/reactions",
            "/bench/reaction",
            "/assets/hubspot/hubspot.js",
            "/hubspotish",
        ] {
            assert_eq!(guarded(path), None, "{path}");
        }
    }

    #[test]
    fn the_target_stays_on_the_org() {
        let hs = Product::HubSpot;
        assert_eq!(
            safe_target(Some("/hubspot/home?lang=en"), hs),
            "/hubspot/home?lang=en"
        );
        for bad in ["https://evil.example/", "//evil.example/", "/\\evil", ""] {
            assert_eq!(safe_target(Some(bad), hs), "/hubspot", "{bad}");
        }
        assert_eq!(
            safe_target(None, Product::Salesforce),
            "/lightning/page/home"
        );
    }

    #[test]
    fn the_session_cookie_is_http_only_for_the_whole_org_and_expires_with_the_session() {
        assert_eq!(
            session_cookie(Product::Salesforce, "abc", 7200),
            "sid=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=7200"
        );
        assert!(session_cookie(Product::HubSpot, "abc", 60).starts_with("hubspotapi=abc;"));
    }

    #[test]
    fn cookies_are_read_from_any_cookie_header() {
        let mut h = HeaderMap::new();
        h.append(header::COOKIE, HeaderValue::from_static("a=1; sid=xyz"));
        h.append(header::COOKIE, HeaderValue::from_static("hubspotapi=q"));
        assert_eq!(cookie(&h, "sid"), Some("xyz"));
        assert_eq!(cookie(&h, "hubspotapi"), Some("q"));
        assert_eq!(cookie(&h, "nope"), None);
    }
}
