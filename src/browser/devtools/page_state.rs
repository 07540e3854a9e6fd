//! What the browser said of each attached page: whether a JavaScript dialog holds it, and which of
//! its frames are loading a document. A script sent over DevTools needs both, as chromedriver does
//! before it runs one: a page held by a dialog does not run it until the dialog closes, and a frame
//! loading a new document would run it in the old one.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use tokio::sync::watch;

use super::Event;

/// One page's state, as its flat session heard it.
#[derive(Debug, Default)]
struct PageState {
    /// The message of the open dialog.
    dialog: Option<String>,
    /// The frames that started loading a document and have not stopped.
    loading: HashSet<String>,
    /// The session was detached (its page closed, or the browser let it go).
    detached: bool,
}

/// Every attached page's state, kept current by the connection's event hook.
#[derive(Clone)]
pub struct PageStates {
    pages: Arc<Mutex<HashMap<String, PageState>>>,
    /// Counts changes: a waiter wakes on each one and looks again.
    changes: Arc<watch::Sender<u64>>,
}

impl Default for PageStates {
    fn default() -> Self {
        PageStates {
            pages: Arc::default(),
            changes: Arc::new(watch::channel(0).0),
        }
    }
}

impl PageStates {
    /// Takes in one event (called for every event, in the order the browser sent them).
    pub fn hear(&self, event: &Event) {
        let Some(session) = event.session.as_deref() else {
            if event.method == "Target.detachedFromTarget"
                && let Some(gone) = event.params["sessionId"].as_str()
            {
                self.change(|pages| {
                    *pages.entry(gone.to_owned()).or_default() = PageState {
                        detached: true,
                        ..PageState::default()
                    };
                });
            }
            return;
        };
        let frame = || {
            event.params["frameId"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        };
        match event.method.as_str() {
            "Page.javascriptDialogOpening" => {
                let message = event.params["message"].as_str().unwrap_or_default();
                self.change(|pages| {
                    pages.entry(session.to_owned()).or_default().dialog = Some(message.to_owned());
                });
            }
            "Page.javascriptDialogClosed" => self.change(|pages| {
                pages.entry(session.to_owned()).or_default().dialog = None;
            }),
            "Page.frameStartedLoading" => self.change(|pages| {
                pages
                    .entry(session.to_owned())
                    .or_default()
                    .loading
                    .insert(frame());
            }),
            "Page.frameStoppedLoading" | "Page.frameDetached" => self.change(|pages| {
                if let Some(page) = pages.get_mut(session) {
                    page.loading.remove(&frame());
                }
            }),
            _ => {}
        }
    }

    fn change(&self, edit: impl FnOnce(&mut HashMap<String, PageState>)) {
        if let Ok(mut pages) = self.pages.lock() {
            edit(&mut pages);
        }
        self.changes.send_modify(|n| *n = n.wrapping_add(1));
    }

    /// The message of the dialog that holds the page, if one does.
    pub fn dialog(&self, session: &str) -> Option<String> {
        let pages = self.pages.lock().ok()?;
        pages.get(session)?.dialog.clone()
    }

    /// Whether a frame of the page is loading a document (`frame`: the main frame's id is the
    /// page target's id).
    pub fn loading(&self, session: &str, frame: &str) -> bool {
        self.pages
            .lock()
            .ok()
            .and_then(|pages| pages.get(session).map(|p| p.loading.contains(frame)))
            .unwrap_or(false)
    }

    /// Whether the session was detached: its commands will never be answered.
    pub fn detached(&self, session: &str) -> bool {
        self.pages
            .lock()
            .ok()
            .and_then(|pages| pages.get(session).map(|p| p.detached))
            .unwrap_or(false)
    }

    /// Wakes on every change from now on.
    pub fn watch(&self) -> watch::Receiver<u64> {
        self.changes.subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(method: &str, session: Option<&str>, params: serde_json::Value) -> Event {
        Event {
            method: method.into(),
            session: session.map(str::to_owned),
            params,
        }
    }

    #[test]
    fn a_dialog_holds_its_page_until_it_closes() {
        let states = PageStates::default();
        let opening = json!({"message": "Uninstall?", "type": "confirm"});
        states.hear(&event("Page.javascriptDialogOpening", Some("S1"), opening));
        assert_eq!(states.dialog("S1").as_deref(), Some("Uninstall?"));
        assert_eq!(states.dialog("S2"), None, "another page is not held");
        states.hear(&event("Page.javascriptDialogClosed", Some("S1"), json!({})));
        assert_eq!(states.dialog("S1"), None);
    }

    #[test]
    fn a_frame_loads_from_its_start_to_its_stop() {
        let states = PageStates::default();
        let woken = states.watch();
        states.hear(&event(
            "Page.frameStartedLoading",
            Some("S1"),
            json!({"frameId": "MAIN"}),
        ));
        assert!(states.loading("S1", "MAIN"));
        assert!(!states.loading("S1", "CHILD"));
        assert!(woken.has_changed().unwrap_or(false), "waiters are woken");
        states.hear(&event(
            "Page.frameStoppedLoading",
            Some("S1"),
            json!({"frameId": "MAIN"}),
        ));
        assert!(!states.loading("S1", "MAIN"));
    }

    #[test]
    fn a_detached_session_keeps_nothing_but_that_it_is_gone() {
        let states = PageStates::default();
        let opening = json!({"message": "x"});
        states.hear(&event("Page.javascriptDialogOpening", Some("S1"), opening));
        assert!(!states.detached("S1"));
        states.hear(&event(
            "Target.detachedFromTarget",
            None,
            json!({"sessionId": "S1"}),
        ));
        assert_eq!(states.dialog("S1"), None);
        assert!(states.detached("S1"));
        assert!(!states.detached("S2"));
    }
}
