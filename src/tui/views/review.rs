//! The changes to review (`U`): each change to a starred or noted session with before and
//! after, cancelled ones with their old time, new sessions; the selected one highlighted.
//!
//! The list's lines are laid out in `update` (`app::review`); this draws the ones on screen.

use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::{cell, fit, spread};
use crate::plan::agenda::Seen;
use crate::plan::changes::Field;
use crate::tui::app::App;
use crate::tui::app::review::{Review, ReviewRow, Section};
use crate::tui::layout;

pub fn draw(app: &App, review: &Review, frame: &mut Frame, area: Rect) {
    let t = app.theme;
    let rect = layout::review_rect(area, review.rows.len());
    let width = usize::from(rect.width.saturating_sub(2));
    let height = usize::from(rect.height.saturating_sub(2 + layout::REVIEW_TOP));
    let mut lines = vec![Line::styled(
        fit(
            "Changes to your stars and notes; nothing is accepted until you say so.",
            width,
        ),
        t.dim(),
    )];
    let selected = review.rows_of(review.cursor);
    for (r, row) in review
        .rows
        .iter()
        .enumerate()
        .skip(review.offset)
        .take(height)
    {
        let line = line(app, review, *row, width);
        if (selected.0..selected.1).contains(&r) {
            let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            lines.push(Line::styled(cell(&text, width), t.selected()));
        } else {
            lines.push(line);
        }
    }
    let n = review.items.len();
    let title = format!(
        " Changes to review: {n} ({} of {n}) ",
        (review.cursor + 1).min(n)
    );
    super::overlay(frame, rect, &title, t.border(), &lines);
}

/// One row of the list, `width` columns wide.
fn line(app: &App, review: &Review, row: ReviewRow, width: usize) -> Line<'static> {
    let t = app.theme;
    let when = |seen: &Seen| when(app.tz, seen);
    match row {
        ReviewRow::Blank => Line::raw(""),
        ReviewRow::Heading(section) => {
            let n = review.items.iter().filter(|i| i.section == section).count();
            let text = match section {
                Section::Changed => format!("Changed ({n}): moved, retimed or retitled"),
                Section::Cancelled => {
                    format!("Cancelled ({n}): your stars and notes on them are kept")
                }
                Section::New => format!("New ({n})"),
            };
            Line::styled(fit(&text, width), t.title())
        }
        ReviewRow::Item(k) => {
            let Some(item) = review.items.get(k) else {
                return Line::raw("");
            };
            let (left, tag, style): (String, String, Style) = match item.section {
                Section::Changed => match app.plan.changes.change_of(&item.id) {
                    Some(c) => {
                        let mut what = Vec::new();
                        if c.fields.contains(&Field::Room) {
                            what.push("moved");
                        }
                        if c.fields.contains(&Field::Start) || c.fields.contains(&Field::End) {
                            what.push("retimed");
                        }
                        if c.fields.contains(&Field::Title) {
                            what.push("retitled");
                        }
                        (
                            format!("  {}  {}", when(&c.after), c.after.title),
                            what.join(", "),
                            t.caution(),
                        )
                    }
                    None => (format!("  {}", item.id), String::new(), t.caution()),
                },
                Section::Cancelled => {
                    let left = match app.plan.agenda.seen.get(&item.id) {
                        Some(seen) => format!("  {}  {}{}", when(seen), seen.title, room(seen)),
                        None => format!("  {} (not in this version of the schedule)", item.id),
                    };
                    (left, "cancelled".into(), t.warning())
                }
                Section::New => {
                    let left = match app.schedule.find(&item.id) {
                        Some((_, s)) => {
                            let seen = crate::plan::changes::seen_of(&app.schedule, s);
                            format!("  {}  {}{}", when(&seen), seen.title, room(&seen))
                        }
                        None => format!("  {}", item.id),
                    };
                    (left, "new".into(), t.accent())
                }
            };
            let tag = format!("  {tag}");
            // One column to spare: `spread` wants a gap between the two sides.
            let room_for = width
                .saturating_sub(unicode_width::UnicodeWidthStr::width(tag.as_str()))
                .saturating_sub(1);
            spread(
                vec![Span::raw(fit(&left, room_for))],
                vec![Span::styled(tag, style)],
                width,
            )
        }
        ReviewRow::Detail(k, field) => {
            let Some(c) = review
                .items
                .get(k)
                .and_then(|i| app.plan.changes.change_of(&i.id))
            else {
                return Line::raw("");
            };
            let (label, before, after) = match field {
                Field::Title => ("title", quoted(&c.before.title), quoted(&c.after.title)),
                Field::Room => {
                    let room = |s: &Seen| s.room.clone().unwrap_or_else(|| "no room".into());
                    ("room", room(&c.before), room(&c.after))
                }
                Field::Start | Field::End => ("time", when(&c.before), when(&c.after)),
            };
            Line::from(vec![
                Span::styled(format!("      {label:<5}  "), t.dim()),
                Span::raw(fit(
                    &format!("{before} → {after}"),
                    width.saturating_sub(13),
                )),
            ])
        }
    }
}

/// ", in ROOM" when the session has a room.
fn room(seen: &Seen) -> String {
    seen.room
        .as_deref()
        .map(|r| format!(" · {r}"))
        .unwrap_or_default()
}

/// "Wed 11:00–11:30" in the display zone (the end's day too when it is another day).
fn when(tz: Tz, seen: &Seen) -> String {
    let at = |t: &DateTime<FixedOffset>| t.with_timezone(&tz);
    let (start, end) = (at(&seen.start), at(&seen.end));
    if start.date_naive() == end.date_naive() {
        format!("{}–{}", start.format("%a %H:%M"), end.format("%H:%M"))
    } else {
        format!("{}–{}", start.format("%a %H:%M"), end.format("%a %H:%M"))
    }
}

fn quoted(text: &str) -> String {
    format!("\u{201c}{text}\u{201d}")
}
