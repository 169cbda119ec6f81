//! Overcrowding risk: how many people a session is likely to draw against the seats of its room,
//! with a one-sentence reason.
//!
//! The model and every constant below are explained, with a worked example, in
//! `docs/crowding.md`. In short: the people in sessions at a time are spread over the sessions
//! running then, each weighted by its kind, its topic's heat and its room's size; a count of people
//! who said they will come can raise the estimate but never lower it. Risks depend on the schedule
//! only, never on the attendee's own stars, so they are worked out once per schedule in
//! O(n log n) (a sweep over sorted start and end instants).

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::schedule::{Schedule, Session, SessionKind};

/// Share of registered attendees in the building at a given moment (arrivals, departures,
/// meetings outside, sightseeing take the rest).
pub const ON_SITE: f64 = 0.8;
/// Share of the people on site who sit in a session rather than on the expo floor, in the
/// hallway or in a coffee queue.
pub const IN_ROOMS: f64 = 0.5;
/// Without an attendance figure: the people in sessions are taken to fill this share of the seats
/// in use at the busiest moment (the demo's own figures give 0.47).
pub const SEATS_FILLED_WITHOUT_COUNT: f64 = 0.5;
/// How far a room's size is trusted as the organisers' forecast of its draw: 0 ignores it, 1
/// trusts it fully (every room in a slot would then fill alike). A square root splits the
/// difference.
pub const ROOM_SIZE_TRUST: f64 = 0.5;
/// A slot with less on than this percentile of session loads does not concentrate the crowd:
/// the people not needed stay on the floor (or have left, on the last afternoon).
pub const FULL_SLOT_PERCENTILE: f64 = 0.75;
/// Topic heat is the square root of the hottest topic's session count over the median's, kept
/// between these bounds so that one tag cannot decide alone.
pub const HEAT_MIN: f64 = 0.85;
pub const HEAT_MAX: f64 = 1.35;
/// Heat from which the reason names the topic.
pub const HOT_TOPIC: f64 = 1.15;
/// Ratios of expected people to seats at which the levels start.
pub const FILLING_AT: f64 = 0.75;
pub const FULL_AT: f64 = 1.0;
pub const OVERFLOW_AT: f64 = 1.5;
/// Minutes to arrive before the start of a full or overflowing session.
pub const EARLY_FULL: u32 = 10;
pub const EARLY_OVERFLOW: u32 = 15;
/// A session shorter than this is counted as lasting this long, so that a zero-length (or
/// backwards) entry still takes part in the sweep.
const MIN_SECONDS: i64 = 60;

/// A room's size as a forecast of its draw: `seats ^ ROOM_SIZE_TRUST` (a square root at 0.5,
/// computed as one, which is several times cheaper than `powf`).
fn room_size_weight(seats: f64) -> f64 {
    #[allow(clippy::float_cmp)] // a constant compared with the literal it was set to
    if ROOM_SIZE_TRUST == 0.5 {
        seats.sqrt()
    } else {
        seats.powf(ROOM_SIZE_TRUST)
    }
}

/// How strongly a kind of session draws, against a talk's 1.
pub fn kind_weight(kind: SessionKind) -> f64 {
    match kind {
        // Everyone comes to a keynote; the organisers schedule little against it.
        SessionKind::Keynote => 3.0,
        // A social is not rated, but pulls people away from what runs beside it.
        SessionKind::Talk | SessionKind::Panel | SessionKind::Social => 1.0,
        // Hands-on, laptops out, often with registration: fewer drop in. Welcome and closing
        // remarks: mostly the track's own audience.
        SessionKind::Workshop | SessionKind::Other => 0.5,
        // Few cross the venue for five minutes.
        SessionKind::Lightning => 0.6,
        // A break is not rated, but lunch or coffee pulls most people away from what runs then.
        SessionKind::Break => 4.0,
    }
}

/// How likely a session is to run out of seats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum RiskLevel {
    /// Nothing to estimate from (no room size, or no count for a social): not a guess shown
    /// as fact. Ordered below `Low`, so no advice rests on it.
    Unknown,
    /// Under 75% of the seats.
    #[default]
    Low,
    /// 75% of the seats or more.
    Filling,
    /// 100% or more.
    Full,
    /// 150% or more: people will be turned away.
    Overflow,
}

impl RiskLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            RiskLevel::Unknown => "unknown",
            RiskLevel::Low => "low",
            RiskLevel::Filling => "filling",
            RiskLevel::Full => "full",
            RiskLevel::Overflow => "overflow",
        }
    }

    /// The level for a ratio of expected people to seats.
    pub fn from_ratio(ratio: f64) -> Self {
        if ratio >= OVERFLOW_AT {
            RiskLevel::Overflow
        } else if ratio >= FULL_AT {
            RiskLevel::Full
        } else if ratio >= FILLING_AT {
            RiskLevel::Filling
        } else {
            RiskLevel::Low
        }
    }

    /// Minutes to arrive early at a session of this level.
    pub fn arrive_early(self) -> u32 {
        match self {
            RiskLevel::Unknown | RiskLevel::Low => 0,
            RiskLevel::Filling => 5,
            RiskLevel::Full => EARLY_FULL,
            RiskLevel::Overflow => EARLY_OVERFLOW,
        }
    }
}

/// A session's crowding risk and why.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Risk {
    pub level: RiskLevel,
    /// People expected.
    pub expected: u32,
    /// Seats, when the room's size is known.
    pub capacity: Option<u32>,
    /// `expected / capacity`.
    pub ratio: Option<f64>,
    /// One sentence for people.
    pub reason: String,
}

/// Whether the model rates a session; breaks and socials only compete with the others.
fn rated(kind: SessionKind) -> bool {
    !matches!(kind, SessionKind::Break | SessionKind::Social)
}

/// A piecewise-constant function of time with its running integral, for the mean load over a
/// session in O(log n).
struct Load {
    times: Vec<i64>,
    /// Value from `times[k]` until `times[k + 1]`.
    values: Vec<f64>,
    /// Integral from `times[0]` to `times[k]`.
    integral: Vec<f64>,
}

impl Load {
    fn new(mut events: Vec<(i64, f64)>) -> Self {
        events.sort_unstable_by_key(|e| e.0);
        let mut times = Vec::with_capacity(events.len());
        let mut values: Vec<f64> = Vec::with_capacity(events.len());
        let mut integral: Vec<f64> = Vec::with_capacity(events.len());
        let mut current = 0.0;
        for (t, delta) in events {
            current += delta;
            if times.last() == Some(&t) {
                if let Some(v) = values.last_mut() {
                    *v = current;
                }
                continue;
            }
            let area = match (times.last(), values.last(), integral.last()) {
                (Some(&t0), Some(&v0), Some(&i0)) => i0 + v0 * (t - t0) as f64,
                _ => 0.0,
            };
            times.push(t);
            values.push(current);
            integral.push(area);
        }
        Load {
            times,
            values,
            integral,
        }
    }

    /// The integral from the first event to `t`.
    fn area_until(&self, t: i64) -> f64 {
        let k = self.times.partition_point(|&x| x <= t);
        if k == 0 {
            return 0.0;
        }
        let k = k - 1;
        self.integral[k] + self.values[k] * (t - self.times[k]) as f64
    }

    /// The mean value over `[from, to)`.
    fn mean(&self, from: i64, to: i64) -> f64 {
        (self.area_until(to) - self.area_until(from)) / (to - from).max(1) as f64
    }
}

/// What the model knows of one session, before it is put in words.
struct Estimate<'a> {
    model: f64,
    parallel: usize,
    heat: f64,
    topic: Option<&'a str>,
}

/// The risk of every session, by position in [`Schedule::sessions`].
pub fn assess(schedule: &Schedule) -> Vec<Risk> {
    // Without an attendance figure the crowd is only guessed from the seats in use; such a guess
    // may say "fill early", never "you will be turned away" (see `cap_guess`).
    let guessed = schedule.conference.expected_attendance.is_none();
    let sessions = schedule.sessions();
    let n = sessions.len();
    let span = |s: &Session| {
        let start = s.start.timestamp();
        (start, s.end.timestamp().max(start + MIN_SECONDS))
    };

    // Topic heat: sessions per track and per tag, among rated sessions.
    let mut track_count = vec![0u32; schedule.tracks.len()];
    // foldhash: tags are hashed twice per session, and SipHash's DoS resistance buys nothing
    // for counting words in a file already in memory.
    let mut tag_count: HashMap<&str, u32, foldhash::fast::RandomState> = HashMap::default();
    for s in sessions.iter().filter(|s| rated(s.kind)) {
        if let Some(t) = s.track {
            track_count[t.0 as usize] += 1;
        }
        for tag in &s.tags {
            *tag_count.entry(tag.as_str()).or_insert(0) += 1;
        }
    }
    let hot: Vec<Option<(u32, &str)>> = sessions
        .iter()
        .map(|s| {
            if !rated(s.kind) {
                return None;
            }
            let mut best: Option<(u32, &str)> = s
                .track
                .map(|t| (track_count[t.0 as usize], schedule.track(t).name.as_str()));
            for tag in &s.tags {
                let c = tag_count.get(tag.as_str()).copied().unwrap_or(0);
                if best.is_none_or(|(b, _)| c > b) {
                    best = Some((c, tag.as_str()));
                }
            }
            best
        })
        .collect();
    let median_hot = median(
        hot.iter()
            .filter_map(|h| h.map(|(c, _)| f64::from(c)))
            .collect(),
    )
    .unwrap_or(1.0);
    let heat = |i: usize| {
        hot[i].map_or(1.0, |(c, _)| {
            (f64::from(c) / median_hot.max(1.0))
                .sqrt()
                .clamp(HEAT_MIN, HEAT_MAX)
        })
    };

    // Room sizes; unknown ones weigh as the median known room.
    let median_capacity = median(
        schedule
            .rooms
            .iter()
            .filter_map(|r| r.capacity.map(f64::from))
            .collect(),
    )
    .unwrap_or(1.0);
    let capacity = |s: &Session| s.room.and_then(|r| schedule.room(r).capacity);
    let weights: Vec<f64> = sessions
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let seats = capacity(s).map_or(median_capacity, f64::from).max(1.0);
            kind_weight(s.kind) * heat(i) * room_size_weight(seats)
        })
        .collect();

    // The load over time: the sum of the weights of what runs.
    let mut events = Vec::with_capacity(2 * n);
    for (s, &w) in sessions.iter().zip(&weights) {
        let (a, b) = span(s);
        events.push((a, w));
        events.push((b, -w));
    }
    let load = Load::new(events);
    let loads: Vec<f64> = sessions
        .iter()
        .map(|s| {
            let (a, b) = span(s);
            load.mean(a, b)
        })
        .collect();
    let full_slot = percentile(
        sessions
            .iter()
            .zip(&loads)
            .filter(|(s, _)| rated(s.kind))
            .map(|(_, &l)| l)
            .collect(),
        FULL_SLOT_PERCENTILE,
    )
    .unwrap_or(0.0);

    // Rated sessions running at once, by binary search over sorted starts and ends.
    let mut starts: Vec<i64> = Vec::with_capacity(n);
    let mut ends: Vec<i64> = Vec::with_capacity(n);
    for s in sessions.iter().filter(|s| rated(s.kind)) {
        let (a, b) = span(s);
        starts.push(a);
        ends.push(b);
    }
    starts.sort_unstable();
    ends.sort_unstable();
    let parallel = |s: &Session| {
        let (a, b) = span(s);
        starts.partition_point(|&x| x < b) - ends.partition_point(|&x| x <= a)
    };

    let people = people_in_sessions(schedule, &span);

    sessions
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if !rated(s.kind) {
                return unrated(schedule, s);
            }
            let estimate = Estimate {
                model: people.map_or(0.0, |p| p * weights[i] / loads[i].max(full_slot)),
                parallel: parallel(s),
                heat: heat(i),
                topic: hot[i].map(|(_, name)| name),
            };
            let mut r = risk(s, capacity(s), people.is_some(), &estimate);
            if guessed {
                cap_guess(&mut r, s);
            }
            r
        })
        .collect()
}

/// Caps a guess made without an attendance figure or a sign-up count at `filling`: a model fed
/// only with room sizes cannot tell a crowded small room from a quiet one, and a planner that
/// marks half a conference "overflow" teaches people to ignore the mark.
fn cap_guess(r: &mut Risk, s: &Session) {
    let counted = s.interest.is_some_and(|n| n >= r.expected);
    if counted || r.level <= RiskLevel::Filling {
        return;
    }
    r.level = RiskLevel::Filling;
    let cut = r.reason.find(';').unwrap_or(r.reason.len());
    r.reason.truncate(cut);
    r.reason.push_str(" (a guess from room sizes: the schedule gives no attendance figure); arrive a few minutes early");
}

/// People in sessions at any moment: from the expected attendance, else from the seats in use
/// at the busiest moment, else unknown.
fn people_in_sessions(schedule: &Schedule, span: &dyn Fn(&Session) -> (i64, i64)) -> Option<f64> {
    if let Some(a) = schedule.conference.expected_attendance {
        return Some(f64::from(a) * ON_SITE * IN_ROOMS);
    }
    let mut events: Vec<(i64, i64)> = Vec::new();
    for s in schedule.sessions().iter().filter(|s| rated(s.kind)) {
        if let Some(c) = s.room.and_then(|r| schedule.room(r).capacity) {
            let (a, b) = span(s);
            events.push((a, i64::from(c)));
            events.push((b, -i64::from(c)));
        }
    }
    // Ends sort before starts at the same instant: touching sessions do not add up.
    events.sort_unstable_by_key(|&(t, d)| (t, d));
    let mut seats = 0i64;
    let mut busiest = 0i64;
    for (_, d) in events {
        seats += d;
        busiest = busiest.max(seats);
    }
    (busiest > 0).then_some(busiest as f64 * SEATS_FILLED_WITHOUT_COUNT)
}

/// Breaks and socials: rated from a count of who is coming when there is one, else not at all.
fn unrated(schedule: &Schedule, s: &Session) -> Risk {
    let capacity = s.room.and_then(|r| schedule.room(r).capacity);
    match (s.kind, s.interest, capacity) {
        (SessionKind::Social, Some(count), Some(seats)) if seats > 0 => {
            let ratio = f64::from(count) / f64::from(seats);
            let level = RiskLevel::from_ratio(ratio);
            let mut reason = format!(
                "{} said they will come, for room for {} ({})",
                About(count),
                About(seats),
                Times(ratio)
            );
            if level >= RiskLevel::Full {
                let _ = write!(
                    reason,
                    "; arrive early or expect to be turned away at the door"
                );
            }
            Risk {
                level,
                expected: count,
                capacity,
                ratio: Some(ratio),
                reason,
            }
        }
        (SessionKind::Break, ..) => Risk {
            level: RiskLevel::Low,
            expected: s.interest.unwrap_or(0),
            capacity,
            ratio: None,
            reason: "a break: no seats to run out of".into(),
        },
        _ => Risk {
            level: RiskLevel::Unknown,
            expected: s.interest.unwrap_or(0),
            capacity,
            ratio: None,
            reason: "a social with no count of who is coming, or no room size: not rated".into(),
        },
    }
}

/// Puts a rated session's estimate in words.
fn risk(s: &Session, capacity: Option<u32>, modelled: bool, e: &Estimate<'_>) -> Risk {
    let interest = s.interest.map_or(0.0, f64::from);
    let from_count = s.interest.is_some() && interest >= e.model;
    let expected_f = e.model.max(interest);
    let expected = expected_f.round() as u32;
    let Some(seats) = capacity.filter(|&c| c > 0) else {
        let reason = if !modelled && s.interest.is_none() {
            "no attendance figure, room sizes or sign-ups to estimate from".to_string()
        } else {
            format!(
                "about {} expected; the room's capacity is not known",
                About(expected)
            )
        };
        return Risk {
            level: RiskLevel::Unknown,
            expected,
            capacity,
            ratio: None,
            reason,
        };
    };
    let ratio = expected_f / f64::from(seats);
    let level = RiskLevel::from_ratio(ratio);
    let mut reason = String::with_capacity(160);
    if from_count {
        let _ = write!(reason, "{} said they will come", About(expected));
    } else {
        let _ = write!(reason, "about {} expected", About(expected));
    }
    let _ = write!(reason, " for {} seats ({})", About(seats), Times(ratio));
    // The reasons, joined as ": a, b, c".
    let mut sep = ": ";
    let mut why = |reason: &mut String, args: std::fmt::Arguments<'_>| {
        reason.push_str(sep);
        let _ = reason.write_fmt(args);
        sep = ", ";
    };
    if !from_count {
        match e.parallel {
            0 | 1 => why(&mut reason, format_args!("nothing else runs then")),
            n => why(&mut reason, format_args!("{n} sessions in parallel")),
        }
    }
    match s.kind {
        SessionKind::Keynote => why(&mut reason, format_args!("a keynote")),
        SessionKind::Workshop => why(&mut reason, format_args!("a hands-on workshop draws fewer")),
        _ => {}
    }
    if let Some(topic) = e.topic.filter(|_| e.heat >= HOT_TOPIC) {
        why(&mut reason, format_args!("hot topic '{topic}'"));
    }
    if let Some(count) = s.interest.filter(|_| !from_count) {
        why(
            &mut reason,
            format_args!("only {} signed up, but sign-ups undercount", About(count)),
        );
    }
    match level {
        RiskLevel::Unknown | RiskLevel::Low => {}
        RiskLevel::Filling => reason.push_str("; arrive a few minutes early"),
        RiskLevel::Full | RiskLevel::Overflow if s.is_recorded() => {
            let _ = write!(
                reason,
                "; arrive {} min early or watch the recording",
                level.arrive_early()
            );
        }
        RiskLevel::Full | RiskLevel::Overflow => {
            let _ = write!(
                reason,
                "; arrive {} min early: it is not recorded",
                level.arrive_early()
            );
        }
    }
    Risk {
        level,
        expected,
        capacity,
        ratio: Some(ratio),
        reason,
    }
}

/// A ratio as "2.7x", rounded to the nearest tenth, except that it never reads as the next level
/// up (0.96 is "0.9x" beside "filling", not "1.0x").
pub fn times(ratio: f64) -> String {
    Times(ratio).to_string()
}

struct Times(f64);

impl std::fmt::Display for Times {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Whole tenths in integers: no float formatting (one reason per session makes this hot).
        let mut tenths = (self.0 * 10.0).round();
        if RiskLevel::from_ratio(tenths / 10.0) != RiskLevel::from_ratio(self.0) {
            tenths = (self.0 * 10.0).floor();
        }
        if !(0.0..1e15).contains(&tenths) {
            return write!(f, "{:.1}x", tenths / 10.0);
        }
        let tenths = tenths as u64;
        write!(f, "{}.{}x", tenths / 10, tenths % 10)
    }
}

/// A count as people say it: exact under 100, to the ten under 1,000, else to the hundred, with
/// thousands separated by commas.
pub fn about(n: u32) -> String {
    About(n).to_string()
}

struct About(u32);

impl std::fmt::Display for About {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.0;
        let rounded = match n {
            0..100 => n,
            100..1000 => (n + 5) / 10 * 10,
            _ => (n + 50) / 100 * 100,
        };
        grouped(f, rounded)
    }
}

/// Writes `n` with its thousands separated by commas.
fn grouped(f: &mut std::fmt::Formatter<'_>, n: u32) -> std::fmt::Result {
    if n >= 1000 {
        grouped(f, n / 1000)?;
        write!(f, ",{:03}", n % 1000)
    } else {
        write!(f, "{n}")
    }
}

fn median(values: Vec<f64>) -> Option<f64> {
    percentile(values, 0.5)
}

/// The value at a percentile (nearest rank), in O(n).
fn percentile(mut values: Vec<f64>, p: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let k = ((values.len() - 1) as f64 * p).round() as usize;
    let (_, v, _) = values.select_nth_unstable_by(k, f64::total_cmp);
    Some(*v)
}

#[cfg(test)]
mod tests;
