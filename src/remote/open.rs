//! Opening a schedule by URL: the copy when it is fresh enough, a refresh when one is due, the
//! copy again when the network fails (with a notice saying how old it is).
//!
//! When a refresh is due ([`due`]): every 2 hours while the conference runs, once a day before it
//! (schedules move most in the last week), never after it ends; an interval given by the
//! attendee (`--refresh-every`, the config file) replaces the rule.

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::{Copy, Outcome, RefreshError, RemoteStore, age, fetch};
use crate::fetch::{Client, shown};
use crate::formats::{self, LoadOptions};
use crate::schedule::Schedule;

/// When to ask the server while opening.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshWhen {
    /// Only when there is no copy yet.
    Never,
    /// When [`due`] says so.
    IfDue { every: Option<Duration> },
    /// Always (a conditional request).
    Always,
}

/// A schedule opened from a URL.
#[derive(Debug)]
pub struct OpenedUrl {
    pub schedule: Schedule,
    pub copy: Copy,
    /// "offline: the copy fetched 3 h ago", or why a new version was not taken: said once.
    pub notice: Option<String>,
    /// Whether this open fetched a new version.
    pub updated: bool,
}

/// Opens `url`: its copy, refreshed first when `when` says so. Without a copy the schedule must
/// be fetched, and a failure is the error.
pub fn open_url(
    store: &RemoteStore,
    client: &dyn Fn() -> Client,
    url: &str,
    now: DateTime<Utc>,
    options: LoadOptions,
    when: RefreshWhen,
) -> Result<OpenedUrl, RefreshError> {
    let existing = store.get(url)?;
    let Some(copy) = existing else {
        return match fetch(store, &client(), url, None, now, options)? {
            Outcome::Updated { copy, schedule, .. } => Ok(OpenedUrl {
                schedule: *schedule,
                copy,
                notice: None,
                updated: true,
            }),
            Outcome::Unchanged { .. } => unreachable_unchanged(url),
        };
    };
    let ask = match when {
        RefreshWhen::Never => false,
        RefreshWhen::Always => true,
        RefreshWhen::IfDue { every } => due(&copy, now, every),
    };
    // A copy that cannot be read any more (deleted, damaged) is fetched again.
    let read_copy = |copy: &Copy| formats::load_file(&copy.path(), options);
    if !ask && let Ok(schedule) = read_copy(&copy) {
        return Ok(OpenedUrl {
            schedule,
            copy,
            notice: None,
            updated: false,
        });
    }
    match fetch(store, &client(), url, Some(&copy), now, options) {
        Ok(Outcome::Updated { copy, schedule, .. }) => Ok(OpenedUrl {
            schedule: *schedule,
            copy,
            notice: None,
            updated: true,
        }),
        Ok(Outcome::Unchanged { copy, .. }) => match read_copy(&copy) {
            Ok(schedule) => Ok(OpenedUrl {
                schedule,
                copy,
                notice: None,
                updated: false,
            }),
            Err(e) => Err(copy_lost(url, &e.to_string())),
        },
        Err(e) => {
            let schedule = read_copy(&copy).map_err(|_| e_with_copy_lost(&e, url))?;
            let notice = offline_notice(&copy, now, &e);
            Ok(OpenedUrl {
                schedule,
                copy,
                notice: Some(notice),
                updated: false,
            })
        }
    }
}

fn unreachable_unchanged(url: &str) -> Result<OpenedUrl, RefreshError> {
    // fetch() without a copy never answers "unchanged"; say so plainly if it ever does.
    Err(copy_lost(
        url,
        "the server confirmed a copy that does not exist",
    ))
}

fn copy_lost(url: &str, why: &str) -> RefreshError {
    RefreshError::Fetch(crate::fetch::FetchError::Connect {
        url: shown(url),
        reason: format!(
            "the copy kept of it cannot be read ({}); try `hallway refresh`",
            shown(why)
        ),
    })
}

fn e_with_copy_lost(e: &RefreshError, url: &str) -> RefreshError {
    copy_lost(url, &e.to_string())
}

/// The notice for a copy used because a refresh failed.
pub fn offline_notice(copy: &Copy, now: DateTime<Utc>, e: &RefreshError) -> String {
    let when = fetched_when(copy, now);
    if e.is_bad_content() {
        format!("the new version was not used ({e}); using the copy fetched {when}")
    } else {
        format!("offline: the copy fetched {when} ({e})")
    }
}

/// "2 h ago (2025-02-01 10:00 UTC)".
pub fn fetched_when(copy: &Copy, now: DateTime<Utc>) -> String {
    let at = copy.meta.fetched_at;
    format!("{} ({})", age(at, now), at.format("%Y-%m-%d %H:%M UTC"))
}

/// Whether the copy should be refreshed now (see the module documentation).
pub fn due(copy: &Copy, now: DateTime<Utc>, every: Option<Duration>) -> bool {
    let since = now - copy.as_of();
    if let Some(every) = every {
        return since >= every;
    }
    match interval(copy, now) {
        Some(every) => since >= every,
        None => false,
    }
}

/// The refresh interval the rule gives at `now`; `None` once the conference is over.
pub fn interval(copy: &Copy, now: DateTime<Utc>) -> Option<Duration> {
    let c = &copy.meta.conference;
    let zone: Tz = c.timezone.parse().unwrap_or(Tz::UTC);
    let local = |date: chrono::NaiveDate| {
        zone.from_local_datetime(&date.and_time(NaiveTime::MIN))
            .earliest()
            .map_or_else(|| date.and_time(NaiveTime::MIN).and_utc(), |t| t.to_utc())
    };
    let start = local(c.start_date);
    let end = local(c.end_date.succ_opt().unwrap_or(c.end_date));
    if now >= end {
        None
    } else if now >= start {
        Some(Duration::hours(2))
    } else {
        Some(Duration::days(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::remote::{ConferenceInfo, Meta};

    fn copy_checked_at(checked: &str) -> Copy {
        let at = DateTime::parse_from_rfc3339(checked).unwrap().to_utc();
        Copy {
            dir: "x".into(),
            meta: Meta {
                hallway_remote: 1,
                url: "u".into(),
                fetch_url: "u".into(),
                final_url: "u".into(),
                etag: None,
                last_modified: None,
                fetched_at: at,
                checked_at: at,
                sha256: String::new(),
                size: 0,
                file: "copy".into(),
                conference: ConferenceInfo {
                    id: "c".into(),
                    title: "C".into(),
                    start_date: "2025-02-01".parse().unwrap(),
                    end_date: "2025-02-02".parse().unwrap(),
                    timezone: "Europe/Brussels".into(),
                },
                last_failure: None,
            },
        }
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    #[test]
    fn refreshes_are_due_every_two_hours_during_daily_before_never_after() {
        let cases = [
            // (checked, now, due)
            ("2025-01-27T09:00:00Z", "2025-01-27T20:00:00Z", false), // before: daily
            ("2025-01-27T09:00:00Z", "2025-01-28T09:00:00Z", true),
            ("2025-02-01T08:00:00Z", "2025-02-01T09:30:00Z", false), // during: 2 h
            ("2025-02-01T08:00:00Z", "2025-02-01T10:00:00Z", true),
            // The conference starts at midnight in Brussels, 23:00 UTC the day before.
            ("2025-01-31T20:00:00Z", "2025-01-31T23:30:00Z", true),
            ("2025-02-02T18:00:00Z", "2025-02-02T22:59:00Z", true), // last evening
            ("2025-02-02T18:00:00Z", "2025-02-02T23:00:00Z", false), // over: never
            ("2025-02-02T18:00:00Z", "2025-03-01T00:00:00Z", false),
        ];
        for (checked, now, expected) in cases {
            assert_eq!(
                due(&copy_checked_at(checked), at(now), None),
                expected,
                "{checked} → {now}"
            );
        }
    }

    #[test]
    fn an_interval_given_replaces_the_rule() {
        let copy = copy_checked_at("2025-02-03T08:00:00Z");
        assert!(!due(&copy, at("2025-02-03T09:00:00Z"), None));
        assert!(due(
            &copy,
            at("2025-02-03T08:30:00Z"),
            Some(Duration::minutes(30))
        ));
    }
}
