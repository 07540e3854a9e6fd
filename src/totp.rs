//! One-time codes of an authenticator app (TOTP, RFC 6238), for `fill: { totp: ... }`.
//!
//! The arithmetic is `totp-rs`'s; this module reads secrets the way sites show them (base32 in
//! groups, any case) and decides when a code is too close to its end to be typed.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use totp_rs::{Algorithm, Builder, Secret};

use crate::runbook::model::TotpAlgorithm;
use crate::runbook::plan::PlannedTotp;

/// A code with less than this left is not typed: the next one is waited for, so that the site
/// still accepts the code it receives.
pub const MIN_LIFE_LEFT: Duration = Duration::from_secs(3);

/// The secret's bytes: base32 as sites show it, spaces, dashes and case ignored, padding optional.
/// The error never repeats the secret.
pub fn decode_secret(secret: &str) -> Result<Vec<u8>, String> {
    let cleaned: String = secret
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect::<String>()
        .trim_end_matches('=')
        .to_owned();
    if cleaned.is_empty() {
        return Err("is empty".into());
    }
    if let Some((i, _)) = cleaned
        .char_indices()
        .find(|(_, c)| !matches!(c, 'A'..='Z' | '2'..='7'))
    {
        return Err(format!(
            "is not base32: character {} is not a letter A-Z or a digit 2-7",
            i + 1
        ));
    }
    let bytes = Secret::try_from_base32(&cleaned)
        .map_err(|_| "is not valid base32".to_owned())?
        .as_ref()
        .to_vec();
    if bytes.len() < 10 {
        return Err(format!(
            "holds {} bytes; an authenticator secret has at least 10",
            bytes.len()
        ));
    }
    Ok(bytes)
}

/// A code, and how long it stays valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    /// The digits.
    pub digits: String,
    /// What is left of its period.
    pub left: Duration,
}

/// The code for `at` (seconds since the Unix epoch).
pub fn code_at(secret: &str, how: &PlannedTotp, at: u64) -> Result<Code, String> {
    let bytes = decode_secret(secret)?;
    let algorithm = match how.algorithm {
        TotpAlgorithm::SHA1 => Algorithm::SHA1,
        TotpAlgorithm::SHA256 => Algorithm::SHA256,
        TotpAlgorithm::SHA512 => Algorithm::SHA512,
    };
    let period = u64::from(how.period.max(1));
    // Secrets shorter than RFC 4226's 128 bits are still in use (80-bit ones): accepted as they are.
    let totp = Builder::new()
        .with_algorithm(algorithm)
        .with_digits(how.digits)
        .with_step_duration(period)
        .with_secret(bytes)
        .build_noncompliant();
    Ok(Code {
        digits: totp.generate(at).to_string(),
        left: Duration::from_secs(period - at % period),
    })
}

/// The code to type now: the current one, or the next one when the current one is about to end.
/// Returns the code and how long was waited for it.
pub async fn code_to_type(secret: &str, how: &PlannedTotp) -> Result<(Code, Duration), String> {
    let now = unix_now();
    let current = code_at(secret, how, now)?;
    if current.left >= MIN_LIFE_LEFT || u64::from(how.period) <= MIN_LIFE_LEFT.as_secs() * 2 {
        return Ok((current, Duration::ZERO));
    }
    let wait = current.left;
    tokio::time::sleep(wait).await;
    Ok((code_at(secret, how, unix_now())?, wait))
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA1: PlannedTotp = PlannedTotp {
        digits: 8,
        period: 30,
        algorithm: TotpAlgorithm::SHA1,
    };

    // RFC 6238, appendix B: the SHA-1 seed is "12345678901234567890" (base32 below).
    const RFC_SEED: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn matches_the_rfc_test_vectors() {
        for (at, want) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_234_567_890, "89005924"),
            (20_000_000_000, "65353130"),
        ] {
            assert_eq!(
                code_at(RFC_SEED, &SHA1, at).unwrap().digits,
                want,
                "at {at}"
            );
        }
    }

    #[test]
    fn sha256_and_six_digits_follow_the_options() {
        let seed32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA";
        let how = PlannedTotp {
            digits: 8,
            period: 30,
            algorithm: TotpAlgorithm::SHA256,
        };
        assert_eq!(code_at(seed32, &how, 59).unwrap().digits, "46119246");
        let six = PlannedTotp { digits: 6, ..SHA1 };
        assert_eq!(code_at(RFC_SEED, &six, 59).unwrap().digits, "287082");
    }

    #[test]
    fn reads_secrets_as_sites_show_them() {
        let grouped = "gezd gnbv gy3t qojq gezd gnbv gy3t qojq";
        assert_eq!(decode_secret(grouped), decode_secret(RFC_SEED));
        assert!(decode_secret("GEZDGNBVGY3TQOJQ====").is_ok());
    }

    #[test]
    fn refuses_what_is_not_a_secret_without_repeating_it() {
        let err = decode_secret("hunter1!").unwrap_err();
        assert!(err.contains("not base32"), "{err}");
        assert!(!err.contains("hunter"), "{err}");
        assert!(decode_secret("").is_err());
        assert!(decode_secret("ABCD").unwrap_err().contains("bytes"));
    }

    #[test]
    fn says_how_long_the_code_lasts() {
        assert_eq!(
            code_at(RFC_SEED, &SHA1, 59).unwrap().left,
            Duration::from_secs(1)
        );
        assert_eq!(
            code_at(RFC_SEED, &SHA1, 60).unwrap().left,
            Duration::from_secs(30)
        );
    }
}
