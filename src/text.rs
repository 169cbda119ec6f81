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
    if is_clean(input) {
        return input.to_string();
    }
    clean_slow(input)
}

/// [`clean`] for a string already owned: returned as it is, without a copy, when it is clean
/// (nearly every string of a real schedule is).
pub fn clean_owned(input: String) -> String {
    if is_clean(&input) {
        return input;
    }
    clean_slow(&input)
}

fn clean_slow(input: &str) -> String {
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
    if is_clean_line(input) {
        return input.to_string();
    }
    fold_line(&clean_slow(input))
}

/// [`clean_line`] for a string already owned: returned as it is when it is already one clean
/// line.
pub fn clean_line_owned(input: String) -> String {
    if is_clean_line(&input) {
        return input;
    }
    fold_line(&clean_slow(&input))
}

fn fold_line(cleaned: &str) -> String {
    let mut out = String::with_capacity(cleaned.len());
    for word in cleaned.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Untrusted text quoted in a message: one clean line in double quotes, at most
/// [`QUOTE_MAX`] characters. Every error and warning that repeats what a file said goes through
/// this, so a file cannot write escape sequences to the terminal through an error message.
pub fn quote(text: &str) -> String {
    format!("\"{}\"", for_display(&clean_line(text), QUOTE_MAX))
}

/// A message for a terminal (an error, a warning) that may repeat text from a file: cleaned to
/// one line, at most [`MESSAGE_MAX`] characters. Cheap when already clean and short.
pub fn for_message(text: &str) -> std::borrow::Cow<'_, str> {
    if is_clean_line(text) {
        return for_display(text, MESSAGE_MAX);
    }
    std::borrow::Cow::Owned(for_display(&clean_line(text), MESSAGE_MAX).into_owned())
}

/// [`for_message`] for text that may hold several lines (an error's chain, a list): controls
/// and escape sequences dropped, newlines kept, at most [`MESSAGE_MAX`] characters a line.
pub fn for_terminal(text: &str) -> String {
    clean(text)
        .split('\n')
        .map(|l| for_display(l, MESSAGE_MAX).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Longest message line shown.
pub const MESSAGE_MAX: usize = 2_000;

/// Longest piece of a file repeated in a message.
pub const QUOTE_MAX: usize = 120;

/// Longest title, name or room shown in full; longer ones are cut for display (never in storage).
pub const DISPLAY_LINE: usize = 500;
/// Longest abstract or note shown in full.
pub const DISPLAY_TEXT: usize = 20_000;

/// The first `max` characters of `text`, with "…" when it was longer: for showing, never for
/// storing. Keeps drawing cost bounded whatever a schedule file holds.
pub fn for_display(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if text.len() <= max {
        // No more characters than bytes.
        return std::borrow::Cow::Borrowed(text);
    }
    match text.char_indices().nth(max) {
        None => std::borrow::Cow::Borrowed(text),
        Some((end, _)) => std::borrow::Cow::Owned(format!("{}…", &text[..end])),
    }
}

/// Cuts `text` to at most `width` display columns (wide characters count two), ending with "…"
/// when it was cut.
pub fn fit(text: &str, width: usize) -> String {
    let mut out = String::new();
    fit_into(&mut out, text, width);
    out
}

/// [`fit`] appended to `out`; returns the columns it takes.
pub fn fit_into(out: &mut String, text: &str, width: usize) -> usize {
    use unicode_width::UnicodeWidthChar;
    let full = width_of(text);
    if full <= width {
        out.push_str(text);
        return full;
    }
    if width == 0 {
        return 0;
    }
    let start = out.len();
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
    // Measured again as a whole: joined sequences (emoji with a skin tone) are narrower than
    // their characters' widths added up.
    width_of(&out[start..])
}

/// Display columns of `text` (wide characters count two), without decoding characters when it
/// is printable ASCII.
pub fn width_of(text: &str) -> usize {
    if is_printable_ascii_str(text) {
        text.len()
    } else {
        unicode_width::UnicodeWidthStr::width(text)
    }
}

/// Whether every byte of `text` is printable ASCII (`' '..='~'`): one column a byte.
pub fn is_printable_ascii_str(text: &str) -> bool {
    text.bytes().all(|b| (b' '..=b'~').contains(&b))
}

/// Whether [`clean`] would leave `text` as it is, checked on bytes: a C0 control (but newline
/// and tab) or DEL is one byte; a C1 control is `C2 80`..`C2 9F`; the bidi controls are
/// `E2 80 AA`..`E2 80 AE` and `E2 81 A6`..`E2 81 A9`. Any other byte is fine, so plain text
/// (ASCII or not) is scanned once without decoding a character.
pub fn is_clean(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // Printable ASCII, the bulk of any abstract, is skipped eight bytes at a time.
        while let Some(chunk) = b.get(i..i + 8).and_then(|c| <[u8; 8]>::try_from(c).ok()) {
            if !is_printable_ascii(u64::from_le_bytes(chunk)) {
                break;
            }
            i += 8;
        }
        let Some(&byte) = b.get(i) else {
            break;
        };
        match byte {
            b'\n' | b'\t' => {}
            0..0x20 | 0x7f => return false,
            0xc2 if matches!(b.get(i + 1), Some(0x80..=0x9f)) => return false,
            0xe2 if is_bidi_bytes(b.get(i + 1).copied(), b.get(i + 2).copied()) => return false,
            _ => {}
        }
        i += 1;
    }
    true
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Whether all eight bytes of `x` are in `0x20..=0x7e`: none below a space (the classic
/// "has a byte less than n" test, exact for n <= 128), none with the high bit set, no DEL (which
/// the + 1 turns into a high bit; a carry out of an `0xff` byte only matters when that byte is
/// already caught).
fn is_printable_ascii(x: u64) -> bool {
    let below_space = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
    let high_or_del = (x | x.wrapping_add(ONES)) & HIGH;
    below_space | high_or_del == 0
}

/// `0x80` in each byte of `v` that is zero, `0` in the others (exact: no carries between
/// bytes).
fn zero_bytes(v: u64) -> u64 {
    !(((v & !HIGH) + !HIGH) | v | !HIGH)
}

fn is_bidi_bytes(second: Option<u8>, third: Option<u8>) -> bool {
    matches!(
        (second, third),
        (Some(0x80), Some(0xaa..=0xae)) | (Some(0x81), Some(0xa6..=0xa9))
    )
}

/// Whether [`clean_line`] would leave `text` as it is: clean, no white space but single spaces
/// between words. ASCII is checked byte by byte; text with other characters is checked again
/// character by character, for Unicode's white space (no-break space, ideographic space...).
pub fn is_clean_line(text: &str) -> bool {
    let b = text.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    let mut space = false;
    let mut ascii = true;
    let mut i = 0;
    while i < b.len() {
        if let Some(x) = b
            .get(i..i + 8)
            .and_then(|c| <[u8; 8]>::try_from(c).ok())
            .map(u64::from_le_bytes)
            .filter(|&x| is_printable_ascii(x))
        {
            // Eight printable bytes: only two spaces in a row (within them or across the
            // previous byte) spoil the line.
            let spaces = zero_bytes(x ^ (ONES * 0x20));
            if spaces & (spaces << 8) != 0 || (space && spaces & 0x80 != 0) {
                return false;
            }
            space = spaces >> 63 != 0;
            i += 8;
            continue;
        }
        let c = b[i];
        i += 1;
        match c {
            b' ' if space => return false,
            b' ' => {
                space = true;
                continue;
            }
            0..0x20 | 0x7f => return false,
            0x80.. => ascii = false,
            _ => {}
        }
        space = false;
    }
    ascii || (is_clean(text) && !text.chars().any(|c| c != ' ' && c.is_whitespace()))
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
    fn the_byte_check_agrees_with_the_characters() {
        let cases = [
            ("plain ascii", true),
            ("Café · 東京 🎉 «ok»", true),
            ("tab\tand\nnewline", true),
            ("cr\r", false),
            ("nul\u{0}", false),
            ("del\u{7f}", false),
            ("c1 \u{85} next line", false),
            ("c1 \u{9f}", false),
            ("no-break\u{a0}space is fine", true),
            ("bidi \u{202a}", false),
            ("bidi \u{202e}", false),
            ("bidi \u{2066}", false),
            ("bidi \u{2069}", false),
            ("not bidi \u{2029} \u{206a} \u{2065} \u{202f}", true),
            ("ends in a lead byte é", true),
        ];
        for (input, want) in cases {
            assert_eq!(is_clean(input), want, "{input:?}");
            let by_chars = !input
                .chars()
                .any(|c| c == '\r' || is_control(c) || is_bidi_control(c));
            assert_eq!(by_chars, want, "{input:?}");
        }
    }

    #[test]
    fn the_eight_byte_check_is_exact() {
        for byte in 0..=u8::MAX {
            for at in 0..8 {
                let mut chunk = *b"abcdefgh";
                chunk[at] = byte;
                assert_eq!(
                    is_printable_ascii(u64::from_le_bytes(chunk)),
                    (0x20..=0x7e).contains(&byte),
                    "{byte:#x} at {at}"
                );
            }
        }
        // Long strings go through the eight-byte path before and after the bad byte.
        let long = "x".repeat(37);
        for bad in ["\u{1b}", "\u{85}", "\u{202e}", "\r"] {
            for at in [0, 7, 8, 9, 36, 37] {
                let mut s = long.clone();
                s.insert_str(at, bad);
                assert!(!is_clean(&s), "{bad:?} at {at}");
            }
        }
        assert!(is_clean(&format!("{long}é{long}\n{long}")));
        for (line, clean) in [
            ("eight ch and more words", true),
            ("1234567  double at 7", false),
            ("12345678  double at 8", false),
            ("1234567 \u{20}across", false),
            ("a b c d e f g h i j k", true),
            ("a b c d e f g h i j  k", false),
        ] {
            assert_eq!(is_clean_line(line), clean, "{line:?}");
        }
    }

    #[test]
    fn owned_variants_agree_and_keep_clean_strings() {
        let inputs = [
            "Hello",
            "  A\n title\t with\r\nbreaks ",
            "a\u{1b}[2Jb",
            "two  spaces",
            "no-break\u{a0}space",
            "ideographic\u{3000}space",
            "東京 talk",
            " lead",
            "trail ",
            "",
        ];
        for input in inputs {
            assert_eq!(clean_owned(input.to_string()), clean(input), "{input:?}");
            assert_eq!(
                clean_line_owned(input.to_string()),
                clean_line(input),
                "{input:?}"
            );
        }
        let title = String::from("Already clean 東京");
        let ptr = title.as_ptr();
        let kept = clean_line_owned(title);
        assert_eq!(kept.as_ptr(), ptr, "no copy when clean");
    }

    #[test]
    fn lines_fold_white_space() {
        assert_eq!(
            clean_line("  A\n title\t with\r\nbreaks "),
            "A title with breaks"
        );
        assert_eq!(clean_line("\u{1b}[2J"), "");
        assert_eq!(clean_line("two  spaces"), "two spaces");
        assert_eq!(clean_line("no-break\u{a0}space"), "no-break space");
        assert_eq!(clean_line("東京\u{3000}talk "), "東京 talk");
        assert_eq!(clean_line("x\u{2028}y"), "x y");
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
}
