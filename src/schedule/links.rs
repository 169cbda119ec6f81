//! A session's links (its page, recording, live stream, chat, feedback, slides...), what kind each
//! is, and which addresses are kept.
//!
//! Readers record every link a file gives with the kind its field states ([`LinkKind`]) or, when
//! the field says nothing (frab's `<links>`, c3voc's `links`), the kind [`LinkKind::guess`] reads
//! from its title and address. The builder then keeps only web addresses ([`web_url`]): a
//! `javascript:`, `file:` or `data:` link from a schedule must never reach a browser.

use std::fmt::Write as _;

/// What a link leads to, in the attendee's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LinkKind {
    /// The session's own page on the conference site.
    Page,
    /// A recording of the session (video or audio).
    Recording,
    /// Where it is streamed live.
    Stream,
    /// A chat room for it.
    Chat,
    /// Where to give feedback.
    Feedback,
    /// The speaker's slides.
    Slides,
    /// A file attached to it (paper, code, handout).
    Attachment,
    /// Anything else: a project's site, a repository.
    Other,
}

impl LinkKind {
    pub const ALL: [LinkKind; 8] = [
        LinkKind::Page,
        LinkKind::Recording,
        LinkKind::Stream,
        LinkKind::Chat,
        LinkKind::Feedback,
        LinkKind::Slides,
        LinkKind::Attachment,
        LinkKind::Other,
    ];

    /// The lower-case name used in files and JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Page => "page",
            LinkKind::Recording => "recording",
            LinkKind::Stream => "stream",
            LinkKind::Chat => "chat",
            LinkKind::Feedback => "feedback",
            LinkKind::Slides => "slides",
            LinkKind::Attachment => "attachment",
            LinkKind::Other => "other",
        }
    }

    /// Parses a kind name exactly as [`Self::as_str`] writes it.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The title a link of this kind gets when its file gives none.
    pub fn default_title(self) -> &'static str {
        match self {
            LinkKind::Page => "Session page",
            LinkKind::Recording => "Recording",
            LinkKind::Stream => "Live stream",
            LinkKind::Chat => "Chat",
            LinkKind::Feedback => "Feedback",
            LinkKind::Slides => "Slides",
            LinkKind::Attachment => "Attachment",
            LinkKind::Other => "Link",
        }
    }

    /// The kind a file's attachment or link type label names ("slides", "video", "paper"...);
    /// `None` when the label says nothing hallway knows.
    pub fn from_label(label: &str) -> Option<Self> {
        let l = label.trim().to_ascii_lowercase();
        Some(match l.as_str() {
            "slides" | "slide" | "presentation" => LinkKind::Slides,
            "video" | "recording" | "audio" | "vod" | "media" => LinkKind::Recording,
            "stream" | "live" | "livestream" | "live_stream" => LinkKind::Stream,
            "chat" => LinkKind::Chat,
            "feedback" => LinkKind::Feedback,
            "url" | "page" | "website" => LinkKind::Page,
            "paper" | "attachment" | "file" | "handout" => LinkKind::Attachment,
            _ => return None,
        })
    }

    /// The kind a link's title and address suggest, or `fallback` when they suggest none.
    ///
    /// The rules, first match wins:
    /// - chat: the title says "chat" or "matrix", or the address is on matrix.to, a `chat.`
    ///   host, Discord, Telegram or Zulip;
    /// - feedback: the title says "feedback", or the path has a `feedback` part;
    /// - live stream: the title says "stream" or "live", or the host is a `live.` or
    ///   `streaming.` one;
    /// - recording: the title says "video" or "recording", the host is video.fosdem.org,
    ///   media.ccc.de, `YouTube` or Vimeo, or the file is .webm, .mp4, .mkv, .ogv, .mov, .mp3,
    ///   .ogg, .opus;
    /// - slides: the title says "slides", the host is Speaker Deck or `SlideShare`, or the file is
    ///   .pdf, .odp, .ppt, .pptx, .key.
    pub fn guess(title: &str, url: &str, fallback: LinkKind) -> LinkKind {
        // An ASCII title is compared ignoring case instead of lower-cased into a copy (the
        // words tested are lower-case ASCII, so the answer is the same).
        let lower = if title.is_ascii() {
            None
        } else {
            Some(title.to_lowercase())
        };
        let t = lower.as_deref().unwrap_or(title);
        let says = |w: &str| {
            t.split(|c: char| !c.is_alphanumeric())
                .any(|x| x.eq_ignore_ascii_case(w))
        };
        let (host, path) = host_and_path(url);
        // The host or one of its subdomains, without building ".{h}".
        let host_is = |h: &str| {
            host.strip_suffix(h)
                .is_some_and(|head| head.is_empty() || head.ends_with('.'))
        };
        let file = path
            .rsplit('/')
            .next()
            .unwrap_or("")
            .rsplit_once('.')
            .map_or("", |(_, ext)| ext);
        let ext = |list: &[&str]| list.iter().any(|e| e.eq_ignore_ascii_case(file));
        if says("chat")
            || says("matrix")
            || host_is("matrix.to")
            || host.starts_with("chat.")
            || host_is("discord.gg")
            || host_is("discord.com")
            || host_is("t.me")
            || host_is("zulipchat.com")
        {
            LinkKind::Chat
        } else if says("feedback") || path.split('/').any(|p| p == "feedback") {
            LinkKind::Feedback
        } else if says("stream")
            || says("livestream")
            || says("live")
            || host.starts_with("live.")
            || host.starts_with("streaming.")
        {
            LinkKind::Stream
        } else if says("video")
            || says("recording")
            || host_is("video.fosdem.org")
            || host_is("media.ccc.de")
            || host_is("youtube.com")
            || host_is("youtu.be")
            || host_is("vimeo.com")
            || ext(&["webm", "mp4", "mkv", "ogv", "mov", "mp3", "ogg", "opus"])
        {
            LinkKind::Recording
        } else if says("slides")
            || says("slide")
            || host_is("speakerdeck.com")
            || host_is("slideshare.net")
            || ext(&["pdf", "odp", "ppt", "pptx", "key"])
        {
            LinkKind::Slides
        } else {
            fallback
        }
    }
}

/// One link of a session, as the file gave it (cleaned).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub kind: LinkKind,
    /// What the file calls it ("Chat room(web)"); the kind's [`LinkKind::default_title`] when
    /// it gives no title.
    pub title: String,
    /// An `http` or `https` address, printable ASCII only.
    pub url: String,
}

impl Link {
    /// A link as a reader found it; the builder cleans it.
    pub fn new(kind: LinkKind, title: impl Into<String>, url: impl Into<String>) -> Self {
        Link {
            kind,
            title: title.into(),
            url: url.into(),
        }
    }

    /// A link whose kind is read from its title and address, `fallback` when they say nothing.
    pub fn guessed(title: impl Into<String>, url: impl Into<String>, fallback: LinkKind) -> Self {
        let (title, url) = (title.into(), url.into());
        Link {
            kind: LinkKind::guess(&title, &url, fallback),
            title,
            url,
        }
    }
}

/// The address as hallway keeps it, or `None` when it is not a web address.
///
/// Kept: `http://` and `https://` addresses with a host (scheme in any case, written lower
/// case), a protocol-relative `//host/...` and a bare `host.tld/path` (both taken as https, as
/// a browser's address bar would). Dropped: every other scheme (`javascript:`, `file:`,
/// `data:`, `mailto:`...) and anything with an `@` before its path (a bare e-mail address).
/// Characters outside printable ASCII (spaces, controls, non-ASCII letters) are
/// percent-encoded, so the address is one safe token for a terminal hyperlink or a browser.
pub fn web_url(raw: &str) -> Option<String> {
    let (scheme, rest) = web_parts(raw)?;
    Some(written(scheme, rest))
}

/// [`web_url`] of an address already owned: given back as it is, without a copy, when it is
/// already written the way hallway keeps it (nearly always); `Err` gives back an address that
/// is not a web address.
pub fn web_url_owned(raw: String) -> Result<String, String> {
    match web_parts(&raw) {
        Some((scheme, rest))
            if raw.len() == scheme.len() + rest.len()
                && raw.starts_with(scheme)
                && rest.bytes().all(|b| b.is_ascii_graphic()) =>
        {
            Ok(raw)
        }
        Some((scheme, rest)) => Ok(written(scheme, rest)),
        None => Err(raw),
    }
}

/// The scheme hallway writes and the rest of a web address, or `None` (see [`web_url`]).
fn web_parts(raw: &str) -> Option<(&'static str, &str)> {
    let raw = raw.trim();
    let starts = |p: &str| {
        raw.get(..p.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(p))
    };
    let (scheme, rest) = if starts("https://") {
        ("https://", &raw[8..])
    } else if starts("http://") {
        ("http://", &raw[7..])
    } else if let Some(rest) = raw.strip_prefix("//") {
        ("https://", rest)
    } else if looks_like_host(raw) {
        ("https://", raw)
    } else {
        return None;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    // A user part ("https://fosdem.org@evil.example/") hides the real host: refused.
    if host.is_empty() || host.contains('@') {
        return None;
    }
    Some((scheme, rest))
}

/// The address from its parts: characters outside printable ASCII percent-encoded.
fn written(scheme: &str, rest: &str) -> String {
    let mut out = String::with_capacity(scheme.len() + rest.len());
    out.push_str(scheme);
    // Nearly every address is printable ASCII already: copied in one piece.
    if rest.bytes().all(|b| b.is_ascii_graphic()) {
        out.push_str(rest);
        return out;
    }
    for c in rest.chars() {
        if c.is_ascii_graphic() {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// "github.com/x" or "www.samba.org": a host name with a dot, then maybe a path; no scheme,
/// no user part, and not a file name ("slides.pdf" is a relative path, not a host).
fn looks_like_host(raw: &str) -> bool {
    const FILES: [&str; 16] = [
        "pdf", "odp", "ppt", "pptx", "key", "mp4", "webm", "html", "htm", "png", "jpg", "zip",
        "txt", "md", "yml", "json",
    ];
    let host = raw.split(['/', '?', '#']).next().unwrap_or("");
    let name = host.split(':').next().unwrap_or("");
    let tld = name.rsplit('.').next().unwrap_or("");
    name.contains('.')
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        && tld.len() >= 2
        && tld.chars().all(|c| c.is_ascii_alphabetic())
        && !FILES.contains(&tld.to_ascii_lowercase().as_str())
}

/// The lower-case host and the path of an address (the path without query or fragment).
fn host_and_path(url: &str) -> (String, &str) {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
    let path = rest[end..].split(['?', '#']).next().unwrap_or("");
    (host, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The owned form keeps what `web_url` keeps, moving the string when it is already right.
    #[test]
    fn owned_addresses_agree_with_borrowed_ones() {
        for raw in [
            "https://fosdem.org/2026/schedule/event/x/",
            "HTTPS://Example.org/a",
            "http://example.org",
            " https://example.org/padded ",
            "//cdn.example.org/x",
            "github.com/hallway",
            "https://example.org/caf\u{e9} menu",
            "https://fosdem.org@evil.example/",
            "javascript:alert(1)",
            "mailto:a@b.example",
            "http://",
            "http://\u{e9}",
            "slides.pdf",
        ] {
            let owned = web_url_owned(raw.to_string());
            assert_eq!(owned.as_ref().ok(), web_url(raw).as_ref(), "{raw:?}");
            if owned.is_err() {
                assert_eq!(owned, Err(raw.to_string()), "the address is given back");
            }
        }
    }

    #[test]
    fn kind_names_round_trip() {
        for k in LinkKind::ALL {
            assert_eq!(LinkKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(LinkKind::parse("Chat"), None);
    }

    #[test]
    fn kinds_are_guessed_from_titles_and_addresses() {
        let other = LinkKind::Other;
        let cases = [
            // FOSDEM 2026's links.
            (
                "Chat room(web)",
                "https://chat.fosdem.org/#/room/#2026-main:fosdem.org",
                LinkKind::Chat,
            ),
            (
                "Chat room(app)",
                "https://matrix.to/#/#2026-main:fosdem.org",
                LinkKind::Chat,
            ),
            (
                "Submit Feedback",
                "https://pretalx.fosdem.org/fosdem-2026/talk/SFKNTZ/feedback/",
                LinkKind::Feedback,
            ),
            (
                "",
                "https://pretalx.example.org/c/talk/X/feedback/",
                LinkKind::Feedback,
            ),
            (
                "",
                "https://video.fosdem.org/2026/janson/x.webm",
                LinkKind::Recording,
            ),
            ("", "https://cdn.example.org/talk.MP4", LinkKind::Recording),
            (
                "Recording",
                "https://www.youtube.com/watch?v=A",
                LinkKind::Recording,
            ),
            ("", "https://media.ccc.de/v/39c3-1-x", LinkKind::Recording),
            ("Live stream", "https://example.org/room1", LinkKind::Stream),
            (
                "",
                "https://streaming.media.ccc.de/39c3/one",
                LinkKind::Stream,
            ),
            (
                "draft slides",
                "https://example.org/a/b.yml",
                LinkKind::Slides,
            ),
            ("", "https://example.org/paper.pdf?dl=1", LinkKind::Slides),
            ("Discord", "https://discord.gg/abc", LinkKind::Chat),
            ("Source code", "https://github.com/x/y", other),
            // A word inside another is not the word: "chatbot", "delivery".
            ("Chatbot demo", "https://example.org/", other),
            ("Delivery", "https://example.org/", other),
            // The host of a path segment is not the host.
            ("", "https://example.org/matrix.to/x", other),
        ];
        for (title, url, kind) in cases {
            assert_eq!(LinkKind::guess(title, url, other), kind, "{title} {url}");
        }
        assert_eq!(
            LinkKind::guess("Notes", "https://example.org/", LinkKind::Attachment),
            LinkKind::Attachment
        );
    }

    #[test]
    fn labels_name_kinds() {
        assert_eq!(LinkKind::from_label("Slides"), Some(LinkKind::Slides));
        assert_eq!(LinkKind::from_label("video"), Some(LinkKind::Recording));
        assert_eq!(LinkKind::from_label("paper"), Some(LinkKind::Attachment));
        assert_eq!(LinkKind::from_label("misc"), None);
    }

    #[test]
    fn only_web_addresses_are_kept() {
        let kept = [
            ("https://fosdem.org/2026/", "https://fosdem.org/2026/"),
            ("  HTTP://Example.org/a ", "http://Example.org/a"),
            ("//cdn.example.org/x", "https://cdn.example.org/x"),
            ("www.samba.org", "https://www.samba.org"),
            (
                "github.com/Theano/Theano",
                "https://github.com/Theano/Theano",
            ),
            (
                "https://example.org/a b/café",
                "https://example.org/a%20b/caf%C3%A9",
            ),
            (
                "https://example.org/\u{1b}]8;;x",
                "https://example.org/%1B]8;;x",
            ),
        ];
        for (raw, url) in kept {
            assert_eq!(web_url(raw).as_deref(), Some(url), "{raw}");
        }
        for raw in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "file:///etc/passwd",
            "data:text/html;base64,PHNjcmlwdD4=",
            "mailto:a@example.org",
            "email:hans@example.org",
            "nicolas@pm.me",
            "ftp://example.org/x",
            "https://",
            "http:///path",
            "",
            "slides",
            "../x.pdf",
            "slides.pdf",
            "10.0.0.1",
            "https://fosdem.org@evil.example/",
        ] {
            assert_eq!(web_url(raw), None, "{raw}");
        }
    }
}
