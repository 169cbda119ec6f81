//! Opening a session's link in the browser, off the loop.
//!
//! `update` only asks ([`super::msg::Effect::Open`]); the runtime hands the address to an
//! [`Opener`], which answers with [`Msg::Opened`] on the loop's channel. The system opener
//! (`xdg-open`, `open`, `start`, through the `open` crate) runs on a thread of its own: it may
//! wait a moment for the launcher, and the keys must not. With `HALLWAY_NO_OPEN`, in tests, or
//! for an address that is not http/https, nothing is launched.

use std::sync::mpsc::Sender;

use super::msg::{Msg, Opened};

/// What opens links.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Opener {
    /// The system's default browser.
    System,
    /// Nothing is launched; the interface says so (`HALLWAY_NO_OPEN`, and tests).
    #[default]
    Disabled,
}

impl Opener {
    /// Opens `url` and reports on `tx`. Returns at once.
    pub fn open(self, url: String, tx: &Sender<Msg>) {
        // The model keeps web addresses only; this is the last door before a process is
        // started, so it checks again.
        let web = url.starts_with("https://") || url.starts_with("http://");
        let outcome = match self {
            _ if !web => Some(Opened::Failed("not a web address".into())),
            // A test build never launches a browser, whatever it was asked.
            _ if cfg!(test) => Some(Opened::Disabled),
            Opener::Disabled => Some(Opened::Disabled),
            Opener::System => None,
        };
        if let Some(outcome) = outcome {
            let _ = tx.send(Msg::Opened { url, outcome });
            return;
        }
        let tx = tx.clone();
        std::thread::spawn(move || {
            let outcome = match open::that_detached(&url) {
                Ok(()) => Opened::Launched,
                Err(e) => Opened::Failed(e.to_string()),
            };
            let _ = tx.send(Msg::Opened { url, outcome });
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_launched_when_disabled_or_in_tests() {
        let (tx, rx) = std::sync::mpsc::channel();
        for opener in [Opener::Disabled, Opener::System] {
            opener.open("https://example.org/".into(), &tx);
            match rx.recv().unwrap() {
                Msg::Opened { url, outcome } => {
                    assert_eq!(url, "https://example.org/");
                    assert_eq!(outcome, Opened::Disabled, "{opener:?}");
                }
                other => panic!("{other:?}"),
            }
        }
        Opener::System.open("javascript:alert(1)".into(), &tx);
        assert!(matches!(
            rx.recv().unwrap(),
            Msg::Opened {
                outcome: Opened::Failed(_),
                ..
            }
        ));
    }
}
