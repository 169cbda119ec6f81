//! Desktop notifications for the leave-now reminder, off the loop.
//!
//! `update` only asks ([`super::msg::Effect::Notify`], when `--notify` or the config's
//! `reminders.notify` turned them on); the runtime hands the [`Notification`] to a
//! [`Notifier`] on a thread of its own, because the desktop's service may be slow or absent
//! (no D-Bus session over ssh), and answers with [`Msg::Notified`]. A notifier is injected
//! ([`Notifications::to`]): the interface uses the desktop's ([`Desktop`], through notify-rust
//! when built with the feature `desktop-notifications`, the default), tests a recording fake.

use std::sync::Arc;
use std::sync::mpsc::Sender;

use super::msg::Msg;

/// What a notification says: a one-line summary and a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// Plain text, one line.
    pub summary: String,
    /// Plain text, one line, with `&`, `<` and `>` escaped: notification services may read
    /// the body as markup (links, images), and a schedule's title must not be.
    pub body: String,
}

/// Longest summary or body sent (a notification is a glance, and the text comes from a file).
const MAX_CHARS: usize = 200;

impl Notification {
    /// A notification from untrusted text: each part cleaned to one line (controls, escape
    /// sequences and bidi overrides dropped) and cut to a glance; the body escaped as markup.
    pub fn new(summary: &str, body: &str) -> Notification {
        let line = |t: &str| crate::text::clean_line(&crate::text::for_display(t, MAX_CHARS));
        Notification {
            summary: line(summary),
            // `&`, `<` and `>` as entities: the markup the Desktop Notifications specification
            // lets a body carry (`<a href>`, `<img src>`) is never taken from a schedule.
            body: html_escape::encode_text(&line(body)).into_owned(),
        }
    }
}

/// Something that shows notifications. It may block (it is called off the loop); an error is
/// said once in the status line.
pub trait Notifier: Send + Sync + std::fmt::Debug {
    fn notify(&self, notification: &Notification) -> Result<(), String>;
}

/// The desktop's notification service: D-Bus (zbus, pure Rust) on Linux and the BSDs, the
/// notification centre on macOS, toasts on Windows.
#[derive(Debug, Clone, Copy, Default)]
pub struct Desktop;

impl Notifier for Desktop {
    #[cfg(feature = "desktop-notifications")]
    fn notify(&self, notification: &Notification) -> Result<(), String> {
        // A test build never shows anything on the desktop, whatever it was asked.
        if cfg!(test) {
            return Err("notifications are off in tests".into());
        }
        notify_rust::Notification::new()
            .appname("hallway")
            .summary(&notification.summary)
            .body(&notification.body)
            .show()
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    #[cfg(not(feature = "desktop-notifications"))]
    fn notify(&self, _: &Notification) -> Result<(), String> {
        Err("this hallway was built without desktop notifications \
             (cargo feature desktop-notifications)"
            .into())
    }
}

/// Where the runtime sends notifications: a notifier, called on a thread of its own.
#[derive(Debug, Clone)]
pub struct Notifications(Arc<dyn Notifier>);

impl Default for Notifications {
    fn default() -> Self {
        Notifications::to(Arc::new(Desktop))
    }
}

impl Notifications {
    /// Notifications shown by `notifier`.
    pub fn to(notifier: Arc<dyn Notifier>) -> Notifications {
        Notifications(notifier)
    }

    /// Shows `notification` and reports on `tx` ([`Msg::Notified`]). Returns at once.
    pub fn send(&self, notification: Notification, tx: &Sender<Msg>) {
        let (notifier, tx) = (Arc::clone(&self.0), tx.clone());
        std::thread::spawn(move || {
            let _ = tx.send(Msg::Notified(notifier.notify(&notification)));
        });
    }
}

/// Test support: a notifier that records what it is sent, and fails when told to.
#[cfg(test)]
pub mod testing {
    use std::sync::Mutex;

    use super::{Notification, Notifier};

    #[derive(Debug, Default)]
    pub struct Recording {
        pub sent: Mutex<Vec<Notification>>,
        /// Fail every notification with this message (no D-Bus session).
        pub fail: Option<String>,
    }

    impl Recording {
        pub fn sent(&self) -> Vec<Notification> {
            self.sent.lock().unwrap().clone()
        }
    }

    impl Notifier for Recording {
        fn notify(&self, notification: &Notification) -> Result<(), String> {
            self.sent.lock().unwrap().push(notification.clone());
            self.fail.clone().map_or(Ok(()), Err)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_cleaned_cut_and_the_body_is_never_markup() {
        let n = Notification::new(
            "leave now for\u{1b}[31m N04\n",
            "<img src=\"file:///etc/passwd\"> & <a href=\"http://x\">\u{202e}more</a>",
        );
        assert_eq!(n.summary, "leave now for N04");
        assert_eq!(
            n.body,
            "&lt;img src=\"file:///etc/passwd\"&gt; &amp; &lt;a href=\"http://x\"&gt;more&lt;/a&gt;"
        );
        let long = Notification::new(&"x".repeat(1000), "");
        assert_eq!(
            long.summary.chars().count(),
            MAX_CHARS + 1,
            "{}",
            long.summary
        );
        assert!(long.summary.ends_with('…'), "{}", long.summary);
    }

    #[test]
    fn the_answer_comes_back_on_the_channel() {
        let fake = Arc::new(testing::Recording {
            fail: Some("no D-Bus session".into()),
            ..Default::default()
        });
        let (tx, rx) = std::sync::mpsc::channel();
        Notifications::to(fake.clone()).send(Notification::new("a", "b"), &tx);
        match rx.recv().unwrap() {
            Msg::Notified(result) => assert_eq!(result, Err("no D-Bus session".into())),
            other => panic!("{other:?}"),
        }
        assert_eq!(fake.sent(), vec![Notification::new("a", "b")]);
    }
}
