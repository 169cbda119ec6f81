//! Finding the venue's zone when a file does not name it, or admitting that nothing says.
//!
//! The rules, in order (docs/import-formats.md): the zone the file names by its IANA name; the
//! zone the attendee gave (`--tz`, also remembered per conference); a city the file names that maps to one
//! IANA zone; the UTC offsets its timestamps carry (the named city's zone when it matches them,
//! else a fixed-offset zone, so times show exactly as printed). When nothing says, the times are
//! **floating**: wall-clock times of an unknown zone, kept as printed (stored as UTC, flagged).

use chrono::{DateTime, FixedOffset, Offset, TimeZone, Utc};
use chrono_tz::{TZ_VARIANTS, Tz};

/// What a file tells about its zone, gathered by a reader before it resolves any time.
#[derive(Debug, Default)]
pub struct ZoneClues<'a> {
    /// `--tz`, or the zone remembered for this conference.
    pub given: Option<Tz>,
    /// The zone the file names (an IANA name it gave).
    pub named: Option<Tz>,
    /// Places the file names, most specific first ("Amsterdam, Netherlands", "Brussels").
    pub places: Vec<&'a str>,
    /// Timestamps as printed with their offsets (a few samples are enough).
    pub offsets: Vec<DateTime<FixedOffset>>,
}

/// Why the venue's zone is what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZoneBasis {
    Given,
    Named,
    /// From a place the file names (the place as written).
    City(String),
    /// From the offsets the timestamps carry.
    Offsets(FixedOffset),
    /// Nothing says: wall-clock times of an unknown zone.
    Floating,
}

/// The zone a reader resolves its times in, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneChoice {
    pub zone: Tz,
    pub basis: ZoneBasis,
}

impl ZoneChoice {
    /// Whether times are floating (shown as printed, zone unknown).
    pub fn floating(&self) -> bool {
        self.basis == ZoneBasis::Floating
    }

    /// What a reader should warn about the choice, if anything.
    pub fn note(&self) -> Option<String> {
        match &self.basis {
            ZoneBasis::Given | ZoneBasis::Named => None,
            ZoneBasis::City(place) => Some(format!(
                "the venue's zone {} is taken from the place the file names (\"{place}\"): pass --tz to choose another",
                self.zone.name()
            )),
            ZoneBasis::Offsets(offset) => Some(format!(
                "the file names no time zone; times follow the offset its timestamps carry ({offset}), as printed: pass --tz to name the venue's zone"
            )),
            ZoneBasis::Floating => Some(FLOATING_NOTE.to_string()),
        }
    }
}

/// What output says once where times of an unknown zone matter.
pub const FLOATING_NOTE: &str = "times as printed; zone unknown (--tz ZONE)";

/// Applies the rules to what the file told.
///
/// A zone the file names by its IANA name comes before `--tz`: there `--tz` only chooses the
/// zone times are shown in, and the venue's days stay the venue's.
pub fn choose(clues: &ZoneClues<'_>) -> ZoneChoice {
    if let Some(zone) = clues.named {
        return ZoneChoice {
            zone,
            basis: ZoneBasis::Named,
        };
    }
    if let Some(zone) = clues.given {
        return ZoneChoice {
            zone,
            basis: ZoneBasis::Given,
        };
    }
    let city = clues
        .places
        .iter()
        .find_map(|p| place_zone(p).map(|z| (z, (*p).to_string())));
    if let Some(first) = clues.offsets.first() {
        if let Some((zone, place)) = &city
            && matches_offsets(*zone, &clues.offsets)
        {
            return ZoneChoice {
                zone: *zone,
                basis: ZoneBasis::City(place.clone()),
            };
        }
        if let Some(zone) = offset_zone(&clues.offsets) {
            return ZoneChoice {
                zone,
                basis: ZoneBasis::Offsets(*first.offset()),
            };
        }
    } else if let Some((zone, place)) = city {
        return ZoneChoice {
            zone,
            basis: ZoneBasis::City(place),
        };
    }
    ZoneChoice {
        zone: Tz::UTC,
        basis: ZoneBasis::Floating,
    }
}

/// Whether `zone` gives every sampled instant the offset it was printed with.
fn matches_offsets(zone: Tz, offsets: &[DateTime<FixedOffset>]) -> bool {
    offsets
        .iter()
        .all(|t| zone.offset_from_utc_datetime(&t.naive_utc()).fix() == *t.offset())
}

/// A zone that shows every sample as printed: `Etc/GMT-1` for `+01:00` (the POSIX sign is the
/// other way round), else the first IANA zone that gives all samples their offsets.
fn offset_zone(offsets: &[DateTime<FixedOffset>]) -> Option<Tz> {
    let first = *offsets.first()?.offset();
    let secs = first.local_minus_utc();
    if offsets.iter().all(|t| *t.offset() == first) && secs % 3600 == 0 && secs.abs() <= 12 * 3600 {
        let hours = -secs / 3600;
        let name = match hours {
            0 => "Etc/GMT".to_string(),
            h if h > 0 => format!("Etc/GMT+{h}"),
            h => format!("Etc/GMT{h}"),
        };
        if let Ok(zone) = name.parse::<Tz>() {
            return Some(zone);
        }
    }
    TZ_VARIANTS
        .iter()
        .copied()
        .find(|z| matches_offsets(*z, offsets))
}

/// The one IANA zone a place maps to: a city in the zone database ("Amsterdam", "New York"),
/// tried on each comma-separated part, else a country with a single zone ("Netherlands").
pub fn place_zone(place: &str) -> Option<Tz> {
    if let Ok(zone) = place.trim().parse::<Tz>()
        && zone != Tz::UTC
    {
        return Some(zone);
    }
    let parts: Vec<&str> = place
        .split([',', '/', '(', ')', '|'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    parts
        .iter()
        .rev()
        .find_map(|p| city_zone(p))
        .or_else(|| parts.iter().rev().find_map(|p| country_zone(p)))
}

/// A city named by the zone database (the last part of an `Area/City` name).
fn city_zone(city: &str) -> Option<Tz> {
    let wanted = city.replace(' ', "_");
    if wanted.len() < 3 {
        return None;
    }
    let mut found: Option<Tz> = None;
    for zone in TZ_VARIANTS {
        let name = zone.name();
        let Some((area, last)) = name.rsplit_once('/') else {
            continue;
        };
        if area.starts_with("Etc") || !last.eq_ignore_ascii_case(&wanted) {
            continue;
        }
        match found {
            // Two names for one city (links) are one zone when they keep the same clocks.
            Some(other) if !same_clocks(other, zone) => return None,
            Some(_) => {}
            None => found = Some(zone),
        }
    }
    found
}

/// Whether two zones keep the same offsets over a year (a cheap test for links).
fn same_clocks(a: Tz, b: Tz) -> bool {
    [(2026, 1), (2026, 7)].into_iter().all(|(y, m)| {
        Utc.with_ymd_and_hms(y, m, 15, 12, 0, 0)
            .single()
            .is_some_and(|t| {
                a.offset_from_utc_datetime(&t.naive_utc()).fix()
                    == b.offset_from_utc_datetime(&t.naive_utc()).fix()
            })
    })
}

/// Countries that keep one zone, as conference locations name them.
fn country_zone(country: &str) -> Option<Tz> {
    const COUNTRIES: &[(&str, Tz)] = &[
        ("netherlands", Tz::Europe__Amsterdam),
        ("the netherlands", Tz::Europe__Amsterdam),
        ("belgium", Tz::Europe__Brussels),
        ("france", Tz::Europe__Paris),
        ("germany", Tz::Europe__Berlin),
        ("deutschland", Tz::Europe__Berlin),
        ("austria", Tz::Europe__Vienna),
        ("switzerland", Tz::Europe__Zurich),
        ("italy", Tz::Europe__Rome),
        ("united kingdom", Tz::Europe__London),
        ("uk", Tz::Europe__London),
        ("england", Tz::Europe__London),
        ("scotland", Tz::Europe__London),
        ("ireland", Tz::Europe__Dublin),
        ("denmark", Tz::Europe__Copenhagen),
        ("sweden", Tz::Europe__Stockholm),
        ("norway", Tz::Europe__Oslo),
        ("finland", Tz::Europe__Helsinki),
        ("poland", Tz::Europe__Warsaw),
        ("czech republic", Tz::Europe__Prague),
        ("czechia", Tz::Europe__Prague),
        ("hungary", Tz::Europe__Budapest),
        ("greece", Tz::Europe__Athens),
        ("croatia", Tz::Europe__Zagreb),
        ("slovenia", Tz::Europe__Ljubljana),
        ("romania", Tz::Europe__Bucharest),
        ("bulgaria", Tz::Europe__Sofia),
        ("serbia", Tz::Europe__Belgrade),
        ("luxembourg", Tz::Europe__Luxembourg),
        ("estonia", Tz::Europe__Tallinn),
        ("latvia", Tz::Europe__Riga),
        ("lithuania", Tz::Europe__Vilnius),
        ("israel", Tz::Asia__Jerusalem),
        ("india", Tz::Asia__Kolkata),
        ("japan", Tz::Asia__Tokyo),
        ("south korea", Tz::Asia__Seoul),
        ("korea", Tz::Asia__Seoul),
        ("taiwan", Tz::Asia__Taipei),
        ("singapore", Tz::Asia__Singapore),
        ("china", Tz::Asia__Shanghai),
        ("hong kong", Tz::Asia__Hong_Kong),
        ("thailand", Tz::Asia__Bangkok),
        ("vietnam", Tz::Asia__Ho_Chi_Minh),
        ("philippines", Tz::Asia__Manila),
        ("south africa", Tz::Africa__Johannesburg),
        ("kenya", Tz::Africa__Nairobi),
        ("nigeria", Tz::Africa__Lagos),
        ("egypt", Tz::Africa__Cairo),
        ("colombia", Tz::America__Bogota),
        ("peru", Tz::America__Lima),
        ("uruguay", Tz::America__Montevideo),
    ];
    let c = country.trim().to_lowercase();
    COUNTRIES
        .iter()
        .find(|(name, _)| *name == c)
        .map(|(_, z)| *z)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn places_map_to_one_zone() {
        let z = |p: &str| place_zone(p).map(Tz::name);
        assert_eq!(z("Amsterdam, Netherlands"), Some("Europe/Amsterdam"));
        assert_eq!(z("RAI, Amsterdam, Netherlands"), Some("Europe/Amsterdam"));
        assert_eq!(z("New York"), Some("America/New_York"));
        assert_eq!(z("Brussels"), Some("Europe/Brussels"));
        assert_eq!(z("Kochi, India"), Some("Asia/Kolkata"));
        assert_eq!(z("Lyon, France"), Some("Europe/Paris"));
        assert_eq!(z("Europe/Vienna"), Some("Europe/Vienna"));
        assert_eq!(z("Online"), None);
        assert_eq!(z("Hall 1"), None);
        assert_eq!(z(""), None);
    }

    #[test]
    fn the_order_is_given_named_city_offsets_floating() {
        let mut clues = ZoneClues {
            places: vec!["Berlin, Germany"],
            offsets: vec![at("2024-12-27T11:00:00+01:00")],
            ..ZoneClues::default()
        };
        // The named city matches the offsets: its zone.
        assert_eq!(choose(&clues).zone, Tz::Europe__Berlin);
        assert_eq!(
            choose(&clues).basis,
            ZoneBasis::City("Berlin, Germany".into())
        );
        // A city that contradicts the offsets loses to them: times as printed.
        clues.places = vec!["Tokyo"];
        let c = choose(&clues);
        assert_eq!(c.zone.name(), "Etc/GMT-1");
        assert!(matches!(c.basis, ZoneBasis::Offsets(_)));
        // --tz wins over both; a zone the file names over everything.
        clues.given = Some(Tz::Asia__Tokyo);
        assert_eq!(choose(&clues).basis, ZoneBasis::Given);
        clues.named = Some(Tz::Europe__Paris);
        assert_eq!(choose(&clues).zone, Tz::Europe__Paris);
        // Nothing at all: floating.
        let none = choose(&ZoneClues::default());
        assert!(none.floating());
        assert_eq!(none.note().as_deref(), Some(FLOATING_NOTE));
    }

    #[test]
    fn offsets_show_as_printed() {
        let z = |s: &[&str]| offset_zone(&s.iter().map(|s| at(s)).collect::<Vec<_>>()).unwrap();
        let plus_one = z(&["2024-02-03T09:00:00+01:00"]);
        let t = at("2024-02-03T09:00:00+01:00").with_timezone(&plus_one);
        assert_eq!(t.format("%H:%M").to_string(), "09:00");
        assert_eq!(z(&["2024-02-03T09:00:00-05:00"]).name(), "Etc/GMT+5");
        // Half hours have no Etc zone: a real zone that keeps them.
        let india = z(&["2023-09-10T10:00:00+05:30"]);
        let t = at("2023-09-10T10:00:00+05:30").with_timezone(&india);
        assert_eq!(t.format("%H:%M %:z").to_string(), "10:00 +05:30");
    }
}
