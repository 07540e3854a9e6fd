//! Who is logged in: the sessions the login pages opened, and the logins half done (password
//! accepted, code not yet), each by an unguessable token that the browser holds in a cookie or a form.

use std::collections::HashMap;

use super::accounts::Product;

/// How long a login may wait between its password and its code.
const PENDING_MS: u64 = 10 * 60 * 1000;

/// A login whose password was right, waiting for its code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    /// The product logging in.
    pub product: Product,
    /// Where to go once logged in.
    pub target: String,
    expires_ms: u64,
}

/// The sessions of one practice org.
#[derive(Debug)]
pub struct Sessions {
    lifetime_ms: u64,
    live: HashMap<String, (Product, u64)>,
    pending: HashMap<String, Pending>,
}

impl Sessions {
    /// No sessions yet; each one opened lasts `lifetime_ms`.
    pub fn new(lifetime_ms: u64) -> Self {
        Sessions {
            lifetime_ms,
            live: HashMap::new(),
            pending: HashMap::new(),
        }
    }

    /// How long a session lasts, in milliseconds.
    pub fn lifetime_ms(&self) -> u64 {
        self.lifetime_ms
    }

    /// Opens a session of `product`: its cookie value.
    pub fn open(&mut self, product: Product, now_ms: u64) -> String {
        self.forget_expired(now_ms);
        let token = token();
        self.live.insert(
            token.clone(),
            (product, now_ms.saturating_add(self.lifetime_ms)),
        );
        token
    }

    /// Whether `token` is a session of `product` that has not expired at `now_ms`.
    pub fn valid(&self, token: &str, product: Product, now_ms: u64) -> bool {
        self.live
            .get(token)
            .is_some_and(|(p, expires)| *p == product && now_ms < *expires)
    }

    /// Ends every session (as their lifetime ending would).
    pub fn expire_all(&mut self) {
        self.live.clear();
        self.pending.clear();
    }

    /// Ends the session `token`.
    pub fn close(&mut self, token: &str) {
        self.live.remove(token);
    }

    /// Remembers a login waiting for its code: the token its code form carries.
    pub fn wait_for_code(&mut self, product: Product, target: &str, now_ms: u64) -> String {
        self.forget_expired(now_ms);
        let token = token();
        self.pending.insert(
            token.clone(),
            Pending {
                product,
                target: target.to_owned(),
                expires_ms: now_ms.saturating_add(PENDING_MS),
            },
        );
        token
    }

    /// The login waiting on `token` for a code of `product`, if it has not expired.
    pub fn pending(&self, token: &str, product: Product, now_ms: u64) -> Option<&Pending> {
        self.pending
            .get(token)
            .filter(|p| p.product == product && now_ms < p.expires_ms)
    }

    /// The login is done (or given up): its token no longer works.
    pub fn finish(&mut self, token: &str) {
        self.pending.remove(token);
    }

    fn forget_expired(&mut self, now_ms: u64) {
        self.live.retain(|_, (_, expires)| now_ms < *expires);
        self.pending.retain(|_, p| now_ms < p.expires_ms);
    }
}

/// 32 random bytes from the operating system, as hex.
fn token() -> String {
    let mut bytes = [0u8; 32];
    if getrandom::fill(&mut bytes).is_err() {
        // No OS randomness (never seen on the systems clickpath runs on): std's per-process random
        // hash keys and the clock still make a value no other page can guess.
        use std::hash::{BuildHasher, Hasher};
        for chunk in bytes.chunks_mut(8) {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u128(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos())
                    .unwrap_or(0),
            );
            chunk.copy_from_slice(&h.finish().to_le_bytes());
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_750_000_000_000;

    #[test]
    fn a_session_lasts_its_lifetime_for_its_product_only() {
        let mut s = Sessions::new(60_000);
        let t = s.open(Product::HubSpot, NOW);
        assert_eq!(t.len(), 64);
        assert!(s.valid(&t, Product::HubSpot, NOW));
        assert!(s.valid(&t, Product::HubSpot, NOW + 59_999));
        assert!(!s.valid(&t, Product::HubSpot, NOW + 60_000), "expired");
        assert!(!s.valid(&t, Product::Salesforce, NOW), "HubSpot's cookie");
        assert!(!s.valid("guess", Product::HubSpot, NOW));
        let other = s.open(Product::HubSpot, NOW);
        assert_ne!(t, other, "tokens are random");
        // Opening one later forgets the expired ones.
        s.open(Product::Salesforce, NOW + 70_000);
        assert_eq!(s.live.len(), 1);
    }

    #[test]
    fn expire_all_ends_sessions_and_pending_logins() {
        let mut s = Sessions::new(60_000);
        let t = s.open(Product::Salesforce, NOW);
        let p = s.wait_for_code(Product::Salesforce, "/classic/home", NOW);
        s.expire_all();
        assert!(!s.valid(&t, Product::Salesforce, NOW));
        assert!(s.pending(&p, Product::Salesforce, NOW).is_none());
    }

    #[test]
    fn a_pending_login_keeps_its_target_for_ten_minutes() {
        let mut s = Sessions::new(60_000);
        let p = s.wait_for_code(Product::HubSpot, "/hubspot/home?lang=en", NOW);
        let pending = s.pending(&p, Product::HubSpot, NOW + 1).expect("pending");
        assert_eq!(pending.target, "/hubspot/home?lang=en");
        assert!(s.pending(&p, Product::Salesforce, NOW).is_none());
        assert!(s.pending(&p, Product::HubSpot, NOW + PENDING_MS).is_none());
        s.finish(&p);
        assert!(s.pending(&p, Product::HubSpot, NOW).is_none());
    }
}
