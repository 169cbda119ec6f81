//! `hallway completions SHELL` and `hallway manpage`: what a shell and `man` need, generated from
//! the same clap definition the program parses with, so they never drift from it.

use std::io::Write;

use clap::CommandFactory;
use clap_complete::Shell;

use super::Cli;

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Writes the completion script for a shell to standard output.
pub fn completions(args: &CompletionsArgs) -> anyhow::Result<()> {
    let mut cmd = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "hallway", &mut script);
    std::io::stdout().lock().write_all(&script)?;
    Ok(())
}

/// Writes the man page (roff, section 1) to standard output: the program and, after it, every
/// command with its options.
pub fn manpage() -> anyhow::Result<()> {
    let cmd = Cli::command();
    let mut page = Vec::new();
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    writeln!(page, ".SH COMMANDS")?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        writeln!(page, ".SS \"hallway {}\"", sub.get_name())?;
        if let Some(about) = sub.get_long_about().or(sub.get_about()) {
            writeln!(page, "{}", roff_text(&about.to_string()))?;
        }
        let usage = sub
            .clone()
            .bin_name(format!("hallway {}", sub.get_name()))
            .render_usage();
        writeln!(
            page,
            ".PP\n.B {}",
            roff_text(&usage.to_string().replace("Usage: ", ""))
        )?;
        for arg in sub
            .get_arguments()
            .filter(|a| !a.is_hide_set() && !a.is_global_set())
        {
            let mut names = Vec::new();
            if let Some(s) = arg.get_short() {
                names.push(format!("-{s}"));
            }
            if let Some(l) = arg.get_long() {
                names.push(format!("--{l}"));
            }
            if names.is_empty() {
                names.push(format!("<{}>", arg.get_id().as_str().to_uppercase()));
            }
            writeln!(page, ".TP\n\\fB{}\\fR", roff_text(&names.join(", ")))?;
            if let Some(help) = arg.get_long_help().or(arg.get_help()) {
                writeln!(page, "{}", roff_text(&help.to_string()))?;
            }
        }
    }
    man.render_extra_section(&mut page)?;
    man.render_version_section(&mut page)?;
    std::io::stdout().lock().write_all(&page)?;
    Ok(())
}

/// Text safe in a roff body: backslashes written as `\e`, hyphens as `\-` (so that options copy
/// as typed), and a line that would start with `.` or `'` (a request) protected.
fn roff_text(text: &str) -> String {
    text.replace('\\', "\\e")
        .replace('-', "\\-")
        .lines()
        .map(|l| {
            if l.starts_with(['.', '\'']) {
                format!("\\&{l}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
