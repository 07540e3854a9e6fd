//! The async runtime of a command, and Ctrl-C / SIGTERM as futures every run can wait on.

use crate::run::Interrupt;

/// The runtime the commands run on (two workers: the machine's browser and driver need the rest).
pub fn runtime() -> Option<tokio::runtime::Runtime> {
    match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => Some(r),
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            None
        }
    }
}

/// A source of futures that complete once Ctrl-C or SIGTERM arrives (one per run; all see the signal).
pub fn interrupts() -> impl FnMut() -> Interrupt {
    let (tx, rx) = tokio::sync::watch::channel(false);
    let signal = wait_for_signal();
    tokio::spawn(async move {
        signal.await;
        let _ = tx.send(true);
    });
    move || {
        let mut rx = rx.clone();
        Box::pin(async move {
            let _ = rx.wait_for(|stopped| *stopped).await;
        })
    }
}

/// Listens for Ctrl-C and SIGTERM from the moment it is called (not from its first poll, so a signal
/// sent right after start-up is not lost); the future completes when one arrives.
pub fn wait_for_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let interrupt = signal(SignalKind::interrupt()).ok();
        let terminate = signal(SignalKind::terminate()).ok();
        async move {
            let wait = |s: Option<tokio::signal::unix::Signal>| async move {
                match s {
                    Some(mut s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                () = wait(interrupt) => {},
                () = wait(terminate) => {},
            }
        }
    }
    #[cfg(not(unix))]
    {
        async {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
