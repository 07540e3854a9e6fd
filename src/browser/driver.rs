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

/// The prefix of a driver's temporary folder; short, since Chromium's singleton socket lives under it.
const SCRATCH_PREFIX: &str = "cp-";

/// What Chromium adds to its temporary folder for its singleton socket:
/// `/org.chromium.Chromium.XXXXXX/SingletonSocket`.
const SOCKET_SUFFIX_LEN: usize = "/org.chromium.Chromium.XXXXXX/SingletonSocket".len();

/// The longest path a Unix socket address holds (`sun_path`, 108 bytes with its final NUL), less
/// a margin for other Chromium builds' longer names.
const SOCKET_PATH_MAX: usize = 100;

/// A temporary folder for the driver and its browsers, or `None` (they then use the system's, as
/// they would anyway): when it cannot be made, or when Chromium's singleton socket under it would
/// have a path too long for a socket address, which Chromium refuses to start with.
fn scratch_folder() -> Option<tempfile::TempDir> {
    let base = std::env::temp_dir();
    if !socket_fits_under(&base) {
        return None;
    }
    tempfile::Builder::new()
        .prefix(SCRATCH_PREFIX)
        .tempdir_in(base)
        .ok()
}

/// Whether Chromium's singleton socket still fits in a socket address when its temporary folder is
/// a scratch folder made in `base` (`base/cp-XXXXXX`).
fn socket_fits_under(base: &Path) -> bool {
    let scratch_len = base.as_os_str().len() + 1 + SCRATCH_PREFIX.len() + 6;
    scratch_len + SOCKET_SUFFIX_LEN <= SOCKET_PATH_MAX
}

impl Driver {
    /// Starts chromedriver on a free port of 127.0.0.1 and waits until it accepts connections.
    ///
    /// It is never given `--allowed-ips`: with that flag it would listen on every interface.
    pub async fn start(path: &Path) -> Result<Driver, BrowserError> {
        let mut last_error = None;
        for _ in 0..3 {
            let scratch = scratch_folder();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scratch_folder_is_made_under_a_short_temporary_folder() {
        assert!(socket_fits_under(Path::new("/tmp")));
    }

    #[test]
    fn no_scratch_folder_where_the_singleton_socket_would_not_fit_a_socket_address() {
        // 40 bytes of base leave the socket at 40 + 10 + 45 = 95 bytes; 50 bytes would make 105.
        let fits = format!("/{}", "a".repeat(39));
        let too_long = format!("/{}", "a".repeat(49));
        assert!(socket_fits_under(Path::new(&fits)), "{fits}");
        assert!(!socket_fits_under(Path::new(&too_long)), "{too_long}");
    }
}
