//! The floor for reading a JSON schedule: read the file and parse it into an untyped
//! `serde_json::Value`, nothing else. `benches/compare.sh` times `hallway check` against it.
//!
//! ```sh
//! cargo run --release --example parse_value -- big.json
//! ```

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: parse_value FILE.json");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("parse_value: {}: {e}", path.to_string_lossy());
            return ExitCode::FAILURE;
        }
    };
    match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(value) => {
            // Use the result, so the parse cannot be optimised away.
            println!(
                "{} top-level keys",
                value.as_object().map_or(0, serde_json::Map::len)
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("parse_value: {e}");
            ExitCode::from(2)
        }
    }
}
