//! `hallway convert`: read a schedule in any supported format and write it in hallway's own.

use std::io::Write;
use std::path::PathBuf;

use super::GlobalArgs;
use super::output::{plural, write_output};
use crate::formats::{self, LoadOptions};
use crate::opened::is_demo;
use crate::schedule::zone::GivenZone;
use crate::store::DataDir;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The schedule to convert (any supported format). Default: the one given with --schedule.
    #[arg(value_name = "FILE")]
    pub input: Option<PathBuf>,

    /// Where to write the hallway JSON; "-" or nothing for standard output.
    #[arg(short = 'o', long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

pub fn run(global: &GlobalArgs, args: &Args) -> anyhow::Result<()> {
    let input = args
        .input
        .as_ref()
        .or(global.schedule.as_ref())
        .ok_or_else(|| {
            super::BadInput("name the schedule to convert: hallway convert FILE -o OUT.json".into())
        })?;
    let schedule = if is_demo(input) {
        crate::demo::load_with(LoadOptions {
            tz: global.tz.map(GivenZone::now),
        })?
    } else {
        // The zone given for this file, now or remembered, as when it is opened.
        let key = (input.as_os_str() != formats::STDIN)
            .then(|| std::path::absolute(input).ok())
            .flatten()
            .map(|p| p.to_string_lossy().into_owned());
        let tz = match super::context::data_dir() {
            Ok(dir) => DataDir::new(dir).given_zone(key.as_deref(), global.tz),
            Err(_) => global.tz.map(GivenZone::now),
        };
        formats::load_file(input, LoadOptions { tz })?
    };
    let text = formats::native::write(&schedule);
    match args.output.as_deref() {
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
        Some(p) if p.as_os_str() == "-" => std::io::stdout().lock().write_all(text.as_bytes())?,
        Some(path) => {
            write_output(path, text.as_bytes())?;
            let mut err = std::io::stderr().lock();
            writeln!(
                err,
                "hallway: converted {} from {} ({} format) to {}",
                plural(schedule.sessions().len(), "session", "sessions"),
                input.display(),
                schedule.format,
                path.display()
            )?;
            if !schedule.warnings.is_empty() {
                writeln!(
                    err,
                    "hallway: {}; `hallway check -s {}` lists them",
                    plural(schedule.warnings.len(), "warning", "warnings"),
                    input.display()
                )?;
            }
        }
    }
    Ok(())
}
