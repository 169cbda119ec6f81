//! Planning as a team: teammates' shares matched to the schedule once, then who goes where.
//!
//! - `share`: the share file (docs/share-format.md), written from an agenda, read strictly;
//! - `link`: the same stars as one `hallway:` line for a chat message;
//! - [`TeamIndex`]: every teammate's entries matched to sessions (guid, then id, then title and
//!   start), indexed by session once, with what could not be matched kept and listed;
//! - `coverage`: per time slot who covers what, interests nobody covers, and the attendee's
//!   clashes a teammate already covers.
//!
//! Nothing here reads files: the shells hand in the shares (see `crate::team_store`).

pub mod coverage;
pub mod link;
pub mod share;

use std::collections::HashMap;

use crate::schedule::Schedule;

pub use coverage::{Clash, Coverage, Covered, InterestGap, Slot};
pub use share::{BadName, ConferenceRef, Entry, Share, ShareError, ShareOptions, check_name};

/// How a teammate's entry found its session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchedBy {
    Guid,
    Id,
    TitleAndStart,
}

/// One teammate's entries, matched.
#[derive(Debug, Clone)]
pub struct Member {
    pub share: Share,
    /// Short label shown in rows ("A", "Bo"), unique in the team.
    pub initials: String,
    /// (position in the schedule, index in `share.sessions`), by position.
    pub matched: Vec<(usize, usize)>,
    /// Positions of starred sessions, by start.
    pub starred: Vec<usize>,
    /// Indexes in `share.sessions` of entries no session matches.
    pub unmatched: Vec<usize>,
    /// How many entries matched by something else than their id (guid or title and start).
    pub rematched: usize,
}

impl Member {
    pub fn name(&self) -> &str {
        &self.share.name
    }

    /// The entry this member has for a session position, if any.
    pub fn entry_at(&self, position: usize) -> Option<&Entry> {
        self.matched
            .binary_search_by_key(&position, |&(p, _)| p)
            .ok()
            .map(|k| &self.share.sessions[self.matched[k].1])
    }

    /// Entries that match no session: listed, never dropped.
    pub fn unmatched_entries(&self) -> impl Iterator<Item = &Entry> {
        self.unmatched.iter().map(|&k| &self.share.sessions[k])
    }
}

/// The team, matched against one schedule and indexed by session.
#[derive(Debug, Clone, Default)]
pub struct TeamIndex {
    pub members: Vec<Member>,
    /// For each session position, the members who starred it (indexes into `members`, sorted).
    by_session: Vec<Vec<u16>>,
}

impl TeamIndex {
    /// Matches every share's entries to `schedule` and indexes them by session. Shares are
    /// taken in name order; the caller has already refused other conferences and duplicates.
    pub fn new(schedule: &Schedule, mut shares: Vec<Share>) -> TeamIndex {
        shares.sort_by(|a, b| a.name.cmp(&b.name));
        shares.truncate(usize::from(u16::MAX));
        let names: Vec<&str> = shares.iter().map(|s| s.name.as_str()).collect();
        let initials = initials(&names);
        let mut matcher = Matcher::new(schedule);
        let mut by_session: Vec<Vec<u16>> = vec![Vec::new(); schedule.sessions().len()];
        let mut members = Vec::with_capacity(shares.len());
        for (m, (share, initials)) in shares.into_iter().zip(initials).enumerate() {
            let mut matched = Vec::new();
            let mut unmatched = Vec::new();
            let mut rematched = 0;
            for (k, entry) in share.sessions.iter().enumerate() {
                match matcher.find(entry) {
                    Some((position, by)) => {
                        rematched += usize::from(by != MatchedBy::Id);
                        matched.push((position, k));
                    }
                    None => unmatched.push(k),
                }
            }
            matched.sort_unstable();
            // Two entries matching one session (an id and an old title, say): the first wins.
            matched.dedup_by_key(|&mut (p, _)| p);
            let mut starred: Vec<usize> = matched
                .iter()
                .filter(|&&(_, k)| share.sessions[k].starred)
                .map(|&(p, _)| p)
                .collect();
            for &p in &starred {
                by_session[p].push(m as u16);
            }
            starred.sort_by_key(|&p| schedule.session(p).start);
            members.push(Member {
                share,
                initials,
                matched,
                starred,
                unmatched,
                rematched,
            });
        }
        TeamIndex {
            members,
            by_session,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// Members (indexes) who starred the session at `position`.
    pub fn at(&self, position: usize) -> &[u16] {
        self.by_session.get(position).map_or(&[], Vec::as_slice)
    }

    /// Names of the members who starred the session at `position`.
    pub fn names_at(&self, position: usize) -> Vec<&str> {
        self.at(position)
            .iter()
            .map(|&m| self.members[usize::from(m)].name())
            .collect()
    }

    /// Initials of the members who starred the session at `position`, joined: "A B".
    pub fn initials_at(&self, position: usize) -> String {
        let mut out = String::new();
        for &m in self.at(position) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&self.members[usize::from(m)].initials);
        }
        out
    }

    /// Whether a member has a starred session running at any time in `[start, end)`.
    pub fn busy(
        &self,
        schedule: &Schedule,
        member: usize,
        start: chrono::DateTime<chrono_tz::Tz>,
        end: chrono::DateTime<chrono_tz::Tz>,
    ) -> bool {
        let starred = &self.members[member].starred;
        // Only sessions starting before `end` can overlap.
        let hi = starred.partition_point(|&p| schedule.session(p).start < end);
        starred[..hi]
            .iter()
            .any(|&p| schedule.session(p).end > start)
    }
}

/// Finds a teammate's session: by guid, then id, then title and start.
struct Matcher<'a> {
    schedule: &'a Schedule,
    by_guid: HashMap<&'a str, usize, foldhash::fast::RandomState>,
    /// Built on first need: (lower-case title, start as a Unix timestamp) → position.
    by_title_start: Option<HashMap<(String, i64), usize, foldhash::fast::RandomState>>,
}

impl<'a> Matcher<'a> {
    fn new(schedule: &'a Schedule) -> Self {
        let by_guid = schedule
            .sessions()
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.guid.as_deref().map(|g| (g, i)))
            .collect();
        Matcher {
            schedule,
            by_guid,
            by_title_start: None,
        }
    }

    fn find(&mut self, entry: &Entry) -> Option<(usize, MatchedBy)> {
        if let Some(&p) = entry.guid.as_deref().and_then(|g| self.by_guid.get(g)) {
            return Some((p, MatchedBy::Guid));
        }
        if let Some((p, _)) = self.schedule.find(&entry.id) {
            // An id reused for another session is no match when the guids say so.
            let guid_differs = matches!(
                (&entry.guid, &self.schedule.session(p).guid),
                (Some(a), Some(b)) if a != b
            );
            if !guid_differs {
                return Some((p, MatchedBy::Id));
            }
        }
        let start = entry.start?;
        if entry.title.is_empty() {
            return None;
        }
        let schedule = self.schedule;
        let index = self.by_title_start.get_or_insert_with(|| {
            schedule
                .sessions()
                .iter()
                .enumerate()
                .map(|(i, s)| ((s.title.to_lowercase(), s.start.timestamp()), i))
                .collect()
        });
        index
            .get(&(entry.title.to_lowercase(), start.timestamp()))
            .map(|&p| (p, MatchedBy::TitleAndStart))
    }
}

/// Short unique labels for names: the first letter where it is unique, else the shortest
/// unique beginning, else the whole name.
pub fn initials(names: &[&str]) -> Vec<String> {
    let prefix = |name: &str, k: usize| -> String {
        name.chars()
            .filter(|c| !c.is_whitespace())
            .take(k)
            .flat_map(char::to_lowercase)
            .collect()
    };
    names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let len = name.chars().filter(|c| !c.is_whitespace()).count();
            let k = (1..=len.min(4))
                .find(|&k| {
                    let mine = prefix(name, k);
                    names
                        .iter()
                        .enumerate()
                        .all(|(j, other)| j == i || prefix(other, k) != mine)
                })
                .unwrap_or(len);
            let label: String = name
                .chars()
                .filter(|c| !c.is_whitespace())
                .take(k)
                .collect();
            let mut chars = label.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect::<String>()
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
