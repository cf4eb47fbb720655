//! Parsing single values the way the sources write them. Each parser returns
//! the reason a value is refused, phrased to follow the field name in a message.
//!
//! Dates: Partner Center's JSON writes RFC 3339 date-times (often with seven
//! fractional digits); exports and hand-made files write `YYYY-MM-DD`; the
//! reconciliation files write US dates, `M/D/YYYY`, sometimes with a time.
//! Day-first dates (`31/1/2024`) are not guessed at: a date whose first part
//! is over 12 is refused, never swapped.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use partner_desk_core::ids;

pub(crate) const DATE_HINT: &str =
    "must be a date such as 2024-01-31, 2024-01-31T09:30:00Z or (reconciliation files) 1/31/2024, month first";

pub(crate) fn tenant_id(text: &str) -> Result<String, String> {
    ids::parse_tenant_id("tenant id", text)
        .map_err(|_| "must be a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47".to_string())
}

/// Subscription ids are GUIDs in every Partner Center source, but in
/// different cases; one spelling keeps one subscription one record. Anything
/// that is not a GUID is kept as written.
pub(crate) fn subscription_id(text: &str) -> String {
    ids::parse_tenant_id("subscription id", text).unwrap_or_else(|_| text.trim().to_string())
}

/// A GUID-shaped id is lowercased so sources agree; anything else is kept as written.
pub(crate) fn partner_reference(text: &str) -> String {
    subscription_id(text)
}

pub(crate) fn integer(text: &str) -> Result<i64, String> {
    text.trim().parse::<i64>().map_err(|_| "must be a whole number".to_string())
}

pub(crate) fn boolean(text: &str) -> Result<bool, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "1" => Ok(true),
        "false" | "0" => Ok(false),
        _ => Err("must be true or false".to_string()),
    }
}

/// An ISO 8601 duration as Graph and Partner Center write them (`P730D`, `P1Y`, `PT0S`).
pub(crate) fn duration(text: &str) -> Result<String, String> {
    let t = text.trim();
    let well_formed = t.len() >= 3
        && t.starts_with('P')
        && t[1..].chars().all(|c| c.is_ascii_digit() || matches!(c, 'Y' | 'M' | 'W' | 'D' | 'T' | 'H' | 'S' | '.'));
    if well_formed { Ok(t.to_string()) } else { Err("must be an ISO 8601 duration such as P730D".to_string()) }
}

enum Instant {
    Zoned(DateTime<chrono::FixedOffset>),
    Naive(NaiveDateTime),
}

fn instant(text: &str) -> Option<Instant> {
    let t = text.trim();
    // Reconciliation files hold millions of these: try the US form first when it can be one.
    if t.as_bytes().get(1..3).is_some_and(|b| b.contains(&b'/')) {
        return us_date(t).map(Instant::Naive);
    }
    if let Ok(zoned) = DateTime::parse_from_rfc3339(t) {
        return Some(Instant::Zoned(zoned));
    }
    if let Some(millis) = t.strip_prefix("/Date(").and_then(|rest| rest.strip_suffix(")/")) {
        // Windows PowerShell 5.1's ConvertTo-Json writes dates this way.
        let digits = millis.split(['+', '-']).find(|part| !part.is_empty())?;
        let negative = millis.starts_with('-');
        let value: i64 = digits.parse().ok()?;
        let utc = DateTime::from_timestamp_millis(if negative { -value } else { value })?;
        return Some(Instant::Naive(utc.naive_utc()));
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(t, format) {
            return Some(Instant::Naive(naive));
        }
    }
    if let Ok(date) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Some(Instant::Naive(date.and_time(NaiveTime::MIN)));
    }
    us_date(t).map(Instant::Naive)
}

/// `M/D/YYYY`, optionally followed by `H:MM[:SS]` and `AM`/`PM`.
fn us_date(t: &str) -> Option<NaiveDateTime> {
    let (date_part, time_part) = match t.split_once(' ') {
        Some((d, rest)) => (d, Some(rest.trim())),
        None => (t, None),
    };
    let mut parts = date_part.split('/');
    let (m, d, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() > 2 || d.len() > 2 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
    let time = match time_part {
        None | Some("") => NaiveTime::MIN,
        Some(time) => ["%I:%M:%S %p", "%I:%M %p", "%H:%M:%S", "%H:%M"]
            .iter()
            .find_map(|format| NaiveTime::parse_from_str(time, format).ok())?,
    };
    Some(date.and_time(time))
}

/// A point in time; a value without a zone is taken as UTC (Partner Center's
/// exports are in UTC), a plain date as its midnight UTC.
pub(crate) fn datetime(text: &str) -> Result<DateTime<Utc>, String> {
    match instant(text) {
        Some(Instant::Zoned(zoned)) => Ok(zoned.to_utc()),
        Some(Instant::Naive(naive)) => Ok(naive.and_utc()),
        None => Err(DATE_HINT.to_string()),
    }
}

/// A calendar date. From a date-time, the date as written (not shifted to
/// UTC): `2027-03-01T00:00:00+09:00` is March 1st, as Partner Center meant it.
pub(crate) fn date(text: &str) -> Result<NaiveDate, String> {
    match instant(text) {
        Some(Instant::Zoned(zoned)) => Ok(zoned.date_naive()),
        Some(Instant::Naive(naive)) => Ok(naive.date()),
        None => Err(DATE_HINT.to_string()),
    }
}

/// `P1Y` from reconciliation wording such as "1 Year" or "3 Years commitment,
/// monthly billing"; `None` when the wording is not recognised.
pub(crate) fn term_from_words(text: &str) -> Option<String> {
    let lower = text.trim().to_ascii_lowercase();
    let mut words = lower.split(|c: char| c.is_whitespace() || c == '-' || c == ',');
    let number: u32 = match words.next()? {
        "one" => 1,
        "three" => 3,
        n => n.parse().ok()?,
    };
    let unit = words.find(|w| !w.is_empty())?;
    match unit.trim_end_matches('s') {
        "year" => Some(format!("P{number}Y")),
        "month" => Some(format!("P{number}M")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn every_documented_date_form_parses() {
        assert_eq!(date("2027-03-01T00:00:00Z").unwrap(), ymd(2027, 3, 1));
        assert_eq!(date("2027-03-01T00:00:00+09:00").unwrap(), ymd(2027, 3, 1));
        assert_eq!(date("2027-03-01").unwrap(), ymd(2027, 3, 1));
        assert_eq!(date("1/31/2024").unwrap(), ymd(2024, 1, 31));
        assert_eq!(date("12/1/2024 12:00:00 AM").unwrap(), ymd(2024, 12, 1));
        assert_eq!(date("3/5/2024 14:30").unwrap(), ymd(2024, 3, 5));
        assert_eq!(date("2024-01-31T10:00:00").unwrap(), ymd(2024, 1, 31));
        let precise = datetime("2019-01-04T19:25:38.2143328Z").unwrap();
        assert_eq!(precise.to_rfc3339(), "2019-01-04T19:25:38.214332800+00:00");
        assert_eq!(datetime("/Date(1546629938214)/").unwrap().to_rfc3339(), "2019-01-04T19:25:38.214+00:00");
    }

    #[test]
    fn day_first_and_garbage_dates_are_refused() {
        for bad in ["31/1/2024", "2024-02-30", "tomorrow", "", "1/31/24", "2024/01/31"] {
            assert!(date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn integers_booleans_durations() {
        assert_eq!(integer(" 25 ").unwrap(), 25);
        assert_eq!(integer("-1").unwrap(), -1);
        assert!(integer("2.5").is_err());
        assert!(boolean("TRUE").unwrap());
        assert!(boolean("yes").is_err());
        assert_eq!(duration("P730D").unwrap(), "P730D");
        assert!(duration("730 days").is_err());
    }

    #[test]
    fn reconciliation_terms() {
        assert_eq!(term_from_words("1 Year").as_deref(), Some("P1Y"));
        assert_eq!(term_from_words("3 Years, Annual billing").as_deref(), Some("P3Y"));
        assert_eq!(term_from_words("One-Month commitment for monthly billing").as_deref(), Some("P1M"));
        assert_eq!(term_from_words("Monthly"), None);
    }

    #[test]
    fn ids_are_normalised_when_they_are_guids() {
        assert_eq!(subscription_id(" 5A1B2C3D-0000-4000-8000-00000000ABCD "), "5a1b2c3d-0000-4000-8000-00000000abcd");
        assert_eq!(subscription_id("legacy-17"), "legacy-17");
        assert!(tenant_id("abc").is_err());
    }
}
