//! Shared parts of the end-to-end tests: the test pages served on loopback, and running a runbook
//! written inline against them in real headless Chromium.
#![allow(dead_code)]

pub mod binary;
pub mod golden;
pub mod processes;
pub mod wait;

use std::net::SocketAddr;
use std::path::PathBuf;

use clickpath::pipeline::Pipeline;
use clickpath::report::model::{RunReport, StepStatus};
use clickpath::run::{self, Exit, RunConfig, RunOutcome};
use clickpath::runbook::plan::{Settings, VarValue};

/// Panics at once, naming the Debian packages, when the machine lacks something the tests need.
///
/// The list is `setup.sh`'s own (`setup.sh --check`), so the set-up and the tests cannot drift apart.
/// Checked once per test binary; every entry point of these helpers calls it.
pub fn machine_has_what_tests_need() {
    static CHECKED: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
    let verdict = CHECKED.get_or_init(|| {
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("setup.sh");
        let out = std::process::Command::new("bash")
            .arg(&script)
            .arg("--check")
            .output()
            .map_err(|e| format!("cannot run {}: {e}", script.display()))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    });
    if let Err(missing) = verdict {
        panic!("this machine lacks what the tests need, so they cannot run here:\n{missing}");
    }
}

/// The test pages, served from `tests/sites/` on two loopback origins (for cross-origin frames).
pub struct Sites {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// A second origin serving the same pages.
    pub other: String,
    /// The second server under another site's name (`localhost`): its frames get their own process.
    pub remote: String,
}

async fn serve_dir(dir: PathBuf) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("local addr");
    let app = axum::Router::new()
        .fallback_service(tower_http::services::ServeDir::new(dir))
        .layer(axum::middleware::from_fn(delay))
        .layer(axum::middleware::from_fn(session_cookies));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    addr
}

/// `?delay=MS` on any page makes the server answer that much later (a slow org).
async fn delay(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let ms = request
        .uri()
        .query()
        .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("delay=")))
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0);
    let stall = query_ms(&request, "stall=");
    if ms > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(ms.min(10_000))).await;
    }
    let response = next.run(request).await;
    if stall == 0 {
        return response;
    }
    // `?stall=MS`: the headers go out at once, the body that much later, so the browser commits
    // a new, still empty document and fills it in later (as a slow server's page arrives).
    let (parts, body) = response.into_parts();
    let body = futures_util::stream::once(async move {
        tokio::time::sleep(std::time::Duration::from_millis(stall.min(10_000))).await;
        axum::body::to_bytes(body, usize::MAX).await
    });
    axum::response::Response::from_parts(parts, axum::body::Body::from_stream(body))
}

/// The server side of `session/` (tests/sessions.rs): `login.html` comes with an HttpOnly `sid`
/// cookie named after the host and port; `whoami` answers the `sid` the request carried (empty without).
async fn session_cookies(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let path = request.uri().path().to_owned();
    let host = request
        .headers()
        .get(http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default()
        .replace([':', '.'], "-");
    let cookies = request
        .headers()
        .get(http::header::COOKIE)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    if path == "/session/whoami" {
        let sid = cookies
            .split("; ")
            .find_map(|kv| kv.strip_prefix("sid="))
            .unwrap_or_default();
        return axum::response::IntoResponse::into_response(sid.to_owned());
    }
    let mut response = next.run(request).await;
    if path == "/session/login.html"
        && let Ok(value) = http::HeaderValue::from_str(&format!(
            "sid=tok-{host}-5f2c9a7d; HttpOnly; Path=/; Max-Age=86400"
        ))
    {
        response
            .headers_mut()
            .append(http::header::SET_COOKIE, value);
    }
    response
}

fn query_ms(request: &axum::extract::Request, key: &str) -> u64 {
    request
        .uri()
        .query()
        .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix(key)))
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0)
}

impl Sites {
    /// Starts both servers on the current runtime.
    pub async fn start() -> Sites {
        machine_has_what_tests_need();
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/sites");
        let a = serve_dir(dir.clone()).await;
        let b = serve_dir(dir).await;
        Sites {
            base: format!("http://127.0.0.1:{}", a.port()),
            other: format!("http://127.0.0.1:{}", b.port()),
            remote: format!("http://localhost:{}", b.port()),
        }
    }
}

/// The result of running an inline runbook.
pub struct Ran {
    pub outcome: RunOutcome,
    pub dir: tempfile::TempDir,
    pub stderr_lines: Vec<String>,
}

impl Ran {
    pub fn report(&self) -> &RunReport {
        &self.outcome.report
    }

    /// The statuses of all steps, in order.
    pub fn statuses(&self) -> Vec<StepStatus> {
        self.outcome.report.steps.iter().map(|s| s.status).collect()
    }

    /// Asserts that every step passed, printing the report when not.
    pub fn assert_passed(&self) {
        let failed: Vec<String> = self
            .outcome
            .report
            .steps
            .iter()
            .filter(|s| s.status != StepStatus::Passed)
            .map(|s| {
                format!(
                    "step {} {:?}: {:?} {}",
                    s.index,
                    s.name,
                    s.status,
                    s.error.clone().unwrap_or_default()
                )
            })
            .collect();
        assert!(
            failed.is_empty() && self.outcome.exit == Exit::Passed,
            "run did not pass ({:?}):\n{}",
            self.outcome.exit,
            failed.join("\n")
        );
    }

    /// The error of step `index` (1-based).
    pub fn error_of(&self, index: usize) -> String {
        self.outcome.report.steps[index - 1]
            .error
            .clone()
            .unwrap_or_default()
    }

    /// Asserts that the error of step `index` (1-based) says `text`.
    #[track_caller]
    pub fn assert_error_contains(&self, index: usize, text: &str) {
        let error = self.error_of(index);
        assert!(
            error.contains(text),
            "step {index}'s error does not say {text:?}:\n{error}"
        );
    }
}

/// Runs a runbook made of these steps (YAML list items) against fresh test servers.
pub async fn run_steps(yaml_steps: &str) -> Ran {
    let sites = Sites::start().await;
    let yaml = format!("name: test\nsteps:\n{yaml_steps}");
    run_yaml(&sites, &yaml, &[]).await
}

/// Runs runbook YAML (with `${base}`, `${other}` and `${remote}` set to the test servers) in headless Chromium.
pub async fn run_yaml(sites: &Sites, yaml: &str, extra: &[(&str, &str)]) -> Ran {
    let vars: Vec<(&str, &str, bool)> = extra.iter().map(|(k, v)| (*k, *v, false)).collect();
    run_yaml_with(sites, yaml, &vars, false).await
}

/// Like [`run_yaml`], with values that may be secret (`--secret`) and a choice of full-page capture.
pub async fn run_yaml_with(
    sites: &Sites,
    yaml: &str,
    extra: &[(&str, &str, bool)],
    full_page: bool,
) -> Ran {
    run_yaml_configured(sites, yaml, extra, full_page, |_| {}).await
}

/// Like [`run_yaml_with`], with a last say on the run's configuration (mode, confirmation).
pub async fn run_yaml_configured(
    sites: &Sites,
    yaml: &str,
    extra: &[(&str, &str, bool)],
    full_page: bool,
    configure: impl FnOnce(&mut RunConfig),
) -> Ran {
    machine_has_what_tests_need();
    let pipeline = Pipeline::from_text("inline.yaml", yaml)
        .unwrap_or_else(|e| panic!("test runbook does not parse:\n{}", e.render()));
    let mut vars = vec![
        VarValue {
            name: "base".into(),
            value: sites.base.clone(),
            secret: false,
        },
        VarValue {
            name: "other".into(),
            value: sites.other.clone(),
            secret: false,
        },
        VarValue {
            name: "remote".into(),
            value: sites.remote.clone(),
            secret: false,
        },
    ];
    for (k, v, secret) in extra {
        vars.push(VarValue {
            name: (*k).into(),
            value: (*v).into(),
            secret: *secret,
        });
    }
    let settings = Settings {
        vars,
        ..Settings::default()
    };
    let plan = pipeline
        .plan(&settings)
        .unwrap_or_else(|e| panic!("test runbook does not resolve:\n{}", e.render()));
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = RunConfig {
        quiet: true,
        full_page,
        settle: None,
        visual: None,
        confirm: clickpath::run::Confirm::Confirmed,
        ..pipeline.config(dir.path().to_path_buf())
    };
    configure(&mut config);
    let outcome = run::run(&plan, &config, Box::pin(std::future::pending())).await;
    Ran {
        outcome,
        dir,
        stderr_lines: Vec::new(),
    }
}

/// Every process below `pid` (children, grandchildren, ...), from /proc.
pub fn descendants(pid: u32) -> Vec<u32> {
    let mut parents: Vec<(u32, u32)> = Vec::new();
    if let Ok(entries) = std::fs::read_dir("/proc") {
        for entry in entries.flatten() {
            let Some(p) = entry
                .file_name()
                .to_str()
                .and_then(|s| s.parse::<u32>().ok())
            else {
                continue;
            };
            if let Ok(stat) = std::fs::read_to_string(format!("/proc/{p}/stat"))
                && let Some(after) = stat.rsplit_once(") ").map(|(_, a)| a)
                && let Some(ppid) = after
                    .split_whitespace()
                    .nth(1)
                    .and_then(|s| s.parse::<u32>().ok())
            {
                parents.push((p, ppid));
            }
        }
    }
    let mut out = Vec::new();
    let mut frontier = vec![pid];
    while let Some(parent) = frontier.pop() {
        for (child, _) in parents.iter().filter(|(_, pp)| *pp == parent) {
            out.push(*child);
            frontier.push(*child);
        }
    }
    out
}

/// Whether a process exists and is not a zombie.
pub fn is_alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| s.rsplit_once(") ").map(|(_, a)| !a.starts_with('Z')))
        .unwrap_or(false)
}

/// The local addresses of every listening TCP socket owned by these processes, from /proc.
pub fn listening_addresses(pids: &[u32]) -> Vec<String> {
    let mut inodes = std::collections::HashSet::new();
    for pid in pids {
        let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
            continue;
        };
        for fd in fds.flatten() {
            if let Ok(target) = std::fs::read_link(fd.path()) {
                let t = target.to_string_lossy();
                if let Some(inode) = t.strip_prefix("socket:[").and_then(|s| s.strip_suffix(']')) {
                    inodes.insert(inode.to_owned());
                }
            }
        }
    }
    let mut out = Vec::new();
    for (table, v6) in [("/proc/net/tcp", false), ("/proc/net/tcp6", true)] {
        let Ok(text) = std::fs::read_to_string(table) else {
            continue;
        };
        for line in text.lines().skip(1) {
            let cols: Vec<&str> = line.split_whitespace().collect();
            // local_address, rem_address, st (0A = LISTEN), ..., inode at column 9
            if cols.len() > 9 && cols[3] == "0A" && inodes.contains(cols[9]) {
                out.push(decode_address(cols[1], v6));
            }
        }
    }
    out
}

/// `0100007F:1F90` → `127.0.0.1:8080`; IPv6 likewise (kernel byte order per 32-bit word).
fn decode_address(hex: &str, v6: bool) -> String {
    let (addr, port) = hex.split_once(':').unwrap_or((hex, "0"));
    let port = u16::from_str_radix(port, 16).unwrap_or(0);
    let bytes: Vec<u8> = (0..addr.len() / 2)
        .filter_map(|i| u8::from_str_radix(&addr[i * 2..i * 2 + 2], 16).ok())
        .collect();
    let mut ordered = Vec::with_capacity(bytes.len());
    for word in bytes.chunks(4) {
        ordered.extend(word.iter().rev());
    }
    if v6 {
        let mut a = [0u8; 16];
        a.copy_from_slice(&ordered[..16]);
        format!("[{}]:{port}", std::net::Ipv6Addr::from(a))
    } else {
        format!(
            "{}.{}.{}.{}:{port}",
            ordered[0], ordered[1], ordered[2], ordered[3]
        )
    }
}

/// Whether an address from [`listening_addresses`] is loopback only.
pub fn is_loopback(address: &str) -> bool {
    address.starts_with("127.")
        || address.starts_with("[::1]:")
        || address.starts_with("[::ffff:127.")
}
