//! Reading and writing the browser's state (cookies, localStorage) for saved sessions.
//!
//! Two paths. **DevTools** (Chromium's `goog/cdp/execute`, also through a Selenium Grid):
//! `Storage.getCookies` gives every cookie of the browser at once, HttpOnly ones included, and
//! `Network.setCookies` sets them before any page loads. localStorage can only be read or written
//! through DevTools (`DOMStorage.*`) for an origin that has a frame in the page ("Frame not found for
//! the given storage id" otherwise, measured on Chromium 156), so it is read by a script after each
//! step and seeded by `Page.addScriptToEvaluateOnNewDocument`, one script per origin guarded by its
//! origin and by a sessionStorage mark (once per tab), removed as soon as a step saw the origin.
//! **WebDriver** (any other server): `GET /cookie` gives the current document's cookies (HttpOnly
//! included), read after each step, so only the cookies of top-level pages a step ended on are
//! saved; `POST /cookie` needs the browser on the cookie's site, so restoring first opens
//! `ORIGIN/robots.txt` (or, where that is an error page, `ORIGIN/`) of each saved origin.

use std::collections::BTreeMap;

use http::Method;
use serde_json::{Value, json};

use super::command::SessionCommand;
use super::page::{Page, PageError};
use crate::session_file::{OriginState, SavedCookie, SessionFile};

/// How the browser's state is read and written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// Chromium's DevTools endpoint.
    DevTools,
    /// WebDriver's cookie API and scripts.
    WebDriver,
}

impl Via {
    /// `devtools` or `webdriver`, as the session file and the report say.
    pub fn name(self) -> &'static str {
        match self {
            Via::DevTools => "devtools",
            Via::WebDriver => "webdriver",
        }
    }
}

/// Reads the current document's origin and localStorage (null where it cannot be read).
const OBSERVE_JS: &str = r#"
let origin = null, items = null;
try { origin = location.origin; } catch (e) {}
try {
  const s = window.localStorage;
  items = {};
  for (let i = 0; i < s.length; i++) { const k = s.key(i); items[k] = s.getItem(k); }
} catch (e) { items = null; }
return [origin, items];
"#;

/// Sets localStorage entries (`arguments[0]`) in the current document.
const SEED_JS: &str = r#"
const items = arguments[0];
for (const k of Object.keys(items)) localStorage.setItem(k, items[k]);
return true;
"#;

/// What a run saw of the browser's state, and how it restores and reads it.
#[derive(Debug)]
pub struct StateTracker {
    via: Via,
    /// Origins in the order first seen (shown by a step, or restored).
    origins: Vec<String>,
    /// Each origin's localStorage as last seen.
    storage: BTreeMap<String, BTreeMap<String, String>>,
    /// WebDriver path: each origin's cookies as last seen.
    cookies: BTreeMap<String, Vec<SavedCookie>>,
    /// DevTools path: the seeding script of each origin not yet seen.
    seeds: Vec<(String, String)>,
}

impl StateTracker {
    /// Finds out which path this session offers (`CLICKPATH_STATE_VIA=webdriver` forces the
    /// WebDriver one, to test it in Chromium).
    pub async fn new(page: &Page<'_>) -> StateTracker {
        let forced = std::env::var("CLICKPATH_STATE_VIA").is_ok_and(|v| v == "webdriver");
        let via = if !forced && page.devtools("Storage.getCookies", json!({})).await.is_ok() {
            Via::DevTools
        } else {
            Via::WebDriver
        };
        StateTracker {
            via,
            origins: Vec::new(),
            storage: BTreeMap::new(),
            cookies: BTreeMap::new(),
            seeds: Vec::new(),
        }
    }

    /// The path in use.
    pub fn via(&self) -> Via {
        self.via
    }

    fn know(&mut self, origin: &str) {
        if !self.origins.iter().any(|o| o == origin) {
            self.origins.push(origin.to_owned());
        }
    }

    /// Puts a saved session into the browser before the first step.
    pub async fn restore(&mut self, page: &mut Page<'_>, file: &SessionFile) -> Result<(), String> {
        for (origin, state) in &file.origins {
            self.know(origin);
            self.storage
                .insert(origin.clone(), state.local_storage.clone());
            if self.via == Via::WebDriver {
                self.cookies.insert(origin.clone(), state.cookies.clone());
            }
        }
        match self.via {
            Via::DevTools => self.restore_devtools(page, file).await,
            Via::WebDriver => restore_webdriver(page, file).await,
        }
    }

    async fn restore_devtools(
        &mut self,
        page: &Page<'_>,
        file: &SessionFile,
    ) -> Result<(), String> {
        let cookies: Vec<Value> = file
            .origins
            .iter()
            .flat_map(|(origin, state)| state.cookies.iter().map(move |c| cdp_cookie(origin, c)))
            .collect();
        if !cookies.is_empty() {
            page.devtools("Network.setCookies", json!({ "cookies": cookies }))
                .await
                .map_err(|e| format!("the browser refused the cookies: {e}"))?;
        }
        for (origin, state) in &file.origins {
            if state.local_storage.is_empty() {
                continue;
            }
            let source = seed_script(origin, &state.local_storage);
            let answer = page
                .devtools(
                    "Page.addScriptToEvaluateOnNewDocument",
                    json!({ "source": source }),
                )
                .await
                .map_err(|e| format!("cannot prepare the localStorage of {origin}: {e}"))?;
            if let Some(id) = answer["identifier"].as_str() {
                self.seeds.push((origin.clone(), id.to_owned()));
            }
        }
        Ok(())
    }

    /// After a step: the origin the page shows and its localStorage (and, on the WebDriver path,
    /// its cookies); a page that cannot be asked (a dialog) is skipped.
    pub async fn observe(&mut self, page: &Page<'_>) {
        let Ok(answer) = page.read(OBSERVE_JS, Vec::new()).await else {
            return;
        };
        let Some(origin) = answer[0].as_str().filter(|o| is_web_origin(o)) else {
            return;
        };
        let origin = origin.to_owned();
        self.know(&origin);
        if let Some(items) = answer[1].as_object() {
            let items = items
                .iter()
                .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_owned())))
                .collect();
            self.storage.insert(origin.clone(), items);
        }
        if let Some(at) = self.seeds.iter().position(|(o, _)| *o == origin) {
            // The origin has loaded, so its storage is seeded: later documents must not seed it
            // again (the page may have changed or removed an entry since).
            let (_, id) = self.seeds.remove(at);
            let removed = page
                .devtools(
                    "Page.removeScriptToEvaluateOnNewDocument",
                    json!({ "identifier": id }),
                )
                .await;
            if let Err(e) = removed {
                tracing::debug!("the seeding script of {origin} stays: {e}");
            }
        }
        if self.via == Via::WebDriver {
            match webdriver_cookies(page).await {
                Ok(cookies) => {
                    self.cookies.insert(origin, cookies);
                }
                Err(e) => tracing::debug!("no cookies read at {origin}: {e}"),
            }
        }
    }

    /// The state to save: every origin seen, with its cookies and localStorage.
    pub async fn collect(
        &mut self,
        page: &Page<'_>,
    ) -> Result<BTreeMap<String, OriginState>, String> {
        self.observe(page).await;
        let mut out: BTreeMap<String, OriginState> = self
            .origins
            .iter()
            .map(|o| {
                let state = OriginState {
                    cookies: Vec::new(),
                    local_storage: self.storage.get(o).cloned().unwrap_or_default(),
                };
                (o.clone(), state)
            })
            .collect();
        match self.via {
            Via::WebDriver => {
                for (origin, cookies) in &self.cookies {
                    if let Some(state) = out.get_mut(origin) {
                        state.cookies = cookies.clone();
                    }
                }
            }
            Via::DevTools => {
                self.frames_storage(page, &mut out).await;
                let answer = page
                    .devtools("Storage.getCookies", json!({}))
                    .await
                    .map_err(|e| format!("cannot read the browser's cookies: {e}"))?;
                let all = answer["cookies"].as_array().cloned().unwrap_or_default();
                for cookie in all.iter().filter_map(saved_cookie) {
                    match self
                        .origins
                        .iter()
                        .find(|o| domain_matches(o, &cookie.domain))
                    {
                        Some(origin) => {
                            if let Some(state) = out.get_mut(origin) {
                                state.cookies.push(cookie);
                            }
                        }
                        // Another site's (a frame's, or a profile's own): not this run's session.
                        None => tracing::debug!(
                            "cookie {} of {} belongs to no origin the run showed",
                            cookie.name,
                            cookie.domain
                        ),
                    }
                }
            }
        }
        Ok(out)
    }

    /// The localStorage of the frames of other origins in the page, which DevTools reads (a step
    /// ends on the top document only).
    async fn frames_storage(&mut self, page: &Page<'_>, out: &mut BTreeMap<String, OriginState>) {
        let Ok(tree) = page.devtools("Page.getFrameTree", json!({})).await else {
            return;
        };
        let mut origins = Vec::new();
        frame_origins(&tree["frameTree"], &mut origins);
        let _ = page.devtools("DOMStorage.enable", json!({})).await;
        for origin in origins {
            if out.contains_key(&origin) && self.storage.contains_key(&origin) {
                continue;
            }
            let id = json!({"storageId": {"securityOrigin": origin, "isLocalStorage": true}});
            let Ok(answer) = page.devtools("DOMStorage.getDOMStorageItems", id).await else {
                continue;
            };
            let items: BTreeMap<String, String> = answer["entries"]
                .as_array()
                .map(|entries| {
                    entries
                        .iter()
                        .filter_map(|e| {
                            Some((e[0].as_str()?.to_owned(), e[1].as_str()?.to_owned()))
                        })
                        .collect()
                })
                .unwrap_or_default();
            self.know(&origin);
            out.insert(
                origin,
                OriginState {
                    cookies: Vec::new(),
                    local_storage: items,
                },
            );
        }
    }
}

/// The WebDriver path's restore: open each origin (its `robots.txt`, the lightest page a site has),
/// add its cookies and localStorage there.
async fn restore_webdriver(page: &mut Page<'_>, file: &SessionFile) -> Result<(), String> {
    for (origin, state) in &file.origins {
        if state.cookies.is_empty() && state.local_storage.is_empty() {
            continue;
        }
        open_origin(page, origin).await?;
        for cookie in &state.cookies {
            let body = json!({ "cookie": webdriver_cookie(cookie) });
            page.browser()
                .command(SessionCommand::post("cookie", body))
                .await
                .map_err(|e| {
                    format!(
                        "the browser refused the cookie {} of {origin}: {e}",
                        cookie.name
                    )
                })?;
        }
        if !state.local_storage.is_empty() {
            page.evaluate(SEED_JS, vec![json!(state.local_storage)])
                .await
                .map_err(|e: PageError| format!("cannot set the localStorage of {origin}: {e}"))?;
        }
    }
    // The first step starts from a blank page, as without a session.
    page.goto("about:blank", std::time::Duration::from_secs(30))
        .await
        .map_err(|e| e.to_string())?;
    Ok(())
}

/// Opens a document of `origin`: its `robots.txt` (the lightest page a site has) or, where that is
/// an error page or leads elsewhere, its root.
async fn open_origin(page: &mut Page<'_>, origin: &str) -> Result<(), String> {
    let base = origin.trim_end_matches('/');
    let mut last = String::new();
    for path in ["/robots.txt", "/"] {
        let at = format!("{base}{path}");
        if let Err(e) = page.goto(&at, std::time::Duration::from_secs(30)).await {
            last = format!("cannot open {at}: {e}");
            continue;
        }
        let shown = page
            .evaluate("return location.origin;", Vec::new())
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned));
        if shown.as_deref() == Some(base) {
            return Ok(());
        }
        last = format!(
            "{at} showed no page of that origin (it showed {})",
            shown.unwrap_or_else(|| "an error page".into())
        );
    }
    Err(last)
}

async fn webdriver_cookies(page: &Page<'_>) -> Result<Vec<SavedCookie>, String> {
    let command = SessionCommand {
        method: Method::GET,
        path: "cookie",
        body: None,
    };
    let answer = page
        .browser()
        .command(command)
        .await
        .map_err(|e| e.to_string())?;
    Ok(answer
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|c| {
                    Some(SavedCookie {
                        name: c["name"].as_str()?.to_owned(),
                        value: c["value"].as_str()?.to_owned(),
                        domain: c["domain"].as_str().unwrap_or_default().to_owned(),
                        path: c["path"].as_str().unwrap_or("/").to_owned(),
                        expires: c["expiry"].as_f64(),
                        http_only: c["httpOnly"].as_bool().unwrap_or(false),
                        secure: c["secure"].as_bool().unwrap_or(false),
                        same_site: c["sameSite"].as_str().map(str::to_owned),
                    })
                })
                .collect()
        })
        .unwrap_or_default())
}

/// A cookie for WebDriver's Add Cookie.
fn webdriver_cookie(c: &SavedCookie) -> Value {
    let mut v = json!({
        "name": c.name, "value": c.value, "path": c.path,
        "secure": c.secure, "httpOnly": c.http_only,
    });
    // A host-only cookie is added without a domain, so it stays host-only.
    if c.domain.starts_with('.') {
        v["domain"] = json!(c.domain);
    }
    if let Some(e) = c.expires {
        // WebDriver wants whole seconds.
        #[allow(clippy::cast_possible_truncation)]
        let whole = e.floor() as i64;
        v["expiry"] = json!(whole);
    }
    if let Some(s) = &c.same_site {
        v["sameSite"] = json!(s);
    }
    v
}

/// A cookie for DevTools' `Network.setCookies`: set by URL (the origin and the cookie's path) so a
/// host-only cookie stays host-only; a domain cookie also names its domain.
fn cdp_cookie(origin: &str, c: &SavedCookie) -> Value {
    let mut v = json!({
        "name": c.name, "value": c.value,
        "url": format!("{}{}", origin.trim_end_matches('/'), c.path),
        "path": c.path, "secure": c.secure, "httpOnly": c.http_only,
    });
    if c.domain.starts_with('.') {
        v["domain"] = json!(c.domain);
    }
    if let Some(e) = c.expires {
        v["expires"] = json!(e);
    }
    if let Some(s) = &c.same_site {
        v["sameSite"] = json!(s);
    }
    v
}

/// A DevTools cookie as saved (`expires` -1 or `session` is a session cookie).
fn saved_cookie(c: &Value) -> Option<SavedCookie> {
    let session = c["session"].as_bool().unwrap_or(false);
    Some(SavedCookie {
        name: c["name"].as_str()?.to_owned(),
        value: c["value"].as_str()?.to_owned(),
        domain: c["domain"].as_str()?.to_owned(),
        path: c["path"].as_str().unwrap_or("/").to_owned(),
        expires: c["expires"].as_f64().filter(|&e| !session && e > 0.0),
        http_only: c["httpOnly"].as_bool().unwrap_or(false),
        secure: c["secure"].as_bool().unwrap_or(false),
        same_site: c["sameSite"].as_str().map(str::to_owned),
    })
}

/// The script that seeds `origin`'s localStorage in the first document of that origin in each tab.
fn seed_script(origin: &str, items: &BTreeMap<String, String>) -> String {
    format!(
        "(() => {{ try {{ if (location.origin !== {o}) return; \
         if (sessionStorage.getItem('__clickpath_seeded')) return; \
         sessionStorage.setItem('__clickpath_seeded', '1'); \
         const items = {i}; for (const k of Object.keys(items)) localStorage.setItem(k, items[k]); \
         }} catch (e) {{}} }})();",
        o = json!(origin),
        i = json!(items)
    )
}

/// Every frame's origin in a DevTools frame tree (web origins only).
fn frame_origins(tree: &Value, out: &mut Vec<String>) {
    if let Some(origin) = tree["frame"]["securityOrigin"].as_str()
        && is_web_origin(origin)
        && !out.iter().any(|o| o == origin)
    {
        out.push(origin.to_owned());
    }
    for child in tree["childFrames"].as_array().into_iter().flatten() {
        frame_origins(child, out);
    }
}

fn is_web_origin(origin: &str) -> bool {
    origin.starts_with("http://") || origin.starts_with("https://")
}

/// Whether a cookie of `domain` (`host` or `.domain`) is sent to `origin`.
fn domain_matches(origin: &str, domain: &str) -> bool {
    let Ok(url) = url::Url::parse(origin) else {
        return false;
    };
    let Some(host) = url.host_str() else {
        return false;
    };
    let bare = domain.trim_start_matches('.');
    host.eq_ignore_ascii_case(bare)
        || (domain.starts_with('.')
            && host.len() > bare.len()
            && host
                .to_ascii_lowercase()
                .ends_with(&format!(".{}", bare.to_ascii_lowercase())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_filed_under_the_origins_they_are_sent_to() {
        assert!(domain_matches("http://127.0.0.1:4000", "127.0.0.1"));
        assert!(domain_matches("https://org.example.com", ".example.com"));
        assert!(domain_matches("https://example.com", ".example.com"));
        assert!(!domain_matches("https://example.com", "org.example.com"));
        assert!(!domain_matches("https://badexample.com", ".example.com"));
        assert!(!domain_matches("http://localhost:4000", "127.0.0.1"));
    }

    #[test]
    fn a_host_only_cookie_is_set_by_url_and_a_domain_cookie_by_domain() {
        let cookie = SavedCookie {
            name: "sid".into(),
            value: "v".into(),
            domain: "127.0.0.1".into(),
            path: "/app".into(),
            expires: None,
            http_only: true,
            secure: false,
            same_site: None,
        };
        let v = cdp_cookie("http://127.0.0.1:4000", &cookie);
        assert_eq!(v["url"], "http://127.0.0.1:4000/app");
        assert!(v.get("domain").is_none() && v.get("expires").is_none());
        let domain = SavedCookie {
            domain: ".example.com".into(),
            expires: Some(2e9),
            ..cookie
        };
        let v = cdp_cookie("https://org.example.com", &domain);
        assert_eq!(v["domain"], ".example.com");
        assert_eq!(v["expires"], 2e9);
        assert_eq!(webdriver_cookie(&domain)["expiry"], 2_000_000_000_i64);
    }
}
