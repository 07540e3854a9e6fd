//! Durations as runbooks write them: `20s`, `500ms`, `1.5s`, `2m`, or a bare number of seconds.

use std::time::Duration;

/// A duration as whole milliseconds: only where time leaves the program (JSON, the page, messages).
pub fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// Parses a duration, or says what is wrong with it.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    let (number, scale) = if let Some(n) = t.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = t.strip_suffix('s') {
        (n, 1.0)
    } else if let Some(n) = t.strip_suffix('m') {
        (n, 60.0)
    } else if let Some(n) = t.strip_suffix('h') {
        (n, 3600.0)
    } else {
        (t, 1.0)
    };
    let value: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a duration"))?;
    if !value.is_finite() || value < 0.0 {
        return Err(format!("`{text}` is not a duration"));
    }
    let seconds = value * scale;
    if seconds > 24.0 * 3600.0 {
        return Err(format!("`{text}` is longer than a day"));
    }
    Ok(Duration::from_secs_f64(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_unit() {
        assert_eq!(parse_duration("20s"), Ok(Duration::from_secs(20)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("1.5s"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("3"), Ok(Duration::from_secs(3)));
    }

    #[test]
    fn refuses_nonsense() {
        assert_eq!(
            parse_duration("soon"),
            Err("`soon` is not a duration".into())
        );
        assert_eq!(parse_duration("-1s"), Err("`-1s` is not a duration".into()));
        assert_eq!(
            parse_duration("48h"),
            Err("`48h` is longer than a day".into())
        );
    }
}
