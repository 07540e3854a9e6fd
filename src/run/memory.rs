//! The clickpath process's own memory use, for the report (the driver and the browser are other
//! processes and are not counted).

/// The peak resident set size of this process so far, in KiB; `None` where the system does not say.
///
/// With `--jobs`, runs share the process: each report then carries the peak of all of them so far.
pub fn peak_rss_kib() -> Option<u64> {
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
        let kib = super::peak_rss_kib().expect("getrusage answers on this system");
        // Any process holds at least a few hundred KiB and, here, far less than a terabyte.
        assert!((100..1_000_000_000).contains(&kib), "{kib}");
    }
}
