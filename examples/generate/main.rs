//! Writes a synthetic conference schedule of N sessions, for benchmarks and comparisons.
//!
//! ```sh
//! cargo run --release --example generate -- --sessions 10000 --format pretalx-json -o big.json
//! ```
//!
//! Formats: `hallway` (our own), `pretalx-json` (c3voc/pretalx), `frab-xml` (frab/Pentabarf, as
//! FOSDEM publishes) and `ical` (as Sched exports). The schedule comes from
//! `hallway::plan::synthetic` (rooms in buildings and zones, ten parallel slots a day, tracks,
//! speakers, abstracts, lunch, the odd double booking); the same `--seed` gives the same file.

mod writers;

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

#[derive(Debug, Parser)]
#[command(about = "Write a synthetic conference schedule of N sessions")]
struct Args {
    /// Number of sessions.
    #[arg(short = 'n', long, default_value_t = 10_000)]
    sessions: usize,
    /// hallway, pretalx-json, frab-xml or ical.
    #[arg(short, long, default_value = "pretalx-json")]
    format: String,
    /// Output file; standard output when left out.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Seed of the generator.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let Some(kind) = writers::Kind::parse(&args.format) else {
        eprintln!(
            "generate: unknown format \"{}\" (expected hallway, pretalx-json, frab-xml or ical)",
            args.format
        );
        return ExitCode::from(2);
    };
    let schedule = hallway::plan::synthetic::schedule(args.sessions, args.seed);
    let text = writers::write(&schedule, kind);
    let written = match &args.output {
        Some(path) => std::fs::write(path, &text),
        None => std::io::stdout().lock().write_all(text.as_bytes()),
    };
    if let Err(e) = written {
        eprintln!("generate: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
