//! The joint trip report: everyone's shared notes merged by day and session, each under its
//! author's name, ratings side by side.
//!
//! It is written with the trip report's own pieces (`markdown`): schedule text escaped, notes
//! kept as Markdown but never raw HTML or a link other than http(s)/mailto, headings that keep
//! their level, the same front matter. Teammates' notes were cleaned when their shares were
//! read; they are cleaned again here like the attendee's own. A note on a session the schedule
//! does not have (a teammate's share of an older version) is kept in a section of its own,
//! never dropped.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;

use super::markdown::{
    ReportOptions, escape, heading_text, link, session_heading, stars, write_front_matter,
    write_note,
};
use crate::plan::Agenda;
use crate::plan::team::TeamIndex;
use crate::schedule::Schedule;

/// One person's word on one session.
struct Word<'a> {
    name: &'a str,
    note: Option<&'a str>,
    rating: Option<u8>,
}

/// Writes the joint report of the attendee (`me`, with `agenda`) and their team.
pub fn team_report(
    schedule: &Schedule,
    agenda: &Agenda,
    me: &str,
    team: &TeamIndex,
    options: &ReportOptions,
) -> String {
    let c = &schedule.conference;
    let tz = options.tz;
    // Everyone's notes and ratings by session position (schedule order: day, then time).
    let mut words: BTreeMap<usize, Vec<Word<'_>>> = BTreeMap::new();
    let mut lost: Vec<(String, Word<'_>)> = Vec::new();
    let mut mine: Vec<&String> = agenda.notes.keys().chain(agenda.ratings.keys()).collect();
    mine.sort_unstable();
    mine.dedup();
    for id in mine {
        let word = Word {
            name: me,
            note: agenda.note(id),
            rating: agenda.ratings.get(id).copied(),
        };
        match schedule.find(id) {
            Some((p, _)) => words.entry(p).or_default().push(word),
            None => lost.push((id.clone(), word)),
        }
    }
    for m in &team.members {
        for &(p, k) in &m.matched {
            let e = &m.share.sessions[k];
            if e.note.is_some() || e.rating.is_some() {
                words.entry(p).or_default().push(Word {
                    name: m.name(),
                    note: e.note.as_deref(),
                    rating: e.rating,
                });
            }
        }
        for e in m.unmatched_entries() {
            if e.note.is_some() || e.rating.is_some() {
                lost.push((
                    e.label().to_string(),
                    Word {
                        name: m.name(),
                        note: e.note.as_deref(),
                        rating: e.rating,
                    },
                ));
            }
        }
    }
    // Notes written ahead are plans, not a report (as in the attendee's own report).
    words.retain(|&p, _| options.all || schedule.session(p).start <= options.now);

    let mut out = String::new();
    match options.front_matter {
        Some(kind) => write_front_matter(
            &mut out,
            schedule,
            "team trip report",
            words.keys().map(|&p| schedule.session(p)),
            kind,
        ),
        None => {
            let _ = writeln!(out, "# {}: team trip report\n", heading_text(&c.title));
        }
    }
    let mut facts = format!(
        "{} to {}",
        c.start_date.format("%A %-d %B %Y"),
        c.end_date.format("%A %-d %B %Y")
    );
    if let Some(venue) = &c.venue {
        let _ = write!(facts, ", {}", escape(venue));
    }
    let _ = writeln!(out, "{facts}.");
    let mut authors: Vec<String> = vec![escape(me)];
    authors.extend(team.members.iter().map(|m| escape(m.name())));
    let _ = writeln!(out, "\nBy {}.", join(&authors));
    if words.is_empty() {
        out.push_str("\nNo notes or ratings shared yet (teammates share theirs with `hallway share --notes`).\n");
    }

    let mut day: Option<NaiveDate> = None;
    for (&p, said) in &words {
        let s = schedule.session(p);
        if day != Some(s.day) {
            let _ = writeln!(out, "\n## {}", s.day.format("%A %-d %B %Y"));
            day = Some(s.day);
        }
        let line = session_heading(&mut out, schedule, s, tz);
        let _ = writeln!(out, "{}", line.join(" · "));
        write_words(&mut out, said);
        if let Some(url) = s.url() {
            let _ = writeln!(out, "\n{}", link(url));
        }
    }

    // Team picks: an average of 4 or more, best first.
    let mut picks: Vec<(f64, usize, String)> = words
        .iter()
        .filter_map(|(&p, said)| {
            let rated: Vec<(&str, u8)> = said
                .iter()
                .filter_map(|w| w.rating.map(|r| (w.name, r)))
                .collect();
            if rated.is_empty() {
                return None;
            }
            let average =
                rated.iter().map(|&(_, r)| f64::from(r)).sum::<f64>() / rated.len() as f64;
            let who = rated
                .iter()
                .map(|(n, r)| format!("{} {r}", escape(n)))
                .collect::<Vec<_>>()
                .join(", ");
            (average >= 4.0).then_some((average, p, who))
        })
        .collect();
    picks.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    if !picks.is_empty() {
        out.push_str("\n## Team top picks\n\n");
        for (average, p, who) in picks {
            let _ = writeln!(
                out,
                "- {} {} ({average:.1}: {who})",
                stars(average.round() as u8),
                escape(&schedule.session(p).title)
            );
        }
    }

    if !lost.is_empty() {
        out.push_str("\n## Notes on sessions not in this schedule\n");
        lost.sort_by(|a, b| a.0.cmp(&b.0));
        let mut k = 0;
        while k < lost.len() {
            let label = &lost[k].0;
            let end = k + lost[k..].iter().take_while(|(l, _)| l == label).count();
            let _ = writeln!(out, "\n### {}", heading_text(label));
            let said: Vec<Word<'_>> = lost[k..end]
                .iter()
                .map(|(_, w)| Word {
                    name: w.name,
                    note: w.note,
                    rating: w.rating,
                })
                .collect();
            write_words(&mut out, &said);
            k = end;
        }
    }
    out
}

/// Ratings side by side, then each note under its author's name.
fn write_words(out: &mut String, said: &[Word<'_>]) {
    let rated: Vec<String> = said
        .iter()
        .filter_map(|w| w.rating.map(|r| format!("{} {}", escape(w.name), stars(r))))
        .collect();
    if !rated.is_empty() {
        let _ = writeln!(out, "\nRatings: {}", rated.join(" · "));
    }
    for w in said {
        if let Some(note) = w.note {
            let _ = writeln!(out, "\n#### {}\n", heading_text(w.name));
            write_note(out, note);
        }
    }
}

/// "a", "a and b", "a, b and c".
fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
