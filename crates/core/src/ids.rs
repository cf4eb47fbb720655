//! Identifiers as Partner Center writes them: tenant ids are GUIDs, MPN ids
//! (Partner location / PartnerID) are digits.

use crate::error::InvalidInput;

/// Accepts a GUID with or without braces, in any case; returns the lowercase
/// hyphenated form Partner Center uses in its JSON.
pub fn parse_tenant_id(field: &'static str, text: &str) -> Result<String, InvalidInput> {
    let trimmed = text.trim();
    let bare = trimmed.strip_prefix('{').and_then(|t| t.strip_suffix('}')).unwrap_or(trimmed);
    let groups: Vec<&str> = bare.split('-').collect();
    let lengths = [8, 4, 4, 4, 12];
    let well_formed = groups.len() == lengths.len()
        && groups.iter().zip(lengths).all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()));
    if well_formed {
        Ok(bare.to_ascii_lowercase())
    } else {
        Err(InvalidInput::new(field, text, "must be a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47"))
    }
}

/// MPN ids are 1 to 10 digits.
pub fn parse_mpn_id(field: &'static str, text: &str) -> Result<String, InvalidInput> {
    let trimmed = text.trim();
    if !trimmed.is_empty() && trimmed.len() <= 10 && trimmed.chars().all(|c| c.is_ascii_digit()) {
        Ok(trimmed.to_string())
    } else {
        Err(InvalidInput::new(field, text, "must be digits only, such as 1234567"))
    }
}

/// A calendar day as the CLI and the app take it: `YYYY-MM-DD`.
pub fn parse_date(field: &'static str, text: &str) -> Result<chrono::NaiveDate, InvalidInput> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| InvalidInput::new(field, text, "must be a date as YYYY-MM-DD"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_year_month_day() {
        assert_eq!(parse_date("today", "2027-03-01").unwrap().to_string(), "2027-03-01");
        let err = parse_date("today", "01/03/2027").unwrap_err();
        assert_eq!(err.field, "today");
        assert!(err.to_string().contains("YYYY-MM-DD"));
    }

    #[test]
    fn tenant_ids_are_normalised() {
        assert_eq!(
            parse_tenant_id("tenant id", "{72F988BF-86F1-41AF-91AB-2D7CD011DB47}").unwrap(),
            "72f988bf-86f1-41af-91ab-2d7cd011db47"
        );
    }

    #[test]
    fn malformed_tenant_ids_are_refused_with_the_value() {
        for bad in ["", "72f988bf86f141af91ab2d7cd011db47", "72f988bf-86f1-41af-91ab-2d7cd011db4g", "contoso"] {
            let err = parse_tenant_id("tenant id", bad).unwrap_err();
            assert_eq!(err.field, "tenant id");
            assert!(err.to_string().contains("GUID"), "{err}");
        }
    }

    #[test]
    fn mpn_ids_are_digits() {
        assert_eq!(parse_mpn_id("MPN id", " 1234567 ").unwrap(), "1234567");
        assert!(parse_mpn_id("MPN id", "12a").is_err());
        assert!(parse_mpn_id("MPN id", "").is_err());
        assert!(parse_mpn_id("MPN id", "12345678901").is_err());
    }
}
