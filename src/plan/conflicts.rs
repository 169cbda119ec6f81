//! Conflicts among starred sessions, one conference day at a time: overlaps (pairs, and chains of
//! three or more as groups), room changes against the walk, crowded sessions to arrive early at,
//! and days with no time for lunch. Each comes with a suggestion in words.
//!
//! Everything here is a pure function of the schedule, the risks and the starred sessions of one
//! day; [`super::Analysis`] decides which days to work out again after a star toggle.

use std::fmt::Write as _;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime};
use chrono_tz::Tz;

use super::crowding::{Risk, RiskLevel};
use super::walking::WalkTable;
use crate::schedule::time::resolve_local;
use crate::schedule::{Schedule, Session, SessionKind};

/// The lunch window starts at this local time...
pub const LUNCH_FROM: (u32, u32) = (11, 30);
/// ...and ends at this one...
pub const LUNCH_TO: (u32, u32) = (14, 0);
/// ...and needs a free stretch of this many minutes.
pub const LUNCH_MINUTES: i64 = 30;

/// Two starred sessions that run at the same time for a while.
#[derive(Debug, Clone, PartialEq)]
pub struct Overlap {
    /// Positions in [`Schedule::sessions`], the earlier start first.
    pub sessions: [usize; 2],
    /// Minutes both run.
    pub minutes: u32,
    /// The chain of three or more it belongs to, as an index into [`DayConflicts::groups`].
    pub group: Option<usize>,
    /// The one to attend in person.
    pub attend: usize,
    /// The other, when it is recorded.
    pub watch_later: Option<usize>,
    pub suggestion: String,
}

/// Three or more starred sessions chained by overlaps.
#[derive(Debug, Clone, PartialEq)]
pub struct OverlapGroup {
    /// Positions, by start.
    pub sessions: Vec<usize>,
    /// Minutes during which two or more of them run.
    pub minutes: u32,
    pub attend: usize,
    pub suggestion: String,
}

/// A change of room between two consecutive starred sessions.
#[derive(Debug, Clone, PartialEq)]
pub struct Transfer {
    pub from: usize,
    pub to: usize,
    /// Minutes between the end of `from` and the start of `to`.
    pub gap_minutes: u32,
    pub walk_minutes: u32,
    /// The gap is shorter than the walk.
    pub tight: bool,
    /// When to leave `from`, when that is before its end (a tight walk, or a crowded `to`).
    pub leave_by: Option<DateTime<Tz>>,
    pub suggestion: String,
}

/// A starred session likely to fill, and when to get there.
#[derive(Debug, Clone, PartialEq)]
pub struct Crowding {
    pub session: usize,
    pub level: RiskLevel,
    pub arrive_by: DateTime<Tz>,
    /// The starred session before it, and when to leave it.
    pub leave_previous: Option<(usize, DateTime<Tz>)>,
    pub suggestion: String,
}

/// A day whose starred sessions leave no time for lunch.
#[derive(Debug, Clone, PartialEq)]
pub struct Lunch {
    pub day: NaiveDate,
    /// The longest free stretch in the lunch window, in minutes.
    pub longest_gap: u32,
    pub message: String,
}

/// The conflicts of one conference day.
#[derive(Debug, Clone, PartialEq)]
pub struct DayConflicts {
    pub date: NaiveDate,
    pub overlaps: Vec<Overlap>,
    pub groups: Vec<OverlapGroup>,
    pub transfers: Vec<Transfer>,
    pub crowding: Vec<Crowding>,
    pub lunch: Option<Lunch>,
}

impl DayConflicts {
    /// Nothing to report: no overlap, no room change, no crowd, lunch is fine.
    pub fn is_empty(&self) -> bool {
        self.overlaps.is_empty()
            && self.transfers.is_empty()
            && self.crowding.is_empty()
            && self.lunch.is_none()
    }
}

/// The conflicts of every day with starred sessions, by date.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Conflicts {
    pub(super) days: Vec<DayConflicts>,
}

impl Conflicts {
    /// Days with something to report, by date.
    pub fn days(&self) -> &[DayConflicts] {
        &self.days
    }

    pub fn overlaps(&self) -> impl Iterator<Item = &Overlap> {
        self.days.iter().flat_map(|d| &d.overlaps)
    }

    pub fn groups(&self) -> impl Iterator<Item = &OverlapGroup> {
        self.days.iter().flat_map(|d| &d.groups)
    }

    pub fn transfers(&self) -> impl Iterator<Item = &Transfer> {
        self.days.iter().flat_map(|d| &d.transfers)
    }

    pub fn crowding(&self) -> impl Iterator<Item = &Crowding> {
        self.days.iter().flat_map(|d| &d.crowding)
    }

    pub fn lunch(&self) -> impl Iterator<Item = &Lunch> {
        self.days.iter().filter_map(|d| d.lunch.as_ref())
    }

    pub fn is_empty(&self) -> bool {
        self.days.iter().all(DayConflicts::is_empty)
    }
}

/// What one day's analysis reads.
pub(super) struct DayInput<'a> {
    pub schedule: &'a Schedule,
    pub risks: &'a [Risk],
    pub walks: &'a WalkTable,
    pub date: NaiveDate,
    /// The day's starred sessions, by (start, end, position).
    pub members: &'a [usize],
    /// Starred sessions of earlier days still running when this day's first one starts.
    pub guests: &'a [usize],
}

/// Breaks are free time, not commitments: they neither conflict nor need walking to.
fn commits(s: &Session) -> bool {
    s.kind != SessionKind::Break
}

/// Whole minutes from `a` to `b`, rounded up; zero when `b` is not after `a`.
fn minutes_between(a: DateTime<Tz>, b: DateTime<Tz>) -> u32 {
    let secs = (b - a).num_seconds().max(0) as u64;
    secs.div_ceil(60) as u32
}

/// The end used for overlaps: a session that ends before it starts is taken to end as it starts.
fn end_of(s: &Session) -> DateTime<Tz> {
    s.end.max(s.start)
}

/// Works out one day's conflicts.
pub(super) fn analyse_day(input: &DayInput<'_>) -> DayConflicts {
    let sch = input.schedule;
    let mut day = DayConflicts {
        date: input.date,
        overlaps: Vec::new(),
        groups: Vec::new(),
        transfers: Vec::new(),
        crowding: Vec::new(),
        lunch: None,
    };
    overlaps(input, &mut day);
    let previous = transfers(input, &mut day);
    for (k, &i) in input.members.iter().enumerate() {
        let s = sch.session(i);
        let risk = &input.risks[i];
        if risk.level < RiskLevel::Filling || !commits(s) {
            continue;
        }
        day.crowding.push(crowding(input, i, previous[k]));
    }
    day.lunch = lunch(input);
    day
}

/// Overlaps by a sweep over sessions sorted by start, cut into chains (sessions linked by
/// overlapping one another). A chain of two is one pair; a chain of three or more is a group,
/// and its pairs are only each session with the earlier one that ends last (which it always
/// overlaps): n - 1 pairs, never all n² of them, so a thousand sessions starred at once cost
/// time and memory in proportion.
fn overlaps(input: &DayInput<'_>, day: &mut DayConflicts) {
    let sch = input.schedule;
    let is_member = |i: usize| {
        input
            .members
            .binary_search_by(|&m| order(sch, m, i))
            .is_ok()
    };
    let mut all: Vec<usize> = input
        .guests
        .iter()
        .chain(input.members)
        .copied()
        .filter(|&i| {
            let s = sch.session(i);
            commits(s) && end_of(s) > s.start
        })
        .collect();
    all.sort_unstable_by(|&a, &b| order(sch, a, b));

    // The current chain, and the earlier session in it that ends last.
    let mut chain: Vec<usize> = Vec::new();
    let mut latest: Option<usize> = None;
    let mut chain_first_pair = day.overlaps.len();
    for &x in &all {
        let s = sch.session(x);
        if let Some(l) = latest
            && s.start >= end_of(sch.session(l))
        {
            close_chain(input, day, &chain, chain_first_pair);
            chain.clear();
            latest = None;
            chain_first_pair = day.overlaps.len();
        }
        if let Some(l) = latest
            && (is_member(l) || is_member(x))
        {
            let other = sch.session(l);
            let minutes = minutes_between(s.start, end_of(s).min(end_of(other)));
            if minutes > 0 {
                day.overlaps.push(pair(input, l, x, minutes));
            }
        }
        chain.push(x);
        if latest.is_none_or(|l| end_of(s) > end_of(sch.session(l))) {
            latest = Some(x);
        }
    }
    close_chain(input, day, &chain, chain_first_pair);
}

/// Schedule order: start, end, position.
fn order(sch: &Schedule, a: usize, b: usize) -> std::cmp::Ordering {
    let (x, y) = (sch.session(a), sch.session(b));
    (x.start, end_of(x), a).cmp(&(y.start, end_of(y), b))
}

/// Records a chain of three or more overlapping sessions as a group.
fn close_chain(input: &DayInput<'_>, day: &mut DayConflicts, chain: &[usize], first_pair: usize) {
    if chain.len() < 3 || day.overlaps.len() - first_pair < 2 {
        return;
    }
    let sch = input.schedule;
    // Minutes during which two or more run.
    let mut events: Vec<(DateTime<Tz>, i32)> = Vec::with_capacity(chain.len() * 2);
    for &i in chain {
        let s = sch.session(i);
        events.push((s.start, 1));
        events.push((end_of(s), -1));
    }
    events.sort_unstable();
    let mut running = 0;
    let mut since: Option<DateTime<Tz>> = None;
    let mut seconds = 0;
    for (t, d) in events {
        if running >= 2
            && let Some(from) = since
        {
            seconds += (t - from).num_seconds();
        }
        running += d;
        since = Some(t);
    }
    let attend = pick(input, chain);
    let unrecorded: Vec<usize> = chain
        .iter()
        .copied()
        .filter(|&i| sch.session(i).is_unrecorded() && i != attend)
        .collect();
    // Only those known to be recorded can be watched later.
    let others = chain
        .iter()
        .filter(|&&i| i != attend && sch.session(i).is_recorded())
        .count();
    let unstated = chain.len() - 1 - unrecorded.len() - others;
    let mut suggestion = format!(
        "{} starred sessions overlap: see {} in person ({})",
        chain.len(),
        quote(sch.session(attend)),
        why_pick(input, attend, chain)
    );
    match others {
        0 => {}
        1 => suggestion.push_str(" and watch the other later"),
        n => {
            let _ = write!(suggestion, " and watch the {n} others later");
        }
    }
    if unstated > 0 {
        let _ = write!(
            suggestion,
            "; whether {} {} recorded is not stated",
            if unstated == 1 {
                "one other"
            } else {
                "the others"
            },
            if unstated == 1 { "is" } else { "are" }
        );
    }
    if !unrecorded.is_empty() {
        // Named up to a few; a huge group says how many more.
        const NAMED: usize = 5;
        let mut names: Vec<String> = unrecorded
            .iter()
            .take(NAMED)
            .map(|&i| quote(sch.session(i)))
            .collect();
        if unrecorded.len() > NAMED {
            names.push(format!("{} more", unrecorded.len() - NAMED));
        }
        let _ = write!(
            suggestion,
            "; {} {} not recorded: choose",
            names.join(" and "),
            if unrecorded.len() == 1 { "is" } else { "are" }
        );
    }
    let group = day.groups.len();
    for o in &mut day.overlaps[first_pair..] {
        o.group = Some(group);
    }
    day.groups.push(OverlapGroup {
        sessions: chain.to_vec(),
        minutes: (seconds.max(0) as u64).div_ceil(60) as u32,
        attend,
        suggestion,
    });
}

/// The session to see in person among several: an unrecorded one first, then the likeliest to
/// fill, then the earliest.
fn pick(input: &DayInput<'_>, among: &[usize]) -> usize {
    let sch = input.schedule;
    let key = |i: usize| {
        let r = &input.risks[i];
        (
            sch.session(i).is_unrecorded(),
            r.level,
            ordered(r.ratio.unwrap_or(0.0)),
        )
    };
    let mut best = among[0];
    for &i in &among[1..] {
        if key(i) > key(best) {
            best = i;
        }
    }
    best
}

/// Ratios as integers, for ordering (f64 is not `Ord`).
fn ordered(ratio: f64) -> i64 {
    (ratio * 1000.0).round() as i64
}

/// Why [`pick`] chose a session, in a few words.
fn why_pick(input: &DayInput<'_>, chosen: usize, among: &[usize]) -> String {
    let sch = input.schedule;
    let s = sch.session(chosen);
    if s.is_unrecorded() {
        return "it is not recorded".into();
    }
    let r = &input.risks[chosen];
    let likelier = among
        .iter()
        .filter(|&&i| i != chosen)
        .all(|&i| ordered(input.risks[i].ratio.unwrap_or(0.0)) < ordered(r.ratio.unwrap_or(0.0)));
    if likelier && r.level >= RiskLevel::Filling {
        format!("likelier to fill: {}", r.level.as_str())
    } else if likelier {
        "the busier room".into()
    } else {
        "it starts first".into()
    }
}

fn quote(s: &Session) -> String {
    format!("\u{201c}{}\u{201d}", s.title)
}

/// An overlapping pair and what to do about it.
fn pair(input: &DayInput<'_>, a: usize, b: usize, minutes: u32) -> Overlap {
    let sch = input.schedule;
    let (sa, sb) = (sch.session(a), sch.session(b));
    let attend = pick(input, &[a, b]);
    let other = if attend == a { b } else { a };
    let so = sch.session(other);
    let suggestion = if sa.is_unrecorded() && sb.is_unrecorded() {
        let r = (&input.risks[a], &input.risks[b]);
        if r.0.level == r.1.level {
            "neither is recorded: choose one".to_string()
        } else {
            format!(
                "neither is recorded: choose one; {} is likelier to fill, so go early if you pick it",
                quote(sch.session(attend))
            )
        }
    } else if so.is_recorded() {
        format!(
            "see {} in person ({}) and watch {} later",
            quote(sch.session(attend)),
            why_pick(input, attend, &[a, b]),
            quote(so)
        )
    } else {
        // The schedule does not say the other is recorded: no recording to promise.
        format!(
            "see {} in person ({}); whether {} is recorded is not stated",
            quote(sch.session(attend)),
            why_pick(input, attend, &[a, b]),
            quote(so)
        )
    };
    Overlap {
        sessions: [a, b],
        minutes,
        group: None,
        attend,
        watch_later: so.is_recorded().then_some(other),
        suggestion,
    }
}

/// Room changes between consecutive starred sessions; returns, for each member, the one before
/// it (the latest-ending earlier member that ends by its start).
fn transfers(input: &DayInput<'_>, day: &mut DayConflicts) -> Vec<Option<usize>> {
    let sch = input.schedule;
    let mut previous = vec![None; input.members.len()];
    // The earlier member that ends last.
    let mut latest: Option<usize> = None;
    for (k, &b) in input.members.iter().enumerate() {
        let sb = sch.session(b);
        if !commits(sb) {
            continue;
        }
        if let Some(a) = latest {
            let sa = sch.session(a);
            if end_of(sa) <= sb.start {
                previous[k] = Some(a);
                if let (Some(ra), Some(rb)) = (sa.room, sb.room)
                    && ra != rb
                {
                    day.transfers
                        .push(transfer(input, a, b, input.walks.minutes(ra, rb)));
                }
            }
        }
        if latest.is_none_or(|a| end_of(sb) > end_of(sch.session(a))) {
            latest = Some(b);
        }
    }
    previous
}

fn transfer(input: &DayInput<'_>, a: usize, b: usize, walk: u32) -> Transfer {
    let sch = input.schedule;
    let (sa, sb) = (sch.session(a), sch.session(b));
    let gap = minutes_between(end_of(sa), sb.start);
    let tight = gap < walk;
    let early = input.risks[b].level.arrive_early();
    let leave = sb.start - Duration::minutes(i64::from(walk + early));
    let leave_by = (leave < end_of(sa)).then_some(leave);
    let suggestion = match (tight, leave_by) {
        (true, Some(t)) if early > 0 => format!(
            "a {walk}-min walk in a {gap}-min gap, to a session likely to be {}: leave {} at {}",
            input.risks[b].level.as_str(),
            quote(sa),
            hhmm(t)
        ),
        (true, _) => format!(
            "a {walk}-min walk in a {gap}-min gap: leave {} {} min before its end",
            quote(sa),
            walk - gap
        ),
        (false, Some(t)) => format!(
            "{} is likely to be {}: leave {} at {} to arrive {early} min early",
            quote(sb),
            input.risks[b].level.as_str(),
            quote(sa),
            hhmm(t)
        ),
        (false, None) => format!("a {walk}-min walk in a {gap}-min gap"),
    };
    Transfer {
        from: a,
        to: b,
        gap_minutes: gap,
        walk_minutes: walk,
        tight,
        leave_by,
        suggestion,
    }
}

fn crowding(input: &DayInput<'_>, i: usize, previous: Option<usize>) -> Crowding {
    let sch = input.schedule;
    let s = sch.session(i);
    let risk = &input.risks[i];
    let early = risk.level.arrive_early();
    let arrive_by = s.start - Duration::minutes(i64::from(early));
    let leave_previous = previous.and_then(|p| {
        let sp = sch.session(p);
        let walk = match (sp.room, s.room) {
            (Some(a), Some(b)) => input.walks.minutes(a, b),
            _ => 0,
        };
        let leave = arrive_by - Duration::minutes(i64::from(walk));
        (leave < end_of(sp)).then_some((p, leave))
    });
    let suggestion = match leave_previous {
        Some((p, t)) => format!(
            "likely {}: leave {} at {} to be there by {}",
            risk.level.as_str(),
            quote(sch.session(p)),
            hhmm(t),
            hhmm(arrive_by)
        ),
        None => format!(
            "likely {}: be there by {}",
            risk.level.as_str(),
            hhmm(arrive_by)
        ),
    };
    Crowding {
        session: i,
        level: risk.level,
        arrive_by,
        leave_previous,
        suggestion,
    }
}

/// A lunch warning when the starred sessions leave no free stretch of [`LUNCH_MINUTES`] in the
/// lunch window.
fn lunch(input: &DayInput<'_>) -> Option<Lunch> {
    let sch = input.schedule;
    let zone = sch.conference.timezone;
    let at = |(h, m): (u32, u32)| {
        NaiveTime::from_hms_opt(h, m, 0)
            .and_then(|t| resolve_local(input.date.and_time(t), zone).ok())
    };
    let (from, to) = (at(LUNCH_FROM)?, at(LUNCH_TO)?);
    let mut busy: Vec<(DateTime<Tz>, DateTime<Tz>)> = input
        .members
        .iter()
        .map(|&i| sch.session(i))
        .filter(|s| commits(s) && s.start < to && end_of(s) > from)
        .map(|s| (s.start.max(from), end_of(s).min(to)))
        .collect();
    if busy.is_empty() {
        return None;
    }
    busy.sort_unstable();
    let mut cursor = from;
    let mut longest = (Duration::zero(), from);
    for (a, b) in busy {
        if a - cursor > longest.0 {
            longest = (a - cursor, cursor);
        }
        cursor = cursor.max(b);
    }
    if to - cursor > longest.0 {
        longest = (to - cursor, cursor);
    }
    if longest.0 >= Duration::minutes(LUNCH_MINUTES) {
        return None;
    }
    let minutes = longest.0.num_minutes().max(0) as u32;
    let free = if minutes == 0 {
        "no free time at all".to_string()
    } else {
        format!(
            "the longest free stretch is {minutes} min ({}–{})",
            hhmm(longest.1),
            hhmm(longest.1 + longest.0)
        )
    };
    Some(Lunch {
        day: input.date,
        longest_gap: minutes,
        message: format!(
            "no {LUNCH_MINUTES}-minute gap for lunch between {} and {}: {free}; unstar a session or bring a sandwich",
            hhmm(from),
            hhmm(to)
        ),
    })
}

/// "14:05", in the conference's zone.
fn hhmm(t: DateTime<Tz>) -> String {
    t.format("%H:%M").to_string()
}

#[cfg(test)]
mod tests;
