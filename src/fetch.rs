//! Fetching a schedule over HTTP(S): one GET, conditional when a copy exists.
//!
//! The client is ureq (rustls, gzip) set up for schedules: TLS verified against the platform's
//! certificate store, `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY` and `NO_PROXY` honoured (read by
//! ureq), a User-Agent naming hallway and its version, a connect and a total timeout, and the
//! body limit enforced while streaming (after gzip decoding, so a small compressed body cannot
//! grow past it).
//!
//! Redirects are followed here rather than by ureq, so that each hop is checked: at most
//! [`Limits::max_redirects`], only to `http:`/`https:`, never back to a URL already visited. The
//! conditional headers go with every hop (the export a page redirects to is what the validators
//! describe).
//!
//! Errors never hold response text, and URLs in them are cleaned ([`shown`]) before they are
//! shown: a server cannot write to the user's terminal.

use std::fmt;
use std::time::{Duration, Instant};

use ureq::Agent;

/// What the client allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Time to open the connection (DNS and TCP and TLS).
    pub connect: Duration,
    /// Time for the whole fetch, redirects included.
    pub total: Duration,
    /// Largest body kept; reading stops as soon as it is passed.
    pub max_bytes: u64,
    /// Redirects followed before giving up.
    pub max_redirects: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            connect: Duration::from_secs(10),
            total: Duration::from_secs(60),
            max_bytes: crate::formats::MAX_FILE_BYTES as u64,
            max_redirects: 5,
        }
    }
}

/// The validators of the copy held, sent back so the server can answer "304 Not Modified".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// The `ETag` exactly as the server gave it (quotes and `W/` included).
    pub etag: Option<String>,
    /// The `Last-Modified` exactly as the server gave it.
    pub last_modified: Option<String>,
}

/// What the server answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// 304: the copy held is current.
    NotModified { status: u16, final_url: String },
    /// 200 with the body, decoded, at most [`Limits::max_bytes`] long.
    Body {
        status: u16,
        bytes: Vec<u8>,
        validators: Validators,
        content_type: Option<String>,
        /// The URL the body came from, after redirects.
        final_url: String,
    },
}

/// Why a fetch failed. Messages name the URL (cleaned) and what went wrong, never response text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("{url}: not a web address hallway can fetch ({reason})")]
    BadUrl { url: String, reason: String },
    #[error("{url}: the server answered {status}{}", reason_phrase(*status))]
    Status { url: String, status: u16 },
    #[error("{url}: cannot find the host {host} (DNS lookup failed; offline?)")]
    Dns { url: String, host: String },
    #[error("{url}: timed out after {} s ({what})", seconds(*after))]
    Timeout {
        url: String,
        after: Duration,
        what: &'static str,
    },
    #[error("{url}: cannot connect ({reason})")]
    Connect { url: String, reason: String },
    #[error(
        "{url}: TLS failed ({reason}); the certificate was not trusted or the connection broke"
    )]
    Tls { url: String, reason: String },
    #[error("{url}: more than {max} redirects")]
    TooManyRedirects { url: String, max: u32 },
    #[error("{url}: the redirects go round in a loop (back to {to})")]
    RedirectLoop { url: String, to: String },
    #[error("{url}: redirected to {to}, which is not an http: or https: address; not followed")]
    RedirectScheme { url: String, to: String },
    #[error("{url}: the server sent a redirect ({status}) without a usable Location")]
    RedirectWithoutLocation { url: String, status: u16 },
    #[error("{url}: the response is larger than {} MB; no schedule is that big, so it was not read further", limit / (1024 * 1024))]
    TooLarge { url: String, limit: u64 },
    #[error(
        "{url}: the connection broke while the schedule was sent ({reason}); the body is incomplete"
    )]
    Truncated { url: String, reason: String },
}

impl FetchError {
    /// Whether the server sent something that is not a schedule it could be (exit 2), rather than
    /// the server or the network failing (exit 1).
    pub fn is_bad_content(&self) -> bool {
        matches!(self, FetchError::TooLarge { .. })
    }

    /// The HTTP status the server answered with, when it answered.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            FetchError::Status { status, .. }
            | FetchError::RedirectWithoutLocation { status, .. } => Some(*status),
            _ => None,
        }
    }
}

fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 && s.fract() == 0.0 {
        format!("{s:.0}")
    } else {
        format!("{s:.1}")
    }
}

fn reason_phrase(status: u16) -> &'static str {
    match status {
        400 => " (Bad Request)",
        401 => " (Unauthorized: the schedule needs a login)",
        403 => " (Forbidden: the schedule is not public)",
        404 => " (Not Found: check the address)",
        410 => " (Gone)",
        429 => " (Too Many Requests: try again later)",
        500 => " (Internal Server Error)",
        502 => " (Bad Gateway)",
        503 => " (Service Unavailable)",
        504 => " (Gateway Timeout)",
        _ => "",
    }
}

/// A URL as it may be shown: cleaned of control characters and cut to a sane length.
pub fn shown(url: &str) -> String {
    crate::text::fit(&crate::text::clean_line(url), 200)
}

/// Whether a schedule argument names a web address rather than a file.
pub fn is_url(s: &str) -> bool {
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// The HTTP client, built once per process.
pub struct Client {
    agent: Agent,
    limits: Limits,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

/// What a schedule request asks for: JSON first (pretalx answers a schedule page asked for JSON
/// with a redirect to its JSON export), then calendars and anything else.
pub const ACCEPT: &str = "application/json, text/calendar;q=0.9, */*;q=0.8";

/// The User-Agent: hallway, its version, where it lives.
pub const USER_AGENT: &str = concat!(
    "hallway/",
    env!("CARGO_PKG_VERSION"),
    " (terminal conference planner)"
);

impl Client {
    /// A client with these limits; proxies come from the environment (`HTTPS_PROXY`, `NO_PROXY`).
    pub fn new(limits: Limits) -> Self {
        Self::build(limits, ureq::Proxy::try_from_env())
    }

    /// A client that never uses a proxy (tests against a local server).
    pub fn without_proxy(limits: Limits) -> Self {
        Self::build(limits, None)
    }

    fn build(limits: Limits, proxy: Option<ureq::Proxy>) -> Self {
        let tls = ureq::tls::TlsConfig::builder()
            .root_certs(ureq::tls::RootCerts::PlatformVerifier)
            .build();
        let agent: Agent = Agent::config_builder()
            .tls_config(tls)
            .proxy(proxy)
            .user_agent(USER_AGENT)
            .timeout_connect(Some(limits.connect))
            .timeout_global(Some(limits.total))
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .into();
        Client { agent, limits }
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// GETs `url`, conditionally when validators are given, following checked redirects.
    pub fn get(&self, url: &str, validators: &Validators) -> Result<Fetched, FetchError> {
        let started = Instant::now();
        let mut current = url.to_string();
        let mut visited = vec![current.clone()];
        let mut redirects = 0;
        loop {
            let left = self.limits.total.saturating_sub(started.elapsed());
            if left.is_zero() {
                return Err(FetchError::Timeout {
                    url: shown(url),
                    after: self.limits.total,
                    what: "the whole fetch",
                });
            }
            let mut request = self
                .agent
                .get(&current)
                .header("Accept", ACCEPT)
                .config()
                .timeout_global(Some(left))
                .build();
            if let Some(etag) = &validators.etag {
                request = request.header("If-None-Match", etag);
            }
            if let Some(date) = &validators.last_modified {
                request = request.header("If-Modified-Since", date);
            }
            let response = request
                .call()
                .map_err(|e| self.error(&current, e, "the request"))?;
            let status = response.status().as_u16();
            if matches!(status, 301 | 302 | 303 | 307 | 308) {
                let location = response
                    .headers()
                    .get("location")
                    .and_then(|v| v.to_str().ok())
                    .filter(|l| !l.trim().is_empty())
                    .ok_or_else(|| FetchError::RedirectWithoutLocation {
                        url: shown(&current),
                        status,
                    })?;
                let next =
                    join(&current, location.trim()).ok_or_else(|| FetchError::RedirectScheme {
                        url: shown(&current),
                        to: shown(location),
                    })?;
                if redirects >= self.limits.max_redirects {
                    return Err(FetchError::TooManyRedirects {
                        url: shown(url),
                        max: self.limits.max_redirects,
                    });
                }
                if visited.contains(&next) {
                    return Err(FetchError::RedirectLoop {
                        url: shown(url),
                        to: shown(&next),
                    });
                }
                redirects += 1;
                visited.push(next.clone());
                current = next;
                continue;
            }
            if status == 304 {
                return Ok(Fetched::NotModified {
                    status,
                    final_url: current,
                });
            }
            if !(200..300).contains(&status) {
                return Err(FetchError::Status {
                    url: shown(&current),
                    status,
                });
            }
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            };
            let validators = Validators {
                etag: header("etag"),
                last_modified: header("last-modified"),
            };
            let content_type = header("content-type");
            let bytes = response
                .into_body()
                .into_with_config()
                .limit(self.limits.max_bytes)
                .read_to_vec()
                .map_err(|e| self.error(&current, e, "reading the body"))?;
            return Ok(Fetched::Body {
                status,
                bytes,
                validators,
                content_type,
                final_url: current,
            });
        }
    }

    fn error(&self, url: &str, e: ureq::Error, stage: &'static str) -> FetchError {
        let url_shown = shown(url);
        match e {
            ureq::Error::HostNotFound => FetchError::Dns {
                host: shown(&host_of(url)),
                url: url_shown,
            },
            ureq::Error::Timeout(t) => {
                let connecting = matches!(t, ureq::Timeout::Connect | ureq::Timeout::Resolve);
                FetchError::Timeout {
                    url: url_shown,
                    after: if connecting {
                        self.limits.connect
                    } else {
                        self.limits.total
                    },
                    what: if connecting {
                        "connecting"
                    } else {
                        "the whole fetch"
                    },
                }
            }
            ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge {
                url: url_shown,
                limit: self.limits.max_bytes,
            },
            ureq::Error::BadUri(reason) => FetchError::BadUrl {
                url: url_shown,
                reason: shown(&reason),
            },
            ureq::Error::Tls(reason) => FetchError::Tls {
                url: url_shown,
                reason: reason.to_string(),
            },
            ureq::Error::Rustls(reason) => FetchError::Tls {
                url: url_shown,
                reason: shown(&reason.to_string()),
            },
            ureq::Error::Io(io) if stage == "reading the body" => FetchError::Truncated {
                url: url_shown,
                reason: shown(&io.to_string()),
            },
            ureq::Error::Protocol(p) if stage == "reading the body" => FetchError::Truncated {
                url: url_shown,
                reason: shown(&p.to_string()),
            },
            // std's resolver reports a failed lookup as an I/O error with this wording.
            ureq::Error::Io(io) if is_dns_failure(&io) => FetchError::Dns {
                host: shown(&host_of(url)),
                url: url_shown,
            },
            ureq::Error::Io(io) => FetchError::Connect {
                url: url_shown,
                reason: shown(&io.to_string()),
            },
            other => FetchError::Connect {
                url: url_shown,
                reason: shown(&other.to_string()),
            },
        }
    }
}

/// Whether an I/O error is a failed DNS lookup (glibc, musl and macOS wordings).
fn is_dns_failure(io: &std::io::Error) -> bool {
    let text = io.to_string().to_ascii_lowercase();
    [
        "lookup address",
        "name or service not known",
        "nodename nor servname",
        "name does not resolve",
        "no address associated",
    ]
    .iter()
    .any(|w| text.contains(w))
}

/// The host of an http(s) URL, for messages.
fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    host.to_string()
}

/// Resolves a `Location` against the URL it came from; `None` for a scheme other than http(s).
fn join(base: &str, location: &str) -> Option<String> {
    if let Some((scheme, _)) = location.split_once(':')
        && !scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !location.starts_with('/')
    {
        let scheme = scheme.to_ascii_lowercase();
        return (scheme == "http" || scheme == "https").then(|| location.to_string());
    }
    let (scheme, rest) = base.split_once("://")?;
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let origin = format!("{scheme}://{}", &rest[..authority_end]);
    if let Some(path) = location.strip_prefix("//") {
        return Some(format!("{scheme}://{path}"));
    }
    if location.starts_with('/') {
        return Some(format!("{origin}{location}"));
    }
    let path = &rest[authority_end..];
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let dir = path.rfind('/').map_or("/", |i| &path[..=i]);
    if location.starts_with('?') {
        return Some(format!("{origin}{path}{location}"));
    }
    Some(format!("{origin}{dir}{location}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_resolve_against_the_url_they_came_from() {
        let base = "https://pretalx.example/conf/schedule/?x=1";
        let cases = [
            (
                "/conf/schedule/export/schedule.json",
                Some("https://pretalx.example/conf/schedule/export/schedule.json"),
            ),
            (
                "export/schedule.json",
                Some("https://pretalx.example/conf/schedule/export/schedule.json"),
            ),
            ("//cdn.example/s.json", Some("https://cdn.example/s.json")),
            ("HTTP://other.example/a", Some("HTTP://other.example/a")),
            ("file:///etc/passwd", None),
            ("ftp://x/y", None),
            ("javascript:alert(1)", None),
            ("?y=2", Some("https://pretalx.example/conf/schedule/?y=2")),
        ];
        for (location, expected) in cases {
            assert_eq!(join(base, location).as_deref(), expected, "{location}");
        }
    }

    #[test]
    fn urls_are_told_from_files() {
        assert!(is_url("https://fosdem.org/2025/schedule/xml"));
        assert!(is_url("HTTP://x"));
        assert!(!is_url("fosdem.xml"));
        assert!(!is_url("http:/x"));
        assert!(!is_url("ftp://x"));
    }

    #[test]
    fn shown_urls_cannot_drive_the_terminal() {
        assert_eq!(shown("http://x/\u{1b}[2Jy\u{7}"), "http://x/y");
        assert_eq!(
            host_of("https://user@host.example:8443/p?q"),
            "host.example:8443"
        );
    }

    #[test]
    fn the_user_agent_names_hallway_and_its_version() {
        assert!(USER_AGENT.starts_with(&format!("hallway/{}", env!("CARGO_PKG_VERSION"))));
    }
}
