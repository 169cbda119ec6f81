//! The `hallway` binary: parse arguments, dispatch, map errors to an exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    hallway::cli::main()
}
