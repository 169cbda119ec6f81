//! `hallway refresh`: ask the server whether the schedule in use changed, and take the new
//! version if it is a good one.
//!
//! The request is conditional (the copy's `ETag` and `Last-Modified`); nothing is parsed unless
//! the server sends new bytes, so checking costs a request and a small write. The change counts
//! are those `hallway changes` lists for your starred and noted sessions, worked out on a new
//! version; "unchanged" reports none (nothing arrived to change anything).

use std::io::Write;

use anyhow::Context as _;
use chrono::Utc;
use serde_json::{Value, json};

use super::output::{Style, wrap};
use super::{BadInput, GlobalArgs, context};
use crate::fetch::shown;
use crate::formats::LoadOptions;
use crate::library::{self, Origin};
use crate::plan::changes::detect;
use crate::remote::{self, Outcome, RemoteStore};
use crate::store::{AgendaStore, DataDir};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print a JSON object: status (updated, unchanged or failed), the HTTP status, the source
    /// URL, when the copy in use was fetched, and the changes to your sessions (changed,
    /// cancelled, new).
    #[arg(long)]
    pub json: bool,
}

pub fn run(global: &GlobalArgs, args: &Args) -> anyhow::Result<()> {
    let data = DataDir::new(context::data_dir()?);
    let url = url_in_use(global, &data)?;
    let now = global
        .now
        .map_or_else(Utc::now, |t| t.approximate(Utc::now()));
    let store = RemoteStore::new(data.root());
    let existing = store.get(&url)?;
    let options = LoadOptions {
        tz: data.given_zone(Some(&url), global.tz),
    };
    let client = context::fetch_client();
    let result = remote::fetch(&store, &client, &url, existing.as_ref(), now, options);
    let mut out = std::io::stdout().lock();
    let style = Style::detect();
    let width = style.width;
    match result {
        Ok(outcome) => {
            let (status, counts) = match &outcome {
                Outcome::Updated { schedule, copy, .. } => {
                    let _ = library::record(&data, schedule, Origin::Url(url.clone()));
                    let store = match &global.agenda {
                        Some(path) => AgendaStore::new(path, copy.meta.conference.id.clone()),
                        None => data.agenda_store(schedule)?,
                    };
                    let agenda = store.load()?;
                    let changes = detect(schedule, &agenda);
                    (
                        "updated",
                        [
                            changes.changed.len(),
                            changes.cancelled.len(),
                            changes.new.len(),
                        ],
                    )
                }
                Outcome::Unchanged { .. } => ("unchanged", [0; 3]),
            };
            let copy = outcome.copy();
            if args.json {
                let doc = document(
                    status,
                    Some(outcome.http_status()),
                    &url,
                    Some(copy),
                    counts,
                );
                writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
                return Ok(());
            }
            let title = &copy.meta.conference.title;
            let line = if status == "updated" {
                let [changed, cancelled, new] = counts;
                let yours = if changed + cancelled + new == 0 {
                    "nothing changed for your sessions".to_string()
                } else {
                    format!(
                        "for your sessions: {changed} changed, {cancelled} cancelled, {new} new (`hallway changes` lists them)"
                    )
                };
                format!("Updated {title} from {}: {yours}.", shown(&url))
            } else {
                format!(
                    "Unchanged: the copy of {title} fetched {} is current (HTTP {}).",
                    remote::fetched_when(copy, now),
                    outcome.http_status()
                )
            };
            for l in wrap(&line, width) {
                writeln!(out, "{l}")?;
            }
            Ok(())
        }
        Err(e) => {
            // The copy in use (if any) is untouched; say so, then fail with the reason.
            let copy = store.get(&url).ok().flatten();
            if args.json {
                let doc = document("failed", e.http_status(), &url, copy.as_ref(), [0; 3]);
                writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
            } else if let Some(copy) = &copy {
                let line = format!(
                    "Not refreshed: the copy fetched {} stays in use.",
                    remote::fetched_when(copy, now)
                );
                for l in wrap(&line, width) {
                    writeln!(out, "{l}")?;
                }
            }
            Err(e).context("refreshing the schedule failed")
        }
    }
}

fn document(
    status: &str,
    http_status: Option<u16>,
    url: &str,
    copy: Option<&remote::Copy>,
    [changed, cancelled, new]: [usize; 3],
) -> Value {
    json!({
        "status": status,
        "http_status": http_status,
        "source": url,
        "fetched_at": copy.map(|c| c.meta.fetched_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        "changes": {"changed": changed, "cancelled": cancelled, "new": new},
    })
}

/// The URL of the schedule in use: `-s` (a URL or a conference id), else the one opened last.
fn url_in_use(global: &GlobalArgs, data: &DataDir) -> anyhow::Result<String> {
    let named = global.schedule.clone().or_else(|| data.last_schedule());
    let Some(named) = named else {
        return Err(BadInput(
            "no schedule from the web is in use: open one with `hallway URL` first".into(),
        )
        .into());
    };
    // A conference id from `hallway conferences` stands for its URL.
    let text = library::resolve(&named, data).to_string_lossy().to_string();
    if crate::fetch::is_url(&text) {
        return Ok(text);
    }
    Err(BadInput(format!(
        "the schedule in use ({}) is a file, not a web address: only schedules opened from a URL can be refreshed",
        crate::text::clean_line(&text)
    ))
    .into())
}
