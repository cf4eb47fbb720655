//! GDAP-1 to GDAP-4: durations, auto-extend, request expiry and expiry
//! warnings of granular delegated admin relationships (Microsoft Graph).
//!
//! Durations are ISO 8601 as Graph writes them: `P730D`, `P2Y`, `PT0S`. The
//! parser accepts years, months, weeks and days, and hours, minutes and whole
//! seconds after `T` (`P1Y6M`, `P1DT12H`); fractions and negative durations
//! are refused. Range checks use a duration's nominal length (a year is 365
//! days, a month 30), so `P2Y` and `P730D` are both the two-year maximum;
//! end dates use the calendar (`P1Y` from 29 Feb ends on 28 Feb, as chrono
//! clamps month ends).

use chrono::{DateTime, Months, NaiveDate, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::findings::{Finding, Severity, Subject};
use super::messages::FindingKind;
use super::verdict::{Params, params};
use crate::error::InvalidInput;
use crate::model::{GdapRelationship, GdapStatus};

const DAY_SECONDS: u64 = 86_400;
/// GDAP-1: at least one day...
pub const MIN_DURATION_SECONDS: u64 = DAY_SECONDS;
/// ...and at most two years (`P730D`).
pub const MAX_DURATION_SECONDS: u64 = 730 * DAY_SECONDS;
/// GDAP-2: the only auto-extend besides off.
pub const AUTO_EXTEND_SECONDS: u64 = 180 * DAY_SECONDS;
/// GDAP-3: a request not approved within this many days expires.
pub const PENDING_EXPIRY_DAYS: i64 = 90;
/// GDAP-4: warning tiers, in days before the end.
pub const WARNING_DAYS: [i64; 3] = [30, 7, 1];
/// GDAP-4: an ended relationship stays visible this many days.
pub const EXPIRED_SHOWN_DAYS: i64 = 365;

/// An ISO 8601 duration, by component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IsoDuration {
    pub years: u32,
    pub months: u32,
    pub weeks: u32,
    pub days: u32,
    pub hours: u32,
    pub minutes: u32,
    pub seconds: u32,
}

impl IsoDuration {
    /// Length with a year of 365 days and a month of 30.
    pub fn nominal_seconds(&self) -> u64 {
        u64::from(self.years) * 365 * DAY_SECONDS
            + u64::from(self.months) * 30 * DAY_SECONDS
            + u64::from(self.weeks) * 7 * DAY_SECONDS
            + u64::from(self.days) * DAY_SECONDS
            + u64::from(self.hours) * 3_600
            + u64::from(self.minutes) * 60
            + u64::from(self.seconds)
    }

    pub fn is_zero(&self) -> bool {
        self.nominal_seconds() == 0
    }

    /// `start` plus this duration on the calendar; `None` past chrono's range.
    pub fn after(&self, start: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let months = self.years.checked_mul(12)?.checked_add(self.months)?;
        let seconds = i64::from(self.weeks) * 7 * 86_400
            + i64::from(self.days) * 86_400
            + i64::from(self.hours) * 3_600
            + i64::from(self.minutes) * 60
            + i64::from(self.seconds);
        start.checked_add_months(Months::new(months))?.checked_add_signed(TimeDelta::try_seconds(seconds)?)
    }
}

fn invalid(field: &'static str, text: &str, reason: &str) -> InvalidInput {
    InvalidInput::new(field, text, reason.to_string())
}

/// Parses an ISO 8601 duration such as `P730D`, `P2Y`, `P1Y6M` or `PT0S`.
pub fn parse_duration(text: &str) -> Result<IsoDuration, InvalidInput> {
    const FIELD: &str = "duration";
    const SHAPE: &str = "must be an ISO 8601 duration such as P730D, P2Y or PT0S";
    let upper = text.trim().to_ascii_uppercase();
    let body = upper.strip_prefix('P').ok_or_else(|| invalid(FIELD, text, SHAPE))?;
    let (date_part, time_part) = match body.split_once('T') {
        Some((date, time)) if !time.is_empty() => (date, Some(time)),
        Some(_) => return Err(invalid(FIELD, text, SHAPE)),
        None => (body, None),
    };
    if date_part.is_empty() && time_part.is_none() {
        return Err(invalid(FIELD, text, SHAPE));
    }
    let mut duration = IsoDuration::default();
    let mut parse_part = |part: &str, designators: &[char]| -> Result<(), InvalidInput> {
        let mut next = 0; // designators must come in order, each at most once
        let mut digits = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() {
                digits.push(c);
                continue;
            }
            let index = designators[next..]
                .iter()
                .position(|d| *d == c)
                .map(|i| i + next)
                .ok_or_else(|| invalid(FIELD, text, SHAPE))?;
            if digits.is_empty() {
                return Err(invalid(FIELD, text, SHAPE));
            }
            let value: u32 = digits.parse().map_err(|_| invalid(FIELD, text, "has a component that is too large"))?;
            let slot = match (designators.len(), index) {
                (4, 0) => &mut duration.years,
                (4, 1) => &mut duration.months,
                (4, 2) => &mut duration.weeks,
                (4, _) => &mut duration.days,
                (_, 0) => &mut duration.hours,
                (_, 1) => &mut duration.minutes,
                _ => &mut duration.seconds,
            };
            *slot = value;
            digits.clear();
            next = index + 1;
        }
        if digits.is_empty() { Ok(()) } else { Err(invalid(FIELD, text, SHAPE)) }
    };
    parse_part(date_part, &['Y', 'M', 'W', 'D'])?;
    if let Some(time) = time_part {
        parse_part(time, &['H', 'M', 'S'])?;
    }
    Ok(duration)
}

/// GDAP-1: a relationship's duration, 1 day to 2 years.
pub fn validate_gdap_duration(text: &str) -> Result<IsoDuration, InvalidInput> {
    let duration = parse_duration(text)?;
    let seconds = duration.nominal_seconds();
    if (MIN_DURATION_SECONDS..=MAX_DURATION_SECONDS).contains(&seconds) {
        Ok(duration)
    } else {
        Err(InvalidInput::new("duration", text, "must be between 1 day (P1D) and 2 years (P730D)"))
    }
}

/// GDAP-1: end = activation + duration.
pub fn gdap_end(activated_at: DateTime<Utc>, duration: &IsoDuration) -> Option<DateTime<Utc>> {
    duration.after(activated_at)
}

/// GDAP-2: auto-extend is off or six months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum AutoExtend {
    /// `PT0S` or `P0D`.
    Off,
    /// `P180D`.
    SixMonths,
}

pub fn parse_auto_extend(text: &str) -> Result<AutoExtend, InvalidInput> {
    let duration = parse_duration(text)?;
    match duration.nominal_seconds() {
        0 => Ok(AutoExtend::Off),
        AUTO_EXTEND_SECONDS => Ok(AutoExtend::SixMonths),
        _ => Err(InvalidInput::new("auto-extend duration", text, "must be PT0S (off) or P180D (six months)")),
    }
}

/// GDAP-3: the day a pending request created at `created_at` expires.
pub fn pending_expiry(created_at: DateTime<Utc>) -> Option<NaiveDate> {
    created_at.date_naive().checked_add_signed(TimeDelta::try_days(PENDING_EXPIRY_DAYS)?)
}

/// The end of a relationship: Graph's `endDateTime` when present, else
/// activation + duration (GDAP-1).
pub fn effective_end(gdap: &GdapRelationship) -> Option<DateTime<Utc>> {
    gdap.end_at.or_else(|| gdap_end(gdap.activated_at?, &parse_duration(&gdap.duration).ok()?))
}

/// GDAP-4: the warning tier (30, 7 or 1) for this many days left, if any.
pub fn warning_tier(days_left: i64) -> Option<i64> {
    if days_left < 0 {
        return None;
    }
    WARNING_DAYS.iter().rev().copied().find(|tier| days_left <= *tier)
}

fn subject(gdap: &GdapRelationship) -> Subject {
    Subject {
        customer_tenant_id: gdap.customer_tenant_id.clone(),
        subscription_id: None,
        gdap_id: Some(gdap.id.clone()),
    }
}

fn name(gdap: &GdapRelationship) -> (&'static str, String) {
    ("name", gdap.display_name.clone())
}

/// GDAP-1 in the data.
pub(crate) fn gdap1_duration(gdap: &GdapRelationship) -> Option<Finding> {
    validate_gdap_duration(&gdap.duration).is_err().then(|| {
        Finding::new(
            FindingKind::GdapDurationInvalid,
            Severity::Warning,
            subject(gdap),
            None,
            params([name(gdap), ("duration", gdap.duration.clone())]),
        )
    })
}

/// GDAP-2 in the data.
pub(crate) fn gdap2_auto_extend(gdap: &GdapRelationship) -> Option<Finding> {
    parse_auto_extend(&gdap.auto_extend_duration).is_err().then(|| {
        Finding::new(
            FindingKind::GdapAutoExtendInvalid,
            Severity::Warning,
            subject(gdap),
            None,
            params([name(gdap), ("value", gdap.auto_extend_duration.clone())]),
        )
    })
}

/// GDAP-3: a request still pending more than 90 days after it was created.
pub(crate) fn gdap3_pending(gdap: &GdapRelationship, today: NaiveDate) -> Option<Finding> {
    if gdap.status != GdapStatus::ApprovalPending {
        return None;
    }
    let created = gdap.created_at?;
    let expiry = pending_expiry(created)?;
    (today > expiry).then(|| {
        Finding::new(
            FindingKind::GdapPendingTooLong,
            Severity::Warning,
            subject(gdap),
            Some(expiry),
            params([name(gdap), ("created", created.date_naive().to_string()), ("date", expiry.to_string())]),
        )
    })
}

/// GDAP-4: ending within 30, 7 or 1 days (unless auto-extend renews it), or
/// ended within the last year. A terminated relationship was ended on
/// purpose and is not reported; one without a known end cannot be placed.
pub(crate) fn gdap4_expiry(gdap: &GdapRelationship, today: NaiveDate) -> Option<Finding> {
    let live = matches!(
        gdap.status,
        GdapStatus::Active | GdapStatus::Expiring | GdapStatus::Approved | GdapStatus::Activating
    );
    if !live && gdap.status != GdapStatus::Expired {
        return None;
    }
    let end = effective_end(gdap)?.date_naive();
    let days_left = (end - today).num_days();
    let date = ("date", end.to_string());
    if gdap.status == GdapStatus::Expired || days_left < 0 {
        return (-days_left <= EXPIRED_SHOWN_DAYS).then(|| {
            Finding::new(
                FindingKind::GdapExpired,
                Severity::Warning,
                subject(gdap),
                Some(end),
                params([name(gdap), date]),
            )
        });
    }
    let renews = gdap.status == GdapStatus::Active
        && parse_auto_extend(&gdap.auto_extend_duration).ok() == Some(AutoExtend::SixMonths);
    let tier = warning_tier(days_left).filter(|_| !renews)?;
    let severity = match tier {
        1 => Severity::Critical,
        7 => Severity::Warning,
        _ => Severity::Info,
    };
    let mut p: Params = params([name(gdap), date, ("count", days_left.to_string())]);
    p.insert("tier".into(), tier.to_string());
    Some(Finding::new(FindingKind::GdapExpiring, severity, subject(gdap), Some(end), p))
}
