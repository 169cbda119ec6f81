//! The command line: arguments (clap), the shared context (schedule, agenda, clock), dispatch,
//! and the mapping of errors to exit codes (0 success, 2 bad input, 1 anything else).
//!
//! Each subcommand lives in its own module with its `Args` and its `run`.

mod agenda;
mod changes;
mod check;
mod conferences;
mod config;
mod conflicts;
mod context;
mod convert;
mod export;
mod ids;
mod list;
mod note;
mod now;
mod output;
mod refresh;
mod share;
mod shell;
mod show;
mod star;
mod team;
mod when;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono_tz::Tz;
use clap::{Parser, Subcommand};

pub use context::Context;

/// Exit code for bad input (arguments, files, ids).
pub const EXIT_BAD_INPUT: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "hallway",
    version,
    about = "A terminal conference planner: browse a schedule, star sessions, see conflicts, take notes.",
    long_about = "A terminal conference planner.\n\nWith no command, opens the schedule in the terminal interface: the file given, else the \
                  schedule opened last, else the bundled KubeCon EU 2024 demo.",
    after_help = "Examples:\n  hallway                       open the last schedule (or the demo)\n  hallway fosdem.xml            open a schedule file\n  hallway https://fosdem.org/2025/schedule/\n                                open a schedule from the web (kept for offline use)\n  hallway refresh               fetch the schedule again if it changed\n  hallway list --day 2 --search ebpf\n  hallway star kc24-0042\n  hallway agenda\n  hallway conflicts\n  hallway changes\n  hallway export --format ics -o agenda.ics\n  hallway convert fosdem.xml -o fosdem.json\n  hallway share --to-team --team-dir ~/team\n  hallway team coverage"
)]
pub struct Cli {
    /// Schedule file or URL to open in the terminal interface (same as --schedule).
    #[arg(value_name = "FILE|URL")]
    pub file: Option<PathBuf>,

    /// In the interface, refresh a schedule from the web at this interval (e.g. 30m, 2h, 1d)
    /// instead of every 2 hours during the conference, daily before it and never after
    /// (config: [refresh] every).
    #[arg(
        long,
        env = "HALLWAY_REFRESH_EVERY",
        value_name = "INTERVAL",
        value_parser = crate::config::parse_interval
    )]
    pub refresh_every: Option<std::time::Duration>,
    /// In the interface: remind you to leave for your next starred session this many minutes
    /// before it is time to (the walk there plus the minutes to arrive early). Default: 2
    /// (config: [reminders] minutes).
    #[arg(long, env = "HALLWAY_REMIND", value_name = "MIN")]
    pub remind: Option<u32>,

    /// In the interface: no terminal bell with the leave-now reminder (config: [reminders]
    /// bell).
    #[arg(long)]
    pub no_bell: bool,

    /// In the interface: no leave-now reminders (config: [reminders] enabled).
    #[arg(long, conflicts_with = "remind")]
    pub no_remind: bool,

    #[command(flatten)]
    pub notify: NotifyArgs,

    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The leave-now reminder's desktop notification, on or off against the config file.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct NotifyArgs {
    /// In the interface: a desktop notification with the leave-now reminder, besides the
    /// banner and the bell (config: [reminders] notify; off by default).
    #[arg(long, conflicts_with = "no_notify")]
    pub notify: bool,

    /// In the interface: no desktop notification, whatever the config file says.
    #[arg(long)]
    pub no_notify: bool,
}

impl NotifyArgs {
    /// `--notify` (true), `--no-notify` (false), or neither (the config file decides).
    fn chosen(self) -> Option<bool> {
        match (self.notify, self.no_notify) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        }
    }
}

/// Options every command takes.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct GlobalArgs {
    /// Schedule file, URL (fetched once, then kept and refreshed) or conference id (from
    /// `hallway conferences`); "demo" for the bundled one. Default: the one opened last, else
    /// the demo.
    #[arg(
        short = 's',
        long,
        env = "HALLWAY_SCHEDULE",
        global = true,
        value_name = "FILE|URL|ID"
    )]
    pub schedule: Option<PathBuf>,

    /// Agenda file to use instead of the one kept in the data directory.
    #[arg(long, global = true, value_name = "FILE")]
    pub agenda: Option<PathBuf>,

    /// The current time, for replaying a day: an instant (2024-03-20T11:10:00+01:00), a time at
    /// the venue (2024-03-20T11:10) or a time of day today at the venue (11:10).
    #[arg(long, env = "HALLWAY_NOW", global = true, value_name = "DATETIME", value_parser = when::parse_now)]
    pub now: Option<when::NowArg>,

    /// The venue's time zone (IANA name in any case, a city such as paris, or an abbreviation
    /// such as CET or PST), before the one the schedule names: days and times shown follow it,
    /// times the schedule prints without an offset are read in it, instants never move.
    /// Remembered for that schedule. Default: what the schedule says.
    #[arg(long, global = true, value_name = "ZONE", value_parser = when::parse_tz)]
    pub tz: Option<Tz>,

    /// Team folder: every *.hallway-share.json in it is a teammate; `share --to-team` writes
    /// yours there (config: [team] dir).
    #[arg(long, env = "HALLWAY_TEAM_DIR", global = true, value_name = "DIR")]
    pub team_dir: Option<PathBuf>,

    /// What the config file sets for every command (filled in after parsing).
    #[arg(skip)]
    pub config: FromConfig,
}

/// The config file's defaults that opening a conference needs (see [`crate::config`]).
#[derive(Debug, Clone, Default)]
pub struct FromConfig {
    /// `[display] tz`: shown in when neither `--tz` nor a zone remembered for the schedule says.
    pub tz: Option<Tz>,
    /// `[team] name`.
    pub name: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load and validate the schedule; print a summary and any data problems.
    Check(check::Args),
    /// List sessions in time order, filtered.
    List(list::Args),
    /// Show one session in full.
    Show(show::Args),
    /// Star sessions: add them to your agenda.
    Star(star::Args),
    /// Unstar sessions.
    Unstar(star::Args),
    /// What is on now and next in every room (at --now), with crowding markers.
    Now(now::Args),
    /// Your starred sessions, by day.
    Agenda(agenda::Args),
    /// Print, append to or edit a session's notes.
    Note(note::Args),
    /// Rate a session from 1 to 5.
    Rate(note::RateArgs),
    /// Mark sessions as attended (or not, with --not).
    Attended(note::AttendedArgs),
    /// Export your trip report (Markdown), agenda (JSON) or calendar (iCalendar).
    Export(export::Args),
    /// What a new version of the schedule changed for you: moved, cancelled and new sessions.
    Changes(changes::Args),
    /// What clashes among your starred sessions, and what to do about it.
    Conflicts(conflicts::Args),
    /// Convert a schedule (frab/pretalx JSON, frab XML, iCal...) to hallway's own JSON.
    Convert(convert::Args),
    /// Share your stars (and with --notes your notes) with your team: a file or a link.
    Share(share::Args),
    /// Your teammates: add, list, remove, and who covers what.
    Team(team::Args),
    /// Ask the server whether the schedule in use (opened from a URL) changed, and take the new
    /// version if it is a good one.
    Refresh(refresh::Args),
    /// The conferences you have, newest first: dates, where the schedule comes from, your
    /// stars and notes. `-s ID` opens one by its id.
    Conferences(conferences::Args),
    /// Print a completion script for a shell (bash, zsh, fish, powershell, elvish).
    Completions(shell::CompletionsArgs),
    /// Print hallway's man page (roff): `hallway manpage > hallway.1`.
    Manpage,
    /// Make a schedule (file, URL or conference id) the one commands and the interface use
    /// when no -s is given.
    Use(UseArgs),
    /// Where the config file is read from and whether it is good; `--default` prints a
    /// commented template with every key.
    Config(config::Args),
}

/// Applies changes to the agenda for a command: waits for another hallway's lock up to
/// [`crate::store::LOCK_TIMEOUT`], saying once on stderr that it waits, then gives up (exit 1).
pub(crate) fn save(
    ctx: &Context,
    changes: &[crate::plan::Change],
) -> anyhow::Result<crate::plan::Agenda> {
    let store = ctx.store.clone().on_lock_wait(|lock| {
        eprintln!(
            "hallway: another hallway is saving this agenda; waiting up to {} s for it ({})",
            crate::store::LOCK_TIMEOUT.as_secs(),
            lock.display()
        );
    });
    Ok(store.apply(changes)?)
}

/// `hallway use FILE|URL|ID`.
#[derive(Debug, clap::Args)]
pub struct UseArgs {
    /// The schedule: a file, a URL, a conference id (`hallway conferences`) or "demo".
    #[arg(value_name = "FILE|URL|ID")]
    pub schedule: PathBuf,
}

/// A problem with what the user asked for: exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BadInput(pub String);

/// Runs the command line and returns the process's exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_BAD_INPUT } else { 0 });
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stopped early (`hallway list | head`) is not an error.
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            let mut stderr = std::io::stderr().lock();
            // Errors may quote files, URLs and arguments: cleaned here, the one way out.
            let message = crate::text::for_terminal(&error_text(&err));
            let _ = writeln!(stderr, "hallway: error: {message}");
            ExitCode::from(exit_code(&err))
        }
    }
}

/// The error and its causes joined with ": ", each cause once: an error whose message already
/// includes its source's (as many I/O errors do) is not followed by it again.
fn error_text(err: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in err.chain() {
        let part = cause.to_string();
        if part.is_empty() || text.contains(&part) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&part);
    }
    text
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// 2 when the chain holds a bad-input error, else 1.
fn exit_code(err: &anyhow::Error) -> u8 {
    for cause in err.chain() {
        if let Some(e) = cause.downcast_ref::<crate::remote::RefreshError>() {
            return if e.is_bad_content() {
                EXIT_BAD_INPUT
            } else {
                1
            };
        }
        if let Some(e) = cause.downcast_ref::<crate::fetch::FetchError>() {
            return if e.is_bad_content() {
                EXIT_BAD_INPUT
            } else {
                1
            };
        }
        if cause.is::<BadInput>()
            || cause.is::<crate::config::ConfigError>()
            || cause.is::<crate::formats::LoadError>()
            || cause.is::<crate::opened::NoSuchSession>()
            || cause.is::<crate::plan::team::ShareError>()
            || cause.is::<crate::plan::team::BadName>()
        {
            return EXIT_BAD_INPUT;
        }
        if let Some(read) = cause.downcast_ref::<crate::team_store::ReadError>() {
            return if read.is_bad_input() {
                EXIT_BAD_INPUT
            } else {
                1
            };
        }
        if let Some(store) = cause.downcast_ref::<crate::store::StoreError>() {
            return if store.is_bad_input() {
                EXIT_BAD_INPUT
            } else {
                1
            };
        }
    }
    1
}

fn run(cli: Cli) -> anyhow::Result<()> {
    // These work whatever the config file says, so a broken one can be looked at and replaced.
    match &cli.command {
        Some(Command::Completions(args)) => return shell::completions(args),
        Some(Command::Manpage) => return shell::manpage(),
        Some(Command::Config(args)) => return config::run(args),
        _ => {}
    }
    // Read and checked whole before anything starts: a broken file is exit 2, never half used.
    let settings = config::load()?;
    let file = &settings.config;
    let mut global = cli.global;
    if global.schedule.is_none() {
        global.schedule = cli.file;
    }
    // A flag (or its environment variable) beats the config file, which beats the default.
    if global.team_dir.is_none() {
        global.team_dir.clone_from(&file.team_dir);
    }
    global.config = FromConfig {
        tz: settings.tz,
        name: file.name.clone(),
    };
    match cli.command {
        None => crate::tui::run(
            context::open_with(&global, crate::remote::RefreshWhen::Never, true)?,
            crate::tui::Options {
                exit_after_first_frame: context::exit_after_first_frame(),
                refresh_every: cli.refresh_every.or(file.refresh_every),
                fetch_limits: context::fetch_limits(),
                reminders: reminders(
                    cli.remind,
                    cli.no_remind,
                    cli.no_bell,
                    cli.notify.chosen(),
                    file,
                ),
                notifications: crate::tui::notify::Notifications::default(),
                keymap: settings.keymap,
                palette: file.palette,
                opener: context::opener(),
                hyperlinks: context::hyperlinks(),
                export_folder: context::current_folder(),
                home: directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf()),
            },
        ),
        Some(Command::Check(args)) => with_opened(&global, |ctx| check::run(ctx, &args)),
        Some(Command::List(args)) => with_opened(&global, |ctx| list::run(ctx, &args)),
        Some(Command::Show(args)) => with_opened(&global, |ctx| show::run(ctx, &args)),
        Some(Command::Star(args)) => with_opened(&global, |ctx| star::run(ctx, &args, true)),
        Some(Command::Unstar(args)) => with_opened(&global, |ctx| star::run(ctx, &args, false)),
        Some(Command::Now(args)) => with_opened(&global, |ctx| now::run(ctx, &args)),
        Some(Command::Agenda(args)) => with_opened(&global, |ctx| agenda::run(ctx, &args)),
        Some(Command::Note(args)) => with_opened(&global, |ctx| note::run(ctx, &args)),
        Some(Command::Rate(args)) => with_opened(&global, |ctx| note::rate(ctx, &args)),
        Some(Command::Attended(args)) => with_opened(&global, |ctx| note::attended(ctx, &args)),
        Some(Command::Export(args)) => with_opened(&global, |ctx| export::run(ctx, &args)),
        Some(Command::Conflicts(args)) => with_opened(&global, |ctx| conflicts::run(ctx, &args)),
        Some(Command::Changes(args)) => with_opened(&global, |ctx| changes::run(ctx, &args)),
        Some(Command::Convert(args)) => convert::run(&global, &args),
        Some(Command::Share(args)) => with_opened(&global, |ctx| share::run(ctx, &args)),
        Some(Command::Team(args)) => with_opened(&global, |ctx| team::run(ctx, &args)),
        Some(Command::Refresh(args)) => refresh::run(&global, &args),
        Some(Command::Conferences(args)) => conferences::run(&global, &args),
        Some(Command::Completions(_) | Command::Manpage | Command::Config(_)) => Ok(()),
        Some(Command::Use(args)) => {
            global.schedule = Some(args.schedule);
            let ctx = context::open_with(
                &global,
                crate::remote::RefreshWhen::IfDue { every: None },
                true,
            )?;
            context::print_warnings(&ctx);
            // Opening remembers in passing and lets a failure go; remembering is all `use`
            // is for, so here a data folder that cannot keep it is an error, not a false "now
            // using".
            let remembered = match &ctx.source {
                crate::opened::Source::Demo => None,
                crate::opened::Source::File(path) => Some(path.as_path()),
                crate::opened::Source::Remote { url, .. } => Some(std::path::Path::new(url)),
                crate::opened::Source::Stdin => {
                    return Err(BadInput(
                        "standard input cannot be remembered: `use` a file or a URL".into(),
                    )
                    .into());
                }
            };
            ctx.data.set_last_schedule(remembered).map_err(|e| {
                anyhow::anyhow!(
                    "cannot remember {} as the schedule to use: {e}",
                    ctx.schedule.conference.title
                )
            })?;
            writeln!(
                std::io::stdout().lock(),
                "now using {} ({}): commands without -s act on it",
                ctx.schedule.conference.title,
                ctx.source_name()
            )?;
            Ok(())
        }
    }
}

/// Opens the conference, runs a command on it, and leaves the schedule's memory to the process's
/// exit: freeing a large schedule string by string costs a tenth of loading it (issue #19), and
/// nothing in it needs dropping (no locks, no files held open).
fn with_opened(
    global: &GlobalArgs,
    command: impl FnOnce(&Context) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let ctx = std::mem::ManuallyDrop::new(context::open(global)?);
    command(&ctx)
}

/// The leave-now reminder: `--no-remind`, else `--remind N` (or `HALLWAY_REMIND`) turns it on
/// with that lead, else the config file's `[reminders]`, else on with 2 minutes; the bell unless
/// `--no-bell` or the file's `bell = false`; a desktop notification when `--notify`, else
/// not with `--no-notify`, else when the file's `notify = true` (off by default).
fn reminders(
    remind: Option<u32>,
    no_remind: bool,
    no_bell: bool,
    notify: Option<bool>,
    file: &crate::config::Config,
) -> crate::tui::app::Reminders {
    let lead = if no_remind {
        None
    } else if let Some(minutes) = remind {
        Some(minutes)
    } else {
        file.reminders.enabled.then_some(file.reminders.minutes)
    };
    crate::tui::app::Reminders {
        lead,
        bell: !no_bell && file.reminders.bell,
        notify: notify.unwrap_or(file.reminders.notify),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn each_cause_is_printed_once() {
        let io = std::io::Error::new(std::io::ErrorKind::IsADirectory, "Is a directory");
        let err = anyhow::Error::new(io).context("/tmp: Is a directory");
        assert_eq!(error_text(&err), "/tmp: Is a directory");
        let err = anyhow::anyhow!("inner").context("outer");
        assert_eq!(error_text(&err), "outer: inner");
    }

    #[test]
    fn the_notification_flag_beats_the_file_which_beats_the_default_off() {
        let notify = |args: &[&str], file: Option<bool>| {
            let cli = Cli::try_parse_from(std::iter::once("hallway").chain(args.iter().copied()))
                .unwrap();
            let mut config = crate::config::Config::default();
            if let Some(on) = file {
                config.reminders.notify = on;
            }
            reminders(
                cli.remind,
                cli.no_remind,
                cli.no_bell,
                cli.notify.chosen(),
                &config,
            )
            .notify
        };
        assert!(!notify(&[], None), "off by default");
        assert!(notify(&[], Some(true)), "the file turns it on");
        assert!(!notify(&[], Some(false)));
        assert!(notify(&["--notify"], None), "the flag turns it on");
        assert!(
            notify(&["--notify"], Some(false)),
            "the flag beats the file"
        );
        assert!(!notify(&["--no-notify"], Some(true)), "so does --no-notify");
        assert!(Cli::try_parse_from(["hallway", "--notify", "--no-notify"]).is_err());
        // The rest of the reminder is untouched by it.
        let cli = Cli::try_parse_from(["hallway", "--notify", "--no-bell"]).unwrap();
        let r = reminders(
            cli.remind,
            cli.no_remind,
            cli.no_bell,
            cli.notify.chosen(),
            &crate::config::Config::default(),
        );
        assert_eq!((r.lead, r.bell, r.notify), (Some(2), false, true));
    }

    #[test]
    fn a_file_or_a_command() {
        let cli = Cli::try_parse_from(["hallway", "fosdem.xml"]).unwrap();
        assert_eq!(cli.file, Some(PathBuf::from("fosdem.xml")));
        assert!(cli.command.is_none());
        let cli = Cli::try_parse_from(["hallway", "check", "--json"]).unwrap();
        assert!(matches!(cli.command, Some(Command::Check(_))));
        let cli = Cli::try_parse_from(["hallway", "list", "-s", "x.json", "--day", "2"]).unwrap();
        assert_eq!(cli.global.schedule, Some(PathBuf::from("x.json")));
    }
}
