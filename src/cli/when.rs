//! Times and zones as people type them: `--now` as an instant, a date-time at the venue or a time
//! of day today at the venue; `--tz` by IANA name in any case, or by a common abbreviation, with
//! a suggestion when it is neither.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use chrono_tz::{TZ_VARIANTS, Tz};

use crate::schedule::time::resolve_local;

/// A `--now` as given: its meaning may depend on the venue's zone, known once the schedule is
/// loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NowArg {
    /// RFC 3339, with an offset: an instant.
    Instant(DateTime<FixedOffset>),
    /// `2024-03-20T14:40` (or with a space): the wall clock at the venue.
    Local(NaiveDateTime),
    /// `14:40`: today at the venue.
    TimeOfDay(NaiveTime),
}

impl NowArg {
    /// The instant, with the venue's zone for the forms that need it; `clock` is the system's
    /// (for "today").
    pub fn resolve(self, venue: Tz, clock: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
        let local = match self {
            NowArg::Instant(t) => return Ok(t.to_utc()),
            NowArg::Local(local) => local,
            NowArg::TimeOfDay(time) => clock.with_timezone(&venue).date_naive().and_time(time),
        };
        resolve_local(local, venue)
            .map(|t| t.to_utc())
            .map_err(|e| format!("--now {local}: {e}"))
    }

    /// The instant before the venue is known: local forms read in UTC (for work that only needs
    /// the day, such as whether a refresh is due).
    pub fn approximate(self, clock: DateTime<Utc>) -> DateTime<Utc> {
        self.resolve(Tz::UTC, clock).unwrap_or(clock)
    }
}

/// Parses `--now`.
pub fn parse_now(text: &str) -> Result<NowArg, String> {
    let t = text.trim();
    if let Ok(instant) = DateTime::parse_from_rfc3339(t) {
        return Ok(NowArg::Instant(instant));
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(local) = NaiveDateTime::parse_from_str(t, format) {
            return Ok(NowArg::Local(local));
        }
    }
    if let Ok(date) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Ok(NowArg::Local(date.and_time(NaiveTime::MIN)));
    }
    for format in ["%H:%M", "%H:%M:%S"] {
        if let Ok(time) = NaiveTime::parse_from_str(t, format) {
            return Ok(NowArg::TimeOfDay(time));
        }
    }
    Err(format!(
        "\"{t}\" is not a time: give 2024-03-20T14:40:00+01:00 (an instant), 2024-03-20T14:40 (at the venue) or 14:40 (today at the venue)"
    ))
}

/// Abbreviations people type for a zone, and the zone they mean (in the summer or winter alike).
const ABBREVIATIONS: [(&str, &str); 24] = [
    ("utc", "UTC"),
    ("gmt", "Europe/London"),
    ("bst", "Europe/London"),
    ("wet", "WET"),
    ("west", "WET"),
    ("cet", "CET"),
    ("cest", "CET"),
    ("eet", "EET"),
    ("eest", "EET"),
    ("msk", "Europe/Moscow"),
    ("ist", "Asia/Kolkata"),
    ("sgt", "Asia/Singapore"),
    ("hkt", "Asia/Hong_Kong"),
    ("jst", "Asia/Tokyo"),
    ("kst", "Asia/Seoul"),
    ("aest", "Australia/Sydney"),
    ("aedt", "Australia/Sydney"),
    ("nzst", "Pacific/Auckland"),
    ("est", "America/New_York"),
    ("edt", "America/New_York"),
    ("cst", "America/Chicago"),
    ("cdt", "America/Chicago"),
    ("pst", "America/Los_Angeles"),
    ("pdt", "America/Los_Angeles"),
];

/// Parses `--tz`: an IANA name in any case ("europe/paris"), a common abbreviation ("cet",
/// "PST"), or a city alone ("paris"); else an error with the nearest names.
pub fn parse_tz(text: &str) -> Result<Tz, String> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    if let Some((_, name)) = ABBREVIATIONS.iter().find(|(a, _)| *a == lower)
        && let Ok(tz) = name.parse::<Tz>()
    {
        return Ok(tz);
    }
    if let Some(tz) = TZ_VARIANTS
        .iter()
        .find(|z| z.name().eq_ignore_ascii_case(t))
    {
        return Ok(*tz);
    }
    let city = lower.replace(' ', "_");
    let by_city: Vec<&Tz> = TZ_VARIANTS
        .iter()
        .filter(|z| {
            z.name()
                .rsplit('/')
                .next()
                .is_some_and(|last| last.eq_ignore_ascii_case(&city))
        })
        .collect();
    if let [one] = by_city.as_slice() {
        return Ok(**one);
    }
    let mut near: Vec<(usize, &str)> = TZ_VARIANTS
        .iter()
        .map(|z| {
            let name = z.name();
            let last = name.rsplit('/').next().unwrap_or(name).to_ascii_lowercase();
            let d = distance(&lower, &name.to_ascii_lowercase()).min(distance(&city, &last));
            (d, name)
        })
        .filter(|(d, _)| *d <= 3)
        .collect();
    near.sort_unstable();
    let names: Vec<&str> = near.iter().take(3).map(|(_, n)| *n).collect();
    let hint = if names.is_empty() {
        "an IANA name such as Europe/Paris or America/New_York, or an abbreviation such as CET"
            .to_string()
    } else {
        format!("did you mean {}?", names.join(", "))
    };
    Err(format!("unknown time zone \"{t}\": {hint}"))
}

/// Edit distance between two short strings (insertions, deletions and substitutions).
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use chrono_tz::Europe::Paris;

    #[test]
    fn now_as_an_instant_a_venue_time_or_a_time_of_day() {
        let clock = Utc.with_ymd_and_hms(2024, 3, 20, 8, 0, 0).unwrap();
        let at = |text: &str| parse_now(text).unwrap().resolve(Paris, clock).unwrap();
        let want = Utc.with_ymd_and_hms(2024, 3, 20, 13, 40, 0).unwrap();
        assert_eq!(at("2024-03-20T14:40:00+01:00"), want);
        assert_eq!(at("2024-03-20T13:40:00Z"), want);
        assert_eq!(at("2024-03-20T14:40"), want);
        assert_eq!(at("2024-03-20 14:40"), want);
        assert_eq!(at("14:40"), want);
        assert_eq!(at(" 14:40:00 "), want);
        // In the spring gap there is no such wall-clock time at the venue.
        assert!(
            parse_now("2024-03-31T02:30")
                .unwrap()
                .resolve(Paris, clock)
                .is_err()
        );
        let err = parse_now("yesterday").unwrap_err();
        assert!(err.contains("14:40 (today at the venue)"), "{err}");
    }

    #[test]
    fn zones_in_any_case_by_abbreviation_or_city_with_a_suggestion() {
        assert_eq!(parse_tz("Europe/Paris").unwrap(), Paris);
        assert_eq!(parse_tz("europe/paris").unwrap(), Paris);
        assert_eq!(parse_tz("cet").unwrap().name(), "CET");
        assert_eq!(parse_tz("CET").unwrap().name(), "CET");
        assert_eq!(parse_tz("pst").unwrap().name(), "America/Los_Angeles");
        assert_eq!(parse_tz("paris").unwrap(), Paris);
        assert_eq!(parse_tz("new york").unwrap().name(), "America/New_York");
        let err = parse_tz("Europe/Pariss").unwrap_err();
        assert!(err.contains("did you mean Europe/Paris"), "{err}");
        let err = parse_tz("xyzzy-nowhere").unwrap_err();
        assert!(err.contains("an IANA name such as"), "{err}");
    }
}
