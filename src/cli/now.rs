//! `hallway now`: what is on now and next in every room, with crowding markers.

use std::io::Write;

use serde_json::json;

use super::Context;
use super::output::{Columns, Style, session_json, session_row};
use crate::plan::now::NowIndex;
use crate::plan::{RiskLevel, crowding};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print `{"now":[...],"next":[...]}` with the fields of `list --json`.
    #[arg(long)]
    pub json: bool,
}

/// The crowding marker shown after a row (the interface's glyphs).
pub fn marker(level: RiskLevel) -> &'static str {
    match level {
        RiskLevel::Unknown | RiskLevel::Low => "",
        RiskLevel::Filling => "◐",
        RiskLevel::Full => "●",
        RiskLevel::Overflow => "▲",
    }
}

pub fn run(ctx: &Context, args: &Args) -> anyhow::Result<()> {
    let sch = &ctx.schedule;
    let agenda = ctx.agenda()?;
    let nn = NowIndex::new(sch).now_next(sch, ctx.now);
    let risks = crowding::assess(sch);
    let mut out = std::io::stdout().lock();
    if args.json {
        let items = |list: &[usize]| -> Vec<serde_json::Value> {
            list.iter()
                .map(|&i| session_json(ctx, &agenda, sch.session(i), &risks[i]))
                .collect()
        };
        let doc = json!({"now": items(&nn.now), "next": items(&nn.next)});
        writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        return Ok(());
    }
    // Fitted to the terminal (two columns short, for the marker); in a pipe or a file nothing
    // is cut, as in every other listing (`now | grep` must find the whole title).
    let detected = Style::detect();
    let style = Style {
        width: detected.width.map(|w| w.saturating_sub(2)),
        ..detected
    };
    let local = ctx.now.with_timezone(&ctx.display_tz);
    let all = nn.now.iter().chain(&nn.next).map(|&i| sch.session(i));
    let cols = Columns::for_sessions(ctx, all, style);
    let section = Section {
        ctx,
        agenda: &agenda,
        risks: &risks,
        cols,
        style,
    };
    section.write(
        &mut out,
        &format!("Now, {}", local.format("%a %-d %b %H:%M")),
        &nn.now,
        "nothing is running",
    )?;
    writeln!(out)?;
    let next_title = match nn.next.first() {
        Some(&i) if sch.session(i).day != sch.day_at(ctx.now) => {
            format!("Next, {}", sch.session(i).day.format("%A %-d %B"))
        }
        _ => "Next".to_string(),
    };
    section.write(
        &mut out,
        &next_title,
        &nn.next,
        "nothing more in this schedule",
    )?;
    if nn
        .now
        .iter()
        .chain(&nn.next)
        .any(|&i| risks[i].level != RiskLevel::Low)
    {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            style.dim("◐ filling  ● full: arrive 10 min early  ▲ overflow: arrive 15 min early")
        )?;
    }
    Ok(())
}

/// One titled list of rows.
struct Section<'a> {
    ctx: &'a Context,
    agenda: &'a crate::plan::Agenda,
    risks: &'a [crate::plan::Risk],
    cols: Columns,
    /// Rows are fitted two columns short, for the marker.
    style: Style,
}

impl Section<'_> {
    fn write(
        &self,
        out: &mut impl Write,
        title: &str,
        list: &[usize],
        empty: &str,
    ) -> std::io::Result<()> {
        let style = self.style;
        writeln!(out, "{}", style.bold(title))?;
        if list.is_empty() {
            writeln!(out, "  {}", style.dim(empty))?;
        }
        for &i in list {
            let s = self.ctx.schedule.session(i);
            let row = session_row(self.ctx, self.agenda, s, self.cols, style);
            let mark = marker(self.risks[i].level);
            if mark.is_empty() {
                writeln!(out, "{row}")?;
            } else {
                writeln!(out, "{row} {}", style.warn(mark))?;
            }
        }
        Ok(())
    }
}
