//! The notes editor: what the attendee types during a talk, saved within a second.
//!
//! The editor keeps the text in a `TextArea` and remembers when it first differed from what was
//! last saved. The interface's runtime sends a clock tick when [`NotesEditor::save_due_at`] comes,
//! so a `kill -9` loses at most [`AUTOSAVE`] of typing. Closing the editor, quitting and a closed terminal save at once.

use chrono::{DateTime, Duration, Utc};
use ratatui::crossterm::event::KeyEvent;
use ratatui::style::Style;
use ratatui_textarea::{TextArea, WrapMode};

use crate::plan::{Agenda, Change};
use crate::schedule::Schedule;

/// Unsaved text older than this is saved.
pub const AUTOSAVE: Duration = Duration::milliseconds(500);

/// A session's notes being edited.
pub struct NotesEditor {
    /// The session's position in the schedule.
    pub session: usize,
    pub textarea: TextArea<'static>,
    saved: String,
    dirty_since: Option<DateTime<Utc>>,
}

impl NotesEditor {
    /// Opens the notes of session `i`, with the cursor at the end.
    pub fn open(schedule: &Schedule, agenda: &Agenda, i: usize) -> Self {
        let saved = agenda
            .note(&schedule.session(i).id)
            .unwrap_or("")
            .to_string();
        let lines: Vec<String> = if saved.is_empty() {
            vec![String::new()]
        } else {
            saved.split('\n').map(str::to_string).collect()
        };
        let mut textarea = TextArea::new(lines);
        textarea.set_wrap_mode(WrapMode::WordOrGlyph);
        textarea.set_cursor_line_style(Style::new());
        textarea.set_placeholder_text("Type your notes. Ctrl-T inserts the time into the talk.");
        textarea.move_cursor(ratatui_textarea::CursorMove::Bottom);
        textarea.move_cursor(ratatui_textarea::CursorMove::End);
        NotesEditor {
            session: i,
            textarea,
            saved,
            dirty_since: None,
        }
    }

    /// The text as it stands.
    pub fn text(&self) -> String {
        self.textarea.lines().join("\n")
    }

    fn touched(&mut self, now: DateTime<Utc>) {
        if self.dirty_since.is_none() && self.text() != self.saved {
            self.dirty_since = Some(now);
        }
    }

    /// Takes in the note as stored now (saved by us, merged with others', or changed
    /// elsewhere): shown at once when nothing is being typed, else merged three ways with what
    /// is typed (base: the text last stored as this editor knows it), so neither side is lost.
    pub fn stored(&mut self, note: &str) {
        if note == self.saved {
            return;
        }
        let current = self.text();
        let shown = if self.dirty_since.is_some() {
            crate::plan::merge::merge_note(&self.saved, note, &current)
        } else {
            note.to_string()
        };
        self.saved = note.to_string();
        if shown != current {
            let lines: Vec<String> = shown.split('\n').map(str::to_string).collect();
            let mut textarea = TextArea::new(lines);
            textarea.set_wrap_mode(WrapMode::WordOrGlyph);
            textarea.set_cursor_line_style(Style::new());
            textarea.move_cursor(ratatui_textarea::CursorMove::Bottom);
            textarea.move_cursor(ratatui_textarea::CursorMove::End);
            self.textarea = textarea;
        }
        if shown == self.saved {
            self.dirty_since = None;
        }
    }

    /// Passes a key to the editor (movement, editing, undo/redo).
    pub fn key(&mut self, key: KeyEvent, now: DateTime<Utc>) {
        if self.textarea.input(key) {
            self.touched(now);
        }
    }

    /// Inserts pasted text.
    pub fn paste(&mut self, text: &str, now: DateTime<Utc>) {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        if self.textarea.insert_str(text) {
            self.touched(now);
        }
    }

    /// Inserts `[+12:30]`: minutes and seconds since the session started (`-` before it).
    pub fn insert_timestamp(&mut self, schedule: &Schedule, now: DateTime<Utc>) {
        let stamp = timestamp(
            schedule.session(self.session).start.with_timezone(&Utc),
            now,
        );
        let ratatui_textarea::DataCursor(row, col) = self.textarea.cursor();
        let after_text = col > 0
            && self.textarea.lines()[row]
                .chars()
                .nth(col - 1)
                .is_some_and(|c| !c.is_whitespace());
        self.textarea.insert_str(if after_text {
            format!(" {stamp} ")
        } else {
            format!("{stamp} ")
        });
        self.touched(now);
    }

    /// Whether unsaved text has waited long enough to be saved.
    pub fn save_due(&self, now: DateTime<Utc>) -> bool {
        self.dirty_since
            .is_some_and(|since| now - since >= AUTOSAVE)
    }

    /// When the unsaved text will be due for saving, if there is any.
    pub fn save_due_at(&self) -> Option<DateTime<Utc>> {
        self.dirty_since.map(|since| since + AUTOSAVE)
    }

    /// Whether anything is unsaved.
    pub fn dirty(&self) -> bool {
        self.dirty_since.is_some()
    }

    /// The change that saves the text now (nothing when it is unchanged). Notes never mark the
    /// session attended: attendance is only what the attendee marks (`a`); the interface may
    /// suggest it when notes are written during the session (see [`during`]).
    pub fn take_changes(&mut self, schedule: &Schedule, now: DateTime<Utc>) -> Vec<Change> {
        self.dirty_since = None;
        let text = self.text();
        if text == self.saved {
            return Vec::new();
        }
        let base = std::mem::replace(&mut self.saved, text.clone());
        let s = schedule.session(self.session);
        vec![Change::SetNote {
            id: s.id.clone(),
            base,
            text,
            at: now,
        }]
    }
}

/// Whether notes written at `now` count as taken during the session (within it, with ten
/// minutes' grace either side): then closing the editor suggests marking it attended.
pub fn during(s: &crate::schedule::Session, now: DateTime<Utc>) -> bool {
    s.is_on_at(now, Duration::minutes(10))
}

/// `[+12:30]` for 12 minutes 30 seconds after `start`, `[-02:00]` two minutes before it.
pub fn timestamp(start: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = (now - start).num_seconds();
    let sign = if secs < 0 { '-' } else { '+' };
    let secs = secs.abs();
    format!("[{sign}{:02}:{:02}]", secs / 60, secs % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::tests::fixture;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn typed(editor: &mut NotesEditor, text: &str, now: DateTime<Utc>) {
        for c in text.chars() {
            let code = if c == '\n' {
                KeyCode::Enter
            } else {
                KeyCode::Char(c)
            };
            editor.key(KeyEvent::new(code, KeyModifiers::NONE), now);
        }
    }

    #[test]
    fn timestamps_count_from_the_start() {
        let start = at("2024-03-20T10:00:00Z");
        assert_eq!(timestamp(start, at("2024-03-20T10:12:30Z")), "[+12:30]");
        assert_eq!(timestamp(start, at("2024-03-20T09:58:00Z")), "[-02:00]");
        assert_eq!(timestamp(start, at("2024-03-20T11:15:05Z")), "[+75:05]");
    }

    #[test]
    fn autosave_is_due_half_a_second_after_the_first_unsaved_keystroke() {
        let s = fixture();
        let agenda = Agenda::new("testcon-2024");
        let libc = s.find("libc").unwrap().0;
        let mut e = NotesEditor::open(&s, &agenda, libc);
        let t0 = at("2024-03-20T10:05:00Z");
        assert!(
            !e.save_due(t0 + Duration::seconds(5)),
            "nothing typed, nothing due"
        );
        typed(&mut e, "eBPF", t0);
        assert!(!e.save_due(t0 + Duration::milliseconds(499)));
        // Typing on does not postpone the save: the first unsaved keystroke sets the clock.
        typed(&mut e, " rocks", t0 + Duration::milliseconds(400));
        assert!(e.save_due(t0 + Duration::milliseconds(500)));
        let changes = e.take_changes(&s, t0 + Duration::milliseconds(500));
        assert_eq!(
            changes[0],
            Change::SetNote {
                id: "libc".into(),
                base: String::new(),
                text: "eBPF rocks".into(),
                at: t0 + Duration::milliseconds(500)
            }
        );
        assert_eq!(
            changes.len(),
            1,
            "written during the talk, and still not marked attended: only `a` marks it"
        );
        assert!(!e.dirty());
        assert!(
            e.take_changes(&s, t0 + Duration::seconds(2)).is_empty(),
            "unchanged text saves nothing"
        );
    }

    #[test]
    fn notes_written_later_do_not_mark_attendance() {
        let s = fixture();
        let agenda = Agenda::new("testcon-2024");
        let libc = s.find("libc").unwrap().0;
        let mut e = NotesEditor::open(&s, &agenda, libc);
        let later = at("2024-03-22T10:00:00Z");
        typed(&mut e, "watch the recording", later);
        let changes = e.take_changes(&s, later);
        assert_eq!(changes.len(), 1);
    }

    #[test]
    fn reopening_shows_the_saved_text_and_undo_works() {
        let s = fixture();
        let mut agenda = Agenda::new("testcon-2024");
        let libc = s.find("libc").unwrap().0;
        let t0 = at("2024-03-20T10:05:00Z");
        let mut e = NotesEditor::open(&s, &agenda, libc);
        typed(&mut e, "line one\nline two ✓ 東京", t0);
        e.insert_timestamp(&s, at("2024-03-20T10:17:30Z"));
        for c in e.take_changes(&s, t0) {
            agenda.apply(&c);
        }
        let again = NotesEditor::open(&s, &agenda, libc);
        assert_eq!(again.text(), "line one\nline two ✓ 東京 [+17:30] ");
        let mut e = again;
        e.key(KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE), t0);
        e.key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL), t0);
        assert_eq!(
            e.text(),
            "line one\nline two ✓ 東京 [+17:30] ",
            "Ctrl-U undoes"
        );
        e.paste("pasted\r\ntext", t0);
        assert!(e.text().ends_with("pasted\ntext"));
    }
}
