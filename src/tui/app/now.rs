//! The interface at the conference: what runs now and next in every room (the Now view), the
//! jump to now, and the leave-now reminder for the next starred session.
//!
//! All of it is recomputed when the minute changes (and when the stars do), through the
//! schedule's start-time index: a frame only reads what is kept here.

use std::collections::HashSet;
use std::fmt::Write as _;

use chrono::{Duration, Utc};

use super::{App, Scroll, View};
use crate::plan::now::{LeaveBy, NowIndex, leave_by, starred_by_start};
use crate::tui::notify::Notification;

/// How the leave-now reminder behaves (from the command line or the config file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reminders {
    /// Minutes before the time to leave that the reminder shows; `None`: no reminders.
    pub lead: Option<u32>,
    /// Ring the terminal bell with it.
    pub bell: bool,
    /// A desktop notification with it (off unless asked for: `--notify`, `reminders.notify`).
    pub notify: bool,
}

impl Default for Reminders {
    fn default() -> Self {
        Reminders {
            lead: Some(DEFAULT_LEAD),
            bell: true,
            notify: false,
        }
    }
}

/// Minutes of warning before the time to leave, by default.
pub const DEFAULT_LEAD: u32 = crate::config::DEFAULT_REMIND_MINUTES;

/// The Now view's rows and the reminder's state.
#[derive(Debug, Default)]
pub struct AtNow {
    pub index: Option<NowIndex>,
    /// Sessions running now, then the next in each room.
    pub rows: Vec<usize>,
    /// How many of `rows` run now (the rest are next).
    pub running: usize,
    pub scroll: Scroll,
    /// The room column's labels (every room can show).
    pub rooms: crate::tui::rooms::RoomColumn,
    pub reminders: Reminders,
    /// When to leave for the next starred session.
    pub leave: Option<LeaveBy>,
    /// The reminder shown ("leave now for …"), until the session starts.
    pub banner: Option<String>,
    /// Sessions already reminded of: once each.
    reminded: HashSet<String>,
    /// The bell is due (taken by `update`, which asks the runtime to ring it).
    pub ring: bool,
    /// A desktop notification is due (taken by `update`, which asks the runtime to show it).
    pub notification: Option<Notification>,
    /// A notification failed and the status line said so: said once a session of hallway.
    pub notify_failed: bool,
}

impl App {
    /// Sets how reminders behave, and checks at once whether one is due.
    pub fn set_reminders(&mut self, reminders: Reminders) {
        self.at_now.reminders = reminders;
        self.update_at_now();
    }

    /// Carries how reminders behave, and which sessions were already reminded of, over to an
    /// interface built anew for a new version of the schedule: a refresh from the web must not
    /// turn the reminders back to their defaults, nor remind of a session a second time.
    pub(super) fn keep_reminders(&mut self, old: AtNow) {
        self.at_now.reminded = old.reminded;
        self.at_now.notify_failed = old.notify_failed;
        self.set_reminders(old.reminders);
    }

    /// Recomputes the Now rows and the time to leave, and raises a reminder that is due.
    pub(crate) fn update_at_now(&mut self) {
        let Some(index) = &self.at_now.index else {
            return;
        };
        let nn = index.now_next(&self.schedule, self.now);
        let keep = self.at_now.rows.get(self.at_now.scroll.cursor).copied();
        self.at_now.running = nn.now.len();
        self.at_now.rows = nn.now;
        self.at_now.rows.extend(nn.next);
        if let Some(k) = keep.and_then(|k| self.at_now.rows.iter().position(|&i| i == k)) {
            self.at_now.scroll.cursor = k;
        }
        self.follow_now();
        let starred = starred_by_start(&self.schedule, &self.plan.agenda);
        self.at_now.leave = leave_by(
            &self.schedule,
            self.plan.analysis.walks(),
            self.plan.analysis.risks(),
            &starred,
            self.now,
        );
        self.remind();
    }

    /// Shows "leave now for …" once per session when its time to leave (less the lead) has
    /// come, and clears it once the session has started.
    fn remind(&mut self) {
        if let Some(banner_for) = self.at_now.leave.as_ref().map(|l| l.session)
            && self.at_now.banner.is_some()
            && self.schedule.session(banner_for).start.with_timezone(&Utc) <= self.now
        {
            self.at_now.banner = None;
        }
        let (Some(lead), Some(leave)) = (self.at_now.reminders.lead, &self.at_now.leave) else {
            if self.at_now.leave.is_none() {
                self.at_now.banner = None;
            }
            return;
        };
        if self.now < leave.at - Duration::minutes(i64::from(lead)) {
            return;
        }
        let s = self.schedule.session(leave.session);
        if !self.at_now.reminded.insert(s.id.clone()) {
            return;
        }
        let room = self.schedule.room_name(s);
        let room = if room.is_empty() { "the session" } else { room };
        let at = s.start.with_timezone(&self.tz).format("%H:%M");
        let mut early = String::new();
        if leave.early > 0 {
            let _ = write!(early, " (be there {} min early: it may fill)", leave.early);
        }
        let walk = format!("{}-min walk", leave.walk);
        self.at_now.banner = Some(format!(
            "leave now for {room} ({walk}): {} at {at}{early}",
            s.title
        ));
        self.at_now.ring = self.at_now.reminders.bell;
        if self.at_now.reminders.notify {
            self.at_now.notification = Some(Notification::new(
                &format!("Leave now for {room}"),
                &format!("{} at {at}, {walk}{early}", s.title),
            ));
        }
    }

    /// What became of a desktop notification: a failure (no D-Bus session, say, over ssh) is
    /// said once in the status line; the banner and the bell go on as before.
    pub(crate) fn notified(&mut self, result: Result<(), String>) {
        if let Err(why) = result
            && !std::mem::replace(&mut self.at_now.notify_failed, true)
        {
            self.status = Some(format!(
                "no desktop notification ({}); the reminder stays in this window",
                crate::text::for_message(&why)
            ));
        }
    }

    /// Keeps the Now view's cursor on screen (its rows plus two headings).
    pub(crate) fn follow_now(&mut self) {
        let h = self.list_height().saturating_sub(2);
        self.at_now.scroll.follow(self.at_now.rows.len(), h);
    }

    pub(crate) fn move_now(&mut self, delta: isize) {
        let h = self.list_height().saturating_sub(2);
        self.at_now.scroll.step(delta, self.at_now.rows.len(), h);
    }

    /// On opening during the conference: your starred session running now, else your next one
    /// today, is selected (rather than whatever runs first).
    pub(crate) fn select_own_session(&mut self) {
        let today = self.schedule.day_at(self.now);
        let own = self.current_starred().or(self
            .plan
            .next_up
            .filter(|&i| self.schedule.session(i).day == today));
        if let Some(i) = own {
            self.select_session(i);
        }
    }

    /// The jump-to-now key: today's day, the cursor on what runs now (yours first).
    pub(crate) fn jump_now(&mut self) {
        let today = self.schedule.day_at(self.now);
        if let Some(d) = self.schedule.days().iter().position(|d| d.date == today) {
            if d != self.day {
                self.day = d;
                self.list.scroll = Scroll::default();
                self.rebuild_rows();
            }
            self.select_nearest_now();
        }
        self.select_own_session();
        self.at_now.scroll = Scroll::default();
        if self.view == View::Now {
            self.follow_now();
        }
        self.detail.scroll = 0;
    }
}
