//! Painting lines of text straight into the frame's buffer: what `Paragraph` does for us, at a
//! fraction of its cost per cell. Every view draws schedule text through here (lists, grid,
//! detail, overlays, the notes header), so what it does about text terminals disagree on (see
//! `simplified`) holds everywhere.
//!
//! `Paragraph` splits every span into grapheme clusters and measures each one, which made
//! drawing a 200x60 frame most of a keystroke's millisecond. Almost everything hallway shows is
//! printable ASCII, or built from characters that are each a grapheme of their own (accented
//! Latin letters, punctuation such as "–" and "·", the markers ★ ✎ ◐ ● ▲, CJK ideographs). Those
//! are written a character per cell; anything else (combining marks, emoji sequences, scripts
//! whose letters join) goes through ratatui's own `Buffer::set_stringn`, which segments
//! graphemes. The result is the same cells either way: `tests` checks it against
//! `set_stringn`.
//!
//! Semantics follow `Paragraph`: a line's style is patched with each span's style, and cells
//! after the text keep what the area had. `lines`, `wrapped`, `Row` and the border stay inside
//! the area they are given; `put` and `fitted` stay inside the buffer and the width they are
//! given. Text is measured as it is painted (`cells`), so a wrap or a cut never loses a letter.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use unicode_width::UnicodeWidthChar;

/// The one-character strings for printable ASCII, so a cell is set without encoding a `char`.
const ASCII: [&str; 95] = [
    " ", "!", "\"", "#", "$", "%", "&", "'", "(", ")", "*", "+", ",", "-", ".", "/", "0", "1", "2",
    "3", "4", "5", "6", "7", "8", "9", ":", ";", "<", "=", ">", "?", "@", "A", "B", "C", "D", "E",
    "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X",
    "Y", "Z", "[", "\\", "]", "^", "_", "`", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k",
    "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z", "{", "|", "}", "~",
];

/// Whether `c` is always a grapheme cluster of its own, whatever surrounds it, and is drawn in
/// the width `unicode-width` gives it. A conservative list: no combining or joining character,
/// no regional indicator, no Hangul jamo or syllable, no emoji modifier or variation selector
/// is in it; a string holding one of those takes the segmenting path.
fn standalone(c: char) -> bool {
    matches!(c,
        ' '..='~'
        | '\u{A0}'..='\u{AC}'
        | '\u{AE}'..='\u{2FF}'     // Latin-1 (without the soft hyphen), Latin Extended, IPA
        | '\u{370}'..='\u{482}'    // Greek and Cyrillic letters, without their combining marks
        | '\u{48A}'..='\u{52F}'
        | '\u{2010}'..='\u{2027}'  // dashes, quotes, bullets, ellipsis
        | '\u{2030}'..='\u{205E}'
        | '\u{20A0}'..='\u{20C0}'  // currency signs
        | '\u{2190}'..='\u{21FF}'  // arrows
        | '\u{2500}'..='\u{25FF}'  // box drawing, blocks, geometric shapes
        | '\u{2605}'..='\u{2606}'  // stars
        | '\u{270E}'               // the note marker
        | '\u{3041}'..='\u{3096}'  // hiragana, without the combining sound marks
        | '\u{30A0}'..='\u{30FF}'  // katakana
        | '\u{4E00}'..='\u{9FFF}'  // CJK ideographs
    )
}

/// Writes `text` at `(x, y)` in at most `max` columns with `style` patched onto each cell, and
/// returns the columns used. Control characters and zero-width clusters are skipped, as
/// `Paragraph` skips them.
pub fn put(buf: &mut Buffer, x: u16, y: u16, text: &str, max: u16, style: Style) -> u16 {
    let area = buf.area;
    if y < area.top() || y >= area.bottom() || x < area.left() || x >= area.right() {
        return 0;
    }
    let max = max.min(area.right() - x);
    let start = buf.index_of(x, y);
    let bytes = text.as_bytes();
    if crate::text::is_printable_ascii_str(text) {
        let n = bytes.len().min(usize::from(max));
        for (cell, &b) in buf.content[start..start + n].iter_mut().zip(bytes) {
            // A blank cell (most of a frame is padding) keeps its symbol: only the style
            // changes.
            if b != b' ' || cell.symbol() != " " {
                cell.set_symbol(ASCII[usize::from(b - b' ')]);
            }
            cell.set_style(style);
        }
        return u16::try_from(n).unwrap_or(max);
    }
    if !text.chars().all(standalone) {
        let text = simplified(text);
        let (end, _) = buf.set_stringn(x, y, &text, usize::from(max), style);
        return end - x;
    }
    let mut used = 0u16;
    let mut utf8 = [0u8; 4];
    for c in text.chars() {
        let w = u16::try_from(c.width().unwrap_or(0)).unwrap_or(2);
        if w == 0 {
            continue;
        }
        if used + w > max {
            break;
        }
        let i = start + usize::from(used);
        buf.content[i]
            .set_symbol(c.encode_utf8(&mut utf8))
            .set_style(style);
        // The cell a wide character covers is reset, as `set_stringn` does.
        for hidden in &mut buf.content[i + 1..i + usize::from(w)] {
            hidden.reset();
        }
        used += w;
    }
    used
}

/// Writes `text` cut to `width` columns, ending in "…" when it was cut (between grapheme
/// clusters, measured as they are painted); returns the columns used.
pub fn fitted(buf: &mut Buffer, x: u16, y: u16, text: &str, width: u16, style: Style) -> u16 {
    let text = &*simplified(text);
    if cells(text) <= usize::from(width) {
        put(buf, x, y, text, width, style)
    } else if width == 0 {
        0
    } else {
        let (head, head_w, _) = split_at_width(text, width - 1);
        put(buf, x, y, head, head_w, style) + put(buf, x + head_w, y, "…", 1, style)
    }
}

/// The columns `text` takes when painted, measured as it is painted: a column a byte for
/// printable ASCII, a character's width for standalone characters, otherwise grapheme by
/// grapheme as ratatui measures them, control characters left out (they are not drawn).
pub fn cells(text: &str) -> usize {
    if crate::text::is_printable_ascii_str(text) {
        text.len()
    } else if text.chars().all(standalone) {
        text.chars().map(|c| c.width().unwrap_or(0)).sum()
    } else {
        use unicode_segmentation::UnicodeSegmentation;
        simplified(text).graphemes(true).map(grapheme_cells).sum()
    }
}

/// `text` without the characters that join emoji into one picture (zero-width joiner, variation
/// selectors, skin tones): terminals disagree on how wide such a sequence is, and a
/// disagreement shifts the rest of the row and leaves debris on screen. "🤾🏿‍♀️" shows as "🤾♀".
fn simplified(text: &str) -> std::borrow::Cow<'_, str> {
    let joining = |c: char| {
        matches!(
            c,
            '\u{200D}' | '\u{FE0E}' | '\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}'
        )
    };
    if text.contains(joining) {
        std::borrow::Cow::Owned(text.chars().filter(|&c| !joining(c)).collect())
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// The columns one grapheme cluster takes, as ratatui's `set_stringn` counts them.
fn grapheme_cells(g: &str) -> usize {
    use ratatui::buffer::CellWidth;
    if g.contains(char::is_control) {
        0
    } else {
        usize::from(g.cell_width())
    }
}

/// One row of fixed-width cells painted left to right and clipped to an area, the way a table
/// row is drawn: the row's style (a selection bar, a hidden session's strike-through) covers the
/// whole row, and each cell's style is patched over it.
pub struct Row<'b> {
    buf: &'b mut Buffer,
    x: u16,
    y: u16,
    right: u16,
    style: Style,
}

impl<'b> Row<'b> {
    /// A row at `y` across `area`, in `style`.
    pub fn new(buf: &'b mut Buffer, area: Rect, y: u16, style: Style) -> Self {
        if style != Style::new() && y >= area.top() && y < area.bottom() {
            buf.set_style(Rect::new(area.x, y, area.width, 1), style);
        }
        Row {
            buf,
            x: area.x,
            y,
            right: area.right(),
            style,
        }
    }

    /// The next `width` columns: `text`, cut with "…" when it is wider, then blank.
    pub fn cell(&mut self, text: &str, width: usize, style: Style) {
        let width = u16::try_from(width)
            .unwrap_or(u16::MAX)
            .min(self.right.saturating_sub(self.x));
        fitted(
            self.buf,
            self.x,
            self.y,
            text,
            width,
            self.style.patch(style),
        );
        self.x += width;
    }

    /// Leaves the next `columns` blank.
    pub fn skip(&mut self, columns: usize) {
        let columns = u16::try_from(columns).unwrap_or(u16::MAX);
        self.x = self.x.saturating_add(columns).min(self.right);
    }
}

/// A border on the left and top of `area` with `title` in the top one (what a `Block` with
/// those two borders draws, without restyling every cell inside it); returns the area within.
pub fn left_top_border(
    buf: &mut Buffer,
    area: Rect,
    border: Style,
    title: &str,
    title_style: Style,
) -> Rect {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return area;
    }
    put(buf, area.x, area.y, "┌", 1, border);
    let used = put(
        buf,
        area.x + 1,
        area.y,
        title,
        area.width - 1,
        border.patch(title_style),
    );
    for x in area.x + 1 + used..area.right() {
        buf[(x, area.y)].set_symbol("─").set_style(border);
    }
    for y in area.y + 1..area.bottom() {
        buf[(area.x, y)].set_symbol("│").set_style(border);
    }
    Rect::new(
        area.x + 1,
        area.y + 1,
        area.width - 1,
        area.height.saturating_sub(1),
    )
}

/// Writes one line at `(x, y)` in at most `width` columns; returns the columns used.
pub fn line(buf: &mut Buffer, x: u16, y: u16, line: &Line, width: u16) -> u16 {
    let mut used = 0;
    for span in &line.spans {
        if used >= width {
            break;
        }
        used += put(
            buf,
            x + used,
            y,
            &span.content,
            width - used,
            line.style.patch(span.style),
        );
    }
    used
}

/// Writes `lines` into `area`, one per row, cut at its right edge (`Paragraph::new(lines)`).
pub fn lines(buf: &mut Buffer, area: Rect, lines: &[Line]) {
    for (l, y) in lines.iter().zip(area.top()..area.bottom()) {
        line(buf, area.x, y, l, area.width);
    }
}

/// Writes `lines` into `area` wrapped at word boundaries, skipping the first `scroll` rows of
/// the wrapped text. Only the rows that show are laid out.
///
/// Words are separated by spaces; a word longer than the width is broken where it reaches the
/// edge. Spaces at the start of a line are kept (indentation), spaces where a line wraps are
/// dropped.
pub fn wrapped(buf: &mut Buffer, area: Rect, lines: &[Line], scroll: u16) {
    let mut wrap = Wrapper {
        buf,
        area,
        skip: scroll,
        row: 0,
        x: 0,
    };
    for l in lines {
        if wrap.full() {
            return;
        }
        wrap.line(l);
        wrap.newline();
    }
}

/// How many rows `lines` take wrapped to `width` columns (what [`wrapped`] lays out).
pub fn wrapped_rows(lines: &[Line], width: u16) -> usize {
    // Laid out into a one-row scratch buffer: only the count of rows matters.
    let mut scratch = Buffer::empty(Rect::new(0, 0, width, 1));
    let mut wrap = Wrapper {
        buf: &mut scratch,
        area: Rect::new(0, 0, width, u16::MAX),
        skip: 0,
        row: 0,
        x: 0,
    };
    for l in lines {
        wrap.line(l);
        wrap.newline();
    }
    usize::from(wrap.row)
}

/// Lines being laid out row by row: where the next word goes, and how many rows are still
/// to be skipped (scrolled past) before rows are painted.
struct Wrapper<'b> {
    buf: &'b mut Buffer,
    area: Rect,
    /// Wrapped rows still to skip before the first row shown.
    skip: u16,
    /// The row being written (relative to the area), once `skip` is spent.
    row: u16,
    /// The column being written in that row.
    x: u16,
}

impl Wrapper<'_> {
    fn full(&self) -> bool {
        self.skip == 0 && self.row >= self.area.height
    }

    fn newline(&mut self) {
        if self.skip > 0 {
            self.skip -= 1;
        } else {
            self.row += 1;
        }
        self.x = 0;
    }

    /// Writes a piece known to fit in the current row (or counts it, while skipping).
    fn emit(&mut self, text: &str, width: u16, style: Style) {
        if self.skip == 0 && self.row < self.area.height {
            put(
                self.buf,
                self.area.x + self.x,
                self.area.y + self.row,
                text,
                width,
                style,
            );
        }
        self.x += width;
    }

    fn line(&mut self, line: &Line) {
        let width = self.area.width;
        if width == 0 {
            return;
        }
        let mut at_line_start = true;
        for span in &line.spans {
            let style = line.style.patch(span.style);
            let content = simplified(&span.content);
            for (word, spaces) in words(&content) {
                if self.full() {
                    return;
                }
                let w = text_width(word);
                if w > 0 {
                    if self.x > 0 && w > width - self.x {
                        self.newline();
                    }
                    if w <= width - self.x {
                        self.emit(word, w, style);
                    } else {
                        self.break_word(word, style);
                    }
                    at_line_start = false;
                }
                // Spaces after a word stay on its row when they fit; at a wrap they vanish.
                // Leading spaces of a line are its indentation and are kept.
                let s = u16::try_from(spaces).unwrap_or(u16::MAX);
                if s > 0 && (at_line_start || self.x > 0) {
                    let fit = s.min(width - self.x);
                    self.emit(&" ".repeat(usize::from(fit)), fit, style);
                }
            }
        }
    }

    /// A word wider than the row: as much as fits on each row.
    fn break_word(&mut self, word: &str, style: Style) {
        let width = self.area.width;
        let mut rest = word;
        while !rest.is_empty() {
            if self.full() {
                return;
            }
            let room = width - self.x;
            let (head, head_w, tail) = split_at_width(rest, room);
            if head.is_empty() {
                if self.x == 0 {
                    // Not even one character fits a whole row: give up on the word.
                    return;
                }
                self.newline();
                continue;
            }
            self.emit(head, head_w, style);
            rest = tail;
            if !rest.is_empty() {
                self.newline();
            }
        }
    }
}

/// The words of `text` with the number of spaces (or tabs) after each; leading spaces come as
/// an empty word.
fn words(text: &str) -> impl Iterator<Item = (&str, usize)> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        // A tab is a space here (a terminal cell cannot hold one).
        let end = rest.find([' ', '\t']).unwrap_or(rest.len());
        let word = &rest[..end];
        let after = &rest[end..];
        let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
        rest = &after[spaces..];
        Some((word, spaces))
    })
}

/// Display width of `text` as the cells `put` would use.
fn text_width(text: &str) -> u16 {
    u16::try_from(cells(text)).unwrap_or(u16::MAX)
}

/// The longest prefix of `text` at most `width` columns wide (whole grapheme clusters), its
/// width, and the rest.
fn split_at_width(text: &str, width: u16) -> (&str, u16, &str) {
    use unicode_segmentation::UnicodeSegmentation;
    let mut used = 0u16;
    let mut end = 0;
    for (i, g) in text.grapheme_indices(true) {
        let w = u16::try_from(grapheme_cells(g)).unwrap_or(u16::MAX);
        if w > width - used {
            break;
        }
        used += w;
        end = i + g.len();
    }
    (&text[..end], used, &text[end..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Modifier};
    use ratatui::text::Span;

    fn buffer(width: u16, height: u16) -> Buffer {
        Buffer::empty(Rect::new(0, 0, width, height))
    }

    /// `put` leaves exactly the cells ratatui's own `set_stringn` leaves, whichever path it
    /// takes, and uses the same number of columns.
    #[test]
    fn put_matches_ratatuis_own_writing() {
        let style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
        for text in [
            "plain ASCII title",
            "10:00–10:45 · Zürich ★ ✎ ◐ ● ▲ Δ » ‹ ›",
            "東京 talk ひらがな カタカナ",
            "e\u{301}tude with a combining accent",
            "👩‍💻 emoji sequence and 🇫🇷 flag",
            "한국어 Hangul",
            "a\u{7}bell and\ttab",
            "",
            "ends in wide 東",
        ] {
            for max in [0, 1, 5, 14, 15, 40] {
                let mut ours = buffer(40, 1);
                let mut theirs = buffer(40, 1);
                let used = put(&mut ours, 0, 0, text, max, style);
                // Emoji joiners are left out on purpose (see `simplified`).
                let (end, _) = theirs.set_stringn(0, 0, simplified(text), usize::from(max), style);
                assert_eq!(ours, theirs, "{text:?} in {max} columns");
                assert_eq!(used, end, "{text:?} in {max} columns");
            }
        }
    }

    /// The same cells as the `Block` it replaces, and the same area inside.
    #[test]
    fn border_matches_a_block_with_left_and_top_borders() {
        use ratatui::widgets::{Block, Borders, Widget};
        let border = Style::new().fg(Color::DarkGray);
        let title = Style::new().add_modifier(Modifier::DIM);
        for area in [
            Rect::new(3, 1, 20, 5),
            Rect::new(0, 0, 9, 2),
            Rect::new(0, 0, 1, 1),
        ] {
            let block = Block::new()
                .borders(Borders::LEFT | Borders::TOP)
                .border_style(border)
                .title(Span::styled(" Session ", title));
            let mut theirs = buffer(30, 8);
            let inner = block.inner(area);
            block.render(area, &mut theirs);
            let mut ours = buffer(30, 8);
            assert_eq!(
                left_top_border(&mut ours, area, border, " Session ", title),
                inner
            );
            assert_eq!(ours, theirs, "{area:?}");
        }
    }

    /// Text is measured as it is painted, so wrapping and cutting never lose a letter: Arabic
    /// lam-alef is two cells (unicode-width says one), halfwidth katakana sound marks take a
    /// cell, a tab takes none.
    #[test]
    fn measured_as_painted() {
        for text in ["السلام عليكم", "ﾃﾞｰﾀ ﾍﾞｰｽ", "a\tb c", "👩‍💻 dev", "e\u{301}tude"]
        {
            let mut buf = buffer(40, 1);
            let end = put(&mut buf, 0, 0, text, 40, Style::new());
            assert_eq!(usize::from(end), cells(text), "{text:?}");
            // Wrapped in a pane exactly as wide as the text, it is all on one row (wrapping
            // shows a tab as a space).
            let width = u16::try_from(cells(&text.replace('\t', " "))).unwrap_or(0);
            let rows = wrapped_rows(&[Line::raw(text)], width, 2, 0);
            assert_eq!(rows[1], "", "{text:?} spilled onto a second row: {rows:?}");
        }
        // Cut to fit, the last cell is the ellipsis, whatever the script.
        let mut buf = buffer(6, 1);
        fitted(&mut buf, 0, 0, "ﾃﾞｰﾀﾍﾞｰｽ", 6, Style::new());
        assert_eq!(buf[(5, 0)].symbol(), "…");
    }

    /// A word far wider than any terminal (a 70,000-character URL) is broken across rows
    /// without overflowing a column count.
    #[test]
    fn a_huge_word_wraps_without_overflow() {
        let url = format!("https://example.org/{}", "a".repeat(70_000));
        let text = vec![Line::from(vec![Span::raw("url       "), Span::raw(url)])];
        let rows = wrapped_rows(&text, 30, 3, 0);
        assert_eq!(rows[0], "url");
        assert_eq!(rows[1], "https://example.org/aaaaaaaaaa");
    }

    /// Emoji joined into one picture are shown as their parts, which every terminal measures
    /// alike; the rest of the row keeps its place.
    #[test]
    fn joined_emoji_are_shown_as_their_parts() {
        assert_eq!(
            simplified("Quadball🏐🤾🏿‍♀️🏳️‍⚧️: brooms"),
            "Quadball🏐🤾♀🏳⚧: brooms"
        );
        assert!(matches!(simplified("plain"), std::borrow::Cow::Borrowed(_)));
        let mut buf = buffer(40, 1);
        let used = put(&mut buf, 0, 0, "🤾🏿‍♀️ x", 40, Style::new());
        assert_eq!(usize::from(used), cells("🤾🏿‍♀️ x"));
        assert_eq!(buf[(0, 0)].symbol(), "🤾");
    }

    #[test]
    fn put_never_writes_outside_the_buffer() {
        let mut buf = buffer(10, 2);
        assert_eq!(put(&mut buf, 8, 1, "abcdef", 100, Style::new()), 2);
        assert_eq!(put(&mut buf, 10, 0, "abc", 5, Style::new()), 0);
        assert_eq!(put(&mut buf, 0, 2, "abc", 5, Style::new()), 0);
        assert_eq!(put(&mut buf, 9, 0, "東", 5, Style::new()), 0);
        assert_eq!(buf, {
            let mut b = buffer(10, 2);
            b.set_string(8, 1, "ab", Style::new());
            b
        });
    }

    /// A line of spans styled as `Paragraph` styles it: the line's style patched by each span's.
    #[test]
    fn lines_match_paragraph() {
        use ratatui::widgets::{Paragraph, Widget};
        let text = vec![
            Line::from(vec![
                Span::styled("★", Style::new().fg(Color::Yellow)),
                Span::raw(" 10:00–10:45 "),
                Span::styled("Keynote: Welcome Back", Style::new().bold()),
            ])
            .style(Style::new().bg(Color::Blue)),
            Line::raw("a second line that is much longer than the area is wide"),
            Line::raw("a third line that does not show"),
        ];
        let area = Rect::new(2, 1, 30, 2);
        let mut ours = buffer(40, 4);
        let mut theirs = buffer(40, 4);
        lines(&mut ours, area, &text);
        Paragraph::new(text).render(area, &mut theirs);
        assert_eq!(ours, theirs);
    }

    fn wrapped_rows(text: &[Line], width: u16, height: u16, scroll: u16) -> Vec<String> {
        let mut buf = buffer(width, height);
        wrapped(&mut buf, Rect::new(0, 0, width, height), text, scroll);
        (0..height)
            .map(|y| {
                // The cell hidden behind a wide character is not part of the text.
                let mut row = String::new();
                let mut x = 0;
                while x < width {
                    let symbol = buf[(x, y)].symbol();
                    row.push_str(symbol);
                    x += text_width(symbol).max(1);
                }
                row.trim_end().to_string()
            })
            .collect()
    }

    #[test]
    fn wraps_at_words_and_breaks_words_longer_than_a_row() {
        let text = vec![
            Line::raw("the quick brown fox jumps over the lazy dog"),
            Line::raw(""),
            Line::raw("  indented abcdefghijklmnopqrstuvwxyz end"),
            Line::raw("東京東京東京東京 wide"),
        ];
        assert_eq!(
            wrapped_rows(&text, 12, 12, 0),
            [
                "the quick",
                "brown fox",
                "jumps over",
                "the lazy dog",
                "",
                "  indented",
                "abcdefghijkl",
                "mnopqrstuvwx",
                "yz end",
                "東京東京東京",
                "東京 wide",
                "",
            ]
        );
        // Scrolling skips wrapped rows, not source lines.
        assert_eq!(
            wrapped_rows(&text, 12, 3, 2),
            ["jumps over", "the lazy dog", ""]
        );
    }

    #[test]
    fn wrapping_keeps_span_styles_across_rows() {
        let warn = Style::new().fg(Color::Red);
        let text = vec![Line::from(vec![
            Span::raw("clash "),
            Span::styled("overlaps another talk", warn),
        ])];
        let mut buf = buffer(14, 3);
        wrapped(&mut buf, Rect::new(0, 0, 14, 3), &text, 0);
        assert_eq!(buf[(0, 0)].fg, Color::Reset);
        assert_eq!(buf[(6, 0)].fg, Color::Red);
        assert_eq!(buf[(0, 1)].symbol(), "a");
        assert_eq!(buf[(0, 1)].fg, Color::Red);
    }
}
