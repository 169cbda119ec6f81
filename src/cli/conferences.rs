//! `hallway conferences`: the conferences you have, newest first, with where each schedule comes
//! from and how much of it you planned. `-s ID` opens one of them by its id.

use std::io::Write;

use chrono::{SecondsFormat, Utc};
use serde_json::{Value, json};

use super::output::{Style, fit_to, pad_whole};
use super::{GlobalArgs, context};
use crate::library::{self, Listed, Origin};
use crate::store::DataDir;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print a JSON array, one object per conference: id, title, start and end date, source
    /// (file or URL) and its kind, when it was fetched, stars and notes.
    #[arg(long)]
    pub json: bool,
}

pub fn run(global: &GlobalArgs, args: &Args) -> anyhow::Result<()> {
    let data = DataDir::new(context::data_dir()?);
    let all = library::list(&data);
    let mut out = std::io::stdout().lock();
    if args.json {
        let doc: Vec<Value> = all.iter().map(to_json).collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        return Ok(());
    }
    if all.is_empty() {
        writeln!(
            out,
            "No conferences yet: open a schedule file or URL (`hallway FILE`, `hallway URL`)."
        )?;
        return Ok(());
    }
    let now = global
        .now
        .map_or_else(Utc::now, |t| t.approximate(Utc::now()));
    let style = Style::detect();
    // In a pipe nothing is cut (`width` is `None`).
    let width = style.width;
    let id_width = all
        .iter()
        .map(|l| crate::text::width_of(&l.entry.id))
        .max()
        .unwrap_or(2)
        .max(2);
    for l in &all {
        let e = &l.entry;
        let dates = if e.start_date == e.end_date {
            e.start_date.format("%Y-%m-%d").to_string()
        } else {
            format!(
                "{} – {}",
                e.start_date.format("%Y-%m-%d"),
                e.end_date.format("%m-%d")
            )
        };
        let counts = format!("★{:<3} ✎{:<3}", l.stars, l.notes);
        // Ids are never cut: they are what `-s ID` takes.
        let head = format!("{}  {dates:<18}  {counts}  ", pad_whole(&e.id, id_width));
        let left = width.map(|w| w.saturating_sub(crate::text::width_of(&head)).max(20));
        writeln!(out, "{head}{}", style.bold(&fit_to(&e.title, left)))?;
        let source = match (&e.origin, l.fetched_at) {
            (Origin::Url(url), Some(at)) => format!(
                "{}  (fetched {})",
                crate::fetch::shown(url),
                crate::remote::age(at, now)
            ),
            (Origin::Url(url), None) => crate::fetch::shown(url),
            (Origin::File(path), _) => crate::text::clean_line(&path.display().to_string()),
        };
        let indent = " ".repeat(id_width + 2);
        writeln!(
            out,
            "{indent}{}",
            style.dim(&fit_to(
                &source,
                width.map(|w| w.saturating_sub(id_width + 2).max(20))
            ))
        )?;
    }
    Ok(())
}

fn to_json(l: &Listed) -> Value {
    let e = &l.entry;
    let (kind, source) = match &e.origin {
        Origin::File(p) => ("file", p.display().to_string()),
        Origin::Url(u) => ("url", u.clone()),
    };
    json!({
        "id": e.id,
        "title": e.title,
        "start_date": e.start_date.format("%Y-%m-%d").to_string(),
        "end_date": e.end_date.format("%Y-%m-%d").to_string(),
        "source": source,
        "source_kind": kind,
        "fetched_at": l.fetched_at.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true)),
        "stars": l.stars,
        "notes": l.notes,
    })
}
