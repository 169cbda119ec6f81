//! Plain-text search over sessions: every word of the query must appear somewhere in the session.
//!
//! The CLI's `--search` uses this directly. A [`SearchIndex`] keeps one lower-cased text per
//! session, built once, so a query never re-lowercases the schedule.

use super::{Schedule, Session};

/// One lower-cased haystack per session, in [`Schedule::sessions`] order.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    texts: Vec<String>,
}

impl SearchIndex {
    pub fn build(schedule: &Schedule) -> Self {
        SearchIndex {
            texts: schedule
                .sessions()
                .iter()
                .map(|s| haystack(schedule, s))
                .collect(),
        }
    }

    /// The lower-cased text of the session at `index`.
    pub fn text(&self, index: usize) -> &str {
        &self.texts[index]
    }

    /// Whether the session at `index` contains every word of `query` (case-insensitive).
    pub fn matches(&self, index: usize, query: &Query) -> bool {
        query.matches(&self.texts[index])
    }
}

/// A parsed query: lower-cased words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    words: Vec<String>,
}

impl Query {
    pub fn new(text: &str) -> Self {
        Query {
            words: text.split_whitespace().map(str::to_lowercase).collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether every word occurs in `haystack` (already lower-cased).
    pub fn matches(&self, haystack: &str) -> bool {
        self.words.iter().all(|w| haystack.contains(w.as_str()))
    }
}

/// Title, subtitle, speakers and companies, track, room, tags and abstract, lower-cased.
pub fn haystack(schedule: &Schedule, s: &Session) -> String {
    let mut text = String::with_capacity(s.title.len() + s.abstract_text.len() + 64);
    let mut push = |part: &str| {
        text.push_str(part);
        text.push('\n');
    };
    push(&s.title);
    push(s.subtitle.as_deref().unwrap_or(""));
    for sp in &s.speakers {
        push(&sp.name);
        push(sp.company.as_deref().unwrap_or(""));
    }
    push(schedule.track_name(s));
    push(schedule.room_name(s));
    for t in &s.tags {
        push(t);
    }
    push(&s.abstract_text);
    text.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::tests::fixture;

    #[test]
    fn every_word_must_match_somewhere() {
        let schedule = fixture();
        let index = SearchIndex::build(&schedule);
        let hits = |q: &str| -> Vec<&str> {
            let query = Query::new(q);
            (0..schedule.sessions().len())
                .filter(|&i| index.matches(i, &query))
                .map(|i| schedule.session(i).id.as_str())
                .collect()
        };
        assert_eq!(hits("libc"), ["libc"]);
        assert_eq!(hits("LIBC metalbear"), ["libc"]);
        assert_eq!(hits("libc buoyant"), Vec::<&str>::new());
        assert_eq!(hits("buoyant"), ["rust"]);
        assert_eq!(hits("late room"), ["party"]);
        assert!(hits("").len() == schedule.sessions().len());
    }
}
