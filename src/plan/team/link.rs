//! Share links: a share's stars in one line for a chat message.
//!
//! `hallway:` followed by the base64url (no padding) of a raw-deflated compact JSON object:
//! `{"v":1,"c":conference id,"t":conference title,"n":name,"s":[session ids]}`. A link carries
//! ids only (no notes, ratings, guids or titles), which keeps a 200-star agenda under about a
//! thousand characters; a teammate's link is matched by id. Decoding is bounded twice: the link's
//! length, and what it inflates to (a small link cannot expand into a large allocation).

use std::io::{Read, Write};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use flate2::Compression;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use serde::{Deserialize, Serialize};

use super::share::{ConferenceRef, Entry, Share, ShareError, VERSION, sanitize};

/// What every link starts with.
pub const PREFIX: &str = "hallway:";
/// The longest link read, in bytes.
pub const MAX_LINK_BYTES: usize = 256 * 1024;
/// The most a link may inflate to.
pub const MAX_INFLATED_BYTES: usize = 2 * 1024 * 1024;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Payload {
    v: u32,
    c: String,
    #[serde(default)]
    t: String,
    n: String,
    #[serde(default)]
    s: Vec<String>,
}

/// The link of a share: its conference, name and starred ids.
pub fn encode(share: &Share) -> String {
    let payload = Payload {
        v: VERSION,
        c: share.conference.id.clone(),
        t: share.conference.title.clone(),
        n: share.name.clone(),
        s: share.stars().map(|e| e.id.clone()).collect(),
    };
    let json = serde_json::to_vec(&payload).unwrap_or_default();
    let mut encoder = DeflateEncoder::new(Vec::new(), Compression::best());
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(&json);
    let compressed = encoder.finish().unwrap_or_default();
    format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(compressed))
}

/// Whether a command-line argument looks like a link rather than a file name.
pub fn is_link(text: &str) -> bool {
    text.trim_start().starts_with(PREFIX)
}

/// Reads a link strictly into a share of stars only.
pub fn decode(link: &str) -> Result<Share, ShareError> {
    let origin = "the link";
    let invalid = |message: String| ShareError::Invalid {
        origin: origin.to_string(),
        message,
    };
    let link = link.trim();
    if link.len() > MAX_LINK_BYTES {
        return Err(invalid(format!(
            "{} bytes, over the {} KB limit for a link",
            link.len(),
            MAX_LINK_BYTES / 1024
        )));
    }
    let body = link
        .strip_prefix(PREFIX)
        .ok_or_else(|| invalid(format!("a link starts with \"{PREFIX}\"")))?;
    // Chat clients wrap long lines and may add "=" padding: neither is part of the link.
    let body: String = body
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '=')
        .collect();
    let compressed = URL_SAFE_NO_PAD.decode(body.as_bytes()).map_err(|e| {
        invalid(format!(
            "not a hallway link ({e}); was it cut short when pasted?"
        ))
    })?;
    let mut json = Vec::new();
    DeflateDecoder::new(compressed.as_slice())
        .take(MAX_INFLATED_BYTES as u64 + 1)
        .read_to_end(&mut json)
        .map_err(|e| {
            invalid(format!(
                "not a hallway link ({e}); was it cut short when pasted?"
            ))
        })?;
    if json.len() > MAX_INFLATED_BYTES {
        return Err(invalid(format!(
            "it expands past the {} MB limit for a link",
            MAX_INFLATED_BYTES / (1024 * 1024)
        )));
    }
    let payload: Payload =
        serde_json::from_slice(&json).map_err(|e| invalid(format!("not a hallway link: {e}")))?;
    if payload.v > VERSION {
        return Err(ShareError::Newer {
            origin: origin.to_string(),
            version: payload.v,
        });
    }
    let share = Share {
        hallway_share: VERSION,
        conference: ConferenceRef {
            id: payload.c,
            title: payload.t,
            start_date: None,
            end_date: None,
            url: None,
        },
        name: payload.n,
        shared_at: None,
        interests: Vec::new(),
        sessions: payload
            .s
            .into_iter()
            .map(|id| Entry {
                id,
                guid: None,
                title: String::new(),
                start: None,
                starred: true,
                note: None,
                rating: None,
            })
            .collect(),
    };
    sanitize(share, origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn share(ids: &[&str]) -> Share {
        let text = format!(
            r#"{{"hallway_share": 1, "conference": {{"id": "c", "title": "Conf"}}, "name": "ann", "sessions": [{}]}}"#,
            ids.iter()
                .map(|i| format!(
                    r#"{{"id": "{i}", "title": "T {i}", "starred": true, "note": "secret"}}"#
                ))
                .collect::<Vec<_>>()
                .join(",")
        );
        super::super::share::parse(text.as_bytes(), "t").unwrap()
    }

    #[test]
    fn a_link_round_trips_ids_only() {
        let s = share(&["10", "11", "abc"]);
        let link = encode(&s);
        assert!(link.starts_with("hallway:"));
        assert!(!link.contains("secret"));
        let back = decode(&link).unwrap();
        assert_eq!(back.name, "ann");
        assert_eq!(back.conference.id, "c");
        assert_eq!(back.conference.title, "Conf");
        let ids: Vec<&str> = back.stars().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["10", "11", "abc"]);
        assert!(back.sessions.iter().all(|e| e.note.is_none()));
        // Wrapped by a chat client, with padding added: still the same.
        let wrapped = format!("  {}\n{}==  ", &link[..20], &link[20..]);
        assert_eq!(decode(&wrapped).unwrap(), back);
    }

    #[test]
    fn two_hundred_stars_fit_a_chat_message() {
        let ids: Vec<String> = (0..200).map(|i| format!("{}", 10_000 + i * 7)).collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let link = encode(&share(&refs));
        assert!(link.len() < 1_000, "{} bytes", link.len());
    }

    #[test]
    fn bad_links_are_refused_clearly() {
        let bomb = {
            let json = format!(
                r#"{{"v":1,"c":"c","n":"a","s":["{}"]}}"#,
                "x".repeat(3 * 1024 * 1024)
            );
            let mut e = DeflateEncoder::new(Vec::new(), Compression::best());
            e.write_all(json.as_bytes()).unwrap();
            format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(e.finish().unwrap()))
        };
        let cases = [
            (
                "https://example.org".to_string(),
                "starts with \"hallway:\"",
            ),
            ("hallway:!!!".to_string(), "not a hallway link"),
            ("hallway:AAAA".to_string(), "not a hallway link"),
            (bomb, "expands past"),
            (
                format!("hallway:{}", "A".repeat(300_000)),
                "over the 256 KB",
            ),
        ];
        for (link, want) in cases {
            let err = decode(&link).unwrap_err().to_string();
            assert!(err.contains(want), "{err} (wanted {want})");
        }
        let bad_name = {
            let json = r#"{"v":1,"c":"c","n":"../../x","s":[]}"#;
            let mut e = DeflateEncoder::new(Vec::new(), Compression::best());
            e.write_all(json.as_bytes()).unwrap();
            format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(e.finish().unwrap()))
        };
        let err = decode(&bad_name).unwrap_err().to_string();
        assert!(err.contains("cannot be a name"), "{err}");
    }
}
