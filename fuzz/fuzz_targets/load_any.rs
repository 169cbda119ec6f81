//! Fuzzes the front door: detection by content, size and UTF-8 checks, then any reader; a
//! schedule that loads must survive the round trip through hallway's own format.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(schedule) = hallway::formats::load_bytes("fuzz", data, hallway::formats::LoadOptions::default()) {
        hallway::fuzz_support::check_invariants(&schedule);
        hallway::fuzz_support::check_round_trip(&schedule);
    }
});
