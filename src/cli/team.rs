//! `hallway team add|list|remove|coverage`: your teammates and who covers what.

use std::io::Write;

use chrono::NaiveDate;
use serde_json::{Value, json};

use super::output::{Style, day_heading, rfc3339};
use super::{BadInput, Context};
use crate::plan::team::coverage::coverage;
use crate::plan::team::{Entry, TeamIndex, check_name, link};
use crate::team_store::{Loaded, Origin, Settings, TeamStore, read_share};
use crate::text::{DISPLAY_LINE, for_display};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: TeamCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum TeamCommand {
    /// Add (or update) a teammate from their share file or `hallway:` link.
    Add {
        /// The teammate's name as you want to see it.
        name: String,
        /// Their share file (from `hallway share`), or their `hallway:` link.
        #[arg(value_name = "FILE|LINK")]
        source: String,
    },
    /// Your teammates: who, from where, how many stars and notes, what did not match.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Forget a teammate added with `team add`.
    Remove { name: String },
    /// Who covers what, per time slot; interests nobody covers; your clashes a teammate covers.
    Coverage {
        /// Only this day: a date, a day number from 1, or a weekday.
        #[arg(long, value_name = "DATE|N")]
        day: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &Context, args: &Args) -> anyhow::Result<()> {
    match &args.command {
        TeamCommand::Add { name, source } => add(ctx, name, source),
        TeamCommand::List { json } => list(ctx, *json),
        TeamCommand::Remove { name } => remove(ctx, name),
        TeamCommand::Coverage { day, json } => show_coverage(ctx, day.as_deref(), *json),
    }
}

/// The team store of the open conference.
pub fn store(ctx: &Context) -> TeamStore {
    TeamStore::new(
        ctx.data.root(),
        &ctx.schedule.conference.id,
        ctx.team_dir.clone(),
    )
    .with_name(ctx.name.clone())
}

/// Your name: the config file's, else the one given last to `share --name`, else your login
/// name.
pub fn my_name(team: &TeamStore, settings: &Settings) -> anyhow::Result<String> {
    if let Some(name) = team.my_name(settings) {
        return Ok(name);
    }
    let login = super::context::login_name().unwrap_or_default();
    if check_name(&login).is_ok() {
        return Ok(login);
    }
    Err(
        BadInput("hallway does not know your name: pass --name NAME (it is remembered)".into())
            .into(),
    )
}

/// The team of the open conference, matched to its schedule; files that could not be used are
/// reported on standard error.
pub fn load(ctx: &Context) -> (TeamIndex, Loaded) {
    let team = store(ctx);
    let settings = team.settings();
    let me = my_name(&team, &settings).ok();
    let mut loaded = team.load(&ctx.schedule.conference, me.as_deref());
    for problem in &loaded.problems {
        eprintln!("hallway: warning: {problem}");
    }
    let shares = loaded.teammates.iter().map(|t| t.share.clone()).collect();
    let index = TeamIndex::new(&ctx.schedule, shares);
    loaded.problems.clear();
    (index, loaded)
}

fn add(ctx: &Context, name: &str, source: &str) -> anyhow::Result<()> {
    let name = name.trim();
    check_name(name)?;
    let mut share = if link::is_link(source) {
        link::decode(source)?
    } else {
        read_share(std::path::Path::new(source))?
    };
    let origin = if link::is_link(source) {
        "the link".to_string()
    } else {
        source.to_string()
    };
    share.check_conference(&ctx.schedule.conference, &origin)?;
    share.name = name.to_string();
    let team = store(ctx);
    if let Some(folder) = team.folder() {
        let theirs = folder.join(format!("{name}{}", crate::plan::team::share::FILE_SUFFIX));
        if theirs.exists() {
            eprintln!(
                "hallway: warning: the team folder already has {} (it wins over the copy added here)",
                theirs.display()
            );
        }
    }
    let (_, replaced) = team.add(&share)?;
    let index = TeamIndex::new(&ctx.schedule, vec![share]);
    let member = &index.members[0];
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{} {name}: {}{}",
        if replaced { "Updated" } else { "Added" },
        super::output::plural(member.starred.len(), "starred session", "starred sessions"),
        notes_summary(member)
    )?;
    write_unmatched(&mut out, ctx, member.name(), member.unmatched_entries())?;
    Ok(())
}

fn notes_summary(member: &crate::plan::team::Member) -> String {
    let notes = member
        .share
        .sessions
        .iter()
        .filter(|e| e.note.is_some())
        .count();
    if notes == 0 {
        String::new()
    } else {
        format!(", {}", super::output::plural(notes, "note", "notes"))
    }
}

fn write_unmatched<'a>(
    out: &mut impl Write,
    ctx: &Context,
    name: &str,
    entries: impl Iterator<Item = &'a Entry>,
) -> anyhow::Result<()> {
    let entries: Vec<&Entry> = entries.collect();
    if entries.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "  {} of {name}'s sessions are not in this schedule (kept, not matched):",
        entries.len()
    )?;
    for e in entries {
        let when = e.start.map_or(String::new(), |s| {
            format!(
                " ({})",
                s.with_timezone(&ctx.display_tz).format("%a %d %b %H:%M")
            )
        });
        writeln!(
            out,
            "    {}  {}{when}",
            e.id,
            for_display(e.label(), DISPLAY_LINE)
        )?;
    }
    Ok(())
}

fn entry_json(e: &Entry) -> Value {
    json!({
        "id": e.id,
        "guid": e.guid,
        "title": e.title,
        "start": e.start.map(|s| s.to_rfc3339()),
    })
}

fn origin_json(origin: &Origin) -> Value {
    json!({
        "kind": match origin { Origin::Added(_) => "added", Origin::Folder(_) => "team_folder" },
        "path": origin.path().display().to_string(),
    })
}

fn list(ctx: &Context, as_json: bool) -> anyhow::Result<()> {
    let (index, loaded) = load(ctx);
    let mut out = std::io::stdout().lock();
    if as_json {
        let items: Vec<Value> = index
            .members
            .iter()
            .map(|m| {
                let origin = loaded
                    .teammates
                    .iter()
                    .find(|t| t.share.name == m.name())
                    .map(|t| origin_json(&t.origin));
                json!({
                    "name": m.name(),
                    "initials": m.initials,
                    "source": origin,
                    "shared_at": m.share.shared_at.map(|t| t.to_rfc3339()),
                    "stars": m.starred.len(),
                    "notes": m.share.sessions.iter().filter(|e| e.note.is_some()).count(),
                    "ratings": m.share.sessions.iter().filter(|e| e.rating.is_some()).count(),
                    "interests": m.share.interests,
                    "rematched": m.rematched,
                    "unmatched": m.unmatched_entries().map(entry_json).collect::<Vec<_>>(),
                })
            })
            .collect();
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&json!({
                "conference": ctx.schedule.conference.id,
                "team_dir": ctx.team_dir.as_ref().map(|d| d.display().to_string()),
                "team": items,
            }))?
        )?;
        return Ok(());
    }
    if index.is_empty() {
        writeln!(
            out,
            "No teammates yet: `hallway team add NAME FILE|LINK`, or a team folder (--team-dir or HALLWAY_TEAM_DIR) holding their NAME.hallway-share.json."
        )?;
        return Ok(());
    }
    let style = Style::detect();
    for m in &index.members {
        let origin = loaded
            .teammates
            .iter()
            .find(|t| t.share.name == m.name())
            .map_or("", |t| t.origin.kind());
        let shared = m.share.shared_at.map_or(String::new(), |t| {
            format!(
                ", shared {}",
                t.with_timezone(&ctx.display_tz).format("%Y-%m-%d %H:%M")
            )
        });
        writeln!(
            out,
            "{}  ({})  {} starred{}  [{origin}{shared}]",
            style.bold(m.name()),
            m.initials,
            m.starred.len(),
            notes_summary(m)
        )?;
        if !m.share.interests.is_empty() {
            writeln!(out, "  interested in: {}", m.share.interests.join(", "))?;
        }
        write_unmatched(&mut out, ctx, m.name(), m.unmatched_entries())?;
    }
    Ok(())
}

fn remove(ctx: &Context, name: &str) -> anyhow::Result<()> {
    let name = name.trim();
    check_name(name)?;
    let team = store(ctx);
    if team.remove(name)? {
        writeln!(std::io::stdout().lock(), "Removed {name}.")?;
        return Ok(());
    }
    if let Some(folder) = team.folder() {
        let theirs = folder.join(format!("{name}{}", crate::plan::team::share::FILE_SUFFIX));
        if theirs.exists() {
            return Err(BadInput(format!(
                "{name} comes from the team folder ({}); hallway never deletes files there: {name} (or whoever keeps the folder) removes it",
                theirs.display()
            ))
            .into());
        }
    }
    Err(BadInput(format!(
        "no teammate named \"{name}\" was added (see `hallway team list`)"
    ))
    .into())
}

fn show_coverage(ctx: &Context, day: Option<&str>, as_json: bool) -> anyhow::Result<()> {
    /// Uncovered sessions listed per interest in text (JSON lists them all).
    const SHOWN: usize = 8;
    let sch = &ctx.schedule;
    let day: Option<NaiveDate> = day.map(|d| super::list::parse_day(sch, d)).transpose()?;
    let (index, _) = load(ctx);
    let team = store(ctx);
    let settings = team.settings();
    let me = my_name(&team, &settings).unwrap_or_else(|_| "you".into());
    let interests = settings
        .interests
        .get(&sch.conference.id)
        .cloned()
        .unwrap_or_default();
    let agenda = ctx.agenda()?;
    let mine: Vec<usize> = agenda
        .stars
        .iter()
        .filter_map(|id| sch.find(id).map(|(p, _)| p))
        .collect();
    let cov = coverage(sch, &index, &mine, &interests, &me);
    let on_day = |p: usize| day.is_none_or(|d| sch.session(p).day == d);
    let names = |members: &[u16]| -> Vec<&str> {
        members
            .iter()
            .map(|&m| index.members[usize::from(m)].name())
            .collect()
    };
    let mut out = std::io::stdout().lock();
    if as_json {
        let slots: Vec<Value> = cov
            .slots
            .iter()
            .filter(|s| s.sessions.first().is_some_and(|c| on_day(c.session)))
            .map(|slot| {
                json!({
                    "start": rfc3339(&slot.start),
                    "day": sch.session(slot.sessions[0].session).day.to_string(),
                    "sessions": slot.sessions.iter().map(|c| {
                        let s = sch.session(c.session);
                        json!({
                            "id": s.id,
                            "title": s.title,
                            "room": s.room.map(|r| sch.room(r).name.as_str()),
                            "end": rfc3339(&s.end),
                            "you": c.you,
                            "team": names(&c.members),
                        })
                    }).collect::<Vec<_>>(),
                })
            })
            .collect();
        let clashes: Vec<Value> = cov
            .clashes
            .iter()
            .filter(|c| on_day(c.take))
            .map(|c| {
                json!({
                    "sessions": c.sessions.iter().map(|&p| json!({
                        "id": sch.session(p).id,
                        "title": sch.session(p).title,
                        "team": index.names_at(p),
                    })).collect::<Vec<_>>(),
                    "take": sch.session(c.take).id,
                    "free": names(&c.free),
                    "suggestion": c.suggestion,
                })
            })
            .collect();
        let gaps: Vec<Value> = cov
            .gaps
            .iter()
            .map(|g| {
                json!({
                    "interest": g.interest,
                    "track": g.track,
                    "marked_by": g.marked_by,
                    "sessions": g.total,
                    "uncovered": g.uncovered.iter().copied().filter(|&p| on_day(p)).map(|p| {
                        let s = sch.session(p);
                        json!({"id": s.id, "title": s.title, "start": rfc3339(&s.start)})
                    }).collect::<Vec<_>>(),
                })
            })
            .collect();
        let unmatched: Vec<Value> = index
            .members
            .iter()
            .flat_map(|m| {
                m.unmatched_entries().map(|e| {
                    let mut v = entry_json(e);
                    v["name"] = m.name().into();
                    v
                })
            })
            .collect();
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&json!({
                "conference": sch.conference.id,
                "you": me,
                "team": index.members.iter().map(crate::plan::team::Member::name).collect::<Vec<_>>(),
                "slots": slots,
                "clashes": clashes,
                "uncovered_interests": gaps,
                "unmatched": unmatched,
            }))?
        )?;
        return Ok(());
    }

    let style = Style::detect();
    if index.is_empty() {
        writeln!(
            out,
            "No teammates yet: `hallway team add NAME FILE|LINK`, or a team folder (--team-dir or HALLWAY_TEAM_DIR).\n"
        )?;
    } else {
        let team_line: Vec<String> = index
            .members
            .iter()
            .map(|m| format!("{} ({})", m.name(), m.initials))
            .collect();
        writeln!(out, "Team: {}; you are {me}.\n", team_line.join(", "))?;
    }
    let mut current: Option<NaiveDate> = None;
    for slot in &cov.slots {
        let first = sch.session(slot.sessions[0].session);
        if !on_day(slot.sessions[0].session) {
            continue;
        }
        if current != Some(first.day) {
            if current.is_some() {
                writeln!(out)?;
            }
            writeln!(out, "{}", style.bold(&day_heading(first.day)))?;
            current = Some(first.day);
        }
        for (k, c) in slot.sessions.iter().enumerate() {
            let s = sch.session(c.session);
            let time = if k == 0 {
                slot.start
                    .with_timezone(&ctx.display_tz)
                    .format("%H:%M")
                    .to_string()
            } else {
                String::new()
            };
            let mut who: Vec<&str> = Vec::new();
            if c.you {
                who.push("you");
            }
            who.extend(names(&c.members));
            let room = sch.room_name(s);
            writeln!(
                out,
                "  {time:<5}  {}{}  {}",
                crate::text::fit(&s.title, 50),
                if room.is_empty() {
                    String::new()
                } else {
                    style.dim(&format!(" [{}]", crate::text::fit(room, 18)))
                },
                who.join(", ")
            )?;
        }
    }
    if cov.slots.is_empty() {
        writeln!(out, "Nobody on the team has starred anything yet.")?;
    }
    let clashes: Vec<_> = cov.clashes.iter().filter(|c| on_day(c.take)).collect();
    if !clashes.is_empty() {
        writeln!(out, "\n{}", style.bold("Your clashes"))?;
        for c in clashes {
            let s = sch.session(c.sessions[0]);
            writeln!(
                out,
                "  {}: {}",
                s.start.with_timezone(&ctx.display_tz).format("%a %H:%M"),
                c.suggestion
            )?;
        }
    }
    if !cov.gaps.is_empty() {
        writeln!(out, "\n{}", style.bold("Interests nobody covers"))?;
        for g in &cov.gaps {
            let uncovered: Vec<usize> =
                g.uncovered.iter().copied().filter(|&p| on_day(p)).collect();
            let what = if g.track { "track" } else { "topic" };
            if g.total == 0 {
                writeln!(
                    out,
                    "  {} ({what}, marked by {}): no session matches it",
                    g.interest,
                    g.marked_by.join(", ")
                )?;
                continue;
            }
            let count = if day.is_some() {
                format!(
                    "{} this day nobody covers ({} of {} in all)",
                    uncovered.len(),
                    g.uncovered.len(),
                    g.total
                )
            } else {
                format!(
                    "{} of {} sessions nobody covers",
                    g.uncovered.len(),
                    g.total
                )
            };
            writeln!(
                out,
                "  {} ({what}, marked by {}): {count}",
                g.interest,
                g.marked_by.join(", "),
            )?;
            for &p in uncovered.iter().take(SHOWN) {
                let s = sch.session(p);
                writeln!(
                    out,
                    "    {}  {}",
                    s.start.with_timezone(&ctx.display_tz).format("%a %H:%M"),
                    crate::text::fit(&s.title, 60)
                )?;
            }
            if uncovered.len() > SHOWN {
                writeln!(
                    out,
                    "    … and {} more (--json lists them all)",
                    uncovered.len() - SHOWN
                )?;
            }
        }
    }
    for m in &index.members {
        write_unmatched(&mut out, ctx, m.name(), m.unmatched_entries())?;
    }
    Ok(())
}
