//! Every kind of step and its key in runbooks, defined once: the parser's keys, the messages that
//! list them and the report's action names derive from this table. The model (`Action`), the plan
//! (`PlannedAction`) and the runner match on kinds without wildcard arms, so a new kind is pointed out
//! by the compiler wherever it needs a line.

/// Defines [`StepKind`], its list and its keys from one table.
macro_rules! step_kinds {
    ($( $(#[$doc:meta])* $kind:ident = $key:literal ),+ $(,)?) => {
        /// A kind of step, written as the step's one action key.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum StepKind {
            $( $(#[$doc])* $kind ),+
        }

        impl StepKind {
            /// Every kind, in the order the documentation lists them.
            pub const ALL: &'static [StepKind] = &[$(StepKind::$kind),+];

            /// The key that writes this kind in a runbook.
            pub fn key(self) -> &'static str {
                match self {
                    $(StepKind::$kind => $key),+
                }
            }
        }
    };
}

step_kinds! {
    /// Open a URL.
    Goto = "goto",
    /// Click an element.
    Click = "click",
    /// Double-click an element.
    DoubleClick = "double_click",
    /// Move the pointer over an element.
    Hover = "hover",
    /// Type a value into a field.
    Fill = "fill",
    /// Press a key or a chord.
    Press = "press",
    /// Tick a checkbox.
    Check = "check",
    /// Untick a checkbox.
    Uncheck = "uncheck",
    /// Select a radio button.
    Choose = "choose",
    /// Choose an option of a drop-down list.
    Select = "select",
    /// Assert something about the page now.
    Expect = "expect",
    /// Wait until something is true.
    Wait = "wait",
    /// Accept the open JavaScript dialog.
    AcceptDialog = "accept_dialog",
    /// Dismiss the open JavaScript dialog.
    DismissDialog = "dismiss_dialog",
    /// Save an extra named screenshot.
    Screenshot = "screenshot",
    /// An instruction for the operator.
    Manual = "manual",
}

impl StepKind {
    /// The kind a key names.
    pub fn from_key(key: &str) -> Option<StepKind> {
        StepKind::ALL.iter().copied().find(|k| k.key() == key)
    }

    /// Every key, in order.
    pub fn keys() -> impl Iterator<Item = &'static str> {
        StepKind::ALL.iter().map(|k| k.key())
    }

    /// Every key, in order, as a list (for messages that list them).
    pub fn key_list() -> Vec<&'static str> {
        StepKind::keys().collect()
    }
}

impl std::fmt::Display for StepKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_names_its_own_kind() {
        for kind in StepKind::ALL {
            assert_eq!(StepKind::from_key(kind.key()), Some(*kind));
        }
        assert_eq!(StepKind::from_key("clik"), None);
        assert_eq!(StepKind::ALL.len(), StepKind::key_list().len());
    }
}
