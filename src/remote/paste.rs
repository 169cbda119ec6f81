//! URLs people paste: the page of a schedule, turned into the address of its export.
//!
//! Only patterns that are unambiguous are rewritten; everything else is fetched as given, with an
//! `Accept` header that asks for JSON first (a pretalx schedule page answers it with a redirect to
//! its JSON export, on any host). The README lists the export URLs of each platform.
//!
//! - `https://pretalx.com/<event>/…` (any page of the event) → `https://pretalx.com/<event>/schedule/`
//! - `https://<event>.sched.com/…` → `https://<event>.sched.com/all.ics`
//! - `https://fosdem.org/<year>/schedule/…` (also `archive.fosdem.org`) →
//!   `https://fosdem.org/<year>/schedule/xml`

/// The URL to request for a URL the user gave.
pub fn fetch_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = rest[..end].to_ascii_lowercase();
    let path = rest[end..].split(['?', '#']).next().unwrap_or_default();
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let base = format!("{scheme}://{}", &rest[..end]);

    if host.ends_with(".sched.com") {
        if path.to_ascii_lowercase().ends_with(".ics") {
            return url.to_string();
        }
        return format!("{base}/all.ics");
    }
    if matches!(
        host.as_str(),
        "fosdem.org" | "www.fosdem.org" | "archive.fosdem.org"
    ) && let [year, "schedule", rest @ ..] = segments.as_slice()
        && year.len() == 4
        && year.bytes().all(|b| b.is_ascii_digit())
        && rest.first() != Some(&"xml")
    {
        return format!("{base}/{year}/schedule/xml");
    }
    if host == "pretalx.com"
        && let [event, rest @ ..] = segments.as_slice()
        && !(rest.first() == Some(&"schedule") && rest.get(1) == Some(&"export"))
        && !matches!(*event, "p" | "orga" | "api" | "static" | "media")
    {
        return format!("{base}/{event}/schedule/");
    }
    url.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_pages_become_their_exports() {
        let cases = [
            // pretalx: any page of an event goes to its schedule page, which redirects to JSON.
            (
                "https://pretalx.com/pycon-de-2025/",
                "https://pretalx.com/pycon-de-2025/schedule/",
            ),
            (
                "https://pretalx.com/pycon-de-2025/talk/ABCDEF/",
                "https://pretalx.com/pycon-de-2025/schedule/",
            ),
            (
                "https://pretalx.com/pycon-de-2025/schedule/export/schedule.xml",
                "https://pretalx.com/pycon-de-2025/schedule/export/schedule.xml",
            ),
            // Sched: the event site's calendar of everything.
            (
                "https://kccnceu2024.sched.com/",
                "https://kccnceu2024.sched.com/all.ics",
            ),
            (
                "https://kccnceu2024.sched.com/event/1YeM4/x",
                "https://kccnceu2024.sched.com/all.ics",
            ),
            (
                "https://kccnceu2024.sched.com/all.ics",
                "https://kccnceu2024.sched.com/all.ics",
            ),
            // FOSDEM: a year's schedule pages go to that year's XML.
            (
                "https://fosdem.org/2025/schedule/",
                "https://fosdem.org/2025/schedule/xml",
            ),
            (
                "https://fosdem.org/2025/schedule/day/saturday/",
                "https://fosdem.org/2025/schedule/xml",
            ),
            (
                "https://archive.fosdem.org/2019/schedule/",
                "https://archive.fosdem.org/2019/schedule/xml",
            ),
            (
                "https://fosdem.org/2025/schedule/xml",
                "https://fosdem.org/2025/schedule/xml",
            ),
            // Anything else is fetched as given.
            (
                "https://sessionize.com/api/v2/abc123/view/All",
                "https://sessionize.com/api/v2/abc123/view/All",
            ),
            (
                "https://indico.example/event/42/event.ics?detail=contributions",
                "https://indico.example/event/42/event.ics?detail=contributions",
            ),
            ("https://fosdem.org/2025/", "https://fosdem.org/2025/"),
        ];
        for (given, expected) in cases {
            assert_eq!(fetch_url(given), expected, "{given}");
        }
    }
}
