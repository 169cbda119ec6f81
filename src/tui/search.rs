//! Live search for the interface: fuzzy over the short fields, plain words over the abstract.
//!
//! Each word of the query must match the session: either fuzzily within its title, speakers,
//! companies, track, room or tags (letters in order, at most two left out, so "kubrnetes" finds
//! "Kubernetes"), or literally within its abstract. Fuzzy matching over a whole abstract would find
//! almost any word somewhere, so it is kept to the short fields.
//!
//! Results narrow incrementally: typing one more character only re-checks the sessions that still
//! matched, and Backspace returns to the previous result without searching again.

use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Config, Matcher, Utf32Str, Utf32String};

use crate::schedule::Schedule;

/// The text of every session, prepared once on the first search.
pub struct Haystacks {
    short: Vec<Utf32String>,
    long: Vec<String>,
}

impl Haystacks {
    pub fn build(schedule: &Schedule) -> Self {
        let mut short = Vec::with_capacity(schedule.sessions().len());
        let mut long = Vec::with_capacity(schedule.sessions().len());
        for s in schedule.sessions() {
            let mut text = String::with_capacity(s.title.len() + 64);
            text.push_str(&s.title);
            for part in s.subtitle.iter().chain(s.tags.iter()) {
                text.push_str(" · ");
                text.push_str(part);
            }
            for sp in &s.speakers {
                text.push_str(" · ");
                text.push_str(&sp.name);
                if let Some(c) = &sp.company {
                    text.push_str(" · ");
                    text.push_str(c);
                }
            }
            text.push_str(" · ");
            text.push_str(schedule.track_name(s));
            text.push_str(" · ");
            text.push_str(schedule.room_name(s));
            short.push(Utf32String::from(text.as_str()));
            long.push(s.abstract_text.to_lowercase());
        }
        Haystacks { short, long }
    }
}

/// A search in progress: the query typed so far and the sessions it matches.
pub struct Search {
    matcher: Matcher,
    /// (query, matching positions in schedule order) for each prefix typed, for Backspace.
    stack: Vec<(String, Vec<u32>)>,
    indices: Vec<u32>,
}

impl Default for Search {
    fn default() -> Self {
        Search {
            matcher: Matcher::new(Config::DEFAULT),
            stack: Vec::new(),
            indices: Vec::new(),
        }
    }
}

impl Search {
    /// The query typed so far.
    pub fn query(&self) -> &str {
        self.stack.last().map_or("", |(q, _)| q.as_str())
    }

    /// Positions of the matching sessions in schedule order, or `None` when no query is active.
    pub fn matches(&self) -> Option<&[u32]> {
        self.stack
            .last()
            .filter(|(q, _)| !q.trim().is_empty())
            .map(|(_, m)| m.as_slice())
    }

    pub fn clear(&mut self) {
        self.stack.clear();
    }

    /// Sets the query to `query`, narrowing from the previous result when it extends it.
    pub fn set(&mut self, query: &str, hay: &Haystacks) {
        while let Some((q, _)) = self.stack.last() {
            if query.starts_with(q.as_str()) && !q.is_empty() {
                break;
            }
            self.stack.pop();
        }
        if self.query() == query {
            return;
        }
        let words: Vec<(Atom, String)> = query
            .split_whitespace()
            .map(|w| {
                (
                    Atom::new(
                        w,
                        CaseMatching::Ignore,
                        Normalization::Smart,
                        AtomKind::Fuzzy,
                        false,
                    ),
                    w.to_lowercase(),
                )
            })
            .collect();
        let Search {
            matcher,
            stack,
            indices,
        } = self;
        let mut found = Vec::new();
        match stack.last() {
            Some((_, previous)) => {
                for &i in previous {
                    if is_match(&words, hay, i as usize, matcher, indices) {
                        found.push(i);
                    }
                }
            }
            None => {
                for i in 0..hay.short.len() {
                    if is_match(&words, hay, i, matcher, indices) {
                        found.push(i as u32);
                    }
                }
            }
        }
        self.stack.push((query.to_string(), found));
    }

    /// Goes back to the result for a shorter query (Backspace).
    pub fn pop_to(&mut self, query: &str, hay: &Haystacks) {
        while self
            .stack
            .last()
            .is_some_and(|(q, _)| q.len() > query.len())
        {
            self.stack.pop();
        }
        if self.query() != query {
            self.set(query, hay);
        }
    }
}

/// Whether session `i` matches every word.
fn is_match(
    words: &[(Atom, String)],
    hay: &Haystacks,
    i: usize,
    matcher: &mut Matcher,
    indices: &mut Vec<u32>,
) -> bool {
    let short = hay.short[i].slice(..);
    words.iter().all(|(atom, lower)| {
        hay.long[i].contains(lower.as_str()) || compact_match(atom, short, matcher, indices)
    })
}

/// A fuzzy match whose letters lie close together: at most two characters of the haystack
/// between the first and last matched letter that the word does not account for.
fn compact_match(
    atom: &Atom,
    hay: Utf32Str<'_>,
    matcher: &mut Matcher,
    indices: &mut Vec<u32>,
) -> bool {
    indices.clear();
    if atom.indices(hay, matcher, indices).is_none() {
        return false;
    }
    let (Some(&first), Some(&last)) = (indices.iter().min(), indices.iter().max()) else {
        return true;
    };
    (last - first + 1) as usize <= indices.len() + 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::tests::fixture;

    fn ids(schedule: &Schedule, search: &Search) -> Vec<String> {
        search
            .matches()
            .unwrap_or_default()
            .iter()
            .map(|&i| schedule.session(i as usize).id.clone())
            .collect()
    }

    #[test]
    fn fuzzy_on_titles_and_speakers_words_on_abstracts() {
        let s = fixture();
        let hay = Haystacks::build(&s);
        let mut search = Search::default();
        search.set("hookng", &hay);
        assert_eq!(
            ids(&s, &search),
            ["libc"],
            "one letter left out still matches"
        );
        search.set("metalbear", &hay);
        assert_eq!(ids(&s, &search), ["libc"]);
        search.set("hkc", &hay);
        assert!(
            ids(&s, &search).is_empty(),
            "scattered letters are not a match"
        );
        search.set("rust flynn", &hay);
        assert_eq!(ids(&s, &search), ["rust"]);
        search.set("", &hay);
        assert!(search.matches().is_none());
    }

    #[test]
    fn narrowing_and_backspace_agree_with_a_fresh_search() {
        let s = fixture();
        let hay = Haystacks::build(&s);
        let mut typed = Search::default();
        let mut query = String::new();
        for c in "room b".chars() {
            query.push(c);
            typed.set(&query, &hay);
            let mut fresh = Search::default();
            fresh.set(&query, &hay);
            assert_eq!(typed.matches(), fresh.matches(), "after typing {query:?}");
        }
        query.pop();
        typed.pop_to(&query, &hay);
        assert_eq!(typed.query(), "room ");
        let mut fresh = Search::default();
        fresh.set("room ", &hay);
        assert_eq!(typed.matches(), fresh.matches());
    }
}
