//! The room column's labels: each room's name, with a prefix it shares with other rooms of the
//! same list elided when the name is too long, so that rooms stay distinguishable in a narrow
//! column ("Hall 8 | Room A" and "Hall 8 | Room B" read "Room A" and "Room B", not both
//! "Hall 8 | Ro…"). The detail always shows the full name.
//!
//! Worked out once per set of rooms (the day's, when the day changes; the agenda's, when the
//! stars do), never per frame.

use unicode_width::UnicodeWidthStr;

use crate::schedule::{RoomId, Schedule};

/// Names up to this wide are shown whole: they fit every room column.
pub const SHORT_ENOUGH: usize = 12;

/// The labels of a set of rooms, and the widest of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoomColumn {
    /// By room id; empty for rooms outside the set.
    labels: Vec<String>,
    /// Display width of the widest label.
    pub width: usize,
}

impl RoomColumn {
    /// The labels for `rooms` (repeats are fine) of `schedule`.
    pub fn new(schedule: &Schedule, rooms: impl IntoIterator<Item = RoomId>) -> Self {
        let mut ids: Vec<RoomId> = rooms.into_iter().collect();
        ids.sort_unstable_by_key(|r| r.0);
        ids.dedup();
        let names: Vec<&str> = ids
            .iter()
            .map(|&r| schedule.room(r).name.as_str())
            .collect();
        let short = labels(&names);
        let mut labels = vec![String::new(); schedule.rooms.len()];
        let mut width = 0;
        for (id, label) in ids.into_iter().zip(short) {
            width = width.max(label.width());
            if let Some(slot) = labels.get_mut(id.0 as usize) {
                *slot = label;
            }
        }
        RoomColumn { labels, width }
    }

    /// The label of a room (the full name when the room is not in the set).
    pub fn label<'a>(&'a self, schedule: &'a Schedule, room: Option<RoomId>) -> &'a str {
        match room {
            None => "",
            Some(r) => match self.labels.get(r.0 as usize) {
                Some(label) if !label.is_empty() => label,
                _ => schedule.room(r).name.as_str(),
            },
        }
    }
}

/// Each name's label: the name when it is short enough; else the name without the longest
/// prefix, ending at a separator, that another name also starts with, as long as that label
/// stays unlike every other.
pub fn labels(names: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = names
        .iter()
        .map(|&name| {
            if name.width() <= SHORT_ENOUGH {
                return name.to_string();
            }
            let cut = separator_ends(name)
                .into_iter()
                .rev()
                .find(|&at| {
                    let prefix = &name[..at];
                    names.iter().any(|&o| o != name && o.starts_with(prefix))
                })
                .unwrap_or(0);
            name[cut..].to_string()
        })
        .collect();
    // A shortened label that reads like another room's is not shortened.
    let clashes: Vec<bool> = (0..out.len())
        .map(|k| {
            out[k].len() != names[k].len()
                && out
                    .iter()
                    .enumerate()
                    .any(|(j, other)| j != k && other.eq_ignore_ascii_case(&out[k]))
        })
        .collect();
    for (k, clash) in clashes.into_iter().enumerate() {
        if clash {
            out[k] = names[k].to_string();
        }
    }
    out
}

/// Byte offsets in `name` just after a separator: punctuation ("|", "-", "–", ":", "/", ",",
/// "·", ">") followed by spaces, with more of the name after them.
fn separator_ends(name: &str) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut chars = name.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if !matches!(c, '|' | '-' | '–' | '—' | ':' | '/' | ',' | '·' | '>') {
            continue;
        }
        // Runs of the same punctuation ("--") count as one.
        while chars.peek().is_some_and(|&(_, n)| n == c) {
            chars.next();
        }
        let mut spaced = false;
        while chars.peek().is_some_and(|&(_, n)| n == ' ') {
            chars.next();
            spaced = true;
        }
        // "Hall 1-5" and "E103-105" are names, not separators: a separator has a space after.
        if spaced && let Some(&(at, _)) = chars.peek() {
            ends.push(at);
        }
    }
    ends
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_prefixes_are_elided_from_long_names() {
        let names = [
            "Hall 8 | Room A",
            "Hall 8 | Room B",
            "Hall 1-5 | Tram Zone | Cloud Native Theater",
            "Hall 1-5 | Tram Zone | Demo Theater",
            "Hall 1-5 | Solutions Showcase",
            "Elicium Building | D501",
            "Auditorium",
            "E103-105",
        ];
        assert_eq!(
            labels(&names),
            [
                "Room A",
                "Room B",
                "Cloud Native Theater",
                "Demo Theater",
                "Solutions Showcase",
                "Elicium Building | D501",
                "Auditorium",
                "E103-105",
            ]
        );
    }

    #[test]
    fn labels_stay_distinct_and_short_names_stay_whole() {
        // "Room A" would stand for two rooms: both keep their hall.
        let names = [
            "Hall 7 | Room A",
            "Hall 7 | Room C",
            "Hall 8 | Room A",
            "Hall 8 | Room D",
        ];
        assert_eq!(
            labels(&names),
            ["Hall 7 | Room A", "Room C", "Hall 8 | Room A", "Room D"]
        );
        // Short enough for any column: whole, even with a shared prefix.
        assert_eq!(labels(&["K | 1", "K | 2"]), ["K | 1", "K | 2"]);
        // 39C3's assemblies and FOSDEM's rooms.
        assert_eq!(
            labels(&[
                "Kidspace - Affenfelsen",
                "Kidspace - Basteltische",
                "Hardware Hacking Area -- Front",
                "Hardware Hacking Area -- Rear",
                "UB2.252A (Lameere)",
            ]),
            [
                "Affenfelsen",
                "Basteltische",
                "Front",
                "Rear",
                "UB2.252A (Lameere)"
            ]
        );
    }

    #[test]
    fn a_room_alone_keeps_its_name() {
        assert_eq!(
            labels(&["Hall 8 | Room A", "Auditorium"]),
            ["Hall 8 | Room A", "Auditorium"]
        );
        assert!(labels(&[]).is_empty());
    }
}
