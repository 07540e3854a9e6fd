//! A browser session: capabilities, connection (local chromedriver or a remote WebDriver URL), and closing.

use std::path::PathBuf;

use fantoccini::{Client, ClientBuilder};
use serde::Serialize;
use serde_json::{Value, json};

use super::BrowserError;
use super::command::SessionCommand;
use super::driver::{Driver, find_driver, find_on_path};

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

/// What the report says about the browser.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
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
}

/// A live browser session; end it with [`Browser::close`] on every path.
pub struct Browser {
    /// The WebDriver client.
    pub client: Client,
    driver: Option<Driver>,
    _profile_dir: Option<tempfile::TempDir>,
    /// Versions and connection, for the report.
    pub info: BrowserInfo,
}

impl Browser {
    /// Starts (or connects to) a WebDriver server and opens a session.
    pub async fn launch(options: &BrowserOptions) -> Result<Browser, BrowserError> {
        let mut driver = None;
        let webdriver = match &options.webdriver {
            Some(url) => url.clone(),
            None => {
                let path = find_driver(options.driver.as_deref())?;
                let d = Driver::start(&path).await?;
                let url = d.url.clone();
                driver = Some(d);
                url
            }
        };
        let (profile_arg, profile_dir) = match &options.profile {
            Some(dir) => (dir.clone(), None),
            None => {
                let dir = tempfile::Builder::new()
                    .prefix("clickpath-profile-")
                    .tempdir()
                    .map_err(|e| {
                        BrowserError::SessionRefused(format!(
                            "cannot create a browser profile folder: {e}"
                        ))
                    })?;
                (dir.path().to_path_buf(), Some(dir))
            }
        };
        let binary = match &options.browser {
            Some(path) => Some(path.clone()),
            // A remote server (a Grid node) knows its own browser.
            None if options.webdriver.is_some() => None,
            None => ["chromium", "chromium-browser", "google-chrome"]
                .iter()
                .find_map(|name| find_on_path(name)),
        };
        let capabilities = capabilities(
            options.headed,
            binary.as_ref(),
            &profile_arg,
            options.language.as_deref(),
        );
        let mut builder =
            ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
        builder.capabilities(capabilities);
        let client = match builder.connect(&webdriver).await {
            Ok(c) => c,
            Err(e) => {
                if let Some(mut d) = driver {
                    d.stop().await;
                }
                return Err(BrowserError::SessionRefused(format!(
                    "{webdriver} refused a browser session: {e}"
                )));
            }
        };
        let info = describe(&client, &webdriver, !options.headed);
        Ok(Browser {
            client,
            driver,
            _profile_dir: profile_dir,
            info,
        })
    }

    /// Sends a command fantoccini has no method for.
    pub async fn command(
        &self,
        command: SessionCommand,
    ) -> Result<Value, fantoccini::error::CmdError> {
        self.client.issue_cmd(command).await
    }

    /// The process id of the chromedriver clickpath started, if it did.
    pub fn driver_pid(&self) -> Option<u32> {
        self.driver.as_ref().and_then(Driver::pid)
    }

    /// Ends the session (closing the browser) and stops the driver clickpath started.
    pub async fn close(mut self) {
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

fn capabilities(
    headed: bool,
    binary: Option<&PathBuf>,
    profile: &std::path::Path,
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
        format!("--user-data-dir={}", profile.display()),
        format!("--window-size={width},{}", height + HEADLESS_CHROME_HEIGHT),
    ];
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
    }
}
