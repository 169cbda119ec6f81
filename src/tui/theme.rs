//! Every style the interface uses, in one place, for dark and light terminals and `NO_COLOR`.
//!
//! Colours come from a [`Palette`] (the config file's `[theme]`: dark, light, or a colour per
//! role) and are the terminal's own palette by default (never fixed RGB), so they follow its
//! theme; selection is reverse video, readable on both. With `NO_COLOR` only modifiers remain,
//! whatever the config file says.

use ratatui::style::{Color, Modifier, Style};

use crate::config::{Colour, Palette};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    /// The colour of each role (unused without colour).
    pub palette: Palette,
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            color: true,
            palette: Palette::DARK,
        }
    }
}

impl Theme {
    /// The dark palette, in colour unless `NO_COLOR` is set to something non-empty.
    pub fn from_env() -> Self {
        Theme::from_env_with(Palette::DARK)
    }

    /// A palette, in colour unless `NO_COLOR` is set to something non-empty.
    pub fn from_env_with(palette: Palette) -> Self {
        Theme::new(
            palette,
            std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        )
    }

    /// A palette, or no colour at all (`NO_COLOR` wins over any palette).
    pub fn new(palette: Palette, no_color: bool) -> Self {
        Theme {
            color: !no_color,
            palette,
        }
    }

    fn fg(self, c: Colour) -> Style {
        if self.color {
            Style::new().fg(color(c))
        } else {
            Style::new()
        }
    }

    pub fn title(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn dim(self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn tab_active(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    pub fn star(self) -> Style {
        self.fg(self.palette.star).add_modifier(Modifier::BOLD)
    }

    pub fn warning(self) -> Style {
        self.fg(self.palette.warning).add_modifier(Modifier::BOLD)
    }

    pub fn caution(self) -> Style {
        self.fg(self.palette.caution)
    }

    pub fn accent(self) -> Style {
        self.fg(self.palette.accent)
    }

    pub fn key(self) -> Style {
        self.fg(self.palette.key).add_modifier(Modifier::BOLD)
    }

    pub fn slot(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn border(self) -> Style {
        self.fg(self.palette.border)
    }

    /// The now line in the schedule, agenda and grid.
    pub fn now_line(self) -> Style {
        self.fg(self.palette.warning).add_modifier(Modifier::BOLD)
    }

    /// A web address (underlined: the detail's hyperlinks are found by it).
    pub fn link(self) -> Style {
        self.fg(self.palette.accent)
            .add_modifier(Modifier::UNDERLINED)
    }

    pub fn hidden(self) -> Style {
        Style::new().add_modifier(Modifier::DIM | Modifier::CROSSED_OUT)
    }
}

/// A config colour as ratatui draws it.
pub fn color(c: Colour) -> Color {
    match c {
        Colour::Default => Color::Reset,
        Colour::Black => Color::Black,
        Colour::Red => Color::Red,
        Colour::Green => Color::Green,
        Colour::Yellow => Color::Yellow,
        Colour::Blue => Color::Blue,
        Colour::Magenta => Color::Magenta,
        Colour::Cyan => Color::Cyan,
        Colour::Gray => Color::Gray,
        Colour::DarkGray => Color::DarkGray,
        Colour::LightRed => Color::LightRed,
        Colour::LightGreen => Color::LightGreen,
        Colour::LightYellow => Color::LightYellow,
        Colour::LightBlue => Color::LightBlue,
        Colour::LightMagenta => Color::LightMagenta,
        Colour::LightCyan => Color::LightCyan,
        Colour::White => Color::White,
        Colour::Indexed(n) => Color::Indexed(n),
        Colour::Rgb(r, g, b) => Color::Rgb(r, g, b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_palette_colours_each_role() {
        let dark = Theme::new(Palette::DARK, false);
        assert_eq!(dark.star().fg, Some(Color::Yellow));
        assert_eq!(dark.key().fg, Some(Color::Cyan));
        let light = Theme::new(Palette::LIGHT, false);
        assert_eq!(light.star().fg, Some(Color::Indexed(136)));
        assert_eq!(light.key().fg, Some(Color::Blue));
        assert_eq!(light.accent().fg, Some(Color::Blue));
        let own = Theme::new(
            Palette {
                warning: Colour::Rgb(1, 2, 3),
                ..Palette::LIGHT
            },
            false,
        );
        assert_eq!(own.warning().fg, Some(Color::Rgb(1, 2, 3)));
    }

    #[test]
    fn no_color_wins_over_any_palette() {
        for palette in [Palette::DARK, Palette::LIGHT] {
            let t = Theme::new(palette, true);
            for style in [
                t.star(),
                t.warning(),
                t.caution(),
                t.accent(),
                t.key(),
                t.border(),
            ] {
                assert_eq!(style.fg, None);
            }
            // Modifiers still say what colour would.
            assert!(t.star().add_modifier.contains(Modifier::BOLD));
        }
    }
}
