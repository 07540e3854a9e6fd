//! The `clickpath` binary: the command line lives in the library (`clickpath::cli`).

fn main() -> std::process::ExitCode {
    lean_malloc();
    std::process::ExitCode::from(clickpath::cli::main().code())
}

/// glibc gives each thread that allocates an arena of its own; clickpath's threads (the runtime's,
/// the annotation workers, the comparisons) allocate little and briefly, and one arena keeps
/// their freed memory for each other: about 1 MiB less resident memory for the same run. And a
/// fixed mmap threshold: the screenshots' large, short-lived buffers (the DevTools answer, the PNG)
/// go back to the system when freed instead of growing the heap (about 0.3 MiB less at the peak).
fn lean_malloc() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator parameters; called first thing, before any thread.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}
