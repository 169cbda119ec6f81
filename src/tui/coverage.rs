//! The team's coverage overlay as lines of text: your clashes and what to do about them, the
//! interests nobody covers, and who on the team is where, slot by slot, on the current day.
//!
//! Derived state: laid out in `update` (see [`App::sync_coverage`]) when the coverage, the day
//! or the terminal's width change, never per frame; `update` bounds the overlay's scrolling by
//! the number of lines and drawing paints the ones in view (`views/coverage.rs`).

use ratatui::text::Line;

use super::app::App;
use crate::text::fit;

/// The overlay's lines as laid out for a width and a day.
#[derive(Debug, Clone, Default)]
pub struct CoverageText {
    pub lines: Vec<Line<'static>>,
    /// The body's width and the day the lines were laid out for (`None`: to lay out again).
    pub laid_out_for: Option<(u16, usize)>,
}

/// Uncovered sessions listed per interest.
const SHOWN: usize = 3;

/// The overlay's lines for a body `width` columns wide; the suggestions wrap, the rest is cut to
/// fit.
pub fn lines(app: &App, width: u16) -> Vec<Line<'static>> {
    let inner = usize::from(
        width
            .min(crate::tui::layout::OVERLAY_WIDTH)
            .saturating_sub(2),
    )
    .max(20);
    let t = app.theme;
    let sch = &app.schedule;
    let mut out: Vec<Line<'static>> = Vec::new();
    let Some(cov) = &app.team.coverage else {
        return out;
    };
    let day = app.day_date();
    let on_day = |p: usize| day.is_none_or(|d| sch.session(p).day == d);
    let names = |members: &[u16]| -> Vec<String> {
        members
            .iter()
            .map(|&m| app.team.index.members[usize::from(m)].name().to_string())
            .collect()
    };
    let at = |p: usize, fmt: &str| {
        sch.session(p)
            .start
            .with_timezone(&app.tz)
            .format(fmt)
            .to_string()
    };
    if app.team.index.is_empty() {
        out.push(Line::styled(
            "No teammates yet: `hallway team add NAME FILE|LINK`, or a team folder.",
            t.dim(),
        ));
    } else {
        let team: Vec<String> = app
            .team
            .index
            .members
            .iter()
            .map(|m| format!("{} ({})", m.name(), m.initials))
            .collect();
        out.push(Line::raw(format!(
            "Team: {}; you are {}.",
            team.join(", "),
            app.team.me
        )));
    }
    let clashes: Vec<_> = cov.clashes.iter().filter(|c| on_day(c.take)).collect();
    if !clashes.is_empty() {
        out.push(Line::raw(""));
        out.push(Line::styled("Your clashes", t.title()));
        for c in clashes {
            let when = at(c.sessions[0], "%a %H:%M");
            let indent = " ".repeat(2 + when.len() + 2);
            let options = textwrap::Options::new(inner)
                .initial_indent("")
                .subsequent_indent(&indent);
            let text = format!("  {when}  {}", c.suggestion);
            for l in textwrap::wrap(&text, options) {
                out.push(Line::raw(l.into_owned()));
            }
        }
    }
    if !cov.gaps.is_empty() {
        out.push(Line::raw(""));
        out.push(Line::styled("Interests nobody covers", t.title()));
        for g in &cov.gaps {
            let what = if g.track { "track" } else { "topic" };
            let head = format!(
                "  {} ({what}, marked by {})",
                g.interest,
                g.marked_by.join(", ")
            );
            if g.total == 0 {
                out.push(Line::raw(format!("{head}: no session matches it")));
                continue;
            }
            let uncovered: Vec<usize> =
                g.uncovered.iter().copied().filter(|&p| on_day(p)).collect();
            out.push(Line::raw(format!(
                "{head}: {} this day nobody covers ({} of {} in all)",
                uncovered.len(),
                g.uncovered.len(),
                g.total
            )));
            for &p in uncovered.iter().take(SHOWN) {
                out.push(Line::styled(
                    format!("    {}  {}", at(p, "%a %H:%M"), sch.session(p).title),
                    t.dim(),
                ));
            }
            if uncovered.len() > SHOWN {
                out.push(Line::styled(
                    format!("    … and {} more", uncovered.len() - SHOWN),
                    t.dim(),
                ));
            }
        }
    }
    out.push(Line::raw(""));
    let heading = day.map_or_else(
        || "Who is where".to_string(),
        |d| format!("Who is where on {}", d.format("%A %-d %B")),
    );
    out.push(Line::styled(heading, t.title()));
    let slots: Vec<_> = cov
        .slots
        .iter()
        .filter(|s| s.sessions.first().is_some_and(|c| on_day(c.session)))
        .collect();
    if cov.slots.is_empty() {
        out.push(Line::styled(
            "  Nobody on the team has starred anything yet.",
            t.dim(),
        ));
    } else if slots.is_empty() {
        out.push(Line::styled(
            "  Nobody on the team has starred anything this day.",
            t.dim(),
        ));
    }
    for slot in slots {
        for (k, c) in slot.sessions.iter().enumerate() {
            let s = sch.session(c.session);
            let time = if k == 0 {
                at(c.session, "%H:%M")
            } else {
                String::new()
            };
            let mut who: Vec<String> = Vec::new();
            if c.you {
                who.push("you".into());
            }
            who.extend(names(&c.members));
            let room = sch.room_name(s);
            let room = if room.is_empty() {
                String::new()
            } else {
                format!(" [{}]", fit(room, 18))
            };
            out.push(Line::raw(format!(
                "    {time:<5}  {}{room}  {}",
                fit(&s.title, 50),
                who.join(", ")
            )));
        }
    }
    out
}
