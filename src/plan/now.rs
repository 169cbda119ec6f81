//! What is on now and next in every room, and when to leave for the next starred session.
//!
//! Everything here goes through the schedule's start-time index ([`Schedule::by_start`]) with a
//! binary search, so asking costs the sessions around the instant, not the whole programme. The
//! instant is always a parameter: the core never reads the clock.

use chrono::{DateTime, Duration, Utc};

use super::walking::{UNKNOWN, WalkTable};
use super::{Agenda, Risk};
use crate::schedule::{RoomId, Schedule};

/// Sessions running at an instant and the next one in each room.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NowNext {
    /// Running (started, not ended), by room then start.
    pub now: Vec<usize>,
    /// In each room (and once for sessions without a room), the first session starting after
    /// the instant, on the conference day of the earliest of them; by room then start.
    pub next: Vec<usize>,
}

/// The start-time index plus the longest session, so that the sessions running at an instant
/// are found by looking back no further than that.
#[derive(Debug, Clone)]
pub struct NowIndex {
    longest: Duration,
}

impl NowIndex {
    /// One pass over the sessions, at load.
    pub fn new(schedule: &Schedule) -> Self {
        let longest = schedule
            .sessions()
            .iter()
            .map(|s| s.end - s.start)
            .max()
            .unwrap_or_else(Duration::zero)
            .max(Duration::zero());
        NowIndex { longest }
    }

    /// Positions of the sessions running at `now`: started at or before it, ending after it.
    pub fn running(&self, schedule: &Schedule, now: DateTime<Utc>) -> Vec<usize> {
        let by_start = schedule.by_start();
        let start = |i: usize| schedule.session(i).start.with_timezone(&Utc);
        let lo = by_start.partition_point(|&i| start(i) < now - self.longest);
        let hi = by_start.partition_point(|&i| start(i) <= now);
        by_start[lo..hi.max(lo)]
            .iter()
            .copied()
            .filter(|&i| schedule.session(i).end.with_timezone(&Utc) > now)
            .collect()
    }

    /// What is on now and next in every room at `now`.
    pub fn now_next(&self, schedule: &Schedule, now: DateTime<Utc>) -> NowNext {
        let mut running = self.running(schedule, now);
        let by_start = schedule.by_start();
        let from =
            by_start.partition_point(|&i| schedule.session(i).start.with_timezone(&Utc) <= now);
        // One slot per room, and the last for sessions without one.
        let mut seen = vec![false; schedule.rooms.len() + 1];
        let mut left = seen.len();
        let mut next = Vec::new();
        let mut day = None;
        for &i in &by_start[from..] {
            let s = schedule.session(i);
            if *day.get_or_insert(s.day) != s.day || left == 0 {
                break;
            }
            let slot = s.room.map_or(schedule.rooms.len(), |r| r.0 as usize);
            if !seen[slot] {
                seen[slot] = true;
                left -= 1;
                next.push(i);
            }
        }
        let order = |&i: &usize| {
            let s = schedule.session(i);
            (s.room.map_or(u32::MAX, |r| r.0), s.start, i)
        };
        running.sort_by_key(order);
        next.sort_by_key(order);
        NowNext { now: running, next }
    }
}

/// When to leave for a starred session: its start, less the walk from where the attendee is and
/// the minutes its crowding says to arrive early.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaveBy {
    /// The session to go to.
    pub session: usize,
    /// When to get up.
    pub at: DateTime<Utc>,
    /// The walk, in minutes.
    pub walk: u32,
    /// Minutes to be there before it starts (the crowding model's arrive-by margin).
    pub early: u32,
}

/// The next starred session starting after `now` and when to leave for it.
///
/// "Where you are" is the room of the starred session running now, else of the last starred
/// session of the same day that ended before it; with neither, the walk is the documented
/// default ([`UNKNOWN`]). `starred` must be positions sorted by start (as the agenda rows are).
pub fn leave_by(
    schedule: &Schedule,
    walks: &WalkTable,
    risks: &[Risk],
    starred: &[usize],
    now: DateTime<Utc>,
) -> Option<LeaveBy> {
    let utc = |t: &DateTime<chrono_tz::Tz>| t.with_timezone(&Utc);
    let next_pos = starred.partition_point(|&i| utc(&schedule.session(i).start) <= now);
    let target = *starred.get(next_pos)?;
    let to = schedule.session(target);
    let here: Option<RoomId> = starred[..next_pos]
        .iter()
        .rev()
        .map(|&i| schedule.session(i))
        .take_while(|s| s.day == to.day)
        .find(|s| s.start < to.start)
        .and_then(|s| s.room);
    let walk = match (here, to.room) {
        (Some(a), Some(b)) => walks.minutes(a, b),
        _ => UNKNOWN,
    };
    let early = risks.get(target).map_or(0, |r| r.level.arrive_early());
    let at = utc(&to.start) - Duration::minutes(i64::from(walk + early));
    Some(LeaveBy {
        session: target,
        at,
        walk,
        early,
    })
}

/// The starred sessions' positions, sorted by start (what [`leave_by`] takes).
pub fn starred_by_start(schedule: &Schedule, agenda: &Agenda) -> Vec<usize> {
    let mut starred: Vec<usize> = agenda
        .stars
        .iter()
        .filter_map(|id| schedule.find(id).map(|(i, _)| i))
        .collect();
    starred.sort_by_key(|&i| (schedule.session(i).start, i));
    starred
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::crowding;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn demo() -> Schedule {
        crate::demo::load().unwrap()
    }

    #[test]
    fn running_sessions_are_those_started_and_not_ended() {
        let sch = demo();
        let index = NowIndex::new(&sch);
        let now = at("2024-03-20T11:10:00+01:00");
        let running = index.running(&sch, now);
        assert!(!running.is_empty());
        let brute: Vec<usize> = (0..sch.sessions().len())
            .filter(|&i| {
                let s = sch.session(i);
                utc(&s.start) <= now && now < utc(&s.end)
            })
            .collect();
        let mut sorted = running.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, brute);
    }

    fn utc(t: &DateTime<chrono_tz::Tz>) -> DateTime<Utc> {
        t.with_timezone(&Utc)
    }

    #[test]
    fn next_is_one_per_room_on_one_day() {
        let sch = demo();
        let index = NowIndex::new(&sch);
        let now = at("2024-03-20T11:10:00+01:00");
        let nn = index.now_next(&sch, now);
        let mut rooms: Vec<_> = nn.next.iter().map(|&i| sch.session(i).room).collect();
        let n = rooms.len();
        rooms.dedup();
        assert_eq!(rooms.len(), n, "one per room");
        for &i in &nn.next {
            let s = sch.session(i);
            assert!(utc(&s.start) > now);
            assert_eq!(s.day, sch.session(nn.next[0]).day);
        }
    }

    #[test]
    fn before_the_conference_nothing_runs_and_the_first_day_is_next() {
        let sch = demo();
        let nn = NowIndex::new(&sch).now_next(&sch, at("2024-01-01T09:00:00Z"));
        assert!(nn.now.is_empty());
        assert!(!nn.next.is_empty());
        assert!(
            nn.next
                .iter()
                .all(|&i| sch.session(i).day == sch.days()[0].date)
        );
        let after = NowIndex::new(&sch).now_next(&sch, at("2025-01-01T09:00:00Z"));
        assert_eq!(after, NowNext::default());
    }

    #[test]
    fn leaving_counts_the_walk_from_the_last_starred_room_and_the_margin() {
        let sch = demo();
        let walks = WalkTable::new(&sch);
        let risks = crowding::assess(&sch);
        // Two starred sessions on one day, in different rooms, one after the other.
        let day = sch.days()[0].range.clone();
        let first = day
            .clone()
            .find(|&i| sch.session(i).room.is_some())
            .unwrap();
        let a = sch.session(first);
        let second = day
            .clone()
            .find(|&i| {
                let s = sch.session(i);
                s.start >= a.end && s.room.is_some() && s.room != a.room
            })
            .unwrap();
        let starred = vec![first, second];
        let during = utc(&a.start) + Duration::minutes(1);
        let leave = leave_by(&sch, &walks, &risks, &starred, during).unwrap();
        let b = sch.session(second);
        let walk = walks.minutes(a.room.unwrap(), b.room.unwrap());
        let early = risks[second].level.arrive_early();
        assert_eq!(leave.session, second);
        assert_eq!((leave.walk, leave.early), (walk, early));
        assert_eq!(
            leave.at,
            utc(&b.start) - Duration::minutes(i64::from(walk + early))
        );
        // Before the day's first star there is nowhere known to walk from.
        let before = utc(&a.start) - Duration::hours(1);
        let leave = leave_by(&sch, &walks, &risks, &starred, before).unwrap();
        assert_eq!((leave.session, leave.walk), (first, UNKNOWN));
        assert!(leave_by(&sch, &walks, &risks, &starred, utc(&b.end)).is_none());
    }
}
