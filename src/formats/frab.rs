//! What the frab family of formats (c3voc/pretalx JSON, frab/Pentabarf XML) share: durations,
//! session kinds, the text of an abstract, and the zone to use when a file names none.

use chrono::{Duration, NaiveDateTime, NaiveTime};
use chrono_tz::Tz;

use super::html;
use crate::schedule::SessionKind;
use crate::schedule::time::parse_zone;

/// Parses a duration as schedules write them: `HH:MM`; `D:HH:MM` (frab, for events longer than
/// a day); `H:MM:SS` (three parts with no seconds, or more than 23 in the middle, or no days);
/// a number of minutes (`45`); or ISO 8601 (`PT1H30M`).
pub fn parse_duration(text: &str) -> Option<Duration> {
    let t = text.trim();
    if t.starts_with(['P', 'p', '-', '+']) {
        return super::ical::parse_duration(t).filter(|d| *d >= Duration::zero());
    }
    let parts: Vec<&str> = t.split(':').collect();
    let num = |s: &str| -> Option<i64> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (days, hours, minutes) = match parts.as_slice() {
        [m] => (0, 0, num(m)?),
        [h, m] => {
            let m = num(m)?;
            if m >= 60 {
                return None;
            }
            (0, num(h)?, m)
        }
        [a, b, c] => {
            let (a, b, c) = (num(a)?, num(b)?, num(c)?);
            if c == 0 || b >= 24 || a == 0 {
                // H:MM:SS (seconds are rounded away: a programme counts minutes).
                if b >= 60 || c >= 60 {
                    return None;
                }
                (0, a, b + i64::from(c >= 30))
            } else {
                if c >= 60 {
                    return None;
                }
                (a, b, c)
            }
        }
        _ => return None,
    };
    Some(Duration::minutes((days * 24 + hours) * 60 + minutes))
}

/// The hour a conference day turns, from the file's own day spans (local start and end of each
/// day): the latest end that runs past midnight into the next morning (a congress day that runs
/// to 06:00 keeps its 01:30 sessions), else the earliest morning start, else midnight.
pub fn day_change_from_spans(
    spans: impl Iterator<Item = (Option<NaiveDateTime>, Option<NaiveDateTime>)>,
) -> NaiveTime {
    let noon = NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN);
    let mut latest_end: Option<NaiveTime> = None;
    let mut earliest_start: Option<NaiveTime> = None;
    for (start, end) in spans {
        if let (Some(s), Some(e)) = (start, end)
            && e.date() > s.date()
            && e.time() <= noon
        {
            latest_end = latest_end.max(Some(e.time()));
        }
        if let Some(s) = start
            && s.time() <= noon
        {
            earliest_start = Some(earliest_start.map_or(s.time(), |t| t.min(s.time())));
        }
    }
    latest_end.or(earliest_start).unwrap_or(NaiveTime::MIN)
}

/// Parses `HH:MM` or `HH:MM:SS`.
pub fn parse_clock(text: &str) -> Option<NaiveTime> {
    let t = text.trim();
    NaiveTime::parse_from_str(t, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M:%S"))
        .ok()
}

/// The session kind for a frab `type`; FOSDEM's "devroom" and "maintrack" are talks.
pub fn kind_of(label: &str) -> SessionKind {
    match SessionKind::guess(label) {
        SessionKind::Other
            if matches!(
                label.trim().to_ascii_lowercase().as_str(),
                "devroom" | "maintrack" | "main track" | "contribution" | "podium"
            ) =>
        {
            SessionKind::Talk
        }
        kind => kind,
    }
}

/// [`kind_of`] remembered for the few labels a file uses (a handful, repeated on every event):
/// each is lower-cased and searched once, not once per session.
#[derive(Default)]
pub struct Kinds(Vec<(Box<str>, SessionKind)>);

impl Kinds {
    /// How many distinct labels are remembered; past that, labels are worked out each time.
    const MAX: usize = 32;

    pub fn of(&mut self, label: &str) -> SessionKind {
        if let Some((_, kind)) = self.0.iter().find(|(l, _)| &**l == label) {
            return *kind;
        }
        let kind = kind_of(label);
        if self.0.len() < Self::MAX {
            self.0.push((label.into(), kind));
        }
        kind
    }
}

/// An abstract and a longer description as one plain text: HTML turned into text, the two joined
/// by a blank line (the description is left out when it repeats the abstract).
pub fn abstract_text(abstract_part: Option<&str>, description: Option<&str>) -> String {
    let a = abstract_part.map(html::to_plain_cow).unwrap_or_default();
    let d = description.map(html::to_plain_cow).unwrap_or_default();
    let (a, d) = (a.trim(), d.trim());
    match (a.is_empty(), d.is_empty()) {
        (_, true) => a.to_string(),
        (true, false) => d.to_string(),
        (false, false) if a == d || a.starts_with(d) => a.to_string(),
        (false, false) => format!("{a}\n\n{d}"),
    }
}

/// [`abstract_text`] of every event, in order: on two threads when there are enough events to
/// pay for one (turning HTML into text is the dearest part of reading an event), else on this
/// one; the texts are the same either way.
pub fn abstract_texts(parts: &[(Option<&str>, Option<&str>)]) -> Vec<String> {
    /// Fewer events than this a thread are done on this one.
    const PER_THREAD: usize = 400;
    let one = |parts: &[(Option<&str>, Option<&str>)]| -> Vec<String> {
        parts.iter().map(|&(a, d)| abstract_text(a, d)).collect()
    };
    if parts.len() < 2 * PER_THREAD {
        return one(parts);
    }
    let (first, second) = parts.split_at(parts.len() / 2);
    std::thread::scope(|scope| {
        let Ok(later) = std::thread::Builder::new().spawn_scoped(scope, || one(second)) else {
            return one(parts);
        };
        let mut texts = one(first);
        match later.join() {
            Ok(rest) => texts.extend(rest),
            Err(panic) => std::panic::resume_unwind(panic),
        }
        texts
    })
}

/// A zone name as frab files write it: IANA, with "UTC" and friends accepted.
pub fn zone(name: &str) -> Option<Tz> {
    parse_zone(name).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        let m = |s: &str| parse_duration(s).map(|d| d.num_minutes());
        assert_eq!(m("00:30"), Some(30));
        assert_eq!(m("01:30"), Some(90));
        assert_eq!(m("12:00"), Some(720));
        assert_eq!(m("1:02:15"), Some(24 * 60 + 135), "D:HH:MM");
        assert_eq!(m("2:00:30"), Some(2 * 24 * 60 + 30), "D:HH:MM");
        assert_eq!(m("1:30:00"), Some(90), "H:MM:SS");
        assert_eq!(m("0:45:00"), Some(45), "H:MM:SS");
        assert_eq!(m("01:00:00"), Some(60), "H:MM:SS");
        assert_eq!(m("0:20:45"), Some(21), "H:MM:SS, seconds rounded");
        assert_eq!(m("45"), Some(45), "minutes");
        assert_eq!(m("PT1H30M"), Some(90), "ISO 8601");
        assert_eq!(m("PT45M"), Some(45), "ISO 8601");
        assert_eq!(m("-PT45M"), None);
        assert_eq!(m("0:75"), None);
        assert_eq!(m("ninety"), None);
        assert_eq!(m(""), None);
    }

    #[test]
    fn kinds_from_frab_types() {
        assert_eq!(kind_of("devroom"), SessionKind::Talk);
        assert_eq!(kind_of("Lecture"), SessionKind::Talk);
        assert_eq!(kind_of("workshop"), SessionKind::Workshop);
        assert_eq!(kind_of("other"), SessionKind::Other);
    }

    #[test]
    fn abstracts_join_with_a_blank_line() {
        assert_eq!(
            abstract_text(Some("<p>Short.</p>"), Some("Long &amp; more.")),
            "Short.\n\nLong & more."
        );
        assert_eq!(abstract_text(Some("Same"), Some("Same")), "Same");
        assert_eq!(abstract_text(None, Some(" Only ")), "Only");
        assert_eq!(abstract_text(None, None), "");
    }
}
