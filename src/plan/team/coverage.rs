//! Divide and conquer: what the team covers, what it leaves, and which of the attendee's clashes
//! a teammate already covers.
//!
//! Everything is worked out from a [`TeamIndex`] (matched once) and the attendee's own stars;
//! nothing here rescans the team per session.

use std::fmt::Write as _;

use chrono::DateTime;
use chrono_tz::Tz;

use super::TeamIndex;
use crate::schedule::{Schedule, SessionKind};
use crate::text::for_display;

/// Titles in suggestions are cut to this many characters.
const TITLE_CHARS: usize = 60;

/// The team's coverage of a schedule.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Coverage {
    /// Time slots (sessions starting at one instant) where someone on the team is, by start.
    pub slots: Vec<Slot>,
    /// Interests with sessions nobody covers.
    pub gaps: Vec<InterestGap>,
    /// The attendee's own overlapping stars, with what to do.
    pub clashes: Vec<Clash>,
}

/// Sessions starting at one instant that someone on the team goes to.
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    pub start: DateTime<Tz>,
    pub sessions: Vec<Covered>,
}

/// One covered session and who covers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Covered {
    pub session: usize,
    /// The attendee starred it.
    pub you: bool,
    /// Teammates who starred it (indexes into `TeamIndex::members`).
    pub members: Vec<u16>,
}

/// A track or topic someone marked as interesting, and its sessions nobody covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterestGap {
    pub interest: String,
    /// Whether it names a track (else it is a word found in titles, tags and tracks).
    pub track: bool,
    /// Who marked it ("you" for the attendee).
    pub marked_by: Vec<String>,
    /// How many sessions it has.
    pub total: usize,
    /// Positions of its sessions nobody on the team starred, by start.
    pub uncovered: Vec<usize>,
}

/// Two or more of the attendee's starred sessions that overlap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clash {
    /// Positions, by start.
    pub sessions: Vec<usize>,
    /// The one to take.
    pub take: usize,
    /// Teammates with nothing starred during the clash (to ask).
    pub free: Vec<u16>,
    pub suggestion: String,
}

/// Works out the coverage. `mine` are the attendee's starred positions; `my_interests` the
/// tracks or topics they marked; `me` how they are named in `marked_by`.
pub fn coverage(
    schedule: &Schedule,
    team: &TeamIndex,
    mine: &[usize],
    my_interests: &[String],
    me: &str,
) -> Coverage {
    let n = schedule.sessions().len();
    let mut starred_by_me = vec![false; n];
    for &p in mine {
        if p < n {
            starred_by_me[p] = true;
        }
    }
    let covered = |p: usize| starred_by_me[p] || !team.at(p).is_empty();

    let mut slots: Vec<Slot> = Vec::new();
    for &p in schedule.by_start() {
        if !covered(p) {
            continue;
        }
        let s = schedule.session(p);
        let item = Covered {
            session: p,
            you: starred_by_me[p],
            members: team.at(p).to_vec(),
        };
        match slots.last_mut() {
            Some(slot) if slot.start == s.start => slot.sessions.push(item),
            _ => slots.push(Slot {
                start: s.start,
                sessions: vec![item],
            }),
        }
    }

    let gaps = interest_gaps(schedule, team, my_interests, me, &covered);
    let clashes = clashes(schedule, team, mine);
    Coverage {
        slots,
        gaps,
        clashes,
    }
}

/// Whether `topic` is in `text` as whole words: "rust" is in "Unsafe Rust" and "rust-lang",
/// not in "Zero Trust" or "Rusty".
fn contains_word(text: &str, topic: &str) -> bool {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.match_indices(topic).any(|(at, _)| {
        !word(text[..at].chars().next_back()) && !word(text[at + topic.len()..].chars().next())
    })
}

/// Every interest of the team (case-insensitively once), with its sessions nobody covers.
fn interest_gaps(
    schedule: &Schedule,
    team: &TeamIndex,
    my_interests: &[String],
    me: &str,
    covered: &dyn Fn(usize) -> bool,
) -> Vec<InterestGap> {
    let mut interests: Vec<(String, Vec<String>)> = Vec::new();
    let marks = my_interests.iter().map(|i| (i, me)).chain(
        team.members
            .iter()
            .flat_map(|m| m.share.interests.iter().map(move |i| (i, m.name()))),
    );
    for (interest, who) in marks {
        match interests
            .iter_mut()
            .find(|(i, _)| i.to_lowercase() == interest.to_lowercase())
        {
            Some((_, by)) => {
                if !by.iter().any(|b| b == who) {
                    by.push(who.to_string());
                }
            }
            None => interests.push((interest.clone(), vec![who.to_string()])),
        }
    }
    // Topics (not track names) are looked for in one pass over titles, tags and tracks.
    let topics: Vec<(usize, String)> = interests
        .iter()
        .enumerate()
        .filter(|(_, (i, _))| schedule.find_track(i).is_none())
        .map(|(k, (i, _))| (k, i.to_lowercase()))
        .collect();
    let mut topic_sessions: Vec<Vec<usize>> = vec![Vec::new(); interests.len()];
    if !topics.is_empty() {
        for &p in schedule.by_start() {
            let s = schedule.session(p);
            if matches!(s.kind, SessionKind::Break | SessionKind::Social) {
                continue;
            }
            let mut text = s.title.to_lowercase();
            for tag in &s.tags {
                text.push('\n');
                text.push_str(&tag.to_lowercase());
            }
            text.push('\n');
            text.push_str(&schedule.track_name(s).to_lowercase());
            for (k, topic) in &topics {
                if contains_word(&text, topic) {
                    topic_sessions[*k].push(p);
                }
            }
        }
    }
    interests
        .into_iter()
        .enumerate()
        .filter_map(|(k, (interest, marked_by))| {
            let (track, mut sessions) = match schedule.find_track(&interest) {
                Some(t) => (true, schedule.track_sessions(t).to_vec()),
                None => (false, std::mem::take(&mut topic_sessions[k])),
            };
            sessions.retain(|&p| {
                !matches!(
                    schedule.session(p).kind,
                    SessionKind::Break | SessionKind::Social
                )
            });
            sessions.sort_by_key(|&p| schedule.session(p).start);
            let total = sessions.len();
            let uncovered: Vec<usize> = sessions.into_iter().filter(|&p| !covered(p)).collect();
            (!uncovered.is_empty() || total == 0).then_some(InterestGap {
                interest,
                track,
                marked_by,
                total,
                uncovered,
            })
        })
        .collect()
}

/// The attendee's overlapping stars, chained, each with the one to take.
fn clashes(schedule: &Schedule, team: &TeamIndex, mine: &[usize]) -> Vec<Clash> {
    let mut order: Vec<usize> = mine
        .iter()
        .copied()
        .filter(|&p| {
            p < schedule.sessions().len() && {
                let s = schedule.session(p);
                s.end > s.start
            }
        })
        .collect();
    order.sort_by_key(|&p| (schedule.session(p).start, schedule.session(p).end));
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_end = None;
    for p in order {
        let s = schedule.session(p);
        match (groups.last_mut(), group_end) {
            (Some(g), Some(end)) if s.start < end => {
                g.push(p);
                group_end = Some(end.max(s.end));
            }
            _ => {
                groups.push(vec![p]);
                group_end = Some(s.end);
            }
        }
    }
    groups
        .into_iter()
        .filter(|g| g.len() > 1)
        .map(|g| clash(schedule, team, g))
        .collect()
}

fn clash(schedule: &Schedule, team: &TeamIndex, sessions: Vec<usize>) -> Clash {
    let title = |p: usize| {
        format!(
            "\"{}\"",
            for_display(&schedule.session(p).title, TITLE_CHARS)
        )
    };
    let names = |p: usize| join(&team.names_at(p));
    let (covered, uncovered): (Vec<usize>, Vec<usize>) =
        sessions.iter().partition(|&&p| !team.at(p).is_empty());
    // Among equals, the one not recorded: the others can be watched later.
    let pick = |from: &[usize]| {
        from.iter()
            .copied()
            .min_by_key(|&p| {
                let s = schedule.session(p);
                (team.at(p).len(), s.is_recorded(), s.start)
            })
            .unwrap_or(sessions[0])
    };
    let take = if uncovered.is_empty() {
        pick(&covered)
    } else {
        pick(&uncovered)
    };
    let start = sessions
        .iter()
        .map(|&p| schedule.session(p).start)
        .min()
        .unwrap_or(schedule.session(take).start);
    let end = sessions
        .iter()
        .map(|&p| schedule.session(p).end)
        .max()
        .unwrap_or(schedule.session(take).end);
    let free: Vec<u16> = (0..team.members.len())
        .filter(|&m| !team.busy(schedule, m, start, end))
        .map(|m| m as u16)
        .collect();
    let free_names: Vec<&str> = free
        .iter()
        .map(|&m| team.members[usize::from(m)].name())
        .collect();
    let left: Vec<usize> = uncovered.iter().copied().filter(|&p| p != take).collect();
    let at = covered
        .iter()
        .map(|&p| {
            let verb = if team.at(p).len() > 1 { "are" } else { "is" };
            format!("{} {verb} at {}", names(p), title(p))
        })
        .collect::<Vec<_>>()
        .join(", ");
    let mut suggestion = if covered.is_empty() {
        let all = sessions.iter().map(|&p| title(p)).collect::<Vec<_>>();
        format!(
            "nobody on the team is at {}: take {}",
            join_or(&all),
            title(take)
        )
    } else if uncovered.is_empty() {
        format!(
            "{at}: the team covers all of them; take {}, or whichever you like",
            title(take)
        )
    } else {
        format!("{at}: take {}", title(take))
    };
    if !left.is_empty() {
        let rest = left.iter().map(|&p| title(p)).collect::<Vec<_>>();
        let recorded = left.iter().all(|&p| schedule.session(p).is_recorded());
        if !free_names.is_empty() {
            let _ = write!(
                suggestion,
                "; ask {} (free then) to take {}",
                join_or(
                    &free_names
                        .iter()
                        .map(|s| (*s).to_string())
                        .collect::<Vec<_>>()
                ),
                join_or(&rest)
            );
        } else if recorded {
            let _ = write!(
                suggestion,
                "; {} is recorded: watch it later",
                join_or(&rest)
            );
        } else {
            let _ = write!(suggestion, "; nobody covers {}", join_or(&rest));
        }
    }
    Clash {
        sessions,
        take,
        free,
        suggestion,
    }
}

/// "a", "a and b", "a, b and c".
fn join(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// "a", "a or b", "a, b or c".
fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}
