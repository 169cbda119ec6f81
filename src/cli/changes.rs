//! `hallway changes`: what a new version of the schedule moved, cancelled or added for you, and
//! `--ack` to accept it.
//!
//! The comparison is [`crate::plan::changes::detect`]; this module only shows it and records the
//! acknowledgement through the store (under its lock, merged like every other change).

use std::io::Write;

use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;
use serde_json::{Map, Value, json};
use unicode_width::UnicodeWidthStr;

use super::Context;
use super::output::{Style, fit_to, pad_whole, rfc3339, wrap};
use crate::plan::Agenda;
use crate::plan::agenda::Seen;
use crate::plan::changes::{Field, ScheduleChanges, SessionChange, acknowledgement, detect};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print a JSON object: {"new": [ids], "cancelled": [ids], "changed": [{"id", "fields",
    /// "before", "after"}]}.
    #[arg(long)]
    pub json: bool,
    /// Accept the changes shown: from now on only later changes are reported.
    #[arg(long)]
    pub ack: bool,
}

pub fn run(ctx: &Context, args: &Args) -> anyhow::Result<()> {
    let agenda = ctx.agenda()?;
    let changes = detect(&ctx.schedule, &agenda);
    let mut out = std::io::stdout().lock();
    if args.json {
        let doc = to_json(ctx.schedule.conference.timezone, &changes);
        writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
    } else {
        let style = Style::detect();
        let text = Text {
            ctx,
            agenda: &agenda,
            style,
            width: style.width,
        };
        text.report(&mut out, &changes, args.ack)?;
    }
    if args.ack {
        super::save(ctx, &[acknowledgement(&ctx.schedule, &agenda)])?;
    }
    Ok(())
}

/// The JSON document: before and after hold only the fields that changed, instants in RFC 3339
/// with the conference's offset.
fn to_json(zone: Tz, changes: &ScheduleChanges) -> Value {
    let changed: Vec<Value> = changes
        .changed
        .iter()
        .map(|c| {
            json!({
                "id": c.id,
                "fields": c.fields.iter().map(|f| f.as_str()).collect::<Vec<_>>(),
                "before": fields_json(zone, &c.fields, &c.before),
                "after": fields_json(zone, &c.fields, &c.after),
            })
        })
        .collect();
    json!({
        "new": changes.new,
        "cancelled": changes.cancelled,
        "changed": changed,
    })
}

fn fields_json(zone: Tz, fields: &[Field], seen: &Seen) -> Value {
    let instant = |t: &DateTime<FixedOffset>| Value::from(rfc3339(&t.with_timezone(&zone)));
    let mut map = Map::new();
    for f in fields {
        let value = match f {
            Field::End => instant(&seen.end),
            Field::Start => instant(&seen.start),
            Field::Room => seen.room.clone().into(),
            Field::Title => seen.title.clone().into(),
        };
        map.insert(f.as_str().into(), value);
    }
    Value::Object(map)
}

/// The report for people, fitted to the terminal's width (cut nowhere in a pipe).
struct Text<'a> {
    ctx: &'a Context,
    agenda: &'a Agenda,
    style: Style,
    width: Option<usize>,
}

impl Text<'_> {
    fn report(
        &self,
        out: &mut impl Write,
        changes: &ScheduleChanges,
        ack: bool,
    ) -> anyhow::Result<()> {
        let title = &self.ctx.schedule.conference.title;
        if changes.is_empty() {
            let line = if !changes.has_baseline && ack {
                format!(
                    "Recorded this version of {title}: `hallway changes` reports what later versions change."
                )
            } else if !changes.has_baseline {
                format!(
                    "Nothing to compare with yet: hallway records the version of {title} you saw when you star a session or run `hallway changes --ack`."
                )
            } else {
                format!("No changes to your sessions since you last looked at {title}.")
            };
            writeln!(out, "{}", wrap(&line, self.width).join("\n"))?;
            return Ok(());
        }
        let id_width = changes
            .new
            .iter()
            .chain(&changes.cancelled)
            .map(String::as_str)
            .chain(changes.changed_ids())
            .map(UnicodeWidthStr::width)
            .max()
            .unwrap_or(2);
        let mut first = true;
        let mut section = |out: &mut dyn Write, heading: String| -> std::io::Result<()> {
            if !first {
                writeln!(out)?;
            }
            first = false;
            writeln!(out, "{}", self.style.bold(&fit_to(&heading, self.width)))
        };
        if !changes.changed.is_empty() {
            section(out, format!("Changed ({})", changes.changed.len()))?;
            for c in &changes.changed {
                self.changed(out, c, id_width)?;
            }
        }
        if !changes.cancelled.is_empty() {
            section(
                out,
                format!(
                    "Cancelled ({}): your stars and notes on them are kept",
                    changes.cancelled.len()
                ),
            )?;
            for id in &changes.cancelled {
                self.cancelled(out, id, id_width)?;
            }
        }
        if !changes.new.is_empty() {
            section(out, format!("New ({})", changes.new.len()))?;
            for id in &changes.new {
                self.added(out, id, id_width)?;
            }
        }
        writeln!(out)?;
        let footer = if ack {
            "Accepted: from now on `hallway changes` reports only what changes after this."
        } else {
            "`hallway changes --ack` accepts these; until then they are reported again."
        };
        writeln!(
            out,
            "{}",
            self.style.dim(&wrap(footer, self.width).join("\n"))
        )?;
        Ok(())
    }

    fn changed(
        &self,
        out: &mut impl Write,
        c: &SessionChange,
        id_width: usize,
    ) -> std::io::Result<()> {
        let head = format!("  {}  ", pad_whole(&c.id, id_width));
        let left = self.left(&head);
        writeln!(out, "{head}{}", fit_to(&c.after.title, left))?;
        let indent = " ".repeat(head.width());
        let detail = |label: &str, before: String, after: String| {
            let line = format!("{label}: {before} → {after}");
            format!("{indent}{}", fit_to(&line, left))
        };
        let has = |f: Field| c.fields.contains(&f);
        if has(Field::Title) {
            writeln!(
                out,
                "{}",
                detail("title", quoted(&c.before.title), quoted(&c.after.title))
            )?;
        }
        if has(Field::Start) || has(Field::End) {
            writeln!(
                out,
                "{}",
                detail("time", self.when(&c.before), self.when(&c.after))
            )?;
        }
        if has(Field::Room) {
            let room = |s: &Seen| s.room.clone().unwrap_or_else(|| "no room".into());
            writeln!(out, "{}", detail("room", room(&c.before), room(&c.after)))?;
        }
        Ok(())
    }

    fn cancelled(&self, out: &mut impl Write, id: &str, id_width: usize) -> std::io::Result<()> {
        let head = format!("  {}  ", pad_whole(id, id_width));
        let left = self.left(&head);
        let was = match self.agenda.seen.get(id) {
            Some(seen) => {
                let mut was = format!("{} (was {}", seen.title, self.when(seen));
                if let Some(room) = &seen.room {
                    was.push_str(", ");
                    was.push_str(room);
                }
                was.push(')');
                was
            }
            None => "(not in this version of the schedule)".to_string(),
        };
        writeln!(out, "{head}{}", self.style.warn(&fit_to(&was, left)))
    }

    fn added(&self, out: &mut impl Write, id: &str, id_width: usize) -> std::io::Result<()> {
        let sch = &self.ctx.schedule;
        let Some((_, s)) = sch.find(id) else {
            return Ok(());
        };
        let seen = crate::plan::changes::seen_of(sch, s);
        let mut head = format!("  {}  {}  ", pad_whole(id, id_width), self.when(&seen));
        let room = sch.room_name(s);
        if !room.is_empty() {
            head.push_str(&fit_to(room, self.width.map(|_| 18)));
            head.push_str("  ");
        }
        let left = self.left(&head);
        writeln!(out, "{head}{}", fit_to(&s.title, left))
    }

    /// The columns left after `head`, when there is a width to fit.
    fn left(&self, head: &str) -> Option<usize> {
        self.width.map(|w| w.saturating_sub(head.width()).max(10))
    }

    /// "Wed 20 Mar 11:15–11:50" in the display zone.
    fn when(&self, seen: &Seen) -> String {
        let tz = self.ctx.display_tz;
        let (start, end) = (seen.start.with_timezone(&tz), seen.end.with_timezone(&tz));
        if start.date_naive() == end.date_naive() {
            format!(
                "{}–{}",
                start.format("%a %-d %b %H:%M"),
                end.format("%H:%M")
            )
        } else {
            format!(
                "{}–{}",
                start.format("%a %-d %b %H:%M"),
                end.format("%a %-d %b %H:%M")
            )
        }
    }
}

fn quoted(text: &str) -> String {
    format!("\u{201c}{text}\u{201d}")
}
