//! Reading links the way the JSON formats write them (c3voc's `Reference` objects, plain
//! strings), and addresses relative to a document's base.
//!
//! Readers are lenient here: a link that is not an object or a string, or has no address, is
//! skipped rather than failing the schedule (links are a bonus; the programme must load).

use serde_json::Value;

use crate::schedule::{Link, LinkKind};

/// The links of a JSON `links` or `attachments` array: `{"url", "title", "type", "service"}`
/// objects (`href` and `name` accepted too) or plain address strings.
///
/// The kind comes from `type` ("slides", "feedback"...) or a video `service` (media.ccc.de,
/// `PeerTube`), else from the title and address, else `fallback`. Root-relative addresses
/// (`/media/...`) are resolved against `base`.
pub fn references(value: &Value, fallback: LinkKind, base: Option<&str>) -> Vec<Link> {
    let Some(items) = value.as_array() else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| reference(item, fallback, base))
        .collect()
}

fn reference(item: &Value, fallback: LinkKind, base: Option<&str>) -> Option<Link> {
    let text = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| item.get(*k).and_then(Value::as_str))
            .unwrap_or("")
    };
    if let Some(url) = item.as_str() {
        return Some(Link::guessed("", absolute(base, url), fallback));
    }
    let url = text(&["url", "href", "link"]);
    if url.trim().is_empty() {
        return None;
    }
    let url = absolute(base, url);
    let title = text(&["title", "name", "description"]);
    let service = text(&["service"]).to_ascii_lowercase();
    let kind = LinkKind::from_label(text(&["type"])).or_else(|| {
        matches!(
            service.as_str(),
            "mediacccde" | "peertube" | "youtube" | "vimeo"
        )
        .then_some(LinkKind::Recording)
    });
    Some(match kind {
        Some(kind) => Link::new(kind, title, url),
        None => Link::guessed(title, url, fallback),
    })
}

/// `url` made absolute when it is root-relative (`/media/x.pdf`) and a base is known
/// (`https://host/path/` gives `https://host/media/x.pdf`); any other address as it is.
pub fn absolute(base: Option<&str>, url: &str) -> String {
    let url = url.trim();
    if let Some(base) = base
        && url.starts_with('/')
        && !url.starts_with("//")
        && let Some((scheme, rest)) = base.trim().split_once("://")
    {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        if !host.is_empty() {
            return format!("{scheme}://{host}{url}");
        }
    }
    url.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_take_type_service_title_or_fallback() {
        let value: Value = serde_json::from_str(
            r#"[
                {"url": "https://example.org/s.pdf", "type": "slides", "title": "Deck"},
                {"url": "https://media.ccc.de/v/x", "service": "MEDIACCCDE"},
                {"url": "https://example.org/fb", "type": "FEEDBACK"},
                {"url": "https://magicalcodewit.ch/39c3-slides/", "type": "related", "title": "Slides"},
                {"href": "https://github.com/x/y", "title": "Code"},
                "https://example.org/talk.webm",
                {"title": "no address"},
                42
            ]"#,
        )
        .unwrap();
        let links = references(&value, LinkKind::Other, None);
        let got: Vec<(LinkKind, &str, &str)> = links
            .iter()
            .map(|l| (l.kind, l.title.as_str(), l.url.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (LinkKind::Slides, "Deck", "https://example.org/s.pdf"),
                (LinkKind::Recording, "", "https://media.ccc.de/v/x"),
                (LinkKind::Feedback, "", "https://example.org/fb"),
                (
                    LinkKind::Slides,
                    "Slides",
                    "https://magicalcodewit.ch/39c3-slides/"
                ),
                (LinkKind::Other, "Code", "https://github.com/x/y"),
                (LinkKind::Recording, "", "https://example.org/talk.webm"),
            ]
        );
        assert!(references(&Value::Null, LinkKind::Other, None).is_empty());
    }

    #[test]
    fn root_relative_addresses_take_the_base_host() {
        let base = Some("https://events.ccc.de/congress/2025/hub/");
        assert_eq!(
            absolute(base, "/media/39c3/x.pdf"),
            "https://events.ccc.de/media/39c3/x.pdf"
        );
        assert_eq!(absolute(base, "//cdn.example/x"), "//cdn.example/x");
        assert_eq!(absolute(base, "https://a.example/"), "https://a.example/");
        assert_eq!(absolute(None, "/media/x.pdf"), "/media/x.pdf");
        assert_eq!(absolute(Some("not a url"), "/x"), "/x");
    }
}
