//! The chromedriver process: found, started on a free loopback port in its own process group, stopped.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::process::{Child, Command};

use super::BrowserError;

/// A chromedriver started by clickpath; stopped with [`Driver::stop`] or, as a last resort, on drop.
#[derive(Debug)]
pub struct Driver {
    child: Option<Child>,
    pid: Option<u32>,
    /// The base URL to reach it (`http://127.0.0.1:PORT`).
    pub url: String,
    /// The executable that was started.
    pub path: PathBuf,
    /// The temporary folder (`TMPDIR`) of the driver and its browsers, deleted once they are
    /// stopped: what a browser stopped at once leaves behind (its singleton socket's folder, its
    /// scoped folders) goes with it.
    scratch: Option<tempfile::TempDir>,
}

/// Finds chromedriver: the given path, else `chromedriver` on `PATH`.
pub fn find_driver(explicit: Option<&Path>) -> Result<PathBuf, BrowserError> {
    if let Some(path) = explicit {
        return if path.is_file() {
            Ok(path.to_path_buf())
        } else {
            Err(BrowserError::DriverMissing(format!(
                "--driver {} does not exist",
                path.display()
            )))
        };
    }
    find_on_path("chromedriver").ok_or_else(|| {
        BrowserError::DriverMissing(
            "chromedriver is not on PATH; install it (Debian: apt-get install chromium-driver) or pass --driver PATH".into(),
        )
    })
}

/// Finds an executable by name on `PATH`.
pub fn find_on_path(name: &str) -> Option<PathBuf> {
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

impl Driver {
    /// Starts chromedriver on a free port of 127.0.0.1 and waits until it accepts connections.
    ///
    /// It is never given `--allowed-ips`: with that flag it would listen on every interface.
    pub async fn start(path: &Path) -> Result<Driver, BrowserError> {
        let mut last_error = None;
        for _ in 0..3 {
            // Without a folder of its own the driver uses the system's, as it would anyway.
            let scratch = tempfile::Builder::new()
                .prefix("clickpath-tmp-")
                .tempdir()
                .ok();
            let port = free_port()?;
            let mut command = Command::new(path);
            command
                .arg(format!("--port={port}"))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                // Its own process group, so stopping it also stops the browsers it started.
                .process_group(0)
                .kill_on_drop(true);
            if let Some(dir) = &scratch {
                command.env("TMPDIR", dir.path());
            }
            let child = command.spawn().map_err(|e| {
                BrowserError::DriverMissing(format!("cannot start {}: {e}", path.display()))
            })?;
            let pid = child.id();
            let mut driver = Driver {
                child: Some(child),
                pid,
                url: format!("http://127.0.0.1:{port}"),
                path: path.to_path_buf(),
                scratch,
            };
            match driver.wait_ready(port, Duration::from_secs(10)).await {
                Ok(()) => {
                    tracing::debug!(url = %driver.url, pid = ?driver.pid, "chromedriver ready");
                    return Ok(driver);
                }
                Err(e) => {
                    driver.stop().await;
                    last_error = Some(e);
                }
            }
        }
        Err(last_error
            .unwrap_or_else(|| BrowserError::DriverFailed("chromedriver did not start".into())))
    }

    async fn wait_ready(&mut self, port: u16, limit: Duration) -> Result<(), BrowserError> {
        let started = Instant::now();
        loop {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return Ok(());
            }
            if let Some(child) = self.child.as_mut()
                && let Ok(Some(status)) = child.try_wait()
            {
                return Err(BrowserError::DriverFailed(format!(
                    "{} exited at start ({status})",
                    self.path.display()
                )));
            }
            if started.elapsed() > limit {
                return Err(BrowserError::DriverFailed(format!(
                    "{} did not listen on port {port} within {}s",
                    self.path.display(),
                    limit.as_secs()
                )));
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// The driver's process id.
    pub fn pid(&self) -> Option<u32> {
        self.pid
    }

    /// Stops chromedriver and everything in its process group (the browsers it started).
    pub async fn stop(&mut self) {
        self.signal_group();
        if let Some(mut child) = self.child.take() {
            let _ = tokio::time::timeout(Duration::from_secs(2), child.wait()).await;
            let _ = child.start_kill();
        }
        self.scratch.take();
    }

    fn signal_group(&mut self) {
        if let Some(pid) = self.pid.take()
            && let Ok(pgid) = libc::pid_t::try_from(pid)
        {
            // SAFETY: killpg only sends a signal; the group is the one we created for this child.
            unsafe {
                libc::killpg(pgid, libc::SIGKILL);
            }
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.signal_group();
    }
}

fn free_port() -> Result<u16, BrowserError> {
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0))
        .map_err(|e| BrowserError::DriverFailed(format!("no free port on 127.0.0.1: {e}")))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| BrowserError::DriverFailed(format!("no free port on 127.0.0.1: {e}")))
}
