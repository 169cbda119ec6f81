//! The detail's text: the lines that describe a session in full, and how far they scroll.
//!
//! Built from the state (both `update`, to bound scrolling, and the detail view use it); the
//! view only paints it.

use std::fmt::Write as _;

use ratatui::text::{Line, Span};

use super::app::App;
use super::views::paint;
use crate::plan::RiskLevel;
use crate::text::{DISPLAY_LINE, DISPLAY_TEXT, for_display};

/// How far the detail pane can scroll: until its last row is at the bottom of the pane.
pub fn max_scroll(app: &App) -> u16 {
    let (Some(area), Some(i)) = (app.areas().detail, app.selected()) else {
        return 0;
    };
    // The pane inside its left and top borders.
    let (width, height) = (area.width.saturating_sub(1), area.height.saturating_sub(1));
    let rows = paint::wrapped_rows(&content(app, i), width);
    u16::try_from(rows.saturating_sub(usize::from(height))).unwrap_or(u16::MAX)
}

/// The lines of session `i`'s detail, before wrapping.
pub fn content(app: &App, i: usize) -> Vec<Line<'static>> {
    let t = app.theme;
    let sch = &app.schedule;
    let s = sch.session(i);
    let mut lines: Vec<Line> = Vec::new();
    let mut title = vec![];
    if app.plan.agenda.is_starred(&s.id) {
        title.push(Span::styled("★ ", t.star()));
    }
    title.push(Span::styled(
        for_display(&s.title, DISPLAY_LINE).into_owned(),
        t.title(),
    ));
    lines.push(Line::from(title));
    if let Some(sub) = &s.subtitle {
        lines.push(Line::styled(sub.clone(), t.dim()));
    }
    lines.push(Line::raw(""));
    let field = |name: &str, value: String| {
        Line::from(vec![
            Span::styled(format!("{name:<9} "), t.dim()),
            Span::raw(value),
        ])
    };
    lines.push(field(
        "when",
        format!(
            "{} {}–{}",
            s.start.with_timezone(&app.tz).format("%a %-d %b"),
            s.start.with_timezone(&app.tz).format("%H:%M"),
            s.end.with_timezone(&app.tz).format("%H:%M"),
        ),
    ));
    if let Some(r) = s.room {
        let room = sch.room(r);
        let mut text = room.name.clone();
        if let Some(cap) = room.capacity {
            let _ = write!(text, ", {cap} seats");
        }
        lines.push(field("room", text));
        if let Some(loc) = room.location.describe() {
            lines.push(field("where", loc));
        }
    }
    if s.track.is_some() {
        lines.push(field("track", sch.track_name(s).to_string()));
    }
    lines.push(field("kind", s.kind.as_str().to_string()));
    lines.push(field(
        "recorded",
        match s.recorded {
            Some(true) => "yes".into(),
            Some(false) => "no: in person or never".into(),
            None => "not stated".into(),
        },
    ));
    lines.extend(own_marks(app, i));
    if let Some(ch) = app.plan.changes.change_of(&s.id) {
        let what: Vec<String> = ch
            .fields
            .iter()
            .map(|f| match f {
                crate::plan::changes::Field::Room => {
                    format!("room was {}", ch.before.room.as_deref().unwrap_or("none"))
                }
                crate::plan::changes::Field::Start => format!(
                    "start was {}",
                    ch.before.start.with_timezone(&app.tz).format("%a %H:%M")
                ),
                crate::plan::changes::Field::End => format!(
                    "end was {}",
                    ch.before.end.with_timezone(&app.tz).format("%H:%M")
                ),
                crate::plan::changes::Field::Title => format!("title was \"{}\"", ch.before.title),
            })
            .collect();
        lines.push(Line::from(vec![
            Span::styled(format!("{:<9} ", "changed"), t.dim()),
            Span::styled(
                format!(
                    "Δ {} ({} reviews)",
                    what.join("; "),
                    app.keymap
                        .keys_of("review_changes")
                        .split(' ')
                        .next()
                        .unwrap_or_default()
                ),
                t.caution(),
            ),
        ]));
    }
    let risk = app.plan.analysis.risk(i);
    let crowd_style = match risk.level {
        RiskLevel::Unknown | RiskLevel::Low => t.dim(),
        RiskLevel::Filling => ratatui::style::Style::new(),
        RiskLevel::Full => t.caution(),
        RiskLevel::Overflow => t.warning(),
    };
    lines.push(Line::from(vec![
        Span::styled(format!("{:<9} ", "crowding"), t.dim()),
        Span::styled(format!("{}: ", risk.level.as_str()), crowd_style),
        Span::raw(risk.reason.clone()),
    ]));
    let conflicts = app.plan.analysis.conflicts();
    for o in conflicts.overlaps().filter(|o| o.sessions.contains(&i)) {
        let other = o.sessions[usize::from(o.sessions[0] == i)];
        lines.push(Line::from(vec![
            Span::styled(format!("{:<9} ", "clash"), t.dim()),
            Span::styled(
                format!(
                    "overlaps \"{}\" by {} min. ",
                    app.schedule.session(other).title,
                    o.minutes
                ),
                t.warning(),
            ),
            Span::raw(capitalized(&o.suggestion)),
        ]));
    }
    for tr in conflicts.transfers().filter(|tr| tr.to == i && tr.tight) {
        lines.push(Line::from(vec![
            Span::styled(format!("{:<9} ", "walk"), t.dim()),
            Span::styled(
                format!("{} min walk, {} min gap. ", tr.walk_minutes, tr.gap_minutes),
                t.caution(),
            ),
            Span::raw(capitalized(&tr.suggestion)),
        ]));
    }
    for (k, sp) in s.speakers.iter().enumerate() {
        let who = match &sp.company {
            Some(c) => format!("{} ({c})", sp.name),
            None => sp.name.clone(),
        };
        lines.push(field(if k == 0 { "speakers" } else { "" }, who));
    }
    if !s.tags.is_empty() {
        lines.push(field("tags", s.tags.join(", ")));
    }
    links(app, i, &mut lines);
    lines.push(field("id", s.id.clone()));
    let team = app.team.index.names_at(i);
    if !team.is_empty() {
        lines.push(field("team", team.join(", ")));
    }
    if let Some(note) = app.plan.agenda.note(&s.id) {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Your notes", t.title()));
        for l in note.lines().take(4) {
            lines.push(Line::raw(l.to_string()));
        }
    }
    // Teammates' shared notes and ratings (cleaned when their shares were read).
    for m in &app.team.index.members {
        let Some(entry) = m.entry_at(i) else {
            continue;
        };
        if entry.note.is_none() && entry.rating.is_none() {
            continue;
        }
        lines.push(Line::raw(""));
        let mut head = vec![Span::styled(format!("{}'s notes", m.name()), t.title())];
        if let Some(r) = entry.rating {
            head.push(Span::styled(
                format!(
                    "  {}{}",
                    "★".repeat(usize::from(r)),
                    "☆".repeat(5 - usize::from(r))
                ),
                t.star(),
            ));
        }
        lines.push(Line::from(head));
        for l in entry.note.as_deref().unwrap_or("").lines().take(4) {
            lines.push(Line::raw(for_display(l, DISPLAY_LINE).into_owned()));
        }
    }
    // The organiser's questions and the session's answers: "Question: answer", a paragraph a
    // line (the pane wraps them).
    if !s.answers.is_empty() {
        lines.push(Line::raw(""));
    }
    for a in &s.answers {
        let answer = for_display(&a.answer, DISPLAY_TEXT);
        let mut paras = answer.split('\n');
        lines.push(Line::from(vec![
            Span::styled(
                format!("{} ", for_display(&a.prompt(), DISPLAY_LINE)),
                t.dim(),
            ),
            Span::raw(paras.next().unwrap_or_default().to_string()),
        ]));
        lines.extend(paras.map(|p| Line::raw(p.to_string())));
    }
    if !s.abstract_text.is_empty() {
        lines.push(Line::raw(""));
        for para in for_display(&s.abstract_text, DISPLAY_TEXT).split('\n') {
            lines.push(Line::raw(para.to_string()));
        }
    }
    lines
}

/// Your rating and attendance of session `i`, on one line: each shown when set, and offered
/// with its key once the session has begun.
fn own_marks(app: &App, i: usize) -> Option<Line<'static>> {
    let t = app.theme;
    let s = app.schedule.session(i);
    let begun = s.start <= app.now;
    let mut spans = vec![Span::styled(format!("{:<9} ", "yours"), t.dim())];
    match app.plan.agenda.ratings.get(&s.id) {
        Some(&r) => {
            let r = usize::from(r.min(5));
            spans.push(Span::styled(
                format!("{}{}", "★".repeat(r), "☆".repeat(5 - r)),
                t.star(),
            ));
        }
        None if begun => spans.push(Span::styled("not rated (1 to 5 rate it)", t.dim())),
        None => {}
    }
    let attended = app.plan.agenda.attended.contains(&s.id);
    if attended || begun {
        if spans.len() > 1 {
            spans.push(Span::styled(" · ", t.dim()));
        }
        spans.push(if attended {
            Span::styled("✓ attended", t.accent())
        } else {
            Span::styled(
                format!("not marked attended ({})", app.keymap.keys_of("attended")),
                t.dim(),
            )
        });
    }
    (spans.len() > 1).then(|| Line::from(spans))
}

/// Where a link's address starts in its row: after the label column and the marker.
pub const LINK_INDENT: usize = 12;

/// The session's links: the kind and title (the one `o` opens marked `▸`), then the address,
/// underlined (the view turns those cells into terminal hyperlinks), cut into pieces that fit
/// the pane so that a long address stays under its title instead of wrapping to the edge.
fn links(app: &App, i: usize, lines: &mut Vec<Line<'static>>) {
    let t = app.theme;
    let s = app.schedule.session(i);
    if s.links.is_empty() {
        return;
    }
    // The pane inside its left border; addresses are printable ASCII, a column a byte.
    let pane = app
        .areas()
        .detail
        .map_or(80, |d| usize::from(d.width.saturating_sub(1)));
    let indent = if pane >= LINK_INDENT + 20 {
        LINK_INDENT
    } else {
        0
    };
    let room = pane.saturating_sub(indent).max(1);
    let chosen = app.link_index(i).min(s.links.len() - 1);
    for (k, link) in s.links.iter().enumerate() {
        let label = if k == 0 { "links" } else { "" };
        let (marker, title_style) = if k == chosen {
            ("▸ ", t.title())
        } else {
            ("  ", ratatui::style::Style::new())
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{label:<9} "), t.dim()),
            Span::styled(marker, t.accent()),
            Span::styled(format!("{:<10} ", link.kind.as_str()), t.dim()),
            Span::styled(
                for_display(&link.title, DISPLAY_LINE).into_owned(),
                title_style,
            ),
        ]));
        let mut rest = link.url.as_str();
        while !rest.is_empty() {
            let (piece, tail) = rest.split_at(address_break(rest, room));
            lines.push(Line::from(vec![
                Span::raw(" ".repeat(indent)),
                Span::styled(piece.to_string(), t.link()),
            ]));
            rest = tail;
        }
    }
    // The keys as bound (a config file may rebind them, or leave one without a key).
    let open = app.keymap.key_of("open_link");
    let next = app.keymap.key_of("next_link").filter(|_| s.links.len() > 1);
    let hint = match (open, next) {
        (Some(open), Some(next)) => format!("{open} opens the ▸ link, {next} chooses the next"),
        (Some(open), None) if s.links.len() > 1 => format!("{open} opens the ▸ link"),
        (Some(open), None) => format!("{open} opens it"),
        (None, Some(next)) => format!("{next} chooses the next"),
        (None, None) => return,
    };
    lines.push(Line::from(vec![
        Span::raw(" ".repeat(LINK_INDENT)),
        Span::styled(hint, t.dim()),
    ]));
}

/// Where to cut an address to fit `room` columns: after the last `/`, `?`, `&`, `#` or `-` in
/// the second half of what fits, else at the edge. Addresses are ASCII: a column a byte.
fn address_break(url: &str, room: usize) -> usize {
    if url.len() <= room {
        return url.len();
    }
    url.as_bytes()[room / 2..room]
        .iter()
        .rposition(|b| b"/?&#-".contains(b))
        .map_or(room, |at| room / 2 + at + 1)
}

/// The text with its first letter in upper case.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
