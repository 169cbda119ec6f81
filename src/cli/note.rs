//! `hallway note ID`: print, append to, or edit a session's notes; `hallway rate` and
//! `hallway attended`.

use std::io::Write;
use std::process::Command;

use anyhow::Context as _;

use super::{BadInput, Context};
use crate::plan::Change;
use crate::plan::agenda::rating;
use crate::plan::changes::remember;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The session's id.
    pub id: String,
    /// Append this text as a new line.
    #[arg(long, value_name = "TEXT", conflicts_with = "edit")]
    pub append: Option<String>,
    /// Edit the notes in $VISUAL or $EDITOR.
    #[arg(long)]
    pub edit: bool,
}

pub fn run(ctx: &Context, args: &Args) -> anyhow::Result<()> {
    let index = ctx.find(&args.id)?;
    let session = ctx.schedule.session(index);
    let agenda = ctx.agenda()?;
    let current = agenda.note(&session.id).unwrap_or("").to_string();
    let new_text = if let Some(line) = &args.append {
        if current.is_empty() {
            line.clone()
        } else {
            format!("{}\n{line}", current.trim_end_matches('\n'))
        }
    } else if args.edit {
        edit(&current)?
    } else {
        if !current.is_empty() {
            let mut out = std::io::stdout().lock();
            writeln!(out, "{}", current.trim_end_matches('\n'))?;
        }
        return Ok(());
    };
    let mut changes = vec![Change::SetNote {
        id: session.id.clone(),
        text: new_text.clone(),
        at: ctx.now,
    }];
    if session.is_on_at(ctx.now, chrono::Duration::minutes(10)) && !new_text.trim().is_empty() {
        changes.push(Change::Attended {
            id: session.id.clone(),
            attended: true,
        });
    }
    if !new_text.trim().is_empty() {
        // A noted session is followed like a starred one.
        changes.extend(remember(&ctx.schedule, &agenda, [session.id.as_str()]));
    }
    ctx.store.apply(&changes)?;
    Ok(())
}

/// Opens $VISUAL or $EDITOR on the text in a private temporary file; returns what was saved.
fn edit(text: &str) -> anyhow::Result<String> {
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|e| !e.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|e| !e.trim().is_empty())
        })
        .ok_or_else(|| BadInput("set $VISUAL or $EDITOR to edit notes (or use --append)".into()))?;
    let dir = std::env::temp_dir();
    let path = dir.join(format!("hallway-note-{}.md", std::process::id()));
    // Editors expect a final newline; it is taken off again after editing.
    let initial = if text.is_empty() {
        String::new()
    } else {
        format!("{text}\n")
    };
    crate::store::write_atomic(&path, initial.as_bytes())?;
    // The editor may be a command with arguments ("code --wait"): let the shell split it.
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(&path)
        .status()
        .with_context(|| format!("cannot run the editor \"{editor}\""));
    let result = match status {
        Ok(s) if s.success() => {
            std::fs::read_to_string(&path).context("cannot read the edited notes back")
        }
        Ok(s) => Err(anyhow::anyhow!(
            "the editor exited with {s}; the notes were not changed"
        )),
        Err(e) => Err(e),
    };
    let _ = std::fs::remove_file(&path);
    Ok(result?.trim_end_matches('\n').to_string())
}

#[derive(Debug, clap::Args)]
pub struct RateArgs {
    /// The session's id.
    pub id: String,
    /// 1 to 5.
    #[arg(required_unless_present = "clear", allow_hyphen_values = true)]
    pub rating: Option<String>,
    /// Remove the rating.
    #[arg(long, conflicts_with = "rating")]
    pub clear: bool,
}

pub fn rate(ctx: &Context, args: &RateArgs) -> anyhow::Result<()> {
    let index = ctx.find(&args.id)?;
    let stars = match &args.rating {
        Some(text) => {
            let value: i64 = text.trim().parse().map_err(|_| {
                BadInput(format!(
                    "a rating is a whole number from 1 to 5, not \"{text}\""
                ))
            })?;
            Some(rating(value).map_err(|e| BadInput(e.to_string()))?)
        }
        None => None,
    };
    let id = ctx.schedule.session(index).id.clone();
    ctx.store.apply(&[Change::Rate { id, stars }])?;
    Ok(())
}

#[derive(Debug, clap::Args)]
pub struct AttendedArgs {
    /// Session ids.
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,
    /// Unmark them.
    #[arg(long)]
    pub not: bool,
}

pub fn attended(ctx: &Context, args: &AttendedArgs) -> anyhow::Result<()> {
    let mut changes = Vec::new();
    for id in &args.ids {
        ctx.find(id)?;
        changes.push(Change::Attended {
            id: id.clone(),
            attended: !args.not,
        });
    }
    ctx.store.apply(&changes)?;
    Ok(())
}
