//! Waiting for something to happen, with a deadline that fails the test.

use std::time::{Duration, Instant};

/// How often a condition is looked at again.
const POLL: Duration = Duration::from_millis(25);

/// Returns once `condition` holds; panics naming `what` when it still does not after `within`.
///
/// A wait that runs out fails the test where it ran out: carrying on would fail it later, at an
/// assertion that blames something else.
#[track_caller]
pub fn wait_until(within: Duration, what: &str, condition: impl FnMut() -> bool) {
    if !holds_within(within, condition) {
        panic!("gave up waiting for {what} after {within:?}");
    }
}

/// Whether `condition` holds at some look before `within` is over; for callers that fail with a
/// message of their own.
pub fn holds_within(within: Duration, mut condition: impl FnMut() -> bool) -> bool {
    let started = Instant::now();
    loop {
        if condition() {
            return true;
        }
        if started.elapsed() >= within {
            return false;
        }
        std::thread::sleep(POLL);
    }
}
