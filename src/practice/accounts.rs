//! The practice org's two sign-in accounts and their authenticator codes (RFC 6238: SHA-1, 30 s
//! steps, 6 digits), fixed so that a runbook, a test or a person can log in from what
//! `clickpath practice` prints.

use totp_rs::{Builder, Secret, Totp};

/// Which product a login, a session or a page belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Product {
    /// HubSpot, logged in at `/hubspot/login`.
    HubSpot,
    /// Salesforce, Classic and Lightning alike, logged in at `/login`.
    Salesforce,
}

impl Product {
    /// `HubSpot` or `Salesforce`, for printing.
    pub fn name(self) -> &'static str {
        match self {
            Product::HubSpot => "HubSpot",
            Product::Salesforce => "Salesforce",
        }
    }

    /// The cookie holding this product's session (the products' own names).
    pub fn session_cookie(self) -> &'static str {
        match self {
            Product::HubSpot => "hubspotapi",
            Product::Salesforce => "sid",
        }
    }

    /// The login page's path.
    pub fn login_path(self) -> &'static str {
        match self {
            Product::HubSpot => "/hubspot/login",
            Product::Salesforce => "/login",
        }
    }

    /// The login page's query parameter naming the page to go to afterwards.
    pub fn target_param(self) -> &'static str {
        match self {
            Product::HubSpot => "loginRedirectUrl",
            Product::Salesforce => "startURL",
        }
    }

    /// Where a login with no (or an unusable) target lands.
    pub fn home(self) -> &'static str {
        match self {
            Product::HubSpot => "/hubspot",
            Product::Salesforce => "/lightning/page/home",
        }
    }

    /// The login URL (path and query) that comes back to `target` (a path with its query) afterwards.
    pub fn login_url(self, target: &str) -> String {
        let encoded: String = url::form_urlencoded::byte_serialize(target.as_bytes()).collect();
        format!("{}?{}={encoded}", self.login_path(), self.target_param())
    }
}

/// A practice account: what its login page asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Account {
    /// The product it logs in to.
    pub product: Product,
    /// The user name (HubSpot: an e-mail address).
    pub username: &'static str,
    /// The password.
    pub password: &'static str,
    /// The authenticator app's secret, base32 (20 bytes: 160 bits, as RFC 4226 recommends).
    pub totp_secret: &'static str,
}

const ACCOUNTS: &[Account] = &[
    Account {
        product: Product::HubSpot,
        username: "chiara.moretti@acme-italia.example",
        password: "Pratica-HubSpot-2024",
        totp_secret: "HUBSPOTPRACTICEORGTOTPSECRET2345",
    },
    Account {
        product: Product::Salesforce,
        username: "admin@practice.example.sf",
        password: "Pratica-Salesforce-2024",
        totp_secret: "SALESFORCEPRACTICEORGTOTPSECRET7",
    },
];

/// Both practice accounts: HubSpot's, then Salesforce's.
pub fn accounts() -> &'static [Account] {
    ACCOUNTS
}

/// The account of `product`.
pub fn account(product: Product) -> &'static Account {
    ACCOUNTS
        .iter()
        .find(|a| a.product == product)
        .unwrap_or(&ACCOUNTS[0])
}

impl Account {
    /// The code an authenticator app shows at `unix_secs`.
    pub fn code_at(&self, unix_secs: u64) -> String {
        totp(self.totp_secret).generate(unix_secs).to_string()
    }

    /// Whether `code` is the code of the step of `unix_secs` or of the step just before or after
    /// (RFC 6238's advice, for clocks a little apart and codes typed at a step's end).
    pub fn accepts_code(&self, code: &str, unix_secs: u64) -> bool {
        let code = code.trim();
        code.len() == 6
            && code.bytes().all(|b| b.is_ascii_digit())
            && totp(self.totp_secret).check(code, unix_secs).is_some()
    }

    /// Whether `username` (any case: both products ignore it) and `password` are this account's.
    pub fn accepts_password(&self, username: &str, password: &str) -> bool {
        username.trim().eq_ignore_ascii_case(self.username) && password == self.password
    }
}

/// The generator of a base32 secret: SHA-1, 6 digits, 30 s steps, one step of skew either way.
fn totp(secret: &str) -> Totp {
    let bytes = Secret::try_from_base32(secret).map(|s| s.as_bytes().to_vec());
    // The secrets are constants checked by a test; an unreadable one must still not panic a page.
    Builder::new()
        .with_secret(bytes.unwrap_or_default())
        .with_skew(1)
        .with_step_duration(30)
        .with_digits(6)
        .build_noncompliant()
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: u64 = 1_750_000_005; // 5 s into a step

    #[test]
    fn secrets_are_base32_of_160_bits_at_least() {
        for a in accounts() {
            let secret = Secret::try_from_base32(a.totp_secret).expect("base32");
            assert!(secret.as_bytes().len() >= 20, "{a:?}");
            // The crate's own checks (secret length, digits) accept them as RFC-compliant.
            Builder::new()
                .with_secret(secret)
                .build()
                .unwrap_or_else(|e| panic!("{:?}: {e:?}", a.product));
        }
        assert_ne!(accounts()[0].totp_secret, accounts()[1].totp_secret);
        assert!(accounts()[0].username.contains('@'));
    }

    #[test]
    fn codes_are_accepted_in_the_current_step_and_one_either_side() {
        let a = account(Product::HubSpot);
        let now = a.code_at(T);
        assert_eq!(now.len(), 6);
        assert!(a.accepts_code(&now, T));
        assert!(a.accepts_code(&a.code_at(T - 30), T), "the step before");
        assert!(a.accepts_code(&a.code_at(T + 30), T), "the step after");
        assert!(!a.accepts_code(&a.code_at(T - 60), T), "two steps before");
        assert!(!a.accepts_code(&a.code_at(T + 60), T), "two steps after");
        assert!(a.accepts_code(&format!(" {now} "), T));
        assert!(!a.accepts_code("", T));
        assert!(!a.accepts_code("12345", T));
        assert!(!a.accepts_code("abcdef", T));
        // Another account's code is another code.
        let sf = account(Product::Salesforce);
        assert_ne!(sf.code_at(T), now);
    }

    /// RFC 6238's SHA-1 test vector (secret "12345678901234567890", T = 59 s), last 6 digits.
    #[test]
    fn codes_follow_rfc_6238() {
        let vector = Account {
            totp_secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            ..*account(Product::HubSpot)
        };
        assert_eq!(vector.code_at(59), "287082");
        assert_eq!(vector.code_at(1_111_111_109), "081804");
    }

    #[test]
    fn passwords_are_exact_and_user_names_any_case() {
        let a = account(Product::Salesforce);
        assert!(a.accepts_password("ADMIN@practice.example.sf", a.password));
        assert!(!a.accepts_password(a.username, &a.password.to_lowercase()));
        assert!(!a.accepts_password("someone@else", a.password));
    }

    #[test]
    fn login_urls_keep_the_target() {
        assert_eq!(
            Product::HubSpot.login_url("/hubspot/settings?lang=en&x=1"),
            "/hubspot/login?loginRedirectUrl=%2Fhubspot%2Fsettings%3Flang%3Den%26x%3D1"
        );
        assert_eq!(
            Product::Salesforce.login_url("/lightning/page/home"),
            "/login?startURL=%2Flightning%2Fpage%2Fhome"
        );
    }
}
