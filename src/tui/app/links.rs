//! The selected session's links: which one `o` opens (its page, unless `O` moved on), asking
//! the runtime to open it, and what came of that.

use super::{App, Effect};
use crate::schedule::Link;
use crate::tui::msg::Opened;

/// Which link of the selected session is highlighted, and whether links are drawn as terminal
/// hyperlinks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Links {
    /// The session (index in the schedule) the highlight belongs to: another selection starts
    /// again at its first link.
    session: Option<usize>,
    index: usize,
    /// Draw addresses as OSC 8 hyperlinks (the runtime sets it when stdout is a terminal that
    /// can take them; never in tests, so snapshots hold text only).
    pub hyperlinks: bool,
}

impl App {
    /// The index of the selected session's highlighted link (0, its page or first link,
    /// unless `O` moved on).
    pub fn link_index(&self, session: usize) -> usize {
        match self.links.session {
            Some(s) if s == session => self.links.index,
            _ => 0,
        }
    }

    /// The selected session's highlighted link.
    fn highlighted_link(&self) -> Option<(usize, &Link)> {
        let i = self.selected()?;
        let links = &self.schedule.session(i).links;
        let k = self.link_index(i).min(links.len().checked_sub(1)?);
        Some((k, &links[k]))
    }

    /// Another session selected: its highlight starts again at its first link (its page).
    pub(super) fn links_follow_selection(&mut self) {
        if self.links.session.is_some() && self.links.session != self.selected() {
            self.links.session = None;
            self.links.index = 0;
        }
    }

    /// `O`: highlights the next link (round to the first), and says which it is.
    pub(super) fn next_link(&mut self) {
        let Some(i) = self.selected() else {
            return;
        };
        let count = self.schedule.session(i).links.len();
        if count == 0 {
            self.status = Some("this session has no links".into());
            return;
        }
        let next = (self.link_index(i) + 1) % count;
        self.links.session = Some(i);
        self.links.index = next;
        let link = &self.schedule.session(i).links[next];
        let open = self
            .keymap
            .key_of("open_link")
            .map(|k| format!(" ({k} opens it)"))
            .unwrap_or_default();
        self.status = Some(format!(
            "link {}/{count}: {} · {}{open}",
            next + 1,
            link.kind.as_str(),
            link.title
        ));
    }

    /// `o`: asks the runtime to open the highlighted link; the answer comes back as
    /// [`crate::tui::msg::Msg::Opened`].
    pub(super) fn open_link(&mut self) -> Option<Effect> {
        self.selected()?;
        let Some((_, link)) = self.highlighted_link() else {
            self.status = Some("this session has no page or link to open".into());
            return None;
        };
        let url = link.url.clone();
        self.status = Some(format!("opening {url}"));
        Some(Effect::Open { url })
    }

    /// What became of a link handed to the browser.
    pub(super) fn opened(&mut self, url: &str, outcome: &Opened) {
        self.status = Some(match outcome {
            Opened::Launched => format!("opened {url} in the browser"),
            Opened::Disabled => format!("not opened (opening is off: HALLWAY_NO_OPEN): {url}"),
            Opened::Failed(why) => {
                format!("could not open {url}: {}", crate::text::for_message(why))
            }
        });
    }
}
