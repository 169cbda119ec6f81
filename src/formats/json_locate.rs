//! Finding where a JSON path (`sessions[3].room`) stands in a document's text.
//!
//! serde reports line and column for syntax and type errors, but checks made after deserializing
//! (an unknown room, a time in the daylight-saving gap) know only the path. This scanner walks the
//! text once to turn that path back into a line and column for the error message.

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// Line and column (both from 1) of the value at `path`, if the text has it.
pub fn locate(text: &str, path: &[Step<'_>]) -> Option<(usize, usize)> {
    let mut s = Scanner {
        b: text.as_bytes(),
        i: 0,
    };
    s.ws();
    let offset = s.find(path)?;
    Some(line_col(text, offset))
}

/// Line and column of a path written as text (`schedule.events[3].start`), else of its nearest
/// parent the text has: a field that is missing points at the object that lacks it.
pub fn locate_path(text: &str, path: &str) -> Option<(usize, usize)> {
    let mut steps = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        if !key.is_empty() {
            steps.push(Step::Key(key));
        }
        while let Some((n, after)) = rest.split_once(']') {
            steps.push(Step::Index(n.parse().ok()?));
            rest = after.strip_prefix('[').unwrap_or(after);
        }
    }
    (0..=steps.len())
        .rev()
        .find_map(|n| locate(text, &steps[..n]))
}

/// An error at a path written as text, located in the document (see [`locate_path`]).
pub fn error_at(
    name: &str,
    text: &str,
    field: impl Into<String>,
    message: impl Into<String>,
) -> super::LoadError {
    let field = field.into();
    let err = super::LoadError::new(name, message);
    match locate_path(text, &field) {
        Some((line, col)) => err.at(line, col).field(field),
        None => err.field(field),
    }
}

/// Line and column (both from 1, the column counted in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text.as_bytes()[..offset.min(text.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, col)
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
}

impl Scanner<'_> {
    fn ws(&mut self) {
        while self.i < self.b.len() && self.b[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    /// At the start of a value: descends along `path` and returns the offset of its target.
    fn find(&mut self, path: &[Step<'_>]) -> Option<usize> {
        let Some((step, rest)) = path.split_first() else {
            return Some(self.i);
        };
        match (step, self.b.get(self.i)?) {
            (Step::Key(key), b'{') => {
                self.i += 1;
                loop {
                    self.ws();
                    if self.b.get(self.i)? == &b'}' {
                        return None;
                    }
                    let name = self.string()?;
                    self.ws();
                    if self.b.get(self.i)? != &b':' {
                        return None;
                    }
                    self.i += 1;
                    self.ws();
                    if name == *key {
                        return self.find(rest);
                    }
                    self.skip_value()?;
                    self.ws();
                    if self.b.get(self.i)? == &b',' {
                        self.i += 1;
                    }
                }
            }
            (Step::Index(n), b'[') => {
                self.i += 1;
                let mut k = 0;
                loop {
                    self.ws();
                    if self.b.get(self.i)? == &b']' {
                        return None;
                    }
                    if k == *n {
                        return self.find(rest);
                    }
                    self.skip_value()?;
                    k += 1;
                    self.ws();
                    if self.b.get(self.i)? == &b',' {
                        self.i += 1;
                    }
                }
            }
            _ => None,
        }
    }

    /// Reads a string at the cursor; escapes are kept raw (keys rarely have them).
    fn string(&mut self) -> Option<String> {
        if self.b.get(self.i)? != &b'"' {
            return None;
        }
        let start = self.i + 1;
        self.i += 1;
        while self.i < self.b.len() {
            match self.b[self.i] {
                b'\\' => self.i += 2,
                b'"' => {
                    let s = String::from_utf8_lossy(&self.b[start..self.i]).into_owned();
                    self.i += 1;
                    return Some(s);
                }
                _ => self.i += 1,
            }
        }
        None
    }

    fn skip_value(&mut self) -> Option<()> {
        match self.b.get(self.i)? {
            b'"' => self.string().map(|_| ()),
            b'{' | b'[' => {
                let mut depth = 0usize;
                while self.i < self.b.len() {
                    match self.b[self.i] {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.i += 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.i += 1;
                }
                None
            }
            _ => {
                while self.i < self.b.len() && !matches!(self.b[self.i], b',' | b'}' | b']') {
                    self.i += 1;
                }
                Some(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "{\n  \"a\": {\"x\": [1, {\"y\": \"q,]}\"}, 3]},\n  \"sessions\": [\n    {\"room\": \"A\"},\n    {\"id\": \"s\", \"room\": \"Z\"}\n  ]\n}";

    #[test]
    fn finds_nested_values() {
        assert_eq!(
            locate(
                DOC,
                &[Step::Key("sessions"), Step::Index(1), Step::Key("room")]
            ),
            Some((5, 25))
        );
        assert_eq!(
            locate(DOC, &[Step::Key("sessions"), Step::Index(0)]),
            Some((4, 5))
        );
        assert_eq!(
            locate(DOC, &[Step::Key("a"), Step::Key("x"), Step::Index(2)]),
            Some((2, 33))
        );
        assert_eq!(locate(DOC, &[]), Some((1, 1)));
    }

    #[test]
    fn missing_paths_are_none() {
        assert_eq!(locate(DOC, &[Step::Key("sessions"), Step::Index(7)]), None);
        assert_eq!(locate(DOC, &[Step::Key("nope")]), None);
        assert_eq!(locate("{\"a\": ", &[Step::Key("a"), Step::Key("b")]), None);
    }

    #[test]
    fn paths_written_as_text_are_found_or_their_parent() {
        assert_eq!(locate_path(DOC, "sessions[1].room"), Some((5, 25)));
        assert_eq!(locate_path(DOC, "a.x[1].y"), Some((2, 24)));
        // No "end" in sessions[1]: the session itself.
        assert_eq!(locate_path(DOC, "sessions[1].end"), Some((5, 5)));
        assert_eq!(locate_path(DOC, "nope"), Some((1, 1)));
        let e = error_at("s.json", DOC, "sessions[0].room", "no such room");
        assert_eq!(e.to_string(), "s.json:4:14: sessions[0].room: no such room");
    }

    #[test]
    fn columns_count_characters() {
        assert_eq!(line_col("é\néé\"", 7), (2, 3));
    }
}
