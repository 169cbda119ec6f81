//! Reading and writing schedules: one module per format, detection by content.
//!
//! [`load`] is the one door in: it checks size and encoding, recognises the format from the bytes
//! (never the file name), and hands them to the right reader. Every reader produces the same
//! [`Schedule`] through [`crate::schedule::ScheduleBuilder`]. The exports (`ics_out` for
//! calendars, `markdown` for the trip report, `native` for `convert`) write from a [`Schedule`].

pub mod c3voc2;
mod frab;
pub mod frab_xml;
pub mod html;
pub mod ical;
pub mod ics_out;
pub mod json_locate;
mod links;
pub mod markdown;
pub mod native;
pub mod pretalx_json;
pub mod sessionize;
pub mod team_report;

use std::fmt;
use std::path::Path;

use crate::schedule::Schedule;
use crate::schedule::zone::GivenZone;

/// Files larger than this are refused before parsing: no real schedule comes close.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

/// What a reader may need beyond the bytes.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// The zone the attendee gave (`--tz`, or the one remembered for this schedule): the
    /// venue's zone, first of the rules in [`crate::schedule::zone`].
    pub tz: Option<GivenZone>,
}

/// A schedule that could not be read, with where and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct LoadError {
    /// The file as the user named it.
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The field or element concerned (`sessions[3].room`, `<event id="12">/<start>`).
    pub field: Option<String>,
    pub message: String,
}

impl LoadError {
    pub fn new(file: &str, message: impl Into<String>) -> Self {
        LoadError {
            file: file.to_string(),
            line: None,
            column: None,
            field: None,
            message: message.into(),
        }
    }

    #[must_use]
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    #[must_use]
    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
}

/// Readers quote what they could not read (a zone name, a date, an element's name), and those
/// come from the file: every part of the message is shown as one clean line of bounded length
/// (`text::for_message`), so a file cannot write escape sequences to the terminal through its
/// own error.
impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::text::for_message;
        write!(f, "{}", for_message(&self.file))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": ")?;
        if let Some(field) = &self.field {
            write!(f, "{}: ", for_message(field))?;
        }
        write!(f, "{}", for_message(&self.message))
    }
}

/// The formats hallway reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// hallway's own JSON (docs/schedule-format.md).
    Native,
    /// c3voc/pretalx/frab schedule JSON (39C3, pretalx instances).
    PretalxJson,
    /// frab/Pentabarf schedule XML (FOSDEM, frab, pretalx).
    FrabXml,
    /// iCalendar (Sched, pretalx, calendar exports).
    Ical,
    /// Sessionize "All" JSON (`/api/v2/<id>/view/All`).
    Sessionize,
}

impl Format {
    /// The name a schedule read in this format carries (`Schedule::format`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Native => "hallway",
            Format::PretalxJson => pretalx_json::NAME,
            Format::FrabXml => frab_xml::NAME,
            Format::Ical => ical::NAME,
            Format::Sessionize => sessionize::NAME,
        }
    }
}

/// Recognises a format from the first bytes of a document.
pub fn detect(text: &str) -> Option<Format> {
    let head: String = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(4096)
        .collect();
    if head.starts_with('{') {
        if head.contains("\"hallway_schedule\"") {
            return Some(Format::Native);
        }
        if sessionize::looks_like(&head) {
            return Some(Format::Sessionize);
        }
        if head.contains("\"schedule\"") {
            return Some(Format::PretalxJson);
        }
        return None;
    }
    // A DOCTYPE goes to the XML reader even when its subset hides the root: it refuses entity
    // declarations with a clear error.
    if head.starts_with('<') && (head.contains("<schedule") || head.contains("<!DOCTYPE")) {
        return Some(Format::FrabXml);
    }
    if head
        .get(..15)
        .is_some_and(|h| h.eq_ignore_ascii_case("BEGIN:VCALENDAR"))
    {
        return Some(Format::Ical);
    }
    None
}

/// The path that names standard input.
pub const STDIN: &str = "-";

/// Reads a schedule file; `-` reads standard input.
///
/// Only regular files are opened: a character device (`/dev/zero`, `/dev/stdin`), a FIFO (which
/// would block until a writer comes), a socket or a folder is refused before anything is read;
/// a pipe is read as standard input (`-`). Whatever the source, at most [`MAX_FILE_BYTES`] are
/// read ([`read_bounded`]), so a file that grows while read cannot exhaust memory either.
pub fn load_file(path: &Path, options: LoadOptions) -> Result<Schedule, LoadError> {
    if path.as_os_str() == STDIN {
        let name = "standard input";
        let bytes = read_bounded(name, std::io::stdin().lock())?;
        return load_bytes(name, &bytes, options);
    }
    let name = path.display().to_string();
    let cannot_read = |e: std::io::Error| LoadError::new(&name, format!("cannot read: {e}"));
    // Checked by name first: opening a FIFO would wait for a writer.
    let meta = std::fs::metadata(path).map_err(cannot_read)?;
    refuse_special(&name, &meta)?;
    if meta.len() > MAX_FILE_BYTES as u64 {
        return Err(too_large(&name, meta.len()));
    }
    let file = std::fs::File::open(path).map_err(cannot_read)?;
    // The file opened may not be the one checked (replaced meanwhile): checked again.
    refuse_special(&name, &file.metadata().map_err(cannot_read)?)?;
    // Read into a buffer of the file's size: growing one by doubling copied the bytes again
    // and held twice their size at its peak.
    let bytes = read_bounded_sized(&name, file, meta.len() as usize)?;
    load_bytes(&name, &bytes, options)
}

/// Refuses what is not a regular file, saying what it is.
fn refuse_special(name: &str, meta: &std::fs::Metadata) -> Result<(), LoadError> {
    let kind = meta.file_type();
    if kind.is_file() {
        return Ok(());
    }
    let what = if kind.is_dir() {
        "a folder"
    } else {
        special_kind(kind)
    };
    Err(LoadError::new(
        name,
        format!("is {what}, not a schedule file (to read a pipe, pass `-` and pipe it in)"),
    ))
}

#[cfg(unix)]
fn special_kind(kind: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else if kind.is_fifo() {
        "a FIFO (named pipe)"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
fn special_kind(_kind: std::fs::FileType) -> &'static str {
    "not a regular file"
}

/// Reads at most [`MAX_FILE_BYTES`] from any source; more is refused as soon as the limit is
/// passed (a pipe or device is never read to its end first).
pub fn read_bounded(name: &str, reader: impl std::io::Read) -> Result<Vec<u8>, LoadError> {
    read_bounded_sized(name, reader, 0)
}

/// [`read_bounded`] into a buffer sized for `expected` bytes (one more, to see the end without
/// growing it).
fn read_bounded_sized(
    name: &str,
    reader: impl std::io::Read,
    expected: usize,
) -> Result<Vec<u8>, LoadError> {
    use std::io::Read as _;
    let mut bytes = Vec::with_capacity(expected.min(MAX_FILE_BYTES) + 1);
    reader
        .take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| LoadError::new(name, format!("cannot read: {e}")))?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(LoadError::new(
            name,
            format!(
                "more than {} MB, over the limit for a schedule; stopped reading there",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    Ok(bytes)
}

/// Reads a schedule from bytes already in memory.
pub fn load_bytes(name: &str, bytes: &[u8], options: LoadOptions) -> Result<Schedule, LoadError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_large(name, bytes.len() as u64));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => load_str(name, text, options),
        Err(e) => load_mended(name, bytes, &e, options),
    }
}

/// Invalid UTF-8 in a published schedule, as real exporters write it: an iCalendar folded in the
/// middle of a character is unfolded as bytes first (then it is valid); a few stray bytes
/// become U+FFFD with one warning. A file with NUL bytes or mostly invalid sequences is not text
/// and is refused, as is hallway's own format (written valid, so a bad byte there is damage).
fn load_mended(
    name: &str,
    bytes: &[u8],
    e: &std::str::Utf8Error,
    options: LoadOptions,
) -> Result<Schedule, LoadError> {
    let strict = || {
        let (line, col) = json_locate::line_col(
            // The prefix up to valid_up_to is valid UTF-8 by definition.
            std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default(),
            e.valid_up_to(),
        );
        LoadError::new(name, format!("not valid UTF-8 at byte {}", e.valid_up_to())).at(line, col)
    };
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let format = match detect(&head) {
        Some(Format::Native) | None => return Err(strict()),
        Some(format) => format,
    };
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(LoadError::new(
            name,
            format!("not a text file (a NUL byte at byte {at}, and invalid UTF-8)"),
        ));
    }
    let unfolded;
    let mut bytes = bytes;
    if format == Format::Ical {
        unfolded = ical::unfold_bytes(bytes);
        if let Ok(text) = std::str::from_utf8(&unfolded) {
            return load_str(name, text, options);
        }
        bytes = &unfolded;
    }
    let mut text = String::with_capacity(bytes.len());
    let mut count = 0usize;
    let mut first_line = None;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            count += 1;
            first_line.get_or_insert_with(|| text.matches('\n').count() + 1);
            text.push(char::REPLACEMENT_CHARACTER);
        }
    }
    // One bad sequence in fifty bytes is not text with a few accidents: it is another encoding
    // or binary, and replacing it all would show nonsense.
    if count * 50 > bytes.len() {
        return Err(strict().field("encoding").at(first_line.unwrap_or(1), 1));
    }
    let mut schedule = load_str(name, &text, options)?;
    schedule.warnings.push(crate::schedule::Warning {
        kind: crate::schedule::WarningKind::Encoding,
        message: format!(
            "{count} invalid UTF-8 sequence{} replaced with U+FFFD (the first on line {})",
            if count == 1 { "" } else { "s" },
            first_line.unwrap_or(1)
        ),
        sessions: Vec::new(),
    });
    Ok(schedule)
}

/// Reads a schedule from text.
pub fn load_str(name: &str, text: &str, options: LoadOptions) -> Result<Schedule, LoadError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(too_large(name, text.len() as u64));
    }
    match detect(text) {
        Some(Format::Native) => native::read_with(name, text, options),
        Some(Format::PretalxJson) if c3voc2::looks_like(text) => c3voc2::read(name, text, options),
        Some(Format::PretalxJson) => pretalx_json::read(name, text, options),
        Some(Format::FrabXml) => frab_xml::read(name, text, options),
        Some(Format::Ical) => ical::read(name, text, options),
        Some(Format::Sessionize) => sessionize::read(name, text, options),
        None => Err(LoadError::new(
            name,
            "not a schedule hallway can read: expected hallway JSON (with \"hallway_schedule\"), \
             frab/pretalx schedule JSON (with \"schedule\"), frab/Pentabarf XML (<schedule>), \
             Sessionize JSON (with \"sessions\") or iCalendar (BEGIN:VCALENDAR)",
        )),
    }
}

/// A JSON error with the path `serde_path_to_error` tracked, as `file:line:col: path: message`.
pub(crate) fn json_error(
    name: &str,
    e: serde_path_to_error::Error<serde_json::Error>,
) -> LoadError {
    // serde_path_to_error writes "?" for a key it had not read yet (truncated input).
    let full = e.path().to_string();
    let path = full
        .split(".?")
        .next()
        .unwrap_or_default()
        .trim_end_matches('?')
        .to_string();
    let inner = e.into_inner();
    let message = inner.to_string();
    // serde_json appends " at line L column C"; the error carries them already.
    let message = message
        .rfind(" at line ")
        .map_or(message.as_str(), |i| &message[..i]);
    let mut err = LoadError::new(name, message).at(inner.line(), inner.column());
    if !path.is_empty() && path != "." {
        err = err.field(path);
    }
    err
}

fn too_large(name: &str, size: u64) -> LoadError {
    LoadError::new(
        name,
        format!(
            "file is {} MB, over the {} MB limit for a schedule",
            size / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    )
}

/// Parses a JSON document into an untyped value; a syntax error names its line and column
/// (`serde_json`'s own " at line …" suffix dropped, as the location is given separately).
pub(crate) fn parse_json_value(name: &str, text: &str) -> Result<serde_json::Value, LoadError> {
    serde_json::from_str(text).map_err(|e| {
        LoadError::new(
            name,
            e.to_string()
                .split(" at line ")
                .next()
                .unwrap_or("")
                .to_string(),
        )
        .at(e.line(), e.column())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_read_file_line_column_field() {
        let e = LoadError::new("s.json", "unknown room \"Z\"")
            .at(4, 17)
            .field("sessions[3].room");
        assert_eq!(
            e.to_string(),
            "s.json:4:17: sessions[3].room: unknown room \"Z\""
        );
        assert_eq!(
            LoadError::new("s.json", "empty").to_string(),
            "s.json: empty"
        );
    }

    #[test]
    fn invalid_utf8_names_the_byte() {
        // Not a schedule: the bad byte is the error.
        let e =
            load_bytes("bad.json", b"{\n \"a\": \"\xff\"}", LoadOptions::default()).unwrap_err();
        assert_eq!(e.to_string(), "bad.json:2:8: not valid UTF-8 at byte 9");
        // Binary behind a schedule's first bytes is refused, not mended.
        let mut bin = b"BEGIN:VCALENDAR\r\n".to_vec();
        bin.extend_from_slice(&[0, 0xff, 0xfe, 1, 2, 0x80]);
        let e = load_bytes("bin.ics", &bin, LoadOptions::default()).unwrap_err();
        assert!(e.message.starts_with("not a text file"), "{e}");
        let mut noise = b"BEGIN:VCALENDAR\r\nX:".to_vec();
        noise.extend(std::iter::repeat_n(0xffu8, 40));
        let e = load_bytes("noise.ics", &noise, LoadOptions::default()).unwrap_err();
        assert!(e.message.contains("not valid UTF-8"), "{e}");
    }

    #[test]
    fn reading_stops_just_past_the_limit() {
        let endless = std::io::repeat(b'x');
        let e = read_bounded("zero", endless).unwrap_err();
        assert!(e.message.contains("over the limit"), "{e}");
        let ok = read_bounded("small", &b"{}"[..]).unwrap();
        assert_eq!(ok, b"{}");
    }

    #[cfg(unix)]
    #[test]
    fn devices_fifos_and_folders_are_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        for (path, what) in [
            (Path::new("/dev/zero"), "a character device"),
            (fifo.as_path(), "a FIFO"),
            (dir.path(), "a folder"),
        ] {
            let e = load_file(path, LoadOptions::default()).unwrap_err();
            assert!(e.message.starts_with(&format!("is {what}")), "{e}");
        }
    }

    #[test]
    fn unknown_content_is_refused() {
        let e = load_str("x.txt", "hello", LoadOptions::default()).unwrap_err();
        assert!(e.message.starts_with("not a schedule hallway can read"));
    }
}
