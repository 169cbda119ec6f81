//! `hallway note ID`: print, append to, or edit a session's notes; `hallway rate` and
//! `hallway attended`.

use std::io::Write;
use std::process::Command;

use super::output::{self, acted_on};
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
    let index = super::ids::resolve(ctx, &args.id)?;
    let session = ctx.schedule.session(index);
    let agenda = ctx.agenda()?;
    let current = agenda.note(&session.id).unwrap_or("").to_string();
    let (change, typed) = if let Some(line) = &args.append {
        // Appended to the note as it is under the lock, not as read here: appends made at once
        // all stay.
        let change = Change::AppendNote {
            id: session.id.clone(),
            text: line.clone(),
            at: ctx.now,
        };
        (change, line.clone())
    } else if args.edit {
        let editor = editor()?;
        let edited = match edit(&editor, &current) {
            Ok(text) => text,
            Err(EditFailed { why, left }) => {
                return Err(match left.filter(|t| *t != current) {
                    Some(text) => keep(ctx, &session.id, &text, &why),
                    None => anyhow::anyhow!("{why}; the notes were not changed"),
                });
            }
        };
        // Merged with what was saved while the editor was open (an append from another
        // terminal, the interface's editor).
        let change = Change::SetNote {
            id: session.id.clone(),
            base: current.clone(),
            text: edited.clone(),
            at: ctx.now,
        };
        (change, edited)
    } else {
        if !current.is_empty() {
            let mut out = std::io::stdout().lock();
            writeln!(
                out,
                "{}",
                crate::text::clean(current.trim_end_matches('\n'))
            )?;
        }
        return Ok(());
    };
    // Notes never mark the session attended: only `hallway attended` (or `a`) does.
    let mut changes = vec![change];
    if !typed.trim().is_empty() {
        // A noted session is followed like a starred one.
        changes.extend(remember(&ctx.schedule, &agenda, [session.id.as_str()]));
    }
    let after = match super::save(ctx, &changes) {
        Ok(after) => after,
        // What was typed in the editor is not lost with the save.
        Err(e) if args.edit => return Err(keep(ctx, &session.id, &typed, &format!("{e:#}"))),
        Err(e) => return Err(e),
    };
    // Compared with what was typed as the store keeps it (cleaned of escape sequences and
    // controls): a pasted colour code is not a change made elsewhere.
    let kept = crate::text::clean(&typed);
    let kept = if kept.trim().is_empty() {
        ""
    } else {
        kept.trim_end_matches('\n')
    };
    if args.edit && after.note(&session.id).unwrap_or("") != kept {
        eprintln!(
            "hallway: the notes changed elsewhere while the editor was open; both were kept (`hallway note {}` shows them)",
            session.id
        );
    }
    let what = if args.append.is_some() {
        "added a line to your notes on"
    } else if typed.trim_end_matches('\n') == current.trim_end_matches('\n') {
        "your notes are unchanged on"
    } else if typed.trim().is_empty() {
        "removed your notes on"
    } else {
        "saved your notes on"
    };
    writeln!(
        std::io::stdout().lock(),
        "{what} {}",
        acted_on(ctx, session)
    )?;
    Ok(())
}

/// Writes text that could not be saved to a recovery file beside the agenda; the error says
/// why and where it is.
fn keep(ctx: &Context, id: &str, text: &str, why: &str) -> anyhow::Error {
    match ctx.store.write_recovery(id, text, ctx.now) {
        Ok(path) => anyhow::anyhow!(
            "{why}; the notes were not changed, and the text from the editor is kept in {}",
            path.display()
        ),
        Err(e) => anyhow::anyhow!(
            "{why}; the notes were not changed, and the text from the editor could not be kept either ({e})"
        ),
    }
}

/// Why editing did not give a text to save, and what the editor left in its file, if anything.
struct EditFailed {
    why: String,
    left: Option<String>,
}

/// $VISUAL, else $EDITOR.
fn editor() -> Result<String, BadInput> {
    std::env::var("VISUAL")
        .ok()
        .filter(|e| !e.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|e| !e.trim().is_empty())
        })
        .ok_or_else(|| BadInput("set $VISUAL or $EDITOR to edit notes (or use --append)".into()))
}

/// Opens the editor on the text in a private temporary file; returns what was saved.
fn edit(editor: &str, text: &str) -> Result<String, EditFailed> {
    let failed = |why: String| EditFailed { why, left: None };
    // Editors expect a final newline; it is taken off again after editing.
    let initial = if text.is_empty() {
        String::new()
    } else {
        format!("{text}\n")
    };
    let path = private_temp_file(initial.as_bytes())
        .map_err(|e| failed(format!("cannot write the notes to a temporary file: {e}")))?;
    // The editor may be a command with arguments ("code --wait"): let the shell split it.
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(&path)
        .status();
    let left = std::fs::read_to_string(&path)
        .ok()
        .map(|t| t.trim_end_matches('\n').to_string());
    let _ = std::fs::remove_file(&path);
    match status {
        Ok(s) if s.success() => {
            left.ok_or_else(|| failed("cannot read the edited notes back".into()))
        }
        Ok(s) => Err(EditFailed {
            why: format!("the editor exited with {s}"),
            left,
        }),
        Err(e) => Err(failed(format!(
            "cannot run the editor {}: {e}",
            crate::text::quote(editor)
        ))),
    }
}

/// A new file only this user can read, in the temporary folder, created exclusively (never
/// through a link someone else put there).
fn private_temp_file(bytes: &[u8]) -> std::io::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    for n in 0..100u32 {
        let path = dir.join(format!(
            "hallway-note-{}-{:08x}.md",
            std::process::id(),
            nanos.wrapping_add(n.wrapping_mul(0x9e37_79b9))
        ));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        match options.open(&path) {
            Ok(mut file) => {
                file.write_all(bytes)?;
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        "no free temporary file name",
    ))
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
    let index = super::ids::resolve(ctx, &args.id)?;
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
    let session = ctx.schedule.session(index);
    super::save(
        ctx,
        &[Change::Rate {
            id: session.id.clone(),
            stars,
        }],
    )?;
    let what = match stars {
        Some(r) => format!("rated {}", output::stars(r)),
        None => "cleared the rating of".to_string(),
    };
    writeln!(
        std::io::stdout().lock(),
        "{what} {}",
        acted_on(ctx, session)
    )?;
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
    let ids = super::ids::resolve_all(ctx, &args.ids)?;
    let changes: Vec<Change> = ids
        .iter()
        .map(|id| Change::Attended {
            id: id.clone(),
            attended: !args.not,
        })
        .collect();
    super::save(ctx, &changes)?;
    let mut out = std::io::stdout().lock();
    let what = if args.not {
        "no longer marked attended:"
    } else {
        "marked attended:"
    };
    for id in &ids {
        if let Some((_, s)) = ctx.schedule.find(id) {
            writeln!(out, "{what} {}", acted_on(ctx, s))?;
        }
    }
    Ok(())
}
