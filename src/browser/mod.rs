//! The browser side, the only code that speaks WebDriver: the chromedriver process, the session, raw
//! commands, and the page adapter the runner acts through (`page.rs`).
mod command;
pub mod devtools;
pub mod driver;
pub mod page;
pub mod session;
pub mod shown;
pub mod storage;

pub use session::{Browser, BrowserInfo, BrowserOptions};

/// Why no browser could be had; these end a run with exit code 3.
#[derive(Debug, thiserror::Error)]
pub enum BrowserError {
    /// No chromedriver to start.
    #[error("{0}")]
    DriverMissing(String),
    /// chromedriver did not come up.
    #[error("{0}")]
    DriverFailed(String),
    /// The `--webdriver` URL cannot be used (not an http URL).
    #[error("{0}")]
    BadWebdriverUrl(String),
    /// The WebDriver server refused to open a session (no browser, bad capabilities).
    #[error("{0}")]
    SessionRefused(String),
}
