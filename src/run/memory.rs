//! The clickpath process's own memory use, for the report (the driver and the browser are other
//! processes and are not counted).

/// The peak resident set size of this process so far, in KiB; `None` where the system does not say.
///
/// With `--jobs`, runs share the process: each report then carries the peak of all of them so far.
pub fn peak_rss_kib() -> Option<u64> {
    image_peak_kib().or_else(rusage_peak_kib)
}

/// Linux: the high-water mark of this program's own memory (`VmHWM`). `getrusage`'s `ru_maxrss` is not
/// used there because it also keeps the peak of the process before it ran clickpath: a harness that
/// forks itself to start clickpath (Python's subprocess does) hands over its own size, 20 MiB or more.
#[cfg(target_os = "linux")]
fn image_peak_kib() -> Option<u64> {
    hwm_kib(&std::fs::read_to_string("/proc/self/status").ok()?)
}

#[cfg(not(target_os = "linux"))]
fn image_peak_kib() -> Option<u64> {
    None
}

/// The `VmHWM:  1234 kB` line of a `/proc/<pid>/status` text.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn hwm_kib(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let value = line.trim_start_matches("VmHWM:").trim();
    value.strip_suffix("kB")?.trim().parse().ok()
}

fn rusage_peak_kib() -> Option<u64> {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage only writes into the struct it is given, which is large enough and zeroed.
    let status = unsafe { libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) };
    if status != 0 {
        return None;
    }
    // SAFETY: getrusage returned 0, so it filled the struct (and zeroed memory is a valid rusage).
    let max_rss = unsafe { usage.assume_init() }.ru_maxrss;
    let max_rss = u64::try_from(max_rss).ok().filter(|&v| v > 0)?;
    // macOS reports bytes; Linux and the BSDs report KiB.
    if cfg!(target_os = "macos") {
        Some(max_rss / 1024)
    } else {
        Some(max_rss)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_running_process_has_a_peak() {
        let kib = super::peak_rss_kib().expect("this system reports peak memory");
        // Any process holds at least a few hundred KiB and, here, far less than a terabyte.
        assert!((100..1_000_000_000).contains(&kib), "{kib}");
    }

    #[test]
    fn the_high_water_mark_is_read_from_the_status_text() {
        let status =
            "Name:\tclickpath\nVmPeak:\t  123456 kB\nVmHWM:\t    11224 kB\nVmRSS:\t    9000 kB\n";
        assert_eq!(super::hwm_kib(status), Some(11224));
        assert_eq!(super::hwm_kib("Name:\tclickpath\n"), None);
        assert_eq!(super::hwm_kib("VmHWM:\t  12 MB\n"), None);
    }
}
