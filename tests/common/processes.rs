//! The processes a run leaves behind, from /proc.

use std::time::Duration;

/// How long processes get to go after the run that started them ended.
const GRACE: Duration = Duration::from_secs(15);

/// Panics, listing each survivor with its command line, when any of `pids` is still alive once a
/// grace period is over; `what` names the moment, e.g. "after Ctrl-C".
///
/// Chromium's helpers exit a little after the browser is told to stop, so this polls rather than
/// looking once after a fixed sleep.
#[track_caller]
pub fn assert_none_left(pids: &[u32], what: &str) {
    let alive = || -> Vec<u32> {
        pids.iter()
            .copied()
            .filter(|p| super::is_alive(*p))
            .collect()
    };
    if super::wait::holds_within(GRACE, || alive().is_empty()) {
        return;
    }
    let left = alive();
    let list: Vec<String> = left
        .iter()
        .map(|p| format!("  {p}: {}", cmdline(*p)))
        .collect();
    panic!(
        "{} of {} processes still alive {GRACE:?} {what}:\n{}",
        left.len(),
        pids.len(),
        list.join("\n")
    );
}

/// A process's command line, arguments separated by spaces, from /proc/PID/cmdline.
pub fn cmdline(pid: u32) -> String {
    match std::fs::read(format!("/proc/{pid}/cmdline")) {
        Ok(bytes) if !bytes.is_empty() => bytes
            .split(|b| *b == 0)
            .filter(|a| !a.is_empty())
            .map(String::from_utf8_lossy)
            .collect::<Vec<_>>()
            .join(" "),
        _ => String::from("(no command line)"),
    }
}

/// The processes among `pids` whose name (/proc/PID/comm) starts with `name`.
pub fn named(pids: &[u32], name: &str) -> Vec<u32> {
    pids.iter()
        .copied()
        .filter(|p| {
            std::fs::read_to_string(format!("/proc/{p}/comm"))
                .is_ok_and(|c| c.trim().starts_with(name))
        })
        .collect()
}

/// Sends `signal` to `pid`.
pub fn signal(pid: u32, signal: i32) {
    // SAFETY: kill(2) takes any pid and signal; the callers name processes their test started.
    unsafe {
        libc::kill(pid as libc::pid_t, signal);
    }
}
