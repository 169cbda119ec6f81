//! Exporting from the interface: the calendar (.ics) of the starred sessions and the trip report
//! (Markdown), written by the runtime as an [`Effect::Export`], with the CLI's writers.
//!
//! The first export of a conference asks for the two files (named after the conference, in the
//! folder hallway was started in); once both were written, the export key writes to them again
//! without asking, and its shifted twin asks again with them filled in. The files are
//! remembered per conference in the data directory (`store::Remembered`), but only once written:
//! a path that failed is asked for again, filled in as typed, so that it can be corrected.

use std::path::{Path, PathBuf};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Modifier, Style};
use ratatui_textarea::{CursorMove, TextArea};

use super::{App, Effect, Mode};
use crate::store::ExportPaths;

/// The export prompt: the two files, one of them being edited.
pub struct ExportPrompt {
    /// The calendar's and the trip report's paths, as typed.
    pub fields: [TextArea<'static>; 2],
    /// Which field has the keyboard (0: the calendar).
    pub focus: usize,
}

impl ExportPrompt {
    fn new(paths: &ExportPaths) -> Self {
        let field = |p: &Path| {
            let mut t = TextArea::new(vec![p.display().to_string()]);
            t.set_cursor_line_style(Style::new());
            t.move_cursor(CursorMove::End);
            t
        };
        let mut prompt = ExportPrompt {
            fields: [field(&paths.calendar), field(&paths.report)],
            focus: 0,
        };
        prompt.focus_on(0);
        prompt
    }

    /// Gives field `k` the keyboard: only its cursor is drawn.
    fn focus_on(&mut self, k: usize) {
        self.focus = k;
        for (i, f) in self.fields.iter_mut().enumerate() {
            f.set_cursor_style(if i == k {
                Style::new().add_modifier(Modifier::REVERSED)
            } else {
                Style::new()
            });
        }
    }

    /// A field's text: one line (a pasted newline is not part of a file name), trimmed.
    pub fn text(&self, field: usize) -> String {
        self.fields[field].lines().concat().trim().to_string()
    }
}

/// What the runtime writes for an export: each file's path and text (and, for the calendar,
/// its number of events), and the paths to remember once they are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportJob {
    pub files: Vec<ExportFile>,
    pub paths: ExportPaths,
}

/// One file of an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    pub path: PathBuf,
    pub text: String,
    /// The calendar's number of events; `None` for the trip report.
    pub events: Option<usize>,
}

/// What became of an export: each file written, or why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    pub paths: ExportPaths,
    pub files: Vec<Written>,
}

/// One file of an export, written or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub path: PathBuf,
    pub events: Option<usize>,
    pub result: Result<(), String>,
}

/// Where exports go when nothing else is said, and how typed paths are read.
#[derive(Debug, Clone, Default)]
pub struct ExportPlace {
    /// The folder hallway was started in: default files go there, and relative paths are
    /// taken from it (so that a remembered path means the same file from anywhere).
    pub folder: PathBuf,
    /// The home folder, for a path typed as `~/...`.
    pub home: Option<PathBuf>,
    /// The paths last asked for that could not be written: asked again, filled in.
    tried: Option<ExportPaths>,
}

impl ExportPlace {
    pub fn new(folder: PathBuf, home: Option<PathBuf>) -> Self {
        ExportPlace {
            folder,
            home,
            tried: None,
        }
    }
}

impl App {
    /// The export key: straight to the files remembered for this conference, else (and after a
    /// failed write) the prompt.
    pub(super) fn export(&mut self) -> Option<Effect> {
        match self.remembered.export.clone() {
            Some(paths) if self.export_place.tried.is_none() => Some(self.export_to(paths)),
            _ => {
                self.export_prompt();
                None
            }
        }
    }

    /// Opens the prompt, filled with the files last tried, else remembered, else the defaults.
    pub(super) fn export_prompt(&mut self) {
        let paths = self
            .export_place
            .tried
            .clone()
            .or_else(|| self.remembered.export.clone())
            .unwrap_or_else(|| {
                crate::export::default_paths(&self.schedule, &self.export_place.folder)
            });
        self.status = None;
        self.mode = Mode::Export(Box::new(ExportPrompt::new(&paths)));
    }

    /// A key typed into the prompt's field: the editor's keys, and Ctrl-u clearing what is
    /// before the cursor, as in a shell (the editor would undo).
    pub(super) fn export_key(&mut self, key: KeyEvent) {
        if let Mode::Export(p) = &mut self.mode {
            let field = &mut p.fields[p.focus];
            if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('u') {
                field.delete_line_by_head();
            } else {
                field.input(key);
            }
        }
    }

    /// Text pasted into the prompt's field (one line of it).
    pub(super) fn export_paste(&mut self, text: &str) {
        if let Mode::Export(p) = &mut self.mode {
            let focus = p.focus;
            let line = text.lines().next().unwrap_or_default();
            p.fields[focus].insert_str(line);
        }
    }

    /// Tab: the other field.
    pub(super) fn export_next_field(&mut self) {
        if let Mode::Export(p) = &mut self.mode {
            p.focus_on(1 - p.focus);
        }
    }

    /// Enter in the prompt: writes to the files typed (both must be named).
    pub(super) fn export_confirm(&mut self) -> Option<Effect> {
        let Mode::Export(p) = &self.mode else {
            return None;
        };
        let (calendar, report) = (p.text(0), p.text(1));
        if calendar.is_empty() || report.is_empty() {
            self.status = Some("name a file for both the calendar and the trip report".into());
            return None;
        }
        let paths = ExportPaths {
            calendar: self.resolve(&calendar),
            report: self.resolve(&report),
        };
        self.mode = Mode::Normal;
        Some(self.export_to(paths))
    }

    /// A typed path as a file: `~/` from the home folder, relative ones from the start folder.
    fn resolve(&self, typed: &str) -> PathBuf {
        let place = &self.export_place;
        if let (Some(rest), Some(home)) = (typed.strip_prefix("~/"), &place.home) {
            return home.join(rest);
        }
        let path = Path::new(typed);
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            place.folder.join(path)
        }
    }

    /// The export of the agenda as it stands (unsaved changes included) to `paths`, with the
    /// CLI's writers: `hallway export --format ics` and `--format markdown` write the same.
    fn export_to(&mut self, paths: ExportPaths) -> Effect {
        let (calendar, events) = crate::export::calendar(
            &self.schedule,
            &self.plan.agenda,
            &crate::formats::ics_out::Options {
                all: false,
                alarm_minutes: None,
                now: self.now,
            },
        );
        let report =
            crate::export::trip_report(&self.schedule, &self.plan.agenda, self.tz, self.now);
        self.status = Some("exporting…".into());
        Effect::Export(Box::new(ExportJob {
            files: vec![
                ExportFile {
                    path: paths.calendar.clone(),
                    text: calendar,
                    events: Some(events),
                },
                ExportFile {
                    path: paths.report.clone(),
                    text: report,
                    events: None,
                },
            ],
            paths,
        }))
    }

    /// What the runtime wrote: said in the status line; the paths remembered when every file
    /// was written, else kept to be asked again.
    pub(super) fn exported(&mut self, exported: Exported) -> Option<Effect> {
        let mut parts = Vec::new();
        // What failed first: it is what the attendee must act on, and a narrow footer cuts
        // the end.
        let mut files: Vec<&Written> = exported.files.iter().collect();
        files.sort_by_key(|w| w.result.is_ok());
        for w in files {
            let path = self.shown_path(&w.path);
            parts.push(match (&w.result, w.events) {
                (Ok(()), Some(1)) => format!("wrote {path} (1 event)"),
                (Ok(()), Some(n)) => format!("wrote {path} ({n} events)"),
                (Ok(()), None) => format!("wrote {path}"),
                (Err(e), _) => format!("NOT written: {}", crate::text::for_message(e)),
            });
        }
        let ok = exported.files.iter().all(|w| w.result.is_ok());
        let mut status = parts.join(" · ");
        if ok {
            if exported.files.iter().any(|w| w.events == Some(0)) {
                status.push_str(" · no starred sessions, so the calendar is empty");
            }
            self.export_place.tried = None;
            self.status = Some(status);
            if self.remembered.export.as_ref() != Some(&exported.paths) {
                self.remembered.export = Some(exported.paths);
                return Some(Effect::Remember(Box::new(self.remembered.clone())));
            }
            return None;
        }
        status.push_str(&self.hint("export", "asks for other files"));
        self.status = Some(status);
        self.export_place.tried = Some(exported.paths);
        None
    }

    /// A path as the status line says it: from the start folder when it is in it.
    fn shown_path(&self, path: &Path) -> String {
        let shown = path.strip_prefix(&self.export_place.folder).unwrap_or(path);
        crate::text::for_message(&shown.display().to_string()).into_owned()
    }
}
