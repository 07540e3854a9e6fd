//! The pages, scripts and styles, embedded in the binary at build time.

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("site/", $path)))),*]
    };
}

/// Page templates, their layouts and the parts they include, by path under `site/`.
pub const TEMPLATES: &[(&str, &str)] = embed![
    "common/boot.html",
    "common/plain.html",
    "index.html",
    "bench/reaction.html",
    "hubspot/layout.html",
    "hubspot/nav.html",
    "hubspot/side.html",
    "hubspot/home.html",
    "hubspot/apps.html",
    "hubspot/salesforce.html",
    "hubspot/reassign.html",
    "inbox/layout.html",
    "inbox/chrome.html",
    "inbox/list.html",
    "inbox/message.html",
    "classic/layout.html",
    "classic/header.html",
    "classic/tree.html",
    "classic/home.html",
    "classic/setup.html",
    "classic/packages.html",
    "classic/uninstall.html",
    "lightning/layout.html",
    "lightning/home.html",
    "lightning/setup.html",
    "login/layout.html",
    "login/hubspot-email.html",
    "login/hubspot-password.html",
    "login/hubspot-code.html",
    "login/salesforce.html",
    "login/salesforce-verify.html",
];

/// Static files served under `/assets/`, by path under `site/`.
pub const ASSETS: &[(&str, &str)] = embed![
    "common/practice.js",
    "common/icons.js",
    "common/interruption.js",
    "common/drift.css",
    "login/login.css",
    "hubspot/hubspot.css",
    "hubspot/hubspot.js",
    "inbox/inbox.css",
    "inbox/inbox.js",
    "classic/classic.css",
    "classic/classic.js",
    "lightning/lightning.css",
    // Built from `src/practice/lightning-src/` (LWC engine, synthetic shadow, base components, SLDS)
    // and committed, so that building clickpath needs no npm.
    "lightning/app-synthetic.js",
    "lightning/app-native.js",
    "lightning/synthetic-shadow.js",
    "lightning/lightning.js",
    "lightning/assets/styles/salesforce-lightning-design-system.min.css",
    "lightning/assets/images/logo-noname.svg",
];

/// A template's source.
pub fn template(name: &str) -> Option<&'static str> {
    TEMPLATES.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

/// A static file and its content type.
pub fn asset(path: &str) -> Option<(&'static str, &'static str)> {
    let body = ASSETS.iter().find(|(n, _)| *n == path).map(|(_, s)| *s)?;
    let kind = if path.ends_with(".css") {
        "text/css; charset=utf-8"
    } else if path.ends_with(".svg") {
        "image/svg+xml"
    } else {
        "text/javascript; charset=utf-8"
    };
    Some((kind, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Lightning bundle built by `src/practice/lightning-src/` is committed and embedded: both
    /// shadow modes' entries, the shared chunk (engine, base components, our components) and SLDS.
    #[test]
    fn lightning_bundle_is_embedded() {
        let body = |p: &str| asset(p).map(|(_, b)| b).unwrap_or_default();
        assert!(body("lightning/app-synthetic.js").contains("./synthetic-shadow.js"));
        assert!(body("lightning/app-synthetic.js").contains("./lightning.js"));
        // Native mode must not load the polyfill.
        assert!(!body("lightning/app-native.js").contains("synthetic"));
        assert!(body("lightning/app-native.js").contains("./lightning.js"));
        let shared = body("lightning/lightning.js");
        assert!(shared.len() > 500_000, "the shared chunk looks truncated");
        for component in ["c-app", "c-global-header", "c-setup-tree", "c-setup-page"] {
            assert!(
                shared.contains(component),
                "{component} is not in lightning.js"
            );
        }
        // Only listed icons are compiled in: a few MB at most for everything.
        let total: usize = ASSETS
            .iter()
            .filter(|(n, _)| n.starts_with("lightning/"))
            .map(|(_, b)| b.len())
            .sum();
        assert!(
            total < 4_000_000,
            "the Lightning bundle grew to {total} bytes"
        );
        assert!(body("lightning/synthetic-shadow.js").len() > 10_000);
        let slds = body("lightning/assets/styles/salesforce-lightning-design-system.min.css");
        assert!(slds.contains(".slds-global-header"));
        assert_eq!(
            asset("lightning/assets/images/logo-noname.svg").map(|(k, _)| k),
            Some("image/svg+xml")
        );
        assert_eq!(
            asset("lightning/app-native.js").map(|(k, _)| k),
            Some("text/javascript; charset=utf-8")
        );
    }

    /// Every text key in the Lightning components' sources (`lightning-src/src/modules/c/`, which
    /// the minified bundle no longer shows as such) names a text that exists.
    #[test]
    fn lightning_component_text_keys_exist() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src/practice/lightning-src/src/modules/c");
        let mut files = Vec::new();
        let mut dirs = vec![root];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("component folder").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "js") {
                    files.push(path);
                }
            }
        }
        assert!(files.len() >= 6, "the component sources are missing");
        let mut keys = 0;
        for file in files {
            let source = std::fs::read_to_string(&file).expect("component source");
            // Text keys are the quoted `lx.*` and `sf.*` literals: in `t('..')` calls and in the
            // tables (tabs, the Setup tree) that are looked up later.
            for prefix in ["'lx.", "'sf."] {
                for (at, _) in source.match_indices(prefix) {
                    let after = &source[at + 1..];
                    let key = &after[..after.find('\'').unwrap_or(0)];
                    assert!(
                        super::super::i18n::has(key),
                        "{}: unknown text key {key:?}",
                        file.display()
                    );
                    keys += 1;
                }
            }
        }
        assert!(keys > 50, "only {keys} text keys found");
    }

    /// Every `P.t('key')` or `t('key')` in a script names a text that exists (or, for `P.t('prefix.' + x)`, a family).
    #[test]
    fn script_text_keys_exist() {
        for (name, source) in ASSETS.iter().chain(TEMPLATES) {
            let mut rest = *source;
            while let Some(at) = rest.find("t('") {
                let after = &rest[at + 3..];
                // `P.t('..')`, not `split('..')` and the like.
                let word = rest[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_');
                if word {
                    rest = after;
                    continue;
                }
                let end = after.find('\'').unwrap_or(0);
                let key = &after[..end];
                // `P.t('prefix.' + x)` builds the key: some key must start with the prefix.
                let known = if key.ends_with('.') {
                    super::super::strings::STRINGS
                        .iter()
                        .any(|(k, _, _)| k.starts_with(key))
                } else {
                    super::super::i18n::has(key)
                };
                assert!(known, "{name}: unknown text key {key:?}");
                rest = &after[end..];
            }
        }
    }
}
