//! `hallway share`: your share file (or link) for your team.

use std::io::Write;
use std::path::PathBuf;

use super::output::plural;
use super::team::{my_name, store};
use super::{BadInput, Context};
use crate::plan::team::{Share, ShareOptions, check_name, link};

#[derive(Debug, clap::Args)]
#[allow(clippy::struct_excessive_bools)] // clap flags
pub struct Args {
    /// Your name as the team sees it (remembered). Default: the name given last, else your
    /// login name.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Also share your notes and ratings (never shared without this).
    #[arg(long, conflicts_with = "link")]
    pub notes: bool,
    /// Print one short `hallway:` line (your stars only) to paste in a chat message.
    #[arg(long, conflicts_with_all = ["output", "to_team"])]
    pub link: bool,
    /// Write your share file into the team folder as NAME.hallway-share.json.
    #[arg(long, conflicts_with = "output")]
    pub to_team: bool,
    /// Write the share file here (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// A track or topic you find interesting (repeatable; remembered for this conference):
    /// `team coverage` lists its sessions nobody covers.
    #[arg(long, value_name = "TRACK|TOPIC")]
    pub interest: Vec<String>,
    /// Forget the interests remembered for this conference.
    #[arg(long, conflicts_with = "interest")]
    pub no_interests: bool,
}

pub fn run(ctx: &Context, args: &Args) -> anyhow::Result<()> {
    let team = store(ctx);
    let mut settings = team.settings();
    let name = match &args.name {
        Some(name) => {
            let name = name.trim().to_string();
            check_name(&name)?;
            if let Some(configured) = ctx.name.as_ref().filter(|c| **c != name) {
                eprintln!(
                    "hallway: note: sharing as {name} this time; your config file's name, \
                     {configured}, is the one used without --name"
                );
            }
            name
        }
        None => my_name(&team, &settings)?,
    };
    let conference = ctx.schedule.conference.id.clone();
    let mut interests = settings
        .interests
        .get(&conference)
        .cloned()
        .unwrap_or_default();
    if args.no_interests {
        interests.clear();
    } else if !args.interest.is_empty() {
        interests = args
            .interest
            .iter()
            .map(|i| crate::text::clean_line(i))
            .filter(|i| !i.is_empty())
            .collect();
    }
    let remembered = settings.clone();
    settings.name = Some(name.clone());
    if interests.is_empty() {
        settings.interests.remove(&conference);
    } else {
        settings.interests.insert(conference, interests.clone());
    }
    if settings != remembered {
        // Remembering is a convenience: failing to must not fail the share.
        if let Err(e) = team.save_settings(&settings) {
            eprintln!("hallway: warning: your name and interests were not remembered: {e}");
        }
    }

    let agenda = ctx.agenda()?;
    let share = Share::of(
        &ctx.schedule,
        &agenda,
        &name,
        ShareOptions {
            notes: args.notes,
            url: source_url(ctx),
            interests,
            at: ctx.now,
        },
    );
    let stars = share.stars().count();
    if stars == 0 && !args.notes {
        eprintln!("hallway: warning: you have starred no sessions, so your share is empty");
    }
    if args.link {
        let line = link::encode(&share);
        writeln!(std::io::stdout().lock(), "{line}")?;
        eprintln!(
            "hallway: {} as {name}; {} characters (a link carries stars only, never notes)",
            plural(stars, "starred session", "starred sessions"),
            line.chars().count()
        );
        return Ok(());
    }
    let what = if args.notes {
        let notes = share.sessions.iter().filter(|e| e.note.is_some()).count();
        let ratings = share.sessions.iter().filter(|e| e.rating.is_some()).count();
        format!(
            "{}, {} and {}",
            plural(stars, "starred session", "starred sessions"),
            plural(notes, "note", "notes"),
            plural(ratings, "rating", "ratings")
        )
    } else {
        format!(
            "{} (no notes: add --notes to share them)",
            plural(stars, "starred session", "starred sessions")
        )
    };
    let text = share.to_json();
    if args.to_team {
        let folder = team.folder().ok_or_else(|| {
            BadInput(
                "no team folder: pass --team-dir DIR or set HALLWAY_TEAM_DIR (a folder your team syncs)"
                    .into(),
            )
        })?;
        let path = team.write_own(folder, &share)?;
        eprintln!("hallway: shared {what} as {name} in {}", path.display());
        return Ok(());
    }
    match &args.output {
        Some(path) if path.as_os_str() != "-" => {
            super::output::write_output(path, text.as_bytes())?;
            eprintln!("hallway: shared {what} as {name} in {}", path.display());
        }
        _ => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(())
}

/// The URL the open schedule was fetched from: its own when it was opened by URL, else the URL
/// of a fetched copy of the same conference, if there is one.
fn source_url(ctx: &Context) -> Option<String> {
    match &ctx.source {
        crate::opened::Source::Remote { url, .. } => Some(url.clone()),
        crate::opened::Source::File(path) => {
            let copies = crate::remote::RemoteStore::new(ctx.data.root()).all();
            copies
                .iter()
                .find(|c| &c.path() == path)
                .or_else(|| {
                    copies
                        .iter()
                        .find(|c| c.meta.conference.id == ctx.schedule.conference.id)
                })
                .map(|c| c.meta.url.clone())
        }
        crate::opened::Source::Demo | crate::opened::Source::Stdin => None,
    }
}
