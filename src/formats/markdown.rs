//! The trip report: the attendee's conference, day by day and talk by talk, as Markdown.
//!
//! Text from the schedule is escaped where Markdown would misread it (a title starting with
//! "1." or containing `*`); the attendee's own notes are kept as written (they are Markdown
//! already, timestamps included) but cleaned of control characters.
//!
//! The report is safe to render: raw HTML is impossible (every `<` outside an autolink is
//! escaped, in notes too, so no `<script>`, `<textarea>` or `<!--` can swallow the rest), and
//! the only links are `http`, `https` and `mailto` ones (a schedule's `javascript:` URL, or a
//! note's `[x](javascript:…)`, is shown as text).

use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::plan::Agenda;
use crate::schedule::{LinkKind, Schedule, Session};
use crate::text::clean;

/// The front matter a static-site generator expects before a post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontMatter {
    /// YAML between `---` lines (Jekyll; Hugo reads it too).
    Jekyll,
    /// TOML between `+++` lines (Hugo's own).
    Hugo,
}

/// What a trip report holds and how it starts.
#[derive(Debug, Clone, Copy)]
pub struct ReportOptions {
    /// The zone times are shown in.
    pub tz: Tz,
    /// Sessions that have not ended by now are not reported as missed or to watch (they may
    /// still be attended), nor noted ones that have not started as seen.
    pub now: DateTime<Utc>,
    /// Also list starred sessions still to come.
    pub all: bool,
    /// Front matter for a blog; without it the report starts with the conference as its one
    /// level-1 heading.
    pub front_matter: Option<FrontMatter>,
}

/// Writes the trip report for a schedule and agenda, times shown in `tz`, as after the
/// conference.
pub fn trip_report(schedule: &Schedule, agenda: &Agenda, tz: Tz) -> String {
    trip_report_with(
        schedule,
        agenda,
        &ReportOptions {
            tz,
            now: DateTime::<Utc>::MAX_UTC,
            all: false,
            front_matter: None,
        },
    )
}

/// Writes the trip report: what the attendee saw (attended or noted), day by day, their top
/// picks, the recorded sessions they starred and missed (to watch later), and the unrecorded
/// ones they missed.
///
/// Headings never skip a level (one `#` title, `##` days and lists, `###` sessions; with front
/// matter the title is the post's and the body starts at `##`), and never end in `#` that
/// Markdown would take as a closing sequence, so the anchors GitHub, Jekyll and Hugo derive
/// from them are the titles' own.
pub fn trip_report_with(schedule: &Schedule, agenda: &Agenda, options: &ReportOptions) -> String {
    let tz = options.tz;
    let now = options.now;
    let c = &schedule.conference;
    let mut out = String::new();
    match options.front_matter {
        Some(kind) => front_matter(&mut out, schedule, agenda, kind),
        None => {
            let _ = writeln!(out, "# {}\n", heading_text(&c.title));
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

    let seen: Vec<&Session> = schedule
        .sessions()
        .iter()
        .filter(|s| seen_by(agenda, s, now, options.all))
        .collect();
    if seen.is_empty() {
        out.push_str("\nNo sessions attended or noted yet.\n");
    }
    let mut day: Option<NaiveDate> = None;
    for s in &seen {
        if day != Some(s.day) {
            let _ = writeln!(out, "\n## {}", s.day.format("%A %-d %B %Y"));
            day = Some(s.day);
        }
        let mut line = session_heading(&mut out, schedule, s, tz);
        if let Some(r) = agenda.ratings.get(&s.id) {
            line.push(stars(*r));
        }
        let _ = writeln!(out, "{}", line.join(" · "));
        if let Some(note) = agenda.note(&s.id) {
            out.push('\n');
            write_note(&mut out, note);
        }
        if let Some(url) = s.url() {
            let _ = writeln!(out, "\n{}", link(url));
        }
    }

    let mut picks: Vec<(&Session, u8)> = schedule
        .sessions()
        .iter()
        .filter_map(|s| agenda.ratings.get(&s.id).map(|r| (s, *r)))
        .filter(|(_, r)| *r >= 4)
        .collect();
    picks.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.start.cmp(&b.0.start)));
    if !picks.is_empty() {
        out.push_str("\n## Top picks\n\n");
        for (s, r) in picks {
            let _ = writeln!(out, "- {} {}", stars(r), escape(&s.title));
        }
    }

    // Starred and not seen: recorded ones that have ended are to watch later, unrecorded ones
    // are missed; ones still to come are listed only when asked for.
    let unseen = |s: &&Session| agenda.is_starred(&s.id) && !seen_by(agenda, s, now, true);
    let missed: Vec<&Session> = schedule
        .sessions()
        .iter()
        .filter(unseen)
        .filter(|s| s.end <= now && s.is_recorded())
        .collect();
    let lost: Vec<&Session> = schedule
        .sessions()
        .iter()
        .filter(unseen)
        .filter(|s| s.end <= now && s.is_unrecorded())
        .collect();
    let unsure: Vec<&Session> = schedule
        .sessions()
        .iter()
        .filter(unseen)
        .filter(|s| s.end <= now && s.recorded.is_none())
        .collect();
    let coming: Vec<&Session> = schedule
        .sessions()
        .iter()
        .filter(unseen)
        .filter(|s| s.end > now && options.all)
        .collect();
    if !missed.is_empty() {
        out.push_str("\n## To watch later\n\n");
        for s in missed {
            let mut item = format!("- {}", escape(&s.title));
            if !s.speakers.is_empty() {
                let _ = write!(item, " ({})", escape(&s.speaker_names()));
            }
            // The recording when the schedule links one, else the session's page.
            let watch = s.link(LinkKind::Recording).map(|l| l.url.as_str());
            match watch.or_else(|| s.url()) {
                Some(url) => {
                    let _ = write!(item, ": {}", link(url));
                }
                None if s.is_unrecorded() => item.push_str(": not recorded"),
                None => {}
            }
            let _ = writeln!(out, "{item}");
        }
    }
    for (heading, sessions) in [
        ("Missed, not recorded", lost),
        ("Missed, recording not stated", unsure),
        ("Still to come", coming),
    ] {
        if sessions.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n## {heading}\n");
        for s in sessions {
            let mut item = format!("- {}", escape(&s.title));
            if !s.speakers.is_empty() {
                let _ = write!(item, " ({})", escape(&s.speaker_names()));
            }
            let _ = write!(
                item,
                ", {} {}",
                s.start.with_timezone(&tz).format("%a %-d %b"),
                s.start.with_timezone(&tz).format("%H:%M")
            );
            let _ = writeln!(out, "{item}");
        }
    }
    out
}

/// Whether the report counts a session as seen: attended, or noted once it had started (notes
/// written ahead are plans, not a report); `all` counts notes on sessions still to come.
fn seen_by(agenda: &Agenda, s: &Session, now: DateTime<Utc>, all: bool) -> bool {
    agenda.attended.contains(&s.id) || (agenda.notes.contains_key(&s.id) && (all || s.start <= now))
}

/// Writes a note as Markdown lines: cleaned, never raw HTML or an odd link (see
/// `note_markdown`), and lines kept as lines (a hard break, two spaces, joins lines that
/// Markdown would otherwise run together into one paragraph).
pub(crate) fn write_note(out: &mut String, note: &str) {
    let cleaned = note_markdown(&clean(note));
    let lines: Vec<&str> = cleaned.lines().map(str::trim_end).collect();
    for (k, l) in lines.iter().enumerate() {
        let next_is_text = lines.get(k + 1).is_some_and(|n| !n.is_empty());
        let break_here = !l.is_empty() && next_is_text;
        let _ = writeln!(out, "{l}{}", if break_here { "  " } else { "" });
    }
}

/// Writes the front matter: title, date (the conference's last day) and tags (the
/// conference's id and the tracks of the sessions seen, most seen first).
fn front_matter(out: &mut String, schedule: &Schedule, agenda: &Agenda, kind: FrontMatter) {
    write_front_matter(
        out,
        schedule,
        "trip report",
        schedule
            .sessions()
            .iter()
            .filter(|s| agenda.attended.contains(&s.id) || agenda.notes.contains_key(&s.id)),
        kind,
    );
}

/// Writes front matter titled "<conference>: <what>", tagged with the tracks of `seen`.
pub(crate) fn write_front_matter<'a>(
    out: &mut String,
    schedule: &'a Schedule,
    what: &str,
    seen: impl Iterator<Item = &'a Session>,
    kind: FrontMatter,
) {
    let c = &schedule.conference;
    let title = quoted(&format!("{}: {what}", crate::text::clean_line(&c.title)));
    let date = c.end_date.format("%Y-%m-%d");
    let mut tracks: Vec<(usize, &str)> = Vec::new();
    for s in seen {
        let name = schedule.track_name(s);
        if name.is_empty() {
            continue;
        }
        match tracks.iter_mut().find(|(_, t)| *t == name) {
            Some((n, _)) => *n += 1,
            None => tracks.push((1, name)),
        }
    }
    tracks.sort_by_key(|t| std::cmp::Reverse(t.0));
    let mut tags = vec![quoted("conference"), quoted(&tag(&c.id))];
    for (_, name) in tracks.into_iter().take(5) {
        let t = quoted(&tag(name));
        if !tags.contains(&t) && t != "\"\"" {
            tags.push(t);
        }
    }
    let tags = tags.join(", ");
    match kind {
        FrontMatter::Jekyll => {
            let _ = writeln!(
                out,
                "---\nlayout: post\ntitle: {title}\ndate: {date}\ntags: [{tags}]\n---\n"
            );
        }
        FrontMatter::Hugo => {
            let _ = writeln!(
                out,
                "+++\ntitle = {title}\ndate = {date}\ntags = [{tags}]\n+++\n"
            );
        }
    }
}

/// A string quoted for YAML and TOML alike: a JSON string is a valid double-quoted string in
/// both.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

/// A tag as blogs write them: lower case, words joined by `-`.
fn tag(name: &str) -> String {
    let mut out = String::new();
    for word in name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// A session's heading in a report, and the facts of its first line (speakers, room, time) for
/// the caller to complete and join.
pub(crate) fn session_heading(
    out: &mut String,
    schedule: &Schedule,
    s: &Session,
    tz: Tz,
) -> Vec<String> {
    let _ = writeln!(out, "\n### {}\n", heading_text(&s.title));
    let mut line = Vec::new();
    if !s.speakers.is_empty() {
        line.push(escape(&s.speaker_names()));
    }
    let room = schedule.room_name(s);
    if !room.is_empty() {
        line.push(escape(room));
    }
    line.push(format!(
        "{}–{}",
        s.start.with_timezone(&tz).format("%H:%M"),
        s.end.with_timezone(&tz).format("%H:%M")
    ));
    line
}

/// Heading text: escaped like any schedule text, never empty, and without a final `#` run that
/// Markdown would read as a closing sequence ("Learning F #" keeps its "#").
pub(crate) fn heading_text(text: &str) -> String {
    let mut out = escape(text);
    if out.trim().is_empty() {
        return "(untitled)".to_string();
    }
    let body = out.trim_end_matches('#');
    if body.len() != out.len() && (body.is_empty() || body.ends_with([' ', '\t'])) {
        let at = body.len();
        out.insert(at, '\\');
    }
    out
}

/// "★★★★☆".
pub(crate) fn stars(r: u8) -> String {
    let r = usize::from(r.min(5));
    format!("{}{}", "★".repeat(r), "☆".repeat(5 - r))
}

/// Escapes text so that Markdown shows it as written, on one line.
///
/// Inline markers (`*`, `_`, backquote, `[`, `]`, `<`, `>`, `\`, `!`, `|`, `~`, `&`) are always
/// escaped; markers that only matter at the start of a line (`#`, `-`, `+`, `=`, `1.`, `1)`) are
/// escaped there.
pub fn escape(text: &str) -> String {
    let line = crate::text::clean_line(text);
    let mut out = String::with_capacity(line.len() + 8);
    for c in line.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '!' | '|' | '~' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    // Block markers at the start.
    let first = out.chars().next();
    if matches!(first, Some('#' | '-' | '+' | '=')) {
        out.insert(0, '\\');
    } else if let Some(end) = out.find(|c: char| !c.is_ascii_digit())
        && end > 0
        && matches!(out[end..].chars().next(), Some('.' | ')'))
    {
        out.insert(end, '\\');
    }
    out
}

/// A schedule's URL: an autolink when it is `http`, `https` or `mailto`, else escaped text.
pub(crate) fn link(url: &str) -> String {
    let bare: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control() && *c != '<' && *c != '>')
        .collect();
    if allowed_url(&bare) {
        format!("<{bare}>")
    } else {
        escape(url)
    }
}

/// Whether a link target is one a report may link to: `http:`, `https:` or `mailto:` with
/// something after it.
fn allowed_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.len() > scheme.len() && lower.starts_with(scheme))
}

/// A note as Markdown that cannot hold raw HTML or a link other than http(s)/mailto: every `<`
/// is escaped (which also turns autolinks into text), and a link or image whose target is
/// anything else has its `(` escaped so it stays text. Everything else is kept as written.
fn note_markdown(note: &str) -> String {
    let mut out = String::with_capacity(note.len() + 8);
    let mut rest = note;
    while let Some(i) = rest.find(['<', ']']) {
        let (before, from) = rest.split_at(i);
        out.push_str(before);
        if let Some(after) = from.strip_prefix('<') {
            // Already escaped by the attendee (an odd run of backslashes)? Then it is text.
            if before.chars().rev().take_while(|&c| c == '\\').count() % 2 == 0 {
                out.push('\\');
            }
            out.push('<');
            rest = after;
            continue;
        }
        out.push(']');
        rest = &from[1..];
        // `](target)` or a reference definition `]: target`.
        let target = if let Some(after) = rest.strip_prefix('(') {
            Some(after)
        } else {
            rest.strip_prefix(':')
        };
        if let Some(target) = target
            && !allowed_url(target.trim_start().trim_start_matches('<'))
        {
            out.push('\\');
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_keep_a_final_hash() {
        assert_eq!(heading_text("Learning F #"), "Learning F \\#");
        assert_eq!(heading_text("C#"), "C#");
        assert_eq!(heading_text("  "), "(untitled)");
        assert_eq!(heading_text("###"), "\\###");
        assert_eq!(tag("Cloud Native Wasm Day"), "cloud-native-wasm-day");
        assert_eq!(tag("kubecon-eu-2024"), "kubecon-eu-2024");
    }

    #[test]
    fn escaping_keeps_text_literal() {
        let cases = [
            ("Plain, simple. Title", "Plain, simple. Title"),
            ("*bold* and _it_", "\\*bold\\* and \\_it\\_"),
            ("# Not a heading", "\\# Not a heading"),
            ("- not a list", "\\- not a list"),
            ("2024. A year", "2024\\. A year"),
            ("1) first", "1\\) first"),
            ("<script>x</script>", "\\<script\\>x\\</script\\>"),
            ("[link](http://x)", "\\[link\\](http://x)"),
            ("a `code` b", "a \\`code\\` b"),
            ("two\nlines", "two lines"),
            ("Ampersand &amp; entity", "Ampersand \\&amp; entity"),
            ("C++ and F#", "C++ and F#"),
        ];
        for (input, want) in cases {
            assert_eq!(escape(input), want, "{input:?}");
        }
    }

    #[test]
    fn notes_keep_markdown_but_never_raw_html_or_odd_links() {
        let cases = [
            ("**great** talk", "**great** talk"),
            ("<script>alert(1)</script>", "\\<script>alert(1)\\</script>"),
            ("<!-- hides the rest", "\\<!-- hides the rest"),
            ("already \\<b>", "already \\<b>"),
            ("not \\\\<b>", "not \\\\\\<b>"),
            ("[slides](https://x.org/s)", "[slides](https://x.org/s)"),
            ("[mail](mailto:a@b.c)", "[mail](mailto:a@b.c)"),
            ("[x](javascript:alert(1))", "[x]\\(javascript:alert(1))"),
            (
                "![i](data:image/png;base64,AA)",
                "![i]\\(data:image/png;base64,AA)",
            ),
            ("[r]: javascript:alert(1)", "[r]\\: javascript:alert(1)"),
            ("[r]: <https://ok.org>", "[r]: \\<https://ok.org>"),
            ("a ] b", "a ] b"),
        ];
        for (input, want) in cases {
            assert_eq!(note_markdown(input), want, "{input:?}");
        }
    }

    #[test]
    fn only_web_and_mail_urls_become_links() {
        assert_eq!(link("https://x.org/a b"), "<https://x.org/ab>");
        assert_eq!(link("mailto:a@b.c"), "<mailto:a@b.c>");
        assert_eq!(link("javascript:alert(1)"), "javascript:alert(1)");
        assert_eq!(link("<!--x"), "\\<\\!--x");
        assert_eq!(link("http://"), "http://");
    }
}
