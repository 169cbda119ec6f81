//! Wall-clock times in a conference's zone, and which conference day an instant belongs to.
//!
//! Every instant in hallway is zoned. Sources mostly give local times; this module turns them into
//! instants without guessing silently: a time in the daylight-saving gap is an error, a time in the
//! repeated hour means its first occurrence unless an offset says otherwise.

use chrono::{DateTime, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime};
use chrono::{Offset, TimeZone};
use chrono_tz::Tz;

/// Why a local time could not be placed in a zone.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    #[error(
        "\"{0}\" is not a date-time (expected YYYY-MM-DDTHH:MM, optionally with seconds and an offset)"
    )]
    Syntax(String),
    #[error("{local} does not exist in {zone} (the clocks skip that hour for daylight saving)")]
    Gap { local: NaiveDateTime, zone: Tz },
    #[error("unknown time zone \"{0}\" (expected an IANA name such as Europe/Paris)")]
    UnknownZone(String),
}

/// Parses an IANA zone name.
pub fn parse_zone(name: &str) -> Result<Tz, TimeError> {
    name.trim()
        .parse::<Tz>()
        .map_err(|_| TimeError::UnknownZone(name.to_string()))
}

/// Places a wall-clock time in `zone`.
///
/// In the autumn's repeated hour the earlier instant is chosen: a programme that prints "02:30"
/// on that night almost always means the first one, and a source that means the second can say so
/// with an offset.
pub fn resolve_local(local: NaiveDateTime, zone: Tz) -> Result<DateTime<Tz>, TimeError> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => Ok(t),
        LocalResult::Ambiguous(earlier, _) => Ok(earlier),
        LocalResult::None => Err(TimeError::Gap { local, zone }),
    }
}

/// Places a wall-clock time in `zone` as RFC 5545 (section 3.3.5) says for iCalendar: a time in
/// the daylight-saving gap is read with the UTC offset in force before the gap, which moves it
/// forward by the gap's length (02:30 on the spring night in Paris is 03:30). Returns the instant
/// and, for such a time, the minutes it was moved.
pub fn resolve_local_forward(
    local: NaiveDateTime,
    zone: Tz,
) -> Result<(DateTime<Tz>, Option<i64>), TimeError> {
    match resolve_local(local, zone) {
        Ok(t) => Ok((t, None)),
        Err(TimeError::Gap { .. }) => {
            // The offset a day earlier is the one before the gap (zones do not change twice a day).
            let before = local
                .checked_sub_signed(chrono::Duration::days(1))
                .map(|d| zone.offset_from_utc_datetime(&d).fix())
                .ok_or(TimeError::Gap { local, zone })?;
            let instant = local
                .checked_sub_signed(chrono::Duration::seconds(i64::from(
                    before.local_minus_utc(),
                )))
                .ok_or(TimeError::Gap { local, zone })?;
            let t = zone.from_utc_datetime(&instant);
            let moved = (t.naive_local() - local).num_minutes();
            Ok((t, Some(moved)))
        }
        Err(e) => Err(e),
    }
}

/// Parses `YYYY-MM-DDTHH:MM[:SS][offset]` (a space may stand for the `T`) and places it in `zone`.
///
/// With an offset (`Z`, `+01:00`) the text names an instant, which is then shown in `zone`.
pub fn parse_local_or_offset(text: &str, zone: Tz) -> Result<DateTime<Tz>, TimeError> {
    let t = text.trim();
    if let Some(fixed) = parse_with_offset(t) {
        return Ok(fixed.with_timezone(&zone));
    }
    let naive = parse_naive(t).ok_or_else(|| TimeError::Syntax(text.to_string()))?;
    resolve_local(naive, zone)
}

/// Parses a date-time that carries an offset (`Z`, `+01:00`), as printed.
pub fn parse_with_offset(text: &str) -> Option<DateTime<FixedOffset>> {
    let t = text.trim();
    if let Ok(fixed) = DateTime::<FixedOffset>::parse_from_rfc3339(t) {
        return Some(fixed);
    }
    [
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%d %H:%M%:z",
        "%Y-%m-%dT%H:%M%#z",
    ]
    .into_iter()
    .find_map(|fmt| DateTime::<FixedOffset>::parse_from_str(t, fmt).ok())
}

/// Parses a local date-time without offset.
pub fn parse_naive(t: &str) -> Option<NaiveDateTime> {
    [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ]
    .into_iter()
    .find_map(|fmt| NaiveDateTime::parse_from_str(t, fmt).ok())
}

/// The conference day an instant belongs to: its local date, or the day before when it falls
/// before `day_change` (so a 01:00 party stays on the evening it began).
pub fn conference_day(start: &DateTime<Tz>, day_change: NaiveTime) -> NaiveDate {
    let local = start.naive_local();
    if local.time() < day_change {
        // `pred_opt` rather than `- 1 day`: the first day chrono knows has no day before it.
        local.date().pred_opt().unwrap_or(local.date())
    } else {
        local.date()
    }
}

/// The UTC offset in force at `t`, as `+01:00`.
pub fn offset_string(t: &DateTime<Tz>) -> String {
    t.offset().fix().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Timelike;
    use chrono_tz::Europe::Paris;

    fn naive(s: &str) -> NaiveDateTime {
        parse_naive(s).expect("valid test time")
    }

    #[test]
    fn resolves_ordinary_times_with_the_seasonal_offset() {
        let winter = resolve_local(naive("2024-03-20T11:00"), Paris).unwrap();
        assert_eq!(winter.to_rfc3339(), "2024-03-20T11:00:00+01:00");
        let summer = resolve_local(naive("2024-07-01T11:00"), Paris).unwrap();
        assert_eq!(summer.to_rfc3339(), "2024-07-01T11:00:00+02:00");
    }

    #[test]
    fn icalendar_times_in_the_gap_move_forward_by_it() {
        let paris = chrono_tz::Europe::Paris;
        let local = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap();
        let (t, moved) = resolve_local_forward(local("2024-03-31T02:30"), paris).unwrap();
        assert_eq!(t.naive_local(), local("2024-03-31T03:30"));
        assert_eq!(moved, Some(60));
        assert_eq!(t.to_rfc3339(), "2024-03-31T03:30:00+02:00");
        let (t, moved) = resolve_local_forward(local("2024-03-31T04:00"), paris).unwrap();
        assert_eq!((t.naive_local(), moved), (local("2024-03-31T04:00"), None));
        // Lord Howe moves by half an hour.
        let (t, moved) =
            resolve_local_forward(local("2024-10-06T02:10"), chrono_tz::Australia::Lord_Howe)
                .unwrap();
        assert_eq!(
            (t.naive_local(), moved),
            (local("2024-10-06T02:40"), Some(30))
        );
    }

    #[test]
    fn the_spring_gap_is_an_error() {
        // 31 March 2024: Paris jumps from 02:00 to 03:00.
        let err = resolve_local(naive("2024-03-31T02:30"), Paris).unwrap_err();
        assert!(matches!(err, TimeError::Gap { .. }));
        assert!(err.to_string().contains("does not exist in Europe/Paris"));
        assert!(resolve_local(naive("2024-03-31T03:00"), Paris).is_ok());
    }

    #[test]
    fn the_repeated_autumn_hour_means_the_first_unless_an_offset_says() {
        // 27 October 2024: Paris goes from 03:00 back to 02:00.
        let first = parse_local_or_offset("2024-10-27T02:30", Paris).unwrap();
        assert_eq!(first.to_rfc3339(), "2024-10-27T02:30:00+02:00");
        let second = parse_local_or_offset("2024-10-27T02:30+01:00", Paris).unwrap();
        assert_eq!(second.to_rfc3339(), "2024-10-27T02:30:00+01:00");
        assert_eq!((second - first).num_minutes(), 60);
    }

    #[test]
    fn offsets_name_instants_shown_in_the_zone() {
        let t = parse_local_or_offset("2024-03-20T10:00:00Z", Paris).unwrap();
        assert_eq!(t.hour(), 11);
        let t = parse_local_or_offset("2024-03-20 10:00", Paris).unwrap();
        assert_eq!(t.hour(), 10);
        assert!(matches!(
            parse_local_or_offset("20/03/2024 10:00", Paris),
            Err(TimeError::Syntax(_))
        ));
    }

    #[test]
    fn days_follow_the_zone_and_the_day_change() {
        let at = |s: &str| resolve_local(naive(s), Paris).unwrap();
        let midnight = NaiveTime::MIN;
        let four = NaiveTime::from_hms_opt(4, 0, 0).unwrap();
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            conference_day(&at("2024-03-20T23:30"), midnight),
            d("2024-03-20")
        );
        assert_eq!(
            conference_day(&at("2024-03-21T00:30"), midnight),
            d("2024-03-21")
        );
        assert_eq!(
            conference_day(&at("2024-03-21T00:30"), four),
            d("2024-03-20")
        );
        assert_eq!(
            conference_day(&at("2024-03-21T04:00"), four),
            d("2024-03-21")
        );
        // The zone, not UTC, decides: 23:30 UTC on the 20th is already the 21st in Paris.
        let utc_late = parse_local_or_offset("2024-03-20T23:30Z", Paris).unwrap();
        assert_eq!(conference_day(&utc_late, midnight), d("2024-03-21"));
    }

    #[test]
    fn zones_are_iana_names() {
        assert_eq!(
            parse_zone("Europe/Brussels").unwrap().name(),
            "Europe/Brussels"
        );
        assert!(matches!(parse_zone("CEST"), Err(TimeError::UnknownZone(_))));
    }
}
