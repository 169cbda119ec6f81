//! The header: conference, clock and what is next on line one; day tabs and views on line two.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use unicode_width::UnicodeWidthStr;

use super::{HhMm, fit, spread};
use crate::tui::app::{App, View};
use crate::tui::layout::TAB_GAP;

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    if area.height == 1 {
        draw_compact(app, frame, area);
        return;
    }
    let t = app.theme;
    let width = usize::from(area.width);
    let conf = &app.schedule.conference;

    // Narrow terminals show only the time: the day is in the tabs below.
    let local_now = app.now.with_timezone(&app.tz);
    let clock = if app.schedule.floating {
        // The clock of an unknown zone says nothing: say what the times are instead.
        if width >= 100 {
            crate::schedule::zone::FLOATING_NOTE
        } else {
            "zone unknown"
        }
        .to_string()
    } else if width >= 100 {
        local_now.format("%a %-d %b %H:%M %Z").to_string()
    } else {
        local_now.format("%H:%M %Z").to_string()
    };
    let mut right = vec![Span::styled(clock, t.accent())];
    // A schedule from the web: how old the copy is, and "offline" when the last try failed.
    if let Some(web) = &app.web
        && width >= 60
    {
        let label = web.label(app.now);
        let style = if label.starts_with("offline") {
            t.warning()
        } else {
            t.dim()
        };
        right.insert(0, Span::raw(" │ "));
        right.insert(0, Span::styled(label, style));
    }
    // Changes to review: the flag names the key that opens the review.
    let c = &app.plan.changes;
    if !c.is_empty() {
        let n = c.changed.len() + c.cancelled.len() + c.new.len();
        let keys = app.keymap.keys_of("review_changes");
        let key = keys.split(' ').next().unwrap_or_default();
        right.insert(0, Span::raw(" │ "));
        right.insert(0, Span::styled(format!("Δ {n} ({key})"), t.caution()));
    }
    let clock_w: usize = right.iter().map(|s| s.content.width()).sum();
    let today = app.now.with_timezone(&conf.timezone).date_naive();
    let on = today >= conf.start_date && today <= conf.end_date;
    let now_or_next = app
        .current_starred()
        .map(|i| (i, true))
        .or(app.plan.next_up.map(|i| (i, false)));
    if on && let Some((i, running)) = now_or_next {
        let s = app.schedule.session(i);
        let when = if running {
            time_left(app, s.end.with_timezone(&chrono::Utc))
        } else {
            starts_in(app, s.start.with_timezone(&chrono::Utc))
        };
        let room = app.schedule.room_name(s);
        let tail = if room.is_empty() {
            when
        } else {
            format!("{when}, {room}")
        };
        let label = if running { "now" } else { "next" };
        let conf_w = conf.title.width().min((width / 5).max(12));
        let room_for_title =
            width.saturating_sub(conf_w + clock_w + tail.width() + label.len() + 8);
        right.insert(0, Span::raw(" │ "));
        right.insert(
            0,
            Span::styled(
                format!("{label}: {} {tail}", fit(&s.title, room_for_title.max(8))),
                t.star(),
            ),
        );
    }
    let right_w: usize = right.iter().map(|s| s.content.width()).sum();
    let title = fit(&conf.title, width.saturating_sub(right_w + 2));
    let line1 = spread(vec![Span::styled(title, t.title())], right, width);

    // The tabs as laid out in update (`App::sync_screen`), where a click finds them too.
    let laid_out = &app.screen.tabs;
    let mut tabs: Vec<Span> = Vec::new();
    if laid_out.more_left {
        tabs.push(Span::styled("‹ ", t.dim()));
    }
    for (k, tab) in laid_out.tabs.iter().enumerate() {
        if k > 0 {
            tabs.push(Span::styled(TAB_GAP, t.dim()));
        }
        let style = if tab.day == app.day {
            t.tab_active()
        } else {
            t.dim()
        };
        tabs.push(Span::styled(tab.label.as_str(), style));
    }
    if laid_out.more_right {
        tabs.push(Span::styled(" ›", t.dim()));
    }
    let mut views: Vec<Span> = Vec::new();
    for v in View::ALL {
        let style = if v == app.view {
            t.tab_active()
        } else {
            t.dim()
        };
        views.push(Span::raw(" "));
        views.push(Span::styled(format!(" {} ", v.name()), style));
    }
    let line2 = spread(tabs, views, width);
    super::paint::lines(frame.buffer_mut(), area, &[line1, line2]);
}

/// Whole minutes from `now` until `then`, rounded up: at 14:40:30 a talk ending at 15:05 has
/// 25 minutes left, as a clock on the wall says, not 24.
pub fn minutes_up_to(
    now: chrono::DateTime<chrono::Utc>,
    then: chrono::DateTime<chrono::Utc>,
) -> i64 {
    let secs = (then - now).num_seconds().max(0);
    (secs + 59) / 60
}

/// How long a running session has left: "25 min left" within two hours, "until 19:30" for a
/// long one (a day-long badge desk is not "500 min left").
pub fn time_left(app: &App, end: chrono::DateTime<chrono::Utc>) -> String {
    let minutes = minutes_up_to(app.now, end);
    if minutes < 120 {
        format!("{minutes} min left")
    } else {
        format!("until {}", end.with_timezone(&app.tz).format("%H:%M"))
    }
}

/// When a session starts, said as people say it: "in 25 min" within two hours, "at 11:00" later
/// today, "tomorrow 11:00" or "Thu 11:00" on another day.
pub fn starts_in(app: &App, start: chrono::DateTime<chrono::Utc>) -> String {
    let minutes = minutes_up_to(app.now, start);
    let local = start.with_timezone(&app.tz);
    let today = app.now.with_timezone(&app.tz).date_naive();
    let time = local.format("%H:%M");
    if local.date_naive() == today {
        if minutes < 120 {
            format!("in {minutes} min")
        } else {
            format!("at {time}")
        }
    } else if local.date_naive() == today.succ_opt().unwrap_or(today) {
        format!("tomorrow {time}")
    } else {
        format!("{} {time}", local.format("%a %-d"))
    }
}

/// The compact layout's header, one line: "‹ Wed 20 ›" (each arrow goes a day back or on), the
/// view, and the time on the right.
fn draw_compact(app: &App, frame: &mut Frame, area: Rect) {
    let t = app.theme;
    let buf = frame.buffer_mut();
    let clock = if app.schedule.floating {
        "zone?".to_string()
    } else {
        HhMm::of(&app.now.with_timezone(&app.tz)).to_string()
    };
    let clock_w = u16::try_from(clock.width()).unwrap_or(0);
    // Everything but the clock stays clear of it.
    let right = area.right().saturating_sub(clock_w + 1);
    let mut x = area.x;
    for tab in &app.screen.tabs.tabs {
        let style = if tab.day == app.day {
            t.tab_active()
        } else {
            t.dim()
        };
        if tab.x >= right {
            break;
        }
        x = tab.x + super::paint::fitted(buf, tab.x, area.y, &tab.label, right - tab.x, style);
    }
    if x + 2 < right {
        let name = format!(" {} ", app.view.name());
        super::paint::fitted(buf, x + 1, area.y, &name, right - x - 1, t.tab_active());
    }
    if clock_w < area.width {
        super::paint::put(
            buf,
            area.right() - clock_w,
            area.y,
            &clock,
            clock_w,
            t.accent(),
        );
    }
}
