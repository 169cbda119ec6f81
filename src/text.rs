//! Cleaning untrusted text from schedule files before it can reach a terminal or an export.
//!
//! Titles, names and abstracts come from the internet. A title carrying `ESC ] 52` could write the
//! clipboard, `ESC [ 2 J` could clear the screen, and a bidi override could make a line read
//! differently from what it is. Every string is cleaned once, at import, so no later path (TUI,
//! CLI text, exports) has to remember to.

/// Removes terminal control characters and bidi overrides; keeps newlines and tabs.
///
/// `\r\n` and lone `\r` become `\n`. Escape sequences (CSI, OSC, DCS...) are dropped whole, not
/// just their ESC byte, so no half-sequence such as `]52;c;...` is left behind as visible junk.
pub fn clean(input: &str) -> String {
    if !input.chars().any(needs_cleaning) {
        return input.to_string();
    }
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape(&mut chars),
            // C1 introducers for CSI, OSC, DCS, SOS, PM, APC carry a payload: skip it too.
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\n' | '\t' => out.push(c),
            c if is_control(c) || is_bidi_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Cleans and also folds every run of white space (newlines included) into one space: for
/// one-line fields such as titles, names and rooms.
pub fn clean_line(input: &str) -> String {
    let cleaned = clean(input);
    let mut out = String::with_capacity(cleaned.len());
    for word in cleaned.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Longest title, name or room shown in full; longer ones are cut for display (never in storage).
pub const DISPLAY_LINE: usize = 500;
/// Longest abstract or note shown in full.
pub const DISPLAY_TEXT: usize = 20_000;

/// The first `max` characters of `text`, with "…" when it was longer: for showing, never for
/// storing. Keeps drawing cost bounded whatever a schedule file holds.
pub fn for_display(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => std::borrow::Cow::Borrowed(text),
        Some((end, _)) => std::borrow::Cow::Owned(format!("{}…", &text[..end])),
    }
}

/// Cuts `text` to at most `width` display columns (wide characters count two), ending with "…"
/// when it was cut.
pub fn fit(text: &str, width: usize) -> String {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

fn needs_cleaning(c: char) -> bool {
    c == '\r' || is_control(c) || is_bidi_control(c)
}

fn is_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || c == '\u{7f}'
}

/// Bidi embeddings, overrides and isolates (the "Trojan Source" set).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

fn skip_escape(chars: &mut Chars<'_>) {
    match chars.peek().copied() {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            skip_string(chars);
        }
        // Two-character sequences (ESC c, ESC 7...) and charset selections (ESC ( B).
        Some('(' | ')' | '*' | '+') => {
            chars.next();
            chars.next();
        }
        Some(c) if ('\u{20}'..='\u{7e}').contains(&c) => {
            chars.next();
        }
        _ => {}
    }
}

/// CSI: parameters and intermediates, then one final byte in `@`..`~`.
fn skip_csi(chars: &mut Chars<'_>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            break;
        }
        if !('\u{20}'..='\u{3f}').contains(&c) {
            break;
        }
    }
}

/// OSC/DCS and friends run to BEL, ST (`ESC \`) or the C1 ST.
fn skip_string(chars: &mut Chars<'_>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_untouched() {
        for s in ["Hello", "Café · 東京 🎉", "two\nlines\tand a tab", ""] {
            assert_eq!(clean(s), s);
        }
    }

    #[test]
    fn escape_sequences_are_removed_whole() {
        let cases = [
            ("a\u{1b}[2Jb", "ab"),
            ("\u{1b}[31mred\u{1b}[0m", "red"),
            ("x\u{1b}]52;c;ZXZpbA==\u{7}y", "xy"),
            ("x\u{1b}]0;title\u{1b}\\y", "xy"),
            ("x\u{1b}Pdcs\u{1b}\\y", "xy"),
            ("x\u{9b}2Jy", "xy"),
            ("x\u{9d}0;t\u{9c}y", "xy"),
            ("x\u{1b}cy", "xy"),
            ("x\u{1b}(By", "xy"),
            ("tail\u{1b}", "tail"),
        ];
        for (input, want) in cases {
            assert_eq!(clean(input), want, "{input:?}");
        }
    }

    #[test]
    fn controls_and_bidi_overrides_are_removed() {
        assert_eq!(clean("a\u{0}b\u{7}c\u{8}d\u{7f}e\u{85}f"), "abcdef");
        assert_eq!(clean("admin\u{202e}txt.exe\u{2066}"), "admintxt.exe");
        assert_eq!(clean("one\r\ntwo\rthree"), "one\ntwo\nthree");
    }

    #[test]
    fn display_cuts_long_text_on_a_character_boundary() {
        assert_eq!(for_display("short", 10), "short");
        assert_eq!(for_display("東京東京", 2), "東京…");
        assert_eq!(for_display("abc", 3), "abc");
        assert!(matches!(
            for_display("abc", 3),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn lines_fold_white_space() {
        assert_eq!(
            clean_line("  A\n title\t with\r\nbreaks "),
            "A title with breaks"
        );
        assert_eq!(clean_line("\u{1b}[2J"), "");
    }
}
