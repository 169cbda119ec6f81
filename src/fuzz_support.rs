//! Checks shared by the fuzz targets (fuzz/) and the tests: what every loaded schedule must
//! satisfy, whatever file it came from. Not part of the public interface.

use crate::formats::native;
use crate::plan::{Agenda, Analysis};
use crate::schedule::Schedule;

/// Panics if a loaded schedule breaks an invariant the rest of hallway relies on, and runs the
/// analyses that every shell runs on it.
pub fn check_invariants(schedule: &Schedule) {
    let sessions = schedule.sessions();
    let mut covered = 0;
    for (k, day) in schedule.days().iter().enumerate() {
        assert_eq!(day.range.start, covered, "days cover the sessions in order");
        assert!(!day.range.is_empty());
        covered = day.range.end;
        if k > 0 {
            assert!(schedule.days()[k - 1].date < day.date, "days ascend");
        }
        for s in &sessions[day.range.clone()] {
            assert_eq!(s.day, day.date);
        }
    }
    assert_eq!(covered, sessions.len());
    for (i, s) in sessions.iter().enumerate() {
        assert_eq!(
            schedule.find(&s.id).map(|(j, _)| j),
            Some(i),
            "ids are unique and indexed"
        );
        if let Some(r) = s.room {
            assert!((r.0 as usize) < schedule.rooms.len());
        }
        if let Some(t) = s.track {
            assert!((t.0 as usize) < schedule.tracks.len());
        }
        for text in [&s.title, &s.id] {
            assert!(
                !text.chars().any(char::is_control),
                "one-line text has no controls: {text:?}"
            );
        }
        assert!(
            !s.abstract_text
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "abstracts keep only newlines and tabs"
        );
    }
    assert!(!schedule.conference.title.chars().any(char::is_control));
    let mut agenda = Agenda::new(&schedule.conference.id);
    for s in sessions.iter().step_by(3) {
        agenda.stars.insert(s.id.clone());
    }
    let analysis = Analysis::new(schedule, &agenda);
    assert_eq!(analysis.risks().len(), sessions.len());
    let _ = crate::formats::markdown::trip_report(schedule, &agenda, schedule.conference.timezone);
}

/// Panics unless the schedule survives writing to and reading from hallway's own format.
pub fn check_round_trip(schedule: &Schedule) {
    let text = native::write(schedule);
    let again = native::read("round-trip", &text)
        .unwrap_or_else(|e| panic!("written schedule reads back: {e}"));
    assert_eq!(again.sessions().len(), schedule.sessions().len());
    for (a, b) in again.sessions().iter().zip(schedule.sessions()) {
        assert_eq!(a.id, b.id);
        assert_eq!(a.start, b.start);
        assert_eq!(a.end, b.end);
        assert_eq!(a.title, b.title);
        assert_eq!(a.day, b.day);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_and_fixtures_satisfy_the_invariants() {
        let demo = crate::demo::load().unwrap();
        super::check_invariants(&demo);
        super::check_round_trip(&demo);
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut checked = 0;
        for entry in walk(&dir) {
            let Ok(bytes) = std::fs::read(&entry) else {
                continue;
            };
            if let Ok(s) = crate::formats::load_bytes(
                "fixture",
                &bytes,
                crate::formats::LoadOptions::default(),
            ) {
                super::check_invariants(&s);
                super::check_round_trip(&s);
                checked += 1;
            }
        }
        assert!(checked >= 4, "{checked} fixtures checked");
    }

    fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
        out
    }
}
