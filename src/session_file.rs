//! The saved-session file (`--save-session`, `--session`, `clickpath session show`): the cookies and
//! localStorage of the origins a run visited, as versioned JSON written with mode 0600.
//!
//! Its values are credentials: nothing here prints them, and a run that restores them registers
//! them with its [`Redactor`].

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::redact::Redactor;

/// The layout version this build reads and writes.
pub const SCHEMA: u32 = 1;

/// Cookie values shorter than this are not masked: masking `1` or `en` everywhere would garble
/// every report and cover half of each screenshot, and such values are no credential.
pub const MIN_MASKED_COOKIE: usize = 4;
/// localStorage values shorter than this are not masked (flags, counters, `true`).
pub const MIN_MASKED_STORAGE: usize = 8;

/// A saved session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionFile {
    /// Always [`SCHEMA`].
    pub schema: u32,
    /// When and what saved it.
    pub saved: Saved,
    /// Origin (`https://org.example.com`) → its cookies and localStorage (sorted by origin).
    pub origins: BTreeMap<String, OriginState>,
}

/// When and what saved a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Saved {
    /// RFC 3339, UTC.
    pub at: String,
    /// `clickpath 0.1.0`.
    pub by: String,
    /// The runbook whose run saved it.
    pub runbook: String,
    /// How the state was read: `devtools` (every cookie, HttpOnly included) or `webdriver`
    /// (the cookies of each top-level page the run showed).
    pub via: String,
}

/// One origin's state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OriginState {
    /// The cookies filed under this origin (those whose domain matches its host).
    #[serde(default)]
    pub cookies: Vec<SavedCookie>,
    /// The origin's localStorage.
    #[serde(default)]
    pub local_storage: BTreeMap<String, String>,
}

/// A cookie as the browser holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedCookie {
    /// Name.
    pub name: String,
    /// Value (a credential).
    pub value: String,
    /// Domain: a host (`org.example.com`, host-only) or `.example.com` (the domain and below).
    pub domain: String,
    /// Path.
    pub path: String,
    /// Expiry in seconds since the Unix epoch; `null` for a session cookie.
    pub expires: Option<f64>,
    /// Hidden from scripts.
    #[serde(rename = "httpOnly")]
    pub http_only: bool,
    /// Sent over https only.
    pub secure: bool,
    /// `Strict`, `Lax` or `None`, when the cookie says.
    #[serde(rename = "sameSite", default, skip_serializing_if = "Option::is_none")]
    pub same_site: Option<String>,
}

impl SavedCookie {
    /// Whether it expired before `now` (seconds since the epoch); session cookies never do.
    pub fn expired(&self, now: f64) -> bool {
        self.expires.is_some_and(|e| e <= now)
    }
}

/// Why a session file cannot be used; every message names the file.
#[derive(Debug, thiserror::Error)]
pub enum SessionFileError {
    /// No such file.
    #[error("session file {0}: no such file (save one first with --save-session {0})")]
    Missing(String),
    /// It cannot be read.
    #[error("session file {0}: cannot read it: {1}")]
    Unreadable(String, String),
    /// Not JSON, or not the layout (`file:line:col: what`).
    #[error("session file {file}:{line}:{column}: {message}")]
    Malformed {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong there.
        message: String,
    },
    /// Another layout version.
    #[error(
        "session file {file}: schema {found} is not the one this clickpath reads ({SCHEMA}); save the session again"
    )]
    Schema {
        /// The file.
        file: String,
        /// What the file says (`missing` when it says nothing).
        found: String,
    },
    /// It cannot be written.
    #[error("session file {0}: cannot write it: {1}")]
    Unwritable(String, String),
}

impl SessionFile {
    /// Reads and checks a session file.
    pub fn load(path: &Path) -> Result<SessionFile, SessionFileError> {
        let shown = path.display().to_string();
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(SessionFileError::Missing(shown));
            }
            Err(e) => return Err(SessionFileError::Unreadable(shown, e.to_string())),
        };
        SessionFile::parse(&shown, &text)
    }

    /// Parses the text of a session file named `file`.
    pub fn parse(file: &str, text: &str) -> Result<SessionFile, SessionFileError> {
        let malformed = |e: serde_json::Error| SessionFileError::Malformed {
            file: file.to_owned(),
            line: e.line(),
            column: e.column(),
            message: strip_position(&e.to_string()),
        };
        // The version first: a file of another version is named as such, not as a list of fields.
        let value: serde_json::Value = serde_json::from_str(text).map_err(malformed)?;
        match value.get("schema") {
            Some(v) if v.as_u64() == Some(u64::from(SCHEMA)) => {}
            Some(v) => {
                return Err(SessionFileError::Schema {
                    file: file.to_owned(),
                    found: v.to_string(),
                });
            }
            None if value.is_object() => {
                return Err(SessionFileError::Schema {
                    file: file.to_owned(),
                    found: "missing".into(),
                });
            }
            None => {}
        }
        serde_json::from_str(text).map_err(malformed)
    }

    /// Writes it atomically with mode 0600: a temporary file in the same folder, created with that
    /// mode (never readable by others, even briefly), then renamed over `path`.
    pub fn save(&self, path: &Path) -> Result<(), SessionFileError> {
        let fail = |e: &dyn std::fmt::Display| {
            SessionFileError::Unwritable(path.display().to_string(), e.to_string())
        };
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let text = serde_json::to_string_pretty(self).map_err(|e| fail(&e))?;
        // tempfile creates its files with mode 0600 on Unix.
        let mut tmp = tempfile::Builder::new()
            .prefix(".clickpath-session-")
            .tempfile_in(&folder)
            .map_err(|e| fail(&e))?;
        tmp.write_all(text.as_bytes()).map_err(|e| fail(&e))?;
        tmp.write_all(b"\n").map_err(|e| fail(&e))?;
        tmp.as_file().sync_all().map_err(|e| fail(&e))?;
        tmp.persist(path).map_err(|e| fail(&e.error))?;
        Ok(())
    }

    /// The file without the cookies that expired before `now`, and a note for each one left out.
    pub fn unexpired(&self, now: f64) -> (SessionFile, Vec<String>) {
        let mut kept = self.clone();
        let mut notes = Vec::new();
        for (origin, state) in &mut kept.origins {
            state.cookies.retain(|c| {
                let expired = c.expired(now);
                if expired {
                    notes.push(format!(
                        "skipped the expired cookie {} of {origin} (expired {})",
                        c.name,
                        c.expires.map(human_time).unwrap_or_default()
                    ));
                }
                !expired
            });
        }
        (kept, notes)
    }

    /// Registers its values with `redactor`, so whatever prints them masks them.
    pub fn register(&self, redactor: &mut Redactor) {
        for state in self.origins.values() {
            for c in &state.cookies {
                if c.value.chars().count() >= MIN_MASKED_COOKIE {
                    redactor.add(&c.value);
                }
            }
            for v in state.local_storage.values() {
                if v.chars().count() >= MIN_MASKED_STORAGE {
                    redactor.add(v);
                }
            }
        }
    }

    /// How many cookies it holds.
    pub fn cookie_count(&self) -> usize {
        self.origins.values().map(|s| s.cookies.len()).sum()
    }

    /// `clickpath session show`: origins, cookie names with domain, path and expiry, localStorage
    /// keys; never a value.
    pub fn describe(&self, now: f64) -> String {
        let mut out = format!(
            "saved {} by {} (runbook {}, read via {})\n",
            self.saved.at, self.saved.by, self.saved.runbook, self.saved.via
        );
        for (origin, state) in &self.origins {
            out.push_str(&format!("\n{origin}\n"));
            out.push_str(&format!("  cookies ({}):\n", state.cookies.len()));
            for c in &state.cookies {
                let expiry = match c.expires {
                    None => "session cookie".to_owned(),
                    Some(e) if e <= now => format!("expired {}", human_time(e)),
                    Some(e) => format!("expires {}", human_time(e)),
                };
                let mut flags = Vec::new();
                if c.http_only {
                    flags.push("HttpOnly".to_owned());
                }
                if c.secure {
                    flags.push("Secure".to_owned());
                }
                if let Some(s) = &c.same_site {
                    flags.push(format!("SameSite={s}"));
                }
                let flags = if flags.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", flags.join(", "))
                };
                out.push_str(&format!(
                    "    {}  domain {} path {}  {expiry}{flags}\n",
                    c.name, c.domain, c.path
                ));
            }
            out.push_str(&format!(
                "  localStorage ({} key{}):\n",
                state.local_storage.len(),
                if state.local_storage.len() == 1 {
                    ""
                } else {
                    "s"
                }
            ));
            for key in state.local_storage.keys() {
                out.push_str(&format!("    {key}\n"));
            }
        }
        out
    }
}

/// Now, in seconds since the Unix epoch.
pub fn now_seconds() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0)
}

/// `2026-11-25 10:04 UTC`.
fn human_time(seconds: f64) -> String {
    // Truncation is fine: a cookie's expiry is shown to the minute.
    #[allow(clippy::cast_possible_truncation)]
    let whole = seconds as i64;
    match time::OffsetDateTime::from_unix_timestamp(whole) {
        Ok(t) => t
            .format(time::macros::format_description!(
                "[year]-[month]-[day] [hour]:[minute] UTC"
            ))
            .unwrap_or_else(|_| whole.to_string()),
        Err(_) => whole.to_string(),
    }
}

/// serde_json's message without its trailing ` at line L column C` (the position is shown apart).
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// The file a run of a batch saves its session to: `org.json` → `org.LABEL.json` (a label's `/`
/// becomes `-`), so every run of `--jobs` keeps its own and none overwrites another's.
pub fn per_run_path(path: &Path, label: &str) -> PathBuf {
    let label: String = label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = match path.extension() {
        Some(ext) => format!("{stem}.{label}.{}", ext.to_string_lossy()),
        None => format!("{stem}.{label}"),
    };
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> SessionFile {
        let mut origins = BTreeMap::new();
        origins.insert(
            "https://org.example.com".to_owned(),
            OriginState {
                cookies: vec![
                    SavedCookie {
                        name: "sid".into(),
                        value: "tok-secret-value".into(),
                        domain: "org.example.com".into(),
                        path: "/".into(),
                        expires: None,
                        http_only: true,
                        secure: true,
                        same_site: Some("Lax".into()),
                    },
                    SavedCookie {
                        name: "old".into(),
                        value: "stale-value".into(),
                        domain: ".example.com".into(),
                        path: "/app".into(),
                        expires: Some(1_000_000_000.0),
                        http_only: false,
                        secure: false,
                        same_site: None,
                    },
                ],
                local_storage: [("token".to_owned(), "ls-secret-value".to_owned())].into(),
            },
        );
        SessionFile {
            schema: SCHEMA,
            saved: Saved {
                at: "2026-11-25T10:00:00Z".into(),
                by: "clickpath 0.1.0".into(),
                runbook: "login.yaml".into(),
                via: "devtools".into(),
            },
            origins,
        }
    }

    #[test]
    fn a_file_round_trips_with_mode_0600() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("s.json");
        sample().save(&path).unwrap_or_else(|e| panic!("{e}"));
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).map(|m| m.permissions().mode() & 0o777);
        assert_eq!(mode.ok(), Some(0o600));
        assert_eq!(SessionFile::load(&path).ok(), Some(sample()));
    }

    #[test]
    fn a_file_that_cannot_be_used_says_where_and_why() {
        let message = |text: &str| match SessionFile::parse("s.json", text) {
            Ok(f) => panic!("accepted {f:?}"),
            Err(e) => e.to_string(),
        };
        assert_eq!(
            message("{\n  \"schema\": 1,\n  \"saved\": ["),
            "session file s.json:3:12: EOF while parsing a list"
        );
        assert_eq!(
            message(r#"{"schema": 2, "origins": {}}"#),
            "session file s.json: schema 2 is not the one this clickpath reads (1); save the session again"
        );
        assert_eq!(
            message(r#"{"origins": {}}"#),
            "session file s.json: schema missing is not the one this clickpath reads (1); save the session again"
        );
        assert_eq!(
            message("{\"schema\": 1,\n\"origins\": {}}"),
            "session file s.json:2:14: missing field `saved`"
        );
        let missing =
            SessionFile::load(Path::new("/nonexistent/s.json")).map_err(|e| e.to_string());
        assert_eq!(
            missing.err().as_deref(),
            Some(
                "session file /nonexistent/s.json: no such file (save one first with --save-session /nonexistent/s.json)"
            )
        );
    }

    #[test]
    fn expired_cookies_are_left_out_with_a_note() {
        let (kept, notes) = sample().unexpired(2_000_000_000.0);
        assert_eq!(kept.cookie_count(), 1);
        assert_eq!(
            notes,
            [
                "skipped the expired cookie old of https://org.example.com (expired 2001-09-09 01:46 UTC)"
            ]
        );
    }

    #[test]
    fn show_lists_names_and_never_values() {
        let shown = sample().describe(2_000_000_000.0);
        for wanted in [
            "https://org.example.com",
            "sid  domain org.example.com path /  session cookie [HttpOnly, Secure, SameSite=Lax]",
            "old  domain .example.com path /app  expired 2001-09-09 01:46 UTC",
            "localStorage (1 key):",
            "    token",
        ] {
            assert!(shown.contains(wanted), "{wanted:?} missing from\n{shown}");
        }
        assert!(!shown.contains("secret-value") && !shown.contains("stale-value"));
    }

    #[test]
    fn values_are_registered_with_the_redactor_except_short_ones() {
        let mut file = sample();
        if let Some(state) = file.origins.values_mut().next() {
            state.local_storage.insert("flag".into(), "true".into());
        }
        let mut redactor = Redactor::default();
        file.register(&mut redactor);
        assert_eq!(
            redactor.redact("tok-secret-value ls-secret-value stale-value true"),
            "••• ••• ••• true"
        );
    }

    #[test]
    fn each_run_of_a_batch_gets_its_own_file() {
        assert_eq!(
            per_run_path(Path::new("/s/org.json"), "billing/ui-classic-it"),
            PathBuf::from("/s/org.billing-ui-classic-it.json")
        );
        assert_eq!(per_run_path(Path::new("org"), "a"), PathBuf::from("org.a"));
    }
}
