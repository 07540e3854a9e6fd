//! The real `clickpath` binary, run as a person runs it: a runbook in a file, values on the command
//! line, evidence in a folder; then what it printed and left there, to assert on.
//!
//! ```ignore
//! Clickpath::run().runbook(BOOK).var("base", &sites.base).output()
//!     .assert_exit(1)
//!     .assert_stderr_contains("'Mai visto': Nothing matches");
//! ```

use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use super::wait::{holds_within, wait_until};

/// The longest a run may take before the test gives up on it: only a hang, never slowness, may reach
/// it (a loaded 2-core machine takes over 2 minutes for the four-combination matrix).
const RUN_LIMIT: Duration = Duration::from_secs(600);
/// The longest a spawned run may take to reach what a test waits for (browser up, prompt shown).
const START_LIMIT: Duration = Duration::from_secs(120);
/// How long stdout and stderr may stay open once clickpath exited (a process that inherited them
/// keeps them open).
const CLOSE_LIMIT: Duration = Duration::from_secs(30);

/// One invocation of the binary, set up call by call; `output()` runs it, `spawn()` starts it.
pub struct Clickpath {
    args: Vec<OsString>,
    dir: Arc<tempfile::TempDir>,
    evidence: Option<PathBuf>,
    pass_out: bool,
    starts_browser: bool,
    input: Input,
    env: Vec<(OsString, OsString)>,
    current_dir: Option<PathBuf>,
    terminal: bool,
    watch: bool,
}

/// What the binary reads on standard input.
enum Input {
    Closed,
    Text(String),
    Open,
}

impl Clickpath {
    /// `clickpath SUBCOMMAND`, nothing added: for commands that start no browser.
    pub fn command(subcommand: &str) -> Clickpath {
        Clickpath {
            args: vec![subcommand.into()],
            dir: Arc::new(tempfile::tempdir().expect("temp dir")),
            evidence: None,
            pass_out: false,
            starts_browser: false,
            input: Input::Closed,
            env: Vec::new(),
            current_dir: None,
            terminal: false,
            watch: false,
        }
    }

    /// `clickpath run ... --out TEMP/ev`.
    pub fn run() -> Clickpath {
        Clickpath::command("run").with_evidence()
    }

    /// `clickpath check ... --out TEMP/ev`.
    pub fn check() -> Clickpath {
        Clickpath::command("check").with_evidence()
    }

    fn with_evidence(mut self) -> Clickpath {
        self.evidence = Some(self.dir.path().join("ev"));
        self.pass_out = true;
        self.starts_browser = true;
        self
    }

    /// The temp dir that holds the runbooks and the evidence folder.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `yaml` as `book.yaml` and names it on the command line.
    pub fn runbook(self, yaml: &str) -> Clickpath {
        self.runbook_file("book.yaml", yaml)
    }

    /// Writes `yaml` as `name` and names it on the command line (again, if written before).
    pub fn runbook_file(self, name: &str, yaml: &str) -> Clickpath {
        let path = self.dir.path().join(name);
        std::fs::write(&path, yaml).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        self.arg(path)
    }

    /// `--var name=value`.
    pub fn var(self, name: &str, value: impl std::fmt::Display) -> Clickpath {
        self.arg("--var").arg(format!("{name}={value}"))
    }

    /// `--secret name=value`.
    pub fn secret(self, name: &str, value: impl std::fmt::Display) -> Clickpath {
        self.arg("--secret").arg(format!("{name}={value}"))
    }

    /// One more argument, after those given so far.
    pub fn arg(mut self, arg: impl Into<OsString>) -> Clickpath {
        self.args.push(arg.into());
        self
    }

    /// More arguments, after those given so far.
    pub fn args<A: Into<OsString>>(mut self, args: impl IntoIterator<Item = A>) -> Clickpath {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// Standard input holds `text`, then ends (standard input is closed when nothing is given).
    pub fn stdin(mut self, text: &str) -> Clickpath {
        self.input = Input::Text(text.into());
        self
    }

    /// An environment variable for the binary.
    pub fn env(mut self, name: &str, value: &str) -> Clickpath {
        self.env.push((name.into(), value.into()));
        self
    }

    /// Runs the binary in `dir`, so relative runbook names stay as given in its messages.
    pub fn current_dir(mut self, dir: impl Into<PathBuf>) -> Clickpath {
        self.current_dir = Some(dir.into());
        self
    }

    /// Before the run, the evidence folder already holds `name` with `text` (another run's, say).
    pub fn evidence_holds(self, name: &str, text: &str) -> Clickpath {
        let folder = self
            .evidence
            .clone()
            .expect("a command with an evidence folder");
        std::fs::create_dir_all(&folder).expect("evidence folder");
        std::fs::write(folder.join(name), text).expect("write into the evidence folder");
        self
    }

    /// Runs under `script`, which gives it a pseudo-terminal as its standard input and output; what
    /// it shows is stdout, and standard input stays open for [`Running::type_line`].
    pub fn on_terminal(mut self) -> Clickpath {
        self.terminal = true;
        self.input = Input::Open;
        self
    }

    /// Records every process below the binary while it runs, for
    /// [`Finished::assert_no_process_left`].
    pub fn watch_processes(mut self) -> Clickpath {
        self.watch = true;
        self
    }

    /// Runs it to its end.
    #[track_caller]
    pub fn output(self) -> Finished {
        self.spawn().wait()
    }

    /// Starts it; stdout and stderr are collected as they come.
    pub fn spawn(mut self) -> Running {
        if self.starts_browser {
            super::machine_has_what_tests_need();
        }
        if self.pass_out
            && let Some(folder) = &self.evidence
        {
            self.args.push("--out".into());
            self.args.push(folder.into());
        }
        let bin = env!("CARGO_BIN_EXE_clickpath");
        let shown = std::iter::once("clickpath".to_owned())
            .chain(self.args.iter().map(|a| a.to_string_lossy().into_owned()))
            .collect::<Vec<_>>()
            .join(" ");
        let mut command = if self.terminal {
            let line = std::iter::once(OsString::from(bin))
                .chain(self.args.iter().cloned())
                .map(|a| shell_quote(&a.to_string_lossy()))
                .collect::<Vec<_>>()
                .join(" ");
            let mut c = Command::new("script");
            c.args(["-qec", &line, "/dev/null"]);
            c
        } else {
            let mut c = Command::new(bin);
            c.args(&self.args);
            c
        };
        // Values from the environment of whoever runs the tests must not reach the runbook.
        for (name, _) in std::env::vars_os() {
            if name.to_string_lossy().starts_with("CLICKPATH_VAR_") {
                command.env_remove(name);
            }
        }
        command.envs(self.env.iter().map(|(k, v)| (k, v)));
        if let Some(dir) = &self.current_dir {
            command.current_dir(dir);
        }
        command
            .stdin(match self.input {
                Input::Closed => Stdio::null(),
                Input::Text(_) | Input::Open => Stdio::piped(),
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {shown}: {e}"));
        let mut stdin = child.stdin.take();
        if let Input::Text(text) = &self.input {
            let mut pipe = stdin.take().expect("stdin");
            // It may have exited without reading: what it did then is for the test to judge.
            let _ = pipe.write_all(text.as_bytes());
        }
        let stdout = Stream::capture(child.stdout.take().expect("stdout"));
        let stderr = Stream::capture(child.stderr.take().expect("stderr"));
        let watcher = self.watch.then(|| watch(child.id()));
        Running {
            child,
            stdin,
            stdout,
            stderr,
            watcher,
            dir: self.dir,
            evidence: self.evidence,
            terminal: self.terminal,
            shown,
        }
    }
}

/// `text` as one word for `sh`.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// Everything one of the binary's output streams said so far, read by a thread of its own so the
/// binary never blocks on a full pipe.
struct Stream {
    bytes: Arc<Mutex<Vec<u8>>>,
    reader: JoinHandle<()>,
}

impl Stream {
    fn capture(mut from: impl Read + Send + 'static) -> Stream {
        let bytes = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&bytes);
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match from.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => sink
                        .lock()
                        .expect("output buffer")
                        .extend_from_slice(&buf[..n]),
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(_) => break,
                }
            }
        });
        Stream { bytes, reader }
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes.lock().expect("output buffer")).into_owned()
    }
}

/// Collects the processes below `pid` until it exits.
fn watch(pid: u32) -> JoinHandle<Vec<u32>> {
    std::thread::spawn(move || {
        let mut seen = std::collections::BTreeSet::new();
        // Once it exits, its children are no longer below it; an exited child is a zombie until
        // waited for, which is_alive counts as gone.
        while super::is_alive(pid) {
            seen.extend(super::descendants(pid));
            std::thread::sleep(Duration::from_millis(25));
        }
        seen.into_iter().collect()
    })
}

/// The number of steps in the report at `path` that passed so far (none while there is no report).
fn passed_steps(path: &Path) -> usize {
    std::fs::read_to_string(path)
        .map(|r| r.matches("\"status\": \"passed\"").count())
        .unwrap_or(0)
}

/// The binary while it runs.
pub struct Running {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: Stream,
    stderr: Stream,
    watcher: Option<JoinHandle<Vec<u32>>>,
    dir: Arc<tempfile::TempDir>,
    evidence: Option<PathBuf>,
    terminal: bool,
    shown: String,
}

impl Running {
    /// Its process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The processes below it now (chromedriver, Chromium and its helpers).
    pub fn descendants(&self) -> Vec<u32> {
        super::descendants(self.pid())
    }

    /// Waits until `condition` holds; panics naming `what` if it exits or time runs out first.
    #[track_caller]
    fn wait_for(&mut self, what: &str, mut condition: impl FnMut(&Running) -> bool) {
        let pid = self.pid();
        // An exited child is a zombie until waited for, which is_alive counts as gone.
        holds_within(START_LIMIT, || condition(self) || !super::is_alive(pid));
        if condition(self) {
            return;
        }
        if let Ok(Some(status)) = self.child.try_wait() {
            panic!(
                "{} exited ({status}) before {what}:\n{}",
                self.shown,
                self.stderr.text()
            );
        }
        panic!(
            "gave up waiting for {what} after {START_LIMIT:?}; stderr so far:\n{}",
            self.stderr.text()
        );
    }

    /// Waits until `count` steps passed in its report (the browser is up once one has).
    #[track_caller]
    pub fn wait_for_passed(&mut self, count: usize) {
        let report = self.evidence().join("report.json");
        self.wait_for(
            &format!("at least {count} passed steps in {}", report.display()),
            |_| passed_steps(&report) >= count,
        );
    }

    /// Waits until `count` steps passed in the report in `folder` of the evidence folder (a run of
    /// several).
    #[track_caller]
    pub fn wait_for_passed_in(&mut self, folder: &str, count: usize) {
        let report = self.evidence().join(folder).join("report.json");
        self.wait_for(
            &format!("at least {count} passed steps in {}", report.display()),
            |_| passed_steps(&report) >= count,
        );
    }

    /// Waits until stdout (the screen, [`Clickpath::on_terminal`]) shows `text`.
    #[track_caller]
    pub fn wait_for_stdout(&mut self, text: &str) {
        self.wait_for(&format!("{text:?} on stdout"), |r| {
            r.stdout.text().contains(text)
        });
    }

    /// Waits for the first `count` lines of stdout and returns them, without their line ends.
    #[track_caller]
    pub fn stdout_lines(&mut self, count: usize) -> Vec<String> {
        self.wait_for(&format!("{count} lines on stdout"), |r| {
            r.stdout.text().matches('\n').count() >= count
        });
        self.stdout
            .text()
            .lines()
            .take(count)
            .map(str::to_owned)
            .collect()
    }

    /// Types `text` and Enter on its standard input.
    #[track_caller]
    pub fn type_line(&mut self, text: &str) {
        let end = if self.terminal { "\r" } else { "\n" };
        let stdin = self.stdin.as_mut().expect("standard input left open");
        stdin
            .write_all(format!("{text}{end}").as_bytes())
            .and_then(|()| stdin.flush())
            .expect("type on standard input");
    }

    /// Types keys as they are, no line end (Ctrl-C is `"\u{3}"` on a terminal).
    #[track_caller]
    pub fn type_keys(&mut self, keys: &str) {
        let stdin = self.stdin.as_mut().expect("standard input left open");
        stdin
            .write_all(keys.as_bytes())
            .and_then(|()| stdin.flush())
            .expect("type on standard input");
    }

    /// Sends it `signal`.
    pub fn signal(&self, signal: i32) {
        super::processes::signal(self.pid(), signal);
    }

    /// Ctrl-C.
    pub fn interrupt(&self) {
        self.signal(libc::SIGINT);
    }

    /// What `kill` sends, or a service manager stopping it.
    pub fn terminate(&self) {
        self.signal(libc::SIGTERM);
    }

    /// The evidence folder (`--out`, or the folder resumed).
    pub fn evidence(&self) -> &Path {
        self.evidence
            .as_deref()
            .expect("a command with an evidence folder")
    }

    /// Waits for it to end by itself, and for its stdout and stderr to close.
    #[track_caller]
    pub fn wait(mut self) -> Finished {
        self.stdin = None;
        let mut status = None;
        let ended = holds_within(RUN_LIMIT, || {
            status = self.child.try_wait().expect("wait for clickpath");
            status.is_some()
        });
        if !ended {
            panic!(
                "{} did not end within {RUN_LIMIT:?}; stderr so far:\n{}",
                self.shown,
                self.stderr.text()
            );
        }
        wait_until(
            CLOSE_LIMIT,
            "clickpath's stdout and stderr to close after it exited (a process it started holds them?)",
            || self.stdout.reader.is_finished() && self.stderr.reader.is_finished(),
        );
        let processes = match self.watcher.take() {
            Some(w) => w.join().expect("process watcher"),
            None => Vec::new(),
        };
        Finished {
            code: status.and_then(|s| s.code()),
            stdout: self.stdout.text(),
            stderr: self.stderr.text(),
            dir: Arc::clone(&self.dir),
            evidence: self.evidence.clone(),
            processes,
            shown: self.shown.clone(),
        }
    }
}

impl Drop for Running {
    /// A test that fails while it runs stops it as Ctrl-C would, so its browser goes too.
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            self.terminate();
            if !holds_within(CLOSE_LIMIT, || !matches!(self.child.try_wait(), Ok(None))) {
                let _ = self.child.kill();
                let _ = self.child.wait();
            }
        }
    }
}

/// The binary once it ended: its exit code, what it printed, the evidence it left.
pub struct Finished {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    dir: Arc<tempfile::TempDir>,
    evidence: Option<PathBuf>,
    processes: Vec<u32>,
    shown: String,
}

impl Finished {
    /// Its exit code (none when a signal ended it).
    pub fn code(&self) -> Option<i32> {
        self.code
    }

    /// What it printed on stdout.
    pub fn stdout(&self) -> &str {
        &self.stdout
    }

    /// What it printed on stderr.
    pub fn stderr(&self) -> &str {
        &self.stderr
    }

    /// Everything it printed: what an operator saw at the terminal.
    pub fn screen(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }

    /// The temp dir that holds the runbooks and the evidence folder.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Asserts it exited with `code`; the failure shows what it printed.
    #[track_caller]
    pub fn assert_exit(&self, code: i32) -> &Finished {
        assert_eq!(
            self.code,
            Some(code),
            "exit code of {}\n--- stderr ---\n{}--- stdout ---\n{}",
            self.shown,
            self.stderr,
            self.stdout
        );
        self
    }

    /// Asserts stderr contains `text`.
    #[track_caller]
    pub fn assert_stderr_contains(&self, text: &str) -> &Finished {
        assert!(
            self.stderr.contains(text),
            "stderr lacks {text:?}:\n{}",
            self.stderr
        );
        self
    }

    /// Asserts stdout contains `text`.
    #[track_caller]
    pub fn assert_stdout_contains(&self, text: &str) -> &Finished {
        assert!(
            self.stdout.contains(text),
            "stdout lacks {text:?}:\n{}",
            self.stdout
        );
        self
    }

    /// Asserts the screen ([`Finished::screen`]) shows `text`.
    #[track_caller]
    pub fn assert_screen_contains(&self, text: &str) -> &Finished {
        let screen = self.screen();
        assert!(
            screen.contains(text),
            "the screen lacks {text:?}:\n{screen}"
        );
        self
    }

    /// The evidence folder (`--out`, or the folder resumed).
    pub fn evidence(&self) -> &Path {
        self.evidence
            .as_deref()
            .expect("a command with an evidence folder")
    }

    /// Its `report.json`.
    #[track_caller]
    pub fn report(&self) -> serde_json::Value {
        read_report(self.evidence())
    }

    /// The `report.json` in `folder` of the evidence folder (a run of several).
    #[track_caller]
    pub fn report_in(&self, folder: &str) -> serde_json::Value {
        read_report(&self.evidence().join(folder))
    }

    /// Asserts the report's overall status.
    #[track_caller]
    pub fn assert_status(&self, status: &str) -> &Finished {
        assert_eq!(
            self.report()["status"],
            status,
            "the report's status ({})",
            self.evidence().display()
        );
        self
    }

    /// The status of each step in the report, in order.
    pub fn statuses(&self) -> Vec<String> {
        self.report()["steps"]
            .as_array()
            .expect("steps in report.json")
            .iter()
            .map(|s| s["status"].as_str().unwrap_or_default().to_owned())
            .collect()
    }

    /// The names of the files in the evidence folder.
    pub fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.evidence())
            .unwrap_or_else(|e| panic!("{}: {e}", self.evidence().display()))
            .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect();
        names.sort();
        names
    }

    /// Asserts the first `count` steps passed and each has its screenshot on disk (or, where a
    /// dialog was open, the dialog's text as its evidence instead).
    #[track_caller]
    pub fn assert_first_steps_kept(&self, count: usize) -> &Finished {
        let report = self.report();
        let steps = report["steps"].as_array().expect("steps in report.json");
        assert!(
            steps.len() >= count,
            "{count} steps in the report: {steps:?}"
        );
        for step in &steps[..count] {
            assert_eq!(step["status"], "passed", "{step}");
            if step.get("dialog").is_some() {
                continue;
            }
            let shot = step["screenshot"].as_str().expect("screenshot");
            assert!(self.evidence().join(shot).is_file(), "{shot} on disk");
        }
        self
    }

    /// Asserts it started processes ([`Clickpath::watch_processes`]) and none outlived it; `what`
    /// names the run in the failure.
    #[track_caller]
    pub fn assert_no_process_left(&self, what: &str) -> &Finished {
        assert!(
            !self.processes.is_empty(),
            "{what}: the run started chromedriver and Chromium ({})",
            self.shown
        );
        super::processes::assert_none_left(&self.processes, &format!("after {what} ended"));
        self
    }

    /// `clickpath run --resume` of its evidence folder.
    pub fn resume(&self) -> Clickpath {
        let folder = self.evidence().to_path_buf();
        let mut again = Clickpath::command("run").arg("--resume").arg(&folder);
        again.dir = Arc::clone(&self.dir);
        again.evidence = Some(folder);
        again.starts_browser = true;
        again
    }
}

#[track_caller]
fn read_report(folder: &Path) -> serde_json::Value {
    let path = folder.join("report.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}
