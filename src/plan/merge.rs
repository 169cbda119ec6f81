//! Three-way merge of a note's text: what one editor typed, merged with what was saved elsewhere.
//!
//! A note can be changed in two places at once: the TUI's editor and `hallway note --append` in
//! another terminal, or two TUIs. Each editor remembers the text it last loaded or saved (the
//! base); when it saves, the store merges its text with the note as it is on disk, line by line
//! (diffy's diff3). Where both changed the same lines, both versions are kept, the one saved first
//! (on disk) before the one being saved, without conflict markers: a note is prose, and nothing
//! either side typed may be lost. Lines one side left as they were are not repeated: when the
//! note on disk only added lines around the lines the editor changed (an append while the
//! attendee types on the last line), the result is those added lines, then the editor's, so the
//! line being typed stays last, where the editor's cursor is.

/// Merges `mine` (edited from `base`) with `theirs` (the note as saved meanwhile).
///
/// When `theirs` is still `base`, the result is `mine`; when `mine` is still `base`, it is
/// `theirs`. Lines are compared whole; the result has no trailing newline.
pub fn merge_note(base: &str, theirs: &str, mine: &str) -> String {
    if theirs == base || theirs == mine {
        return mine.to_string();
    }
    if mine == base {
        return theirs.to_string();
    }
    let base = with_final_newline(base);
    let theirs = with_final_newline(theirs);
    let mine = with_final_newline(mine);
    // Markers longer than any run of marker characters that starts a line of the inputs, so a
    // line of the notes can never be taken for one.
    let len = [&base, &theirs, &mine]
        .iter()
        .map(|t| longest_marker_run(t))
        .max()
        .unwrap_or(0)
        .max(6)
        + 1;
    let mut options = diffy::MergeOptions::new();
    options
        .set_conflict_marker_length(len)
        .set_conflict_style(diffy::ConflictStyle::Diff3);
    let merged = match options.merge(&base, &theirs, &mine) {
        Ok(clean) => clean,
        Err(conflicted) => keep_both(&conflicted, len),
    };
    merged.trim_end_matches('\n').to_string()
}

fn with_final_newline(text: &str) -> String {
    let mut t = text.trim_end_matches('\n').to_string();
    if !t.is_empty() {
        t.push('\n');
    }
    t
}

fn longest_marker_run(text: &str) -> usize {
    text.lines()
        .filter_map(|line| {
            let first = line.chars().next()?;
            matches!(first, '<' | '=' | '>' | '|')
                .then(|| line.chars().take_while(|&c| c == first).count())
        })
        .max()
        .unwrap_or(0)
}

/// Replaces each conflict (markers of length `len`, diff3 style) by both sides, theirs first,
/// then mine; lines of the base that theirs kept around its additions are not repeated.
fn keep_both(conflicted: &str, len: usize) -> String {
    let open = format!("{} ours", "<".repeat(len));
    let original = format!("{} original", "|".repeat(len));
    let middle = "=".repeat(len);
    let close = format!("{} theirs", ">".repeat(len));
    // Sections of the conflict being read: 0 outside, 1 theirs (on disk), 2 base, 3 mine.
    let mut section = 0;
    let mut parts: [Vec<&str>; 3] = Default::default();
    let mut out = String::with_capacity(conflicted.len());
    for line in conflicted.split_inclusive('\n') {
        let bare = line.trim_end_matches('\n');
        match (section, bare) {
            (0, b) if b == open => section = 1,
            (1, b) if b == original => section = 2,
            (1 | 2, b) if b == middle => section = 3,
            (3, b) if b == close => {
                resolve(&parts[0], &parts[1], &parts[2], &mut out);
                parts.iter_mut().for_each(Vec::clear);
                section = 0;
            }
            (0, _) => out.push_str(line),
            (s, _) => parts[s - 1].push(line),
        }
    }
    out
}

/// One conflict: theirs, then mine; when theirs is the base with lines added before or after
/// it and mine changed the base (not deleted it), only the lines theirs added, then mine.
fn resolve(theirs: &[&str], base: &[&str], mine: &[&str], out: &mut String) {
    let theirs = if base.is_empty() || mine.is_empty() {
        theirs
    } else if let Some(added) = theirs.strip_prefix(base) {
        added
    } else if let Some(added) = theirs.strip_suffix(base) {
        added
    } else {
        theirs
    };
    for line in theirs.iter().chain(mine) {
        out.push_str(line);
    }
}

#[cfg(test)]
mod tests {
    use super::merge_note;

    #[test]
    fn unchanged_sides_take_the_other() {
        assert_eq!(merge_note("a", "a", "a\nb"), "a\nb");
        assert_eq!(merge_note("a", "a\nc", "a"), "a\nc");
        assert_eq!(merge_note("", "", "new"), "new");
        assert_eq!(merge_note("a", "a", ""), "");
    }

    #[test]
    fn separate_edits_both_apply() {
        let base = "one\ntwo\nthree\nfour";
        let theirs = "ONE\ntwo\nthree\nfour";
        let mine = "one\ntwo\nthree\nFOUR";
        assert_eq!(merge_note(base, theirs, mine), "ONE\ntwo\nthree\nFOUR");
    }

    #[test]
    fn an_append_made_elsewhere_survives_the_editor_typing_at_the_end() {
        // The CLI appended a line while the TUI's editor was open and typing on.
        let merged = merge_note("intro", "intro\nfrom the CLI", "intro\ntyped here");
        assert_eq!(merged, "intro\nfrom the CLI\ntyped here");
    }

    #[test]
    fn typing_on_the_last_line_while_lines_are_appended_elsewhere_repeats_nothing() {
        // The TUI's editor types on at its end; `note --append` adds a line on disk before
        // each save. Each word typed must be in the note once, with every appended line, and
        // the line being typed stays last, where the editor's cursor is.
        let mut saved = String::new();
        let mut typing = String::new();
        for word in ["alpha", "beta", "gamma", "delta"] {
            typing.push_str(word);
            typing.push(' ');
            let disk = [saved.as_str(), &format!("cli-{word}")]
                .iter()
                .filter(|t| !t.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join("\n");
            // What the editor shows: the lines above, then the line being typed.
            let mine = match saved.rsplit_once('\n') {
                Some((above, _)) => format!("{above}\n{typing}"),
                None => typing.clone(),
            };
            saved = merge_note(&saved, &disk, &mine);
        }
        assert_eq!(
            saved,
            "cli-alpha\ncli-beta\ncli-gamma\ncli-delta\nalpha beta gamma delta "
        );
        assert_eq!(merge_note("a\nb", "a\nb\nc", "a\nB"), "a\nc\nB");
        assert_eq!(merge_note("b\nz", "a\nb\nz", "B\nz"), "a\nB\nz");
    }

    #[test]
    fn conflicting_edits_keep_both_sides_without_markers() {
        let merged = merge_note("talk was ok", "talk was great", "talk was dull");
        assert_eq!(merged, "talk was great\ntalk was dull");
    }

    #[test]
    fn lines_that_look_like_markers_are_kept_as_text() {
        let base = "=======\n<<<<<<< ours\nx";
        let theirs = "=======\n<<<<<<< ours\ny";
        let mine = "=======\n<<<<<<< ours\nz";
        assert_eq!(
            merge_note(base, theirs, mine),
            "=======\n<<<<<<< ours\ny\nz"
        );
    }

    #[test]
    fn a_deletion_next_to_an_addition_elsewhere_loses_nothing() {
        assert_eq!(merge_note("a\nb", "a\nb\nc", ""), "a\nb\nc");
        assert_eq!(merge_note("a\nb\nc", "a\nb\nc\nd", "c"), "c\nd");
    }
}
