//! Plain text from the HTML that schedules put in abstracts, and HTML entity decoding.
//!
//! frab/Pentabarf XML (FOSDEM's) carries abstracts as escaped HTML, and Sched's iCal writes
//! entities such as `&nbsp;` into plain text. hallway shows and exports plain text only, so readers
//! turn markup into text here: tags are dropped, entities decoded, white space folded the way a
//! browser folds it, and block elements become blank-line separated paragraphs.

use std::borrow::Cow;

/// Whether text looks like HTML markup (`<p>`, `</a>`, `<br/>`) rather than prose that uses `<`.
pub fn looks_like_html(text: &str) -> bool {
    let b = text.as_bytes();
    // A tag needs a '>' after its '<': nothing after the last '>' can open one.
    let Some(last_gt) = text.rfind('>') else {
        return false;
    };
    let mut at = 0;
    while let Some(lt) = text[at..last_gt].find('<') {
        let i = at + lt;
        if let Some(&next) = b.get(i + 1)
            && (next.is_ascii_alphabetic() || next == b'/' || next == b'!')
        {
            return true;
        }
        at = i + 1;
    }
    false
}

/// Markup to plain text when the text looks like HTML; otherwise only entities are decoded.
pub fn to_plain(text: &str) -> String {
    to_plain_cow(text).into_owned()
}

/// [`to_plain`], borrowing the text when it has neither markup nor entities.
pub fn to_plain_cow(text: &str) -> Cow<'_, str> {
    if looks_like_html(text) {
        Cow::Owned(html_to_text(text))
    } else {
        decode_entities(text)
    }
}

/// Converts HTML to plain text.
///
/// Paragraph-like elements (`p`, `div`, headings, lists, `hr`, `pre`, tables) are separated by a
/// blank line, `br` and list items start a new line (items get a `- ` bullet), other tags vanish,
/// `script` and `style` lose their content, and runs of white space become one space except in
/// `pre`.
pub fn html_to_text(html: &str) -> String {
    let mut w = TextWriter::default();
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            w.text(&decode_entities(rest));
            break;
        };
        w.text(&decode_entities(&rest[..lt]));
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        let Some(gt) = rest.find('>') else {
            // A lone '<' with no tag after it is text.
            w.text(&decode_entities(rest));
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let closing = tag.starts_with('/');
        // The tag's name, lower case, without an allocation (every name matched is short).
        let mut buf = [0u8; 12];
        let bytes = tag.trim_start_matches('/').as_bytes();
        let len = bytes
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let name = if len <= buf.len() {
            for (to, from) in buf.iter_mut().zip(&bytes[..len]) {
                *to = from.to_ascii_lowercase();
            }
            std::str::from_utf8(&buf[..len]).unwrap_or("")
        } else {
            ""
        };
        match name {
            "script" | "style" if !closing => {
                let end = format!("</{name}");
                rest = find_ascii_ci(rest, &end).map_or("", |i| &rest[i..]);
            }
            "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "ul" | "ol" | "dl"
            | "blockquote" | "table" | "hr" | "section" | "article" | "header" | "footer"
            | "figure" => w.block(2),
            "pre" => {
                w.block(2);
                w.pre = !closing;
            }
            "br" | "tr" | "dt" | "dd" => w.block(1),
            "li" => {
                w.block(1);
                if !closing {
                    w.bullet = true;
                }
            }
            _ => {}
        }
    }
    w.out
}

/// Builds the text, holding back spaces and line breaks until the next visible character so
/// that none leads or trails.
#[derive(Default)]
struct TextWriter {
    out: String,
    /// Newlines owed before the next character (1: new line, 2: new paragraph).
    breaks: usize,
    space: bool,
    bullet: bool,
    pre: bool,
}

impl TextWriter {
    fn block(&mut self, newlines: usize) {
        self.breaks = self.breaks.max(newlines);
        self.space = false;
    }

    fn text(&mut self, text: &str) {
        let mut rest = text;
        while !rest.is_empty() {
            if self.pre {
                let end = rest.find('\n').unwrap_or(rest.len());
                if end > 0 {
                    self.word(&rest[..end]);
                }
                if end < rest.len() {
                    self.breaks = self.breaks.max(1);
                    self.space = false;
                }
                rest = rest.get(end + 1..).unwrap_or("");
                continue;
            }
            let blank = white_space_len(rest);
            if blank > 0 {
                self.space = true;
                rest = &rest[blank..];
                continue;
            }
            let end = words_len(rest);
            self.word(&rest[..end]);
            rest = &rest[end..];
        }
    }

    /// Writes visible text, after the space or line breaks owed before it.
    fn word(&mut self, word: &str) {
        if !self.out.is_empty() {
            if self.breaks > 0 {
                for _ in 0..self.breaks {
                    self.out.push('\n');
                }
            } else if self.space {
                self.out.push(' ');
            }
        }
        if self.bullet {
            self.out.push_str("- ");
            self.bullet = false;
        }
        self.breaks = 0;
        self.space = false;
        self.out.push_str(word);
    }
}

/// The length of the white space `text` starts with (`char::is_whitespace`), read a byte at a
/// time while it is ASCII.
fn white_space_len(text: &str) -> usize {
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c.is_ascii() {
            if !is_ascii_space(c) {
                break;
            }
            i += 1;
        } else {
            match text[i..].chars().next() {
                Some(ch) if ch.is_whitespace() => i += ch.len_utf8(),
                _ => break,
            }
        }
    }
    i
}

/// The length of the words `text` starts with, up to its first run of white space that folding
/// would change: single ASCII spaces between words are kept as they are (written in one piece,
/// not word by word, with the same result).
fn words_len(text: &str) -> usize {
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c.is_ascii() {
            if c == b' '
                && i > 0
                && b.get(i + 1)
                    .is_some_and(|&n| n.is_ascii() && !is_ascii_space(n))
            {
                // One space between two words: part of the piece.
                i += 1;
                continue;
            }
            if is_ascii_space(c) {
                break;
            }
            i += 1;
        } else {
            match text[i..].chars().next() {
                Some(ch) if ch.is_whitespace() => break,
                Some(ch) => i += ch.len_utf8(),
                None => break,
            }
        }
    }
    i
}

/// `char::is_whitespace` for an ASCII byte: space, tab, LF, VT, FF, CR.
fn is_ascii_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Byte position of `needle` (ASCII) in `hay`, ignoring ASCII case.
fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.len();
    hay.as_bytes()
        .windows(n)
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Decodes HTML character references (`&amp;`, `&nbsp;`, `&#8217;`, `&#x2019;`): every HTML5
/// name, from the WHATWG table that html-escape carries.
///
/// Unknown names and malformed references stay as written, since a lone `&` is common in
/// schedule text. The invisible and fixed-width spaces a browser draws become what a terminal
/// can show: `&nbsp;` and its kin a plain space, `&shy;` and the zero-width joiners nothing.
///
/// (quick-xml's HTML5 table would do the same job, but in 0.42 it decodes 444 of its 2,026
/// names wrongly, `&ccaron;` and `&alpha;` among them: see ARCHITECTURE.md.)
pub fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // Entity names are short (the longest HTML5 name has 31 characters); a ';' further away
        // means this '&' is just text.
        let semi = rest.as_bytes().iter().take(34).position(|&b| b == b';');
        let decoded = semi.and_then(|i| Some((i, entity(&rest[..=i])?)));
        if let Some((i, decoded)) = decoded {
            out.push_str(decoded.as_ref());
            rest = &rest[i + 1..];
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The text one reference (`&name;`, `&#NNN;`, `&#xHH;`) stands for, as a terminal shows it;
/// `None` when it stands for nothing (an unknown name, NUL, a number past Unicode).
fn entity(reference: &str) -> Option<Cow<'_, str>> {
    if reference[1..].contains('&') {
        return None;
    }
    let decoded = html_escape::decode_html_entities(reference);
    if decoded == reference {
        return None;
    }
    Some(match decoded.as_ref() {
        "\u{A0}" | "\u{2002}" | "\u{2003}" | "\u{2004}" | "\u{2005}" | "\u{2007}" | "\u{2009}"
        | "\u{200A}" | "\u{202F}" | "\u{205F}" => Cow::Borrowed(" "),
        "\u{AD}" | "\u{200B}" | "\u{200C}" | "\u{200D}" | "\u{2060}" => Cow::Borrowed(""),
        _ => decoded,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// White space folded a word at a time on bytes reads as the character-by-character
    /// definition did: every run of `char::is_whitespace` (ASCII or not) is one space, single
    /// spaces between words kept, none leading or trailing.
    #[test]
    fn white_space_folds_as_characters_do() {
        let cases = [
            "one two  three",
            " lead and trail\t",
            "a\u{a0}b \u{2003} c",
            "caf\u{e9} na\u{ef}ve \u{65e5}\u{672c} x",
            "a \u{a0}b",
            "x\u{0b}y\u{0c}z\r\nw",
            "\u{1c}kept\u{1f}",
            "end ",
            "",
        ];
        for text in cases {
            let expected = text
                .split(char::is_whitespace)
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            assert_eq!(
                html_to_text(&format!("<p>{text}</p>")),
                expected,
                "{text:?}"
            );
        }
    }

    #[test]
    fn paragraphs_become_blank_line_separated() {
        let html = "<p>First\n  paragraph &amp; more.</p>\n<hr />\n<p>Second<br/>line</p>";
        assert_eq!(
            html_to_text(html),
            "First paragraph & more.\n\nSecond\nline"
        );
    }

    #[test]
    fn lists_links_and_inline_tags() {
        let html = "<p>Topics:</p><ul><li>one <em>two</em></li><li><a href=\"https://x\">three</a></li></ul>";
        assert_eq!(html_to_text(html), "Topics:\n\n- one two\n- three");
    }

    #[test]
    fn scripts_comments_and_pre() {
        let html = "a<script>alert(1)</script>b<!-- hidden -->c<pre>x  y\nz</pre>d";
        assert_eq!(html_to_text(html), "abc\n\nx  y\nz\n\nd");
    }

    #[test]
    fn stray_angle_brackets_are_text() {
        assert!(!looks_like_html("if a < b and c > d"));
        assert!(looks_like_html("<p>x</p>"));
        assert_eq!(html_to_text("1 < 2"), "1 < 2");
    }

    #[test]
    fn entities_decode_and_unknown_ones_stay() {
        let cases = [
            ("SOLD OUT.&nbsp; PLEASE", "SOLD OUT.  PLEASE"),
            ("A &amp; B &lt;3 &gt;", "A & B <3 >"),
            ("it&#8217;s &#x201C;x&#x201d;", "it’s “x”"),
            ("&bogus; & alone &#0;", "&bogus; & alone &#0;"),
            ("Caf&eacute;", "Café"),
            // Names the old hand-written table of 60 did not know.
            ("&hearts; &frac12; &alpha;&beta; &Zcaron;", "♥ ½ αβ Ž"),
            // quick-xml 0.42's table gets these wrong (U+0011, U+0010): the reason for html-escape.
            (
                "Anton&iacute;n Dvo&rcaron;&aacute;k, &Lstrok;&oacute;d&zacute;",
                "Antonín Dvořák, Łódź",
            ),
            (
                "a&shy;b&ZeroWidthSpace;c &thinsp;d&NonBreakingSpace;e",
                "abc  d e",
            ),
            (
                "&CounterClockwiseContourIntegral; &#x10FFFF;x",
                "∳ \u{10FFFF}x",
            ),
            (
                "AT&T; R&D &; &#; &#xZZ; &#99999999;",
                "AT&T; R&D &; &#; &#xZZ; &#99999999;",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(decode_entities(input), want, "{input}");
        }
        assert!(matches!(decode_entities("plain"), Cow::Borrowed(_)));
    }
}
