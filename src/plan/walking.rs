//! Walking minutes between rooms: from the schedule's `walking` table where it has an entry, from
//! where the rooms are (building, floor, zone) otherwise.
//!
//! The defaults are documented, with their reasons, in `docs/crowding.md` ("Walking between
//! rooms"). A [`WalkTable`] works every pair out once, so that the conflict analysis looks a walk
//! up in constant time.

use crate::schedule::{Room, RoomId, Schedule};

/// The same room: nobody walks.
pub const SAME_ROOM: u32 = 0;
/// Two rooms in the same zone of the same floor: next door, down a corridor.
pub const SAME_ZONE: u32 = 2;
/// Another zone of the same floor: across the hall, through the crowd.
pub const SAME_FLOOR: u32 = 4;
/// Another floor of the same building: stairs or escalators, and their queues.
pub const OTHER_FLOOR: u32 = 6;
/// Another building: out, across, in again, through its door checks.
pub const OTHER_BUILDING: u32 = 10;
/// Two rooms whose places the schedule does not give: a typical walk in a conference venue.
pub const UNKNOWN: u32 = 5;

/// The walk from one room to another, in minutes.
///
/// An entry of the schedule's `walking` table wins: a room pair first, then a room and the other's
/// zone, then a zone pair. Without one, the rooms' locations decide (see the constants above).
pub fn walk_minutes(schedule: &Schedule, from: RoomId, to: RoomId) -> u32 {
    if from == to {
        return SAME_ROOM;
    }
    let a = schedule.room(from);
    let b = schedule.room(to);
    from_table(schedule, a, b).unwrap_or_else(|| by_location(a, b))
}

/// A walk from the schedule's table, if it lists this pair of rooms or their zones.
fn from_table(schedule: &Schedule, a: &Room, b: &Room) -> Option<u32> {
    let is = |name: &str, other: &str| name.eq_ignore_ascii_case(other);
    let pair = |x: &str, y: &str| {
        schedule.walking.iter().find_map(|w| {
            ((is(&w.from, x) && is(&w.to, y)) || (is(&w.from, y) && is(&w.to, x)))
                .then_some(w.minutes)
        })
    };
    let za = a.location.zone.as_deref();
    let zb = b.location.zone.as_deref();
    pair(&a.name, &b.name)
        .or_else(|| zb.and_then(|z| pair(&a.name, z)))
        .or_else(|| za.and_then(|z| pair(z, &b.name)))
        .or_else(|| match (za, zb) {
            (Some(x), Some(y)) if !is(x, y) => pair(x, y),
            _ => None,
        })
}

/// The default walk between two rooms from what is known of where they are.
///
/// Only parts known for both rooms are compared; the first that differs, from the largest
/// (building) to the smallest (zone), sets the walk.
pub fn by_location(a: &Room, b: &Room) -> u32 {
    let differs = |x: &Option<String>, y: &Option<String>| match (x, y) {
        (Some(x), Some(y)) => Some(!x.eq_ignore_ascii_case(y)),
        _ => None,
    };
    let (la, lb) = (&a.location, &b.location);
    let building = differs(&la.building, &lb.building);
    let floor = differs(&la.floor, &lb.floor);
    let zone = differs(&la.zone, &lb.zone);
    if building == Some(true) {
        OTHER_BUILDING
    } else if floor == Some(true) {
        OTHER_FLOOR
    } else if zone == Some(true) {
        SAME_FLOOR
    } else if building.is_some() || floor.is_some() || zone.is_some() {
        SAME_ZONE
    } else {
        UNKNOWN
    }
}

/// Every room-to-room walk of a schedule, worked out once.
#[derive(Debug, Clone)]
pub struct WalkTable {
    rooms: usize,
    minutes: Vec<u32>,
}

impl WalkTable {
    /// Works out all pairs: rooms² look-ups, each over the `walking` table.
    pub fn new(schedule: &Schedule) -> Self {
        let rooms = schedule.rooms.len();
        let mut minutes = vec![SAME_ROOM; rooms * rooms];
        for a in 0..rooms {
            for b in (a + 1)..rooms {
                let m = walk_minutes(schedule, RoomId(a as u32), RoomId(b as u32));
                minutes[a * rooms + b] = m;
                minutes[b * rooms + a] = m;
            }
        }
        WalkTable { rooms, minutes }
    }

    /// The walk between two rooms, in minutes.
    pub fn minutes(&self, from: RoomId, to: RoomId) -> u32 {
        let (a, b) = (from.0 as usize, to.0 as usize);
        if a < self.rooms && b < self.rooms {
            self.minutes[a * self.rooms + b]
        } else {
            UNKNOWN
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::Location;

    fn room(name: &str, building: Option<&str>, floor: Option<&str>, zone: Option<&str>) -> Room {
        Room {
            name: name.into(),
            capacity: None,
            location: Location {
                building: building.map(Into::into),
                floor: floor.map(Into::into),
                zone: zone.map(Into::into),
            },
            recorded: Some(true),
        }
    }

    #[test]
    fn defaults_follow_the_largest_difference() {
        let n1 = room("N1", Some("P7"), Some("7.3"), Some("north"));
        let cases = [
            (
                room("N2", Some("P7"), Some("7.3"), Some("north")),
                SAME_ZONE,
            ),
            (
                room("S1", Some("P7"), Some("7.3"), Some("south")),
                SAME_FLOOR,
            ),
            (
                room("X", Some("P7"), Some("7.1"), Some("north")),
                OTHER_FLOOR,
            ),
            (
                room("Y", Some("Annex"), Some("7.3"), Some("north")),
                OTHER_BUILDING,
            ),
            (room("Z", None, None, Some("north")), SAME_ZONE),
            (room("Q", None, None, Some("south")), SAME_FLOOR),
            (room("R", None, None, None), UNKNOWN),
        ];
        for (other, want) in cases {
            assert_eq!(by_location(&n1, &other), want, "{}", other.name);
        }
        assert_eq!(
            by_location(&room("a", None, None, None), &room("b", None, None, None)),
            UNKNOWN
        );
    }

    #[test]
    fn the_demo_table_wins_over_defaults() {
        let sch = crate::demo::load().unwrap();
        let id = |n: &str| sch.find_room(n).unwrap();
        // A room pair listed in the table.
        assert_eq!(
            walk_minutes(&sch, id("Paris Keynote"), id("Pavilion 7 Expo Hall")),
            4
        );
        // A zone pair (north–south), in either direction.
        assert_eq!(walk_minutes(&sch, id("N04"), id("S03")), 4);
        assert_eq!(walk_minutes(&sch, id("S03"), id("N04")), 4);
        // Same zone, not in the table: the default.
        assert_eq!(walk_minutes(&sch, id("N03"), id("N04")), SAME_ZONE);
        assert_eq!(walk_minutes(&sch, id("N04"), id("N04")), SAME_ROOM);
        // Zones on different sites with a table entry.
        assert_eq!(
            walk_minutes(
                &sch,
                id("Project Pavilion Stage"),
                id("Off-site: Rooftop Terrace")
            ),
            9
        );
        let table = WalkTable::new(&sch);
        for a in 0..sch.rooms.len() {
            for b in 0..sch.rooms.len() {
                let (a, b) = (RoomId(a as u32), RoomId(b as u32));
                assert_eq!(table.minutes(a, b), walk_minutes(&sch, a, b));
            }
        }
    }
}
