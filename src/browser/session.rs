//! A browser session: capabilities, connection (local chromedriver or a remote WebDriver URL), and closing.

use std::path::{Path, PathBuf};

use fantoccini::{Client, ClientBuilder};
use serde_json::{Value, json};

use super::BrowserError;
use super::command::SessionCommand;
use super::driver::{Driver, find_driver, find_on_path};
use crate::redact::MASK;

/// The viewport every run uses, so screenshots are comparable across runs.
pub const VIEWPORT: (u32, u32) = (1280, 800);
/// Headless Chromium's window is this much taller than its viewport.
const HEADLESS_CHROME_HEIGHT: u32 = 143;

/// How to get a browser.
#[derive(Debug, Clone, Default)]
pub struct BrowserOptions {
    /// Show the window instead of running headless.
    pub headed: bool,
    /// A WebDriver server to use instead of starting chromedriver (`--webdriver`).
    pub webdriver: Option<String>,
    /// The chromedriver executable (`--driver`).
    pub driver: Option<PathBuf>,
    /// The browser executable (`--browser`).
    pub browser: Option<PathBuf>,
    /// A browser profile directory to use instead of a fresh one (`--profile`).
    pub profile: Option<PathBuf>,
    /// The browser's language (the run's locale): what pages see as the preferred language.
    pub language: Option<String>,
}

/// What the session says about the browser (the report keeps its own copy, `BrowserReport`).
#[derive(Debug, Clone, Default)]
pub struct BrowserInfo {
    /// Browser name as reported by the driver.
    pub name: String,
    /// Browser version.
    pub version: String,
    /// Driver version, when the driver reports it.
    pub driver_version: Option<String>,
    /// The WebDriver URL used.
    pub webdriver: String,
    /// Whether the window was hidden.
    pub headless: bool,
    /// Where clickpath's own DevTools connection got its address, when it has one.
    pub devtools: Option<&'static str>,
    /// How long opening that connection took (also when it failed).
    pub devtools_ms: u64,
}

/// A live browser session; end it with [`Browser::close`] on every path.
pub struct Browser {
    /// The WebDriver client: only the browser layer speaks WebDriver.
    pub(super) client: Client,
    driver: Option<Driver>,
    /// The fresh profile folder made for this session, deleted with it.
    profile_dir: Option<tempfile::TempDir>,
    /// clickpath's own DevTools connection, when the session offers one.
    pub(super) devtools: Option<std::sync::Arc<super::devtools::DevTools>>,
    /// Versions and connection, for the report.
    pub info: BrowserInfo,
}

impl Browser {
    /// Starts (or connects to) a WebDriver server and opens a session.
    pub async fn launch(options: &BrowserOptions) -> Result<Browser, BrowserError> {
        // Checked before chromedriver or a profile folder exists, so a bad URL leaves nothing behind.
        let remote = options
            .webdriver
            .as_deref()
            .map(RemoteUrl::parse)
            .transpose()?;
        let mut driver = None;
        let (webdriver, shown) = match &remote {
            Some(remote) => (remote.base.to_string(), remote.shown.clone()),
            None => {
                let path = find_driver(options.driver.as_deref())?;
                let d = Driver::start(&path).await?;
                let url = d.url.clone();
                driver = Some(d);
                (url.clone(), url)
            }
        };
        let (profile_arg, profile_dir) = match profile(options) {
            Ok(profile) => profile,
            Err(e) => {
                if let Some(mut d) = driver {
                    d.stop().await;
                }
                return Err(e);
            }
        };
        let binary = match &options.browser {
            Some(path) => Some(path.clone()),
            // A remote server (a Grid node) knows its own browser.
            None if remote.is_some() => None,
            None => ["chromium", "chromium-browser", "google-chrome"]
                .iter()
                .find_map(|name| find_on_path(name)),
        };
        let capabilities = capabilities(
            options.headed,
            binary.as_ref(),
            profile_arg.as_deref(),
            options.language.as_deref(),
        );
        // Every command is a small request answered at once: no Nagle delay on the connection.
        let mut connector = hyper_util::client::legacy::connect::HttpConnector::new();
        connector.set_nodelay(true);
        let mut builder = ClientBuilder::new(connector);
        builder.capabilities(capabilities);
        let client = match builder.connect(&webdriver).await {
            Ok(c) => c,
            Err(e) => {
                if let Some(mut d) = driver {
                    d.stop().await;
                }
                return Err(BrowserError::SessionRefused(format!(
                    "{shown} refused a browser session: {e}"
                )));
            }
        };
        let mut info = describe(&client, &shown, !options.headed);
        // A remote server's debugging port is its machine's loopback: usable from here only
        // when that machine is this one.
        let local_server = remote.as_ref().is_none_or(RemoteUrl::is_loopback);
        let connecting = std::time::Instant::now();
        let devtools = match client.capabilities() {
            Some(caps) => super::devtools::DevTools::connect(caps, local_server)
                .await
                .map(std::sync::Arc::new),
            None => None,
        };
        info.devtools = devtools.as_ref().map(|d| d.source);
        info.devtools_ms = crate::runbook::duration::millis(connecting.elapsed());
        Ok(Browser {
            client,
            devtools,
            driver,
            profile_dir,
            info,
        })
    }

    /// Sends a command fantoccini has no method for.
    pub(super) async fn command(
        &self,
        command: SessionCommand,
    ) -> Result<Value, fantoccini::error::CmdError> {
        self.client.issue_cmd(command).await
    }

    /// clickpath's own DevTools connection, when the session offers one.
    pub fn devtools(&self) -> Option<&std::sync::Arc<super::devtools::DevTools>> {
        self.devtools.as_ref()
    }

    /// The process id of the chromedriver clickpath started, if it did.
    pub fn driver_pid(&self) -> Option<u32> {
        self.driver.as_ref().and_then(Driver::pid)
    }

    /// Ends the session (closing the browser) and stops the driver clickpath started.
    pub async fn close(mut self) {
        // Our own socket first: the browser is about to go.
        self.devtools.take();
        // A browser of our own driver on a fresh profile, deleted next, has nothing to write out:
        // stopping the driver's process group ends it at once, where a WebDriver quit waits about
        // 100 ms for it to shut down. What it leaves in its temporary folder goes with the
        // driver's own one, when the driver has one (see `Driver::start`).
        if self.profile_dir.is_some()
            && let Some(driver) = self.driver.as_mut()
        {
            driver.stop().await;
            return;
        }
        let closed =
            tokio::time::timeout(std::time::Duration::from_secs(5), self.client.close()).await;
        if !matches!(closed, Ok(Ok(()))) {
            tracing::debug!("the WebDriver session did not close cleanly: {closed:?}");
        }
        if let Some(driver) = self.driver.as_mut() {
            driver.stop().await;
        }
    }
}

/// A `--webdriver` URL: the base fantoccini joins command paths to, and the form that may be
/// shown or saved.
#[derive(Debug)]
struct RemoteUrl {
    /// The URL with its path ending in `/`, so `session` goes below `/wd/hub/` instead of
    /// replacing `hub`.
    base: url::Url,
    /// The URL as given, with any password masked: reports and messages never carry it.
    shown: String,
}

impl RemoteUrl {
    /// Whether the server is on this machine.
    fn is_loopback(&self) -> bool {
        match self.base.host() {
            Some(url::Host::Domain(d)) => d == "localhost",
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        }
    }

    fn parse(given: &str) -> Result<RemoteUrl, BrowserError> {
        let bad = |why: &str| {
            BrowserError::BadWebdriverUrl(format!("--webdriver {}: {why}", mask_password(given)))
        };
        let mut base = url::Url::parse(given).map_err(|e| bad(&format!("not a URL ({e})")))?;
        if base.scheme() != "http" {
            // The HTTP client is built without TLS (it would double the build for loopback use).
            return Err(bad(
                "clickpath speaks plain http to WebDriver servers (e.g. http://grid:4444)",
            ));
        }
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        base.set_query(None);
        base.set_fragment(None);
        Ok(RemoteUrl {
            shown: mask_password(given),
            base,
        })
    }
}

/// The URL as given, with the password of its user part (`user:password@`) replaced by [`MASK`].
///
/// Done on the text, so it also masks URLs that do not parse and keeps the rest as typed.
fn mask_password(given: &str) -> String {
    let Some(start) = given.find("//").map(|i| i + 2) else {
        return given.to_owned();
    };
    let end = given[start..]
        .find(['/', '?', '#'])
        .map_or(given.len(), |i| start + i);
    let Some(at) = given[start..end].rfind('@').map(|i| start + i) else {
        return given.to_owned();
    };
    match given[start..at].find(':') {
        Some(colon) => format!("{}{MASK}{}", &given[..start + colon + 1], &given[at..]),
        None => given.to_owned(),
    }
}

/// The `--user-data-dir` to give the browser, and the fresh folder to delete after the run.
///
/// With `--profile` it is that folder. With a remote server it is none: a local path would name a
/// folder on another machine that nobody deletes, while chromedriver gives each session a fresh
/// profile of its own and deletes it when the session ends.
fn profile(
    options: &BrowserOptions,
) -> Result<(Option<PathBuf>, Option<tempfile::TempDir>), BrowserError> {
    if let Some(dir) = &options.profile {
        return Ok((Some(dir.clone()), None));
    }
    if options.webdriver.is_some() {
        return Ok((None, None));
    }
    let dir = tempfile::Builder::new()
        .prefix("clickpath-profile-")
        .tempdir()
        .map_err(|e| {
            BrowserError::SessionRefused(format!("cannot create a browser profile folder: {e}"))
        })?;
    Ok((Some(dir.path().to_path_buf()), Some(dir)))
}

fn capabilities(
    headed: bool,
    binary: Option<&PathBuf>,
    profile: Option<&Path>,
    language: Option<&str>,
) -> serde_json::Map<String, Value> {
    let (width, height) = VIEWPORT;
    let mut args = vec![
        "--no-sandbox".to_owned(),
        "--disable-gpu".to_owned(),
        "--disable-quic".to_owned(),
        "--no-first-run".to_owned(),
        "--no-default-browser-check".to_owned(),
        "--disable-background-networking".to_owned(),
        "--disable-component-update".to_owned(),
        "--disable-sync".to_owned(),
        "--disable-search-engine-choice-screen".to_owned(),
        format!("--window-size={width},{}", height + HEADLESS_CHROME_HEIGHT),
    ];
    if let Some(profile) = profile {
        args.push(format!("--user-data-dir={}", profile.display()));
    }
    if !headed {
        args.push("--headless=new".to_owned());
        args.push("--hide-scrollbars".to_owned());
    }
    let mut chrome = json!({ "args": args });
    if let Some(lang) = language
        .filter(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
    {
        if let Some(list) = chrome["args"].as_array_mut() {
            list.push(json!(format!("--lang={lang}")));
        }
        chrome["prefs"] = json!({ "intl.accept_languages": lang });
    }
    if let Some(binary) = binary {
        chrome["binary"] = json!(binary.display().to_string());
    }
    let caps = json!({
        "browserName": "chrome",
        "goog:chromeOptions": chrome,
        // The default ("dismiss and notify") would silently cancel a confirm() on the next command.
        "unhandledPromptBehavior": "ignore",
        "pageLoadStrategy": "normal",
    });
    match caps {
        Value::Object(map) => map,
        _ => serde_json::Map::new(),
    }
}

fn describe(client: &Client, webdriver: &str, headless: bool) -> BrowserInfo {
    let caps = client.capabilities();
    let get = |key: &str| {
        caps.and_then(|c| c.get(key))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let driver_version = caps
        .and_then(|c| c.get("chrome"))
        .and_then(|c| c.get("chromedriverVersion"))
        .and_then(Value::as_str)
        .map(|v| v.split_whitespace().next().unwrap_or(v).to_owned());
    BrowserInfo {
        name: get("browserName").unwrap_or_else(|| "unknown".into()),
        version: get("browserVersion").unwrap_or_else(|| "unknown".into()),
        driver_version,
        webdriver: webdriver.to_owned(),
        headless,
        devtools: None,
        devtools_ms: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(caps: &serde_json::Map<String, Value>) -> Vec<String> {
        caps["goog:chromeOptions"]["args"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn a_grid_url_keeps_its_path_as_the_base_of_every_command() {
        let base = |given: &str| RemoteUrl::parse(given).map(|r| r.base.to_string());
        assert_eq!(
            base("http://grid:4444").ok().as_deref(),
            Some("http://grid:4444/")
        );
        assert_eq!(
            base("http://grid:4444/wd/hub").ok().as_deref(),
            Some("http://grid:4444/wd/hub/")
        );
        assert_eq!(
            base("http://grid:4444/wd/hub/?x=1#f").ok().as_deref(),
            Some("http://grid:4444/wd/hub/")
        );
        let joined = RemoteUrl::parse("http://grid:4444/wd/hub")
            .map(|r| r.base.join("session").map(|u| u.to_string()));
        assert_eq!(
            joined.ok().and_then(Result::ok).as_deref(),
            Some("http://grid:4444/wd/hub/session")
        );
    }

    #[test]
    fn a_webdriver_url_that_cannot_be_used_says_why() {
        let message = |given: &str| match RemoteUrl::parse(given) {
            Ok(url) => panic!("{given} was accepted as {url:?}"),
            Err(e) => e.to_string(),
        };
        assert_eq!(
            message("https://grid:4444"),
            "--webdriver https://grid:4444: clickpath speaks plain http to WebDriver servers (e.g. http://grid:4444)"
        );
        assert_eq!(
            message("grid:4444"),
            "--webdriver grid:4444: clickpath speaks plain http to WebDriver servers (e.g. http://grid:4444)"
        );
        assert_eq!(
            message("4444"),
            "--webdriver 4444: not a URL (relative URL without a base)"
        );
        assert_eq!(
            message("https://qa:hunter2@grid:4444"),
            format!(
                "--webdriver https://qa:{MASK}@grid:4444: clickpath speaks plain http to WebDriver servers (e.g. http://grid:4444)"
            )
        );
    }

    #[test]
    fn a_password_in_the_webdriver_url_is_never_shown() {
        let shown = RemoteUrl::parse("http://qa:hunter2@grid:4444/wd/hub").map(|r| r.shown);
        assert_eq!(
            shown.ok(),
            Some(format!("http://qa:{MASK}@grid:4444/wd/hub"))
        );
        // The base keeps it: fantoccini sends it as basic authentication.
        let base = RemoteUrl::parse("http://qa:hunter2@grid:4444").map(|r| r.base);
        assert_eq!(
            base.ok()
                .and_then(|b| b.password().map(str::to_owned))
                .as_deref(),
            Some("hunter2")
        );
        assert_eq!(mask_password("http://grid:4444"), "http://grid:4444");
        assert_eq!(
            mask_password("http://qa@grid:4444/a@b"),
            "http://qa@grid:4444/a@b"
        );
        assert_eq!(
            mask_password("http://qa:hunter2@grid:99999"),
            format!("http://qa:{MASK}@grid:99999")
        );
    }

    #[test]
    fn a_remote_session_gets_no_local_profile_folder() {
        let remote = BrowserOptions {
            webdriver: Some("http://grid:4444".into()),
            ..BrowserOptions::default()
        };
        let (arg, dir) = profile(&remote).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(arg, None);
        assert!(dir.is_none());
        let caps = capabilities(false, None, arg.as_deref(), Some("it"));
        assert!(
            !args(&caps).iter().any(|a| a.starts_with("--user-data-dir")),
            "{caps:?}"
        );
        // The node's stereotype says "chrome" and names its own browser binary.
        assert_eq!(caps["browserName"], "chrome");
        assert!(caps["goog:chromeOptions"].get("binary").is_none());
        assert_eq!(caps["unhandledPromptBehavior"], "ignore");
    }

    #[test]
    fn a_local_session_gets_a_fresh_profile_folder_and_an_own_profile_is_kept() {
        let (arg, dir) = profile(&BrowserOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        let dir = dir.unwrap_or_else(|| panic!("no fresh profile folder"));
        assert_eq!(arg.as_deref(), Some(dir.path()));
        let caps = capabilities(false, None, arg.as_deref(), None);
        assert!(args(&caps).contains(&format!("--user-data-dir={}", dir.path().display())));

        let own = BrowserOptions {
            webdriver: Some("http://grid:4444".into()),
            profile: Some(PathBuf::from("/srv/profiles/qa")),
            ..BrowserOptions::default()
        };
        let (arg, dir) = profile(&own).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(arg, Some(PathBuf::from("/srv/profiles/qa")));
        assert!(dir.is_none());
    }

    #[test]
    fn headless_capabilities_size_the_window_for_the_viewport() {
        let caps = capabilities(
            false,
            Some(&PathBuf::from("/usr/bin/chromium")),
            None,
            Some("it"),
        );
        let args = args(&caps);
        for wanted in [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1280,943",
            "--lang=it",
        ] {
            assert!(
                args.iter().any(|a| a == wanted),
                "{wanted} missing from {args:?}"
            );
        }
        assert_eq!(caps["goog:chromeOptions"]["binary"], "/usr/bin/chromium");
        assert_eq!(
            caps["goog:chromeOptions"]["prefs"]["intl.accept_languages"],
            "it"
        );
    }
}
