//! Fuzzes the agenda loader: any bytes are refused with an error or give an agenda that saves
//! and reads back the same.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = std::path::Path::new("fuzz-agenda.json");
    if let Ok(agenda) = hallway::store::parse(path, data, "fuzz") {
        let text = serde_json::to_string(&agenda).expect("an agenda serializes");
        let again = hallway::store::parse(path, text.as_bytes(), "fuzz").expect("a saved agenda reads back");
        assert_eq!(again, agenda);
    }
});
