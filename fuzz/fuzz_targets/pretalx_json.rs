//! Fuzzes one reader directly: any text must give a schedule or an error, never a panic or hang.

#![no_main]

use hallway::formats::{LoadOptions, pretalx_json};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(schedule) = pretalx_json::read("fuzz", text, LoadOptions::default())
    {
        hallway::fuzz_support::check_invariants(&schedule);
    }
});
