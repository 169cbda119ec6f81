//! Tests of the incremental analysis: a toggle gives what a fresh analysis gives.

use crate::plan::agenda::{Agenda, Change};
use crate::plan::analysis::Analysis;
use crate::plan::synthetic::{self, Rng};
use crate::plan::testing::paris;
use crate::schedule::{Schedule, SessionKind};

fn same(schedule: &Schedule, a: &Analysis, b: &Analysis) {
    assert_eq!(a.conflicts(), b.conflicts());
    for i in 0..schedule.sessions().len() {
        assert_eq!(a.flags(i), b.flags(i), "flags of {i}");
    }
}

#[test]
fn toggles_give_what_a_fresh_analysis_gives() {
    let sch = synthetic::schedule(700, 7);
    let mut agenda = synthetic::agenda(&sch, 120, 1);
    let mut analysis = Analysis::new(&sch, &agenda);
    let mut rng = Rng::new(99);
    for step in 0..300 {
        // Mostly toggles near the busy hours of the first days, so that conflicts change.
        let i = rng.below(sch.sessions().len().min(400));
        let id = sch.session(i).id.clone();
        let starred = agenda.is_starred(&id);
        agenda.apply(&Change::set_star(id, !starred));
        analysis.set_starred(&sch, &agenda, i);
        if step % 25 == 0 {
            same(&sch, &analysis, &Analysis::new(&sch, &agenda));
        }
    }
    same(&sch, &analysis, &Analysis::new(&sch, &agenda));
    assert!(analysis.conflicts().overlaps().count() > 0);
}

#[test]
fn toggles_across_the_day_change() {
    // Midnight day change: "late" belongs to the 1st and overlaps "early" of the 2nd.
    let sch = paris(&[
        (
            "late",
            "A",
            "2024-05-01T23:00",
            "2024-05-02T01:00",
            SessionKind::Social,
        ),
        (
            "early",
            "B",
            "2024-05-02T00:30",
            "2024-05-02T01:30",
            SessionKind::Talk,
        ),
        (
            "next",
            "C",
            "2024-05-02T09:00",
            "2024-05-02T10:00",
            SessionKind::Talk,
        ),
    ]);
    let mut agenda = Agenda::new("plan-test");
    let mut analysis = Analysis::new(&sch, &agenda);
    let order = ["early", "late", "next", "early", "late", "early", "late"];
    for id in order {
        agenda.apply(&Change::set_star(id, !agenda.is_starred(id)));
        let i = sch.find(id).unwrap().0;
        analysis.set_starred(&sch, &agenda, i);
        same(&sch, &analysis, &Analysis::new(&sch, &agenda));
    }
    // Each of "early" and "late" was toggled three times: both are starred.
    let late = sch.find("late").unwrap().0;
    let early = sch.find("early").unwrap().0;
    assert!(analysis.flags(late).overlap && analysis.flags(early).overlap);
    assert_eq!(analysis.conflicts().overlaps().count(), 1);
}

#[test]
fn stars_the_schedule_no_longer_has_are_ignored() {
    let sch = paris(&[(
        "a",
        "A",
        "2024-05-01T10:00",
        "2024-05-01T11:00",
        SessionKind::Talk,
    )]);
    let mut agenda = Agenda::new("plan-test");
    agenda.stars.insert("gone".into());
    agenda.stars.insert("a".into());
    let mut analysis = Analysis::new(&sch, &agenda);
    assert!(analysis.flags(0).starred);
    assert_eq!(analysis.conflicts().overlaps().count(), 0);
    // Out-of-range positions are ignored too.
    analysis.set_starred(&sch, &agenda, 99);
    assert_eq!(analysis.flags(99), crate::plan::Flags::default());
    agenda.stars.clear();
    analysis.set_agenda(&sch, &agenda);
    assert!(!analysis.flags(0).starred);
}

#[test]
fn flags_mark_overlaps_and_tight_walks() {
    let sch = paris(&[
        (
            "a",
            "A",
            "2024-05-01T10:00",
            "2024-05-01T11:00",
            SessionKind::Talk,
        ),
        (
            "b",
            "B",
            "2024-05-01T10:30",
            "2024-05-01T11:30",
            SessionKind::Talk,
        ),
        (
            "c",
            "Far",
            "2024-05-01T11:35",
            "2024-05-01T12:00",
            SessionKind::Talk,
        ),
        (
            "d",
            "A",
            "2024-05-01T10:15",
            "2024-05-01T10:45",
            SessionKind::Talk,
        ),
    ]);
    let mut agenda = Agenda::new("plan-test");
    for id in ["a", "b", "c"] {
        agenda.stars.insert(id.into());
    }
    let analysis = Analysis::new(&sch, &agenda);
    let f = |id: &str| analysis.flags(sch.find(id).unwrap().0);
    assert!(f("a").overlap && f("b").overlap);
    assert!(!f("c").overlap && f("c").tight);
    // Not starred: no markers but its risk.
    assert!(!f("d").starred && !f("d").overlap);
}
