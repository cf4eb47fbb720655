use super::fixtures::*;
use crate::rules::gdap::*;

#[test]
fn durations_parse_in_the_forms_graph_and_people_write() {
    let d = |text| parse_duration(text).unwrap();
    assert_eq!(d("P730D"), IsoDuration { days: 730, ..IsoDuration::default() });
    assert_eq!(d("P2Y"), IsoDuration { years: 2, ..IsoDuration::default() });
    assert_eq!(d("P1Y6M"), IsoDuration { years: 1, months: 6, ..IsoDuration::default() });
    assert_eq!(d("p1y6m"), d("P1Y6M"));
    assert_eq!(d(" P2W "), IsoDuration { weeks: 2, ..IsoDuration::default() });
    assert_eq!(
        d("P1DT12H30M5S"),
        IsoDuration { days: 1, hours: 12, minutes: 30, seconds: 5, ..IsoDuration::default() }
    );
    assert_eq!(d("PT1M"), IsoDuration { minutes: 1, ..IsoDuration::default() });
    assert!(d("PT0S").is_zero() && d("P0D").is_zero());
    for bad in ["", "P", "PT", "730D", "P1.5D", "-P1D", "P1D2Y", "P1Y1Y", "PD", "P1DT", "P1H", "P99999999999D", "P1S"] {
        assert!(parse_duration(bad).is_err(), "{bad:?} should be refused");
    }
}

#[test]
fn gdap1_allows_one_day_to_two_years() {
    for ok in ["P1D", "PT24H", "P90D", "P1Y6M", "P2Y", "P730D", "P104W"] {
        assert!(validate_gdap_duration(ok).is_ok(), "{ok}");
    }
    for bad in ["PT0S", "PT23H59M", "P731D", "P2Y1D", "P3Y", "P25M", "nonsense"] {
        let err = validate_gdap_duration(bad).unwrap_err();
        assert_eq!(err.field, "duration", "{bad}");
    }
}

#[test]
fn gdap1_end_is_activation_plus_duration_on_the_calendar() {
    let start = noon(date(2024, 2, 29));
    assert_eq!(gdap_end(start, &parse_duration("P730D").unwrap()), Some(noon(date(2026, 2, 28))));
    assert_eq!(gdap_end(start, &parse_duration("P1Y").unwrap()), Some(noon(date(2025, 2, 28))));
    assert_eq!(gdap_end(start, &parse_duration("P1Y6M").unwrap()), Some(noon(date(2025, 8, 29))));
    assert_eq!(
        gdap_end(start, &parse_duration("PT12H").unwrap()),
        Some(date(2024, 3, 1).and_hms_opt(0, 0, 0).unwrap().and_utc())
    );
}

#[test]
fn effective_end_prefers_graph_then_computes() {
    let mut g = gdap("g", crate::model::GdapStatus::Active, date(2026, 1, 10), "P90D");
    assert_eq!(effective_end(&g), Some(noon(date(2026, 4, 10))));
    g.end_at = None;
    assert_eq!(effective_end(&g), Some(noon(date(2026, 4, 10))));
    g.end_at = Some(noon(date(2026, 10, 7))); // extended by 180 days
    assert_eq!(effective_end(&g), Some(noon(date(2026, 10, 7))));
    g.end_at = None;
    g.duration = "garbage".into();
    assert_eq!(effective_end(&g), None);
}

#[test]
fn gdap2_auto_extend_is_off_or_six_months() {
    assert_eq!(parse_auto_extend("PT0S").unwrap(), AutoExtend::Off);
    assert_eq!(parse_auto_extend("P0D").unwrap(), AutoExtend::Off);
    assert_eq!(parse_auto_extend("P180D").unwrap(), AutoExtend::SixMonths);
    for bad in ["P90D", "P1Y", "P181D", ""] {
        assert!(parse_auto_extend(bad).is_err(), "{bad}");
    }
}

#[test]
fn gdap3_requests_expire_ninety_days_after_creation() {
    assert_eq!(pending_expiry(noon(date(2026, 1, 1))), Some(date(2026, 4, 1)));
}

#[test]
fn gdap4_tiers_are_30_7_and_1_days() {
    let tiers: Vec<Option<i64>> = [-1, 0, 1, 2, 7, 8, 30, 31].into_iter().map(warning_tier).collect();
    assert_eq!(tiers, [None, Some(1), Some(1), Some(7), Some(7), Some(30), Some(30), None]);
}
