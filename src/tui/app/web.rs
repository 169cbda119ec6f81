//! A schedule from the web, kept fresh while the interface runs.
//!
//! The refresh itself runs off the loop (the runtime's web worker); this is the state's side:
//! when one is due ([`crate::remote::due`]: every 2 hours during the conference, daily before,
//! never after, or the interval the attendee set), `R` to ask now, what came back
//! ([`Fetched`], a message like any other), and the header's "copy 2 h old" / "offline".
//!
//! A new version is read on the worker; here it replaces the schedule, keeping the view, the
//! day, the selected session (by id) and every save in flight, and the changes for the stars
//! are flagged at once (Δ and the review list come from the same `detect`). While the notes
//! editor, a search being typed or a picker has the keyboard, the new version waits for it to
//! close, so nothing typed is disturbed.

use chrono::{DateTime, Duration, Utc};

use super::{App, Effect, Mode};
use crate::remote::{self, Copy};
use crate::schedule::Schedule;

/// How long after a failed refresh the next automatic one waits.
pub const RETRY_OFFLINE: Duration = Duration::minutes(10);

/// What a refresh brought back (sent by the runtime as `Msg::Fetched`).
#[derive(Debug, Clone)]
pub enum Fetched {
    /// A new version, read and now the copy.
    Updated {
        schedule: Box<Schedule>,
        copy: Box<Copy>,
    },
    /// The server confirmed the copy.
    Unchanged { copy: Box<Copy> },
    /// The server or the network failed, or sent something that is not a good schedule.
    Failed { message: String },
}

/// The interface's knowledge of the schedule's origin on the web.
#[derive(Debug, Clone)]
pub struct Web {
    /// The copy in use (its URL, times and conference dates).
    pub copy: Copy,
    /// The attendee's interval (`--refresh-every`); `None` follows the rule.
    pub every: Option<Duration>,
    /// A refresh is running.
    pub refreshing: bool,
    /// The last refresh failed: when, and why (shown in the status line once).
    pub failed_at: Option<DateTime<Utc>>,
    /// A new version waiting for the keyboard to be free.
    pending: Option<Box<Schedule>>,
}

impl Web {
    pub fn new(copy: Copy, every: Option<Duration>) -> Self {
        let failed_at = copy.meta.last_failure.as_ref().map(|f| f.at);
        Web {
            copy,
            every,
            refreshing: false,
            failed_at,
            pending: None,
        }
    }

    /// Whether a new version waits to be shown.
    pub fn has_pending(&self) -> bool {
        self.pending.is_some()
    }

    /// When the next automatic refresh is due; `None` once the conference is over (or while
    /// one runs).
    pub fn next_at(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if self.refreshing {
            return None;
        }
        let every = self.every.or_else(|| remote::interval(&self.copy, now))?;
        let due = self.copy.as_of() + every;
        Some(match self.failed_at {
            Some(at) if at >= self.copy.as_of() => due.max(at + RETRY_OFFLINE.min(every)),
            _ => due,
        })
    }

    /// The header's note: "offline · copy 3 h old", "copy 3 h old", "refreshing…", "new version
    /// waiting" (while the keyboard is busy).
    pub fn label(&self, now: DateTime<Utc>) -> String {
        let age = short_age(self.copy.as_of(), now);
        if self.pending.is_some() {
            "new version waiting".to_string()
        } else if self.refreshing {
            format!("refreshing… · copy {age}")
        } else if self.failed_at.is_some_and(|at| at >= self.copy.as_of()) {
            format!("offline · copy {age}")
        } else {
            format!("copy {age}")
        }
    }
}

/// "now", "12 min old", "3 h old", "2 d old".
fn short_age(then: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let minutes = (now - then).num_minutes();
    match minutes {
        i64::MIN..=0 => "fresh".into(),
        1..=59 => format!("{minutes} min old"),
        60..=2879 => format!("{} h old", minutes / 60),
        _ => format!("{} d old", minutes / 1440),
    }
}

impl App {
    /// Makes the interface keep a schedule from the web fresh.
    #[must_use]
    pub fn with_web(mut self, web: Web) -> Self {
        self.web = Some(web);
        self
    }

    /// A refresh to start, if one is due now (on the clock's ticks).
    pub(super) fn refresh_if_due(&mut self) -> Option<Effect> {
        let now = self.now;
        let web = self.web.as_mut()?;
        if web.next_at(now).is_some_and(|at| at <= now) {
            web.refreshing = true;
            return Some(Effect::Refresh);
        }
        None
    }

    /// `R`: a refresh now, unless one runs.
    pub(super) fn refresh_now(&mut self) -> Option<Effect> {
        let Some(web) = self.web.as_mut() else {
            self.status = Some("this schedule is a file: there is nothing to refresh".into());
            return None;
        };
        if web.refreshing {
            return None;
        }
        web.refreshing = true;
        self.status = Some("asking the server for the schedule…".into());
        Some(Effect::Refresh)
    }

    /// A refresh came back.
    pub(super) fn fetched(&mut self, fetched: Fetched) {
        let now = self.now;
        let Some(web) = self.web.as_mut() else {
            return;
        };
        web.refreshing = false;
        match fetched {
            Fetched::Unchanged { copy } => {
                web.copy = *copy;
                web.failed_at = None;
                self.status = Some("the schedule is up to date".into());
            }
            Fetched::Failed { message } => {
                web.failed_at = Some(now);
                self.status = Some(format!(
                    "offline: the copy fetched {} ({message})",
                    remote::age(web.copy.meta.fetched_at, now)
                ));
            }
            Fetched::Updated { schedule, copy } => {
                web.copy = *copy;
                web.failed_at = None;
                web.pending = Some(schedule);
                self.apply_pending_schedule();
            }
        }
    }

    /// Puts a new version in place once nothing that holds positions has the keyboard.
    pub(super) fn apply_pending_schedule(&mut self) {
        // The review lists changes by session id and follows a new version (that is what it
        // is for); the notes, the search and the picker hold positions.
        if !matches!(
            self.mode,
            Mode::Normal | Mode::Help { .. } | Mode::Review(_)
        ) {
            if self.web.as_ref().is_some_and(|w| w.pending.is_some()) {
                self.status = Some(
                    "a new version of the schedule arrived: it shows when you close this".into(),
                );
            }
            return;
        }
        let Some(schedule) = self.web.as_mut().and_then(|w| w.pending.take()) else {
            return;
        };
        let missing = self.replace_schedule(*schedule);
        let c = &self.plan.changes;
        let (changed, cancelled, new) = (c.changed.len(), c.cancelled.len(), c.new.len());
        self.status = Some(if changed + cancelled > 0 {
            format!(
                "schedule updated: {changed} of your sessions changed, {cancelled} cancelled (Δ; {} reviews)",
                self.keymap
                    .keys_of("review_changes")
                    .split(' ')
                    .next()
                    .unwrap_or_default()
            )
        } else if new > 0 {
            format!("schedule updated: {new} new sessions")
        } else {
            "schedule updated: nothing changed for your sessions".into()
        });
        // A filter on a track or room the new version lost would hide everything: dropped.
        if let (Some(status), Some(said)) = (&mut self.status, super::picker::dropped(&missing)) {
            status.push_str(" · ");
            status.push_str(&said);
        }
    }

    /// Swaps in a new version of the schedule, keeping what the attendee was doing; returns
    /// the filter's tracks and rooms the new version does not have (dropped from the filter).
    fn replace_schedule(&mut self, schedule: Schedule) -> Vec<String> {
        let selected = self.selected().map(|i| self.schedule.session(i).id.clone());
        let date = self.day_date();
        let (tracks, rooms) = self.filter_names();
        let fresh = App::new(
            schedule,
            self.plan.agenda.clone(),
            self.tz,
            self.now,
            self.screen.size,
        );
        let old = std::mem::replace(self, fresh);
        self.theme = old.theme;
        self.view = old.view;
        self.mode = old.mode;
        self.detail = old.detail;
        self.saves = old.saves;
        self.quitting = old.quitting;
        self.web = old.web;
        self.keymap = old.keymap;
        self.links.hyperlinks = old.links.hyperlinks;
        self.remembered = old.remembered;
        self.export_place = old.export_place;
        self.keep_reminders(old.at_now);
        // The team's shares are matched again against the new version.
        self.team = super::Team {
            index: crate::plan::team::TeamIndex::new(
                &self.schedule,
                old.team
                    .index
                    .members
                    .into_iter()
                    .map(|m| m.share)
                    .collect(),
            ),
            ..old.team
        };
        self.filters = old.filters;
        let missing = self.filter_by_names(&tracks, &rooms);
        if let Some(day) = date.and_then(|d| self.schedule.days().iter().position(|x| x.date == d))
        {
            self.day = day;
        }
        self.rebuild_rows();
        if let Some((i, _)) = selected.as_deref().and_then(|id| self.schedule.find(id)) {
            if let Some(row) = self.list.rows.iter().position(|&r| r == i) {
                self.list.scroll.cursor = row;
                let h = self.list_rows_height();
                self.list.scroll.follow(self.list.rows.len(), h);
            }
            self.grid.select(&self.schedule, i);
        }
        self.agenda_changed();
        missing
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::remote::{ConferenceInfo, Meta};
    use crate::tui::action::Action;
    use crate::tui::msg::Msg;

    fn copy(checked: DateTime<Utc>) -> Copy {
        Copy {
            dir: "x".into(),
            meta: Meta {
                hallway_remote: 1,
                url: "https://example.org/s.json".into(),
                fetch_url: "https://example.org/s.json".into(),
                final_url: "https://example.org/s.json".into(),
                etag: None,
                last_modified: None,
                fetched_at: checked,
                checked_at: checked,
                sha256: String::new(),
                size: 0,
                file: "copy".into(),
                conference: ConferenceInfo {
                    id: "c".into(),
                    title: "C".into(),
                    start_date: "2024-03-20".parse().unwrap(),
                    end_date: "2024-03-21".parse().unwrap(),
                    timezone: "Europe/Paris".into(),
                },
                last_failure: None,
            },
        }
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    const V1: &str = include_str!("../../../tests/fixtures/changes/v1.json");
    const V2: &str = include_str!("../../../tests/fixtures/changes/v2.json");

    fn load(text: &str) -> Schedule {
        crate::formats::load_str("s.json", text, crate::formats::LoadOptions::default()).unwrap()
    }

    /// The interface on v1 with c1 and c2 starred, its copy checked at 08:00 UTC on day one.
    fn app_at(now: &str) -> App {
        let schedule = load(V1);
        let mut agenda = crate::plan::Agenda::new(&schedule.conference.id);
        for change in crate::plan::changes::remember(&schedule, &agenda, ["c1", "c2"]) {
            agenda.apply(&change);
        }
        for id in ["c1", "c2"] {
            agenda.apply(&crate::plan::Change::Star(id.into()));
        }
        let app = App::new(
            schedule,
            agenda,
            chrono_tz::Europe::Paris,
            at(now),
            ratatui::layout::Rect::new(0, 0, 100, 30),
        );
        app.with_web(Web::new(copy(at("2024-03-20T08:00:00Z")), None))
    }

    fn updated() -> Msg {
        Msg::Fetched(Box::new(Fetched::Updated {
            schedule: Box::new(load(V2)),
            copy: Box::new(copy(at("2024-03-20T10:30:00Z"))),
        }))
    }

    #[test]
    fn a_due_refresh_is_asked_for_once_on_the_clock() {
        let mut app = app_at("2024-03-20T09:00:00Z");
        assert!(app.update(Msg::Tick(at("2024-03-20T09:30:00Z"))).is_empty());
        assert_eq!(app.next_timer(), Some(at("2024-03-20T10:00:00Z")));
        let effects = app.update(Msg::Tick(at("2024-03-20T10:00:00Z")));
        assert_eq!(effects, [Effect::Refresh]);
        // While it runs, no second one.
        assert!(app.update(Msg::Tick(at("2024-03-20T10:05:00Z"))).is_empty());
        assert_eq!(
            app.web.as_ref().unwrap().label(app.now),
            "refreshing… · copy 2 h old"
        );
    }

    #[test]
    fn r_refreshes_now_and_a_file_says_there_is_nothing_to_refresh() {
        let mut app = app_at("2024-03-20T09:00:00Z");
        assert_eq!(app.update(Action::Refresh), [Effect::Refresh]);
        assert!(app.update(Action::Refresh).is_empty(), "one at a time");
        let mut plain = app_at("2024-03-20T09:00:00Z");
        plain.web = None;
        assert!(plain.update(Action::Refresh).is_empty());
        assert!(
            plain
                .status
                .as_deref()
                .unwrap()
                .contains("nothing to refresh")
        );
    }

    #[test]
    fn a_new_version_replaces_the_schedule_and_flags_the_stars_at_once() {
        let mut app = app_at("2024-03-20T10:00:00Z");
        app.update(Action::NextView);
        let view = app.view;
        app.update(Action::Refresh);
        app.update(updated());
        assert!(
            app.schedule.find("c6").is_some(),
            "the new version is shown"
        );
        assert_eq!(app.view, view, "the view is kept");
        assert_eq!(app.plan.changes.changed.len(), 1, "c1 moved room");
        assert_eq!(app.plan.changes.cancelled, ["c2"]);
        let status = app.status.clone().unwrap();
        assert!(
            status.contains("1 of your sessions changed, 1 cancelled"),
            "{status}"
        );
        let web = app.web.as_ref().unwrap();
        assert!(!web.refreshing);
        assert_eq!(web.copy.meta.fetched_at, at("2024-03-20T10:30:00Z"));
    }

    #[test]
    fn a_new_version_keeps_how_reminders_behave() {
        let mut app = app_at("2024-03-20T10:00:00Z");
        let chosen = super::super::now::Reminders {
            lead: Some(12),
            bell: false,
            notify: true,
        };
        app.set_reminders(chosen);
        app.update(Action::Refresh);
        app.update(updated());
        assert!(
            app.schedule.find("c6").is_some(),
            "the new version is shown"
        );
        assert_eq!(
            app.at_now.reminders, chosen,
            "not turned back to the defaults"
        );
    }

    #[test]
    fn a_new_version_arriving_during_the_review_is_listed_at_once() {
        let mut app = app_at("2024-03-20T10:00:00Z");
        // c2 was renamed since it was starred: one change to review on v1.
        let mut agenda = app.plan.agenda.clone();
        agenda.seen.get_mut("c2").unwrap().title = "Older title".into();
        app.update(Msg::Reloaded(Ok(agenda)));
        app.update(Action::ReviewChanges);
        let ids = |app: &App| -> Vec<String> {
            app.review()
                .map(|r| r.items.iter().map(|i| i.id.clone()).collect())
                .unwrap_or_default()
        };
        assert_eq!(ids(&app), ["c2"]);
        app.update(Action::Refresh);
        app.update(updated());
        assert!(app.schedule.find("c6").is_some(), "applied while reviewing");
        assert_eq!(
            ids(&app),
            ["c1", "c2", "c6"],
            "c1 moved, c2 cancelled, c6 new"
        );
        assert_eq!(
            app.review()
                .and_then(|r| r.selected())
                .map(|i| i.id.as_str()),
            Some("c2"),
            "the cursor stays on its session"
        );
    }

    #[test]
    fn a_new_version_waits_for_the_notes_to_close() {
        let mut app = app_at("2024-03-20T10:00:00Z");
        app.update(Action::OpenNotes);
        assert!(app.notes().is_some());
        app.update(updated());
        assert!(app.schedule.find("c6").is_none(), "not while typing notes");
        assert!(
            app.status
                .as_deref()
                .unwrap()
                .contains("shows when you close")
        );
        app.update(Action::CloseNotes);
        assert!(app.schedule.find("c6").is_some());
    }

    #[test]
    fn a_failed_refresh_shows_offline_and_keeps_the_schedule() {
        let mut app = app_at("2024-03-20T11:00:00Z");
        app.update(Action::Refresh);
        app.update(Msg::Fetched(Box::new(Fetched::Failed {
            message: "http://x: cannot find the host x (DNS lookup failed; offline?)".into(),
        })));
        assert!(app.schedule.find("c2").is_some());
        assert_eq!(
            app.web.as_ref().unwrap().label(app.now),
            "offline · copy 3 h old"
        );
        assert!(
            app.status
                .as_deref()
                .unwrap()
                .starts_with("offline: the copy fetched 3 h ago")
        );
        // The next automatic try waits a while.
        assert_eq!(
            app.web.as_ref().unwrap().next_at(app.now),
            Some(at("2024-03-20T11:10:00Z"))
        );
    }

    #[test]
    fn the_next_refresh_follows_the_rule_and_backs_off_when_offline() {
        let checked = at("2024-03-20T08:00:00Z");
        let mut web = Web::new(copy(checked), None);
        let now = at("2024-03-20T09:00:00Z");
        assert_eq!(web.next_at(now), Some(at("2024-03-20T10:00:00Z")));
        web.failed_at = Some(at("2024-03-20T10:00:00Z"));
        assert_eq!(web.next_at(now), Some(at("2024-03-20T10:10:00Z")));
        assert_eq!(
            web.label(at("2024-03-20T11:00:00Z")),
            "offline · copy 3 h old"
        );
        web.refreshing = true;
        assert_eq!(web.next_at(now), None);
        // After the conference: never.
        let web = Web::new(copy(checked), None);
        assert_eq!(web.next_at(at("2024-03-23T09:00:00Z")), None);
        // An interval given replaces the rule.
        let web = Web::new(copy(checked), Some(Duration::minutes(15)));
        assert_eq!(web.next_at(now), Some(at("2024-03-20T08:15:00Z")));
    }
}
