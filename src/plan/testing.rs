//! A small builder of schedules for the plan's unit tests: rooms by name, sessions as rows.

use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;

use crate::schedule::time::parse_local_or_offset;
use crate::schedule::{
    Conference, Location, Room, Schedule, ScheduleBuilder, SessionDraft, SessionKind,
};

/// A room: name, seats, building, floor, zone, recorded.
pub(crate) type RoomRow = (
    &'static str,
    Option<u32>,
    &'static str,
    &'static str,
    &'static str,
    bool,
);

/// A session: id, room, start, end (local, or with an offset), kind.
pub(crate) type SessionRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    SessionKind,
);

pub(crate) const ROOMS: [RoomRow; 4] = [
    ("A", Some(150), "Main", "1", "north", true),
    ("B", Some(500), "Main", "1", "south", false),
    ("C", Some(300), "Main", "1", "north", true),
    ("Far", Some(200), "Annex", "0", "annex", true),
];

/// Builds a schedule in `zone` with `day_change`, the rooms and the sessions given.
pub(crate) fn build(
    zone: Tz,
    day_change: &str,
    attendance: Option<u32>,
    rooms: &[RoomRow],
    sessions: &[SessionRow],
) -> Schedule {
    let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let mut b = ScheduleBuilder::new(
        Conference {
            id: "plan-test".into(),
            title: "Plan Test".into(),
            timezone: zone,
            venue: None,
            start_date: date("2024-01-01"),
            end_date: date("2024-12-31"),
            day_change: NaiveTime::parse_from_str(day_change, "%H:%M").unwrap(),
            expected_attendance: attendance,
            url: None,
        },
        false,
    );
    for &(name, capacity, building, floor, zone, recorded) in rooms {
        let part = |p: &str| (!p.is_empty()).then(|| p.to_string());
        b.add_room(Room {
            name: name.into(),
            capacity,
            location: Location {
                building: part(building),
                floor: part(floor),
                zone: part(zone),
            },
            recorded: Some(recorded),
        });
    }
    for &(id, room, start, end, kind) in sessions {
        let mut d = SessionDraft::new(
            id,
            format!("Session {id}"),
            parse_local_or_offset(start, zone).unwrap(),
            parse_local_or_offset(end, zone).unwrap(),
        );
        d.kind = kind;
        d.room = b.find_room(room);
        b.add_session(d);
    }
    b.build("hallway")
}

/// Builds in Paris with a midnight day change and 1,000 attendees, on the standard rooms.
pub(crate) fn paris(sessions: &[SessionRow]) -> Schedule {
    build(
        chrono_tz::Europe::Paris,
        "00:00",
        Some(1000),
        &ROOMS,
        sessions,
    )
}
