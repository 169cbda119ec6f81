//! The bundled demo: `KubeCon` + `CloudNativeCon` Europe 2024, compiled into the binary so that
//! `hallway` shows a real conference from any directory on first run.

use crate::formats::{self, LoadError, LoadOptions};
use crate::schedule::Schedule;

/// The demo's file name, as errors and `check` name it.
pub const NAME: &str = "kubecon-eu-2024.json (bundled demo)";

/// The demo schedule's text.
pub const TEXT: &str = include_str!("../data/kubecon-eu-2024.json");

/// Loads the bundled demo.
pub fn load() -> Result<Schedule, LoadError> {
    load_with(LoadOptions::default())
}

/// Loads the bundled demo with a zone given (`--tz`: days and the times shown follow it).
pub fn load_with(options: LoadOptions) -> Result<Schedule, LoadError> {
    formats::load_str(NAME, TEXT, options)
}
