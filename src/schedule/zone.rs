//! The venue's zone: the one the attendee gave, else what the file tells, else an admission
//! that nothing says.
//!
//! The rules, in order (docs/import-formats.md): the zone the attendee gave (`--tz`, also
//! remembered per schedule); the zone the file names by its IANA name; a city the file names
//! that maps to one IANA zone; the UTC offsets its timestamps carry (the named city's zone when
//! it matches them, else a fixed-offset zone, so times show exactly as printed). When nothing
//! says, the times are **floating**: wall-clock times of an unknown zone, kept as printed
//! (stored as UTC, flagged).
//!
//! A given zone places the file's clock times (those printed without an offset); the instants
//! a file gives (UTC, offsets, a `TZID`) never move. When it contradicts what the file tells,
//! the choice carries a note that names both.

use chrono::{DateTime, FixedOffset, Offset, TimeZone, Utc};
use chrono_tz::{TZ_VARIANTS, Tz};

/// The zone the attendee gave: `--tz` on this command, or the one remembered for the schedule
/// from an earlier `--tz`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GivenZone {
    pub zone: Tz,
    /// Remembered from an earlier `--tz` rather than given now (only changes the wording).
    pub remembered: bool,
}

impl GivenZone {
    /// A zone given on this command.
    pub fn now(zone: Tz) -> Self {
        GivenZone {
            zone,
            remembered: false,
        }
    }

    /// How messages name it.
    fn said(self) -> String {
        if self.remembered {
            format!(
                "the zone remembered from an earlier --tz ({})",
                self.zone.name()
            )
        } else {
            format!("--tz {}", self.zone.name())
        }
    }
}

/// What a file tells about its zone, gathered by a reader before it resolves any time.
#[derive(Debug, Default)]
pub struct ZoneClues<'a> {
    /// `--tz`, or the zone remembered for this schedule.
    pub given: Option<GivenZone>,
    /// The zone the file names (an IANA name it gave).
    pub named: Option<Tz>,
    /// Places the file names, most specific first ("Amsterdam, Netherlands", "Brussels").
    pub places: Vec<&'a str>,
    /// Timestamps as printed with their offsets (a few samples are enough).
    pub offsets: Vec<DateTime<FixedOffset>>,
    /// Whether the file prints (some of) its times as clock times with no offset, which the
    /// venue's zone places.
    pub clock_times: bool,
    /// Whether it gives instants besides the `offsets` sampled (iCalendar's UTC and `TZID`
    /// times, which say nothing of the venue's zone).
    pub instants: bool,
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

/// What the file tells that a given zone contradicts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileZone {
    Named(Tz),
    /// A place it names, and that place's zone.
    Place(String, Tz),
    /// The offset its timestamps carry (the first sampled).
    Offset(FixedOffset),
}

/// A given zone that contradicts the file, and what that did to the file's times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overridden {
    pub given: GivenZone,
    pub file: FileZone,
    /// The file prints clock times (now read in the given zone).
    pub clock_times: bool,
    /// The file gives instants (they stay as they are).
    pub instants: bool,
}

impl Overridden {
    /// The warning: both zones named, and what happened to the times.
    pub fn note(&self) -> String {
        let tz = self.given.zone.name();
        let file = match &self.file {
            FileZone::Named(z) => format!("the zone the file names ({})", z.name()),
            FileZone::Place(p, z) => {
                format!("the place the file names (\"{p}\", {})", z.name())
            }
            FileZone::Offset(o) => format!("the offset the file's times carry ({o})"),
        };
        let effect = match (self.clock_times, self.instants) {
            (true, false) => format!("its clock times are read as {tz} times"),
            (true, true) => format!(
                "the times it gives with an offset or in UTC stay those instants, and its clock times are read as {tz} times"
            ),
            (false, _) => "its times stay the instants it gives".to_string(),
        };
        format!(
            "{} contradicts {file}: {effect}; days and times shown follow {tz}",
            self.given.said()
        )
    }
}

/// The zone a reader resolves its times in, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneChoice {
    pub zone: Tz,
    pub basis: ZoneBasis,
    /// A given zone that contradicts what the file tells (only with [`ZoneBasis::Given`]).
    pub overridden: Option<Overridden>,
    /// The zone the file names when every offset its times carry contradicts it (pretalx's
    /// demo says UTC and prints +01:00), with the first of those offsets: the times follow
    /// the offsets, as printed, and the zone is found from them.
    pub named_contradicted: Option<(Tz, FixedOffset)>,
}

impl ZoneChoice {
    /// Times of an unknown zone: nothing says where they are.
    pub fn floating() -> Self {
        ZoneChoice {
            zone: Tz::UTC,
            basis: ZoneBasis::Floating,
            overridden: None,
            named_contradicted: None,
        }
    }

    /// The zone the attendee gave, for a file that tells nothing to contradict it.
    pub fn given(given: GivenZone) -> Self {
        ZoneChoice {
            zone: given.zone,
            basis: ZoneBasis::Given,
            overridden: None,
            named_contradicted: None,
        }
    }

    /// Whether times are floating (shown as printed, zone unknown).
    pub fn is_floating(&self) -> bool {
        self.basis == ZoneBasis::Floating
    }

    /// What a reader should warn about the choice, if anything.
    pub fn note(&self) -> Option<String> {
        if let Some((named, offset)) = self.named_contradicted {
            let found = match &self.basis {
                ZoneBasis::City(place) => {
                    format!(
                        "{} (the place the file names, \"{place}\")",
                        self.zone.name()
                    )
                }
                _ => self.zone.name().to_string(),
            };
            return Some(format!(
                "the file names the time zone {}, but every time it gives carries the offset {offset}, which {} does not have then: times follow the offsets, as printed, in {found}; pass --tz to name the venue's zone",
                named.name(),
                named.name()
            ));
        }
        match &self.basis {
            ZoneBasis::Given => self.overridden.as_ref().map(Overridden::note),
            ZoneBasis::Named => None,
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
/// A given zone comes first: it places the file's clock times, and days and the times shown
/// follow it. The instants the file gives stay as they are. When it contradicts the file's own
/// zone (named, from a place, or from its offsets), the choice says so.
pub fn choose(clues: &ZoneClues<'_>) -> ZoneChoice {
    let from_file = choose_from_file(clues);
    let Some(given) = clues.given else {
        return from_file;
    };
    let file = match from_file.basis {
        ZoneBasis::Named => Some(FileZone::Named(from_file.zone)),
        ZoneBasis::City(place) => Some(FileZone::Place(place, from_file.zone)),
        ZoneBasis::Offsets(offset) => Some(FileZone::Offset(offset)),
        ZoneBasis::Given | ZoneBasis::Floating => None,
    };
    let contradicted = file.filter(|f| match f {
        FileZone::Named(z) | FileZone::Place(_, z) => !same_clocks(given.zone, *z, &clues.offsets),
        FileZone::Offset(_) => !matches_offsets(given.zone, &clues.offsets),
    });
    ZoneChoice {
        overridden: contradicted.map(|file| Overridden {
            given,
            file,
            clock_times: clues.clock_times,
            instants: clues.instants || !clues.offsets.is_empty(),
        }),
        ..ZoneChoice::given(given)
    }
}

/// The rules without a given zone: what the file alone tells.
fn choose_from_file(clues: &ZoneClues<'_>) -> ZoneChoice {
    let with = |zone, basis| ZoneChoice {
        zone,
        basis,
        overridden: None,
        named_contradicted: None,
    };
    if let Some(zone) = clues.named {
        // A name that every printed offset contradicts is not the venue's clock: the times
        // are right only as the file prints them.
        if let Some(first) = clues.offsets.first()
            && !clues.offsets.iter().any(|t| has_offset(zone, t))
        {
            let mut found = choose_from_file(&ZoneClues {
                places: clues.places.clone(),
                offsets: clues.offsets.clone(),
                ..ZoneClues::default()
            });
            if !found.is_floating() {
                found.named_contradicted = Some((zone, *first.offset()));
                return found;
            }
        }
        return with(zone, ZoneBasis::Named);
    }
    let city = clues
        .places
        .iter()
        .find_map(|p| place_zone(p).map(|z| (z, (*p).to_string())));
    if let Some(first) = clues.offsets.first() {
        if let Some((zone, place)) = &city
            && matches_offsets(*zone, &clues.offsets)
        {
            return with(*zone, ZoneBasis::City(place.clone()));
        }
        if let Some(zone) = offset_zone(&clues.offsets) {
            return with(zone, ZoneBasis::Offsets(*first.offset()));
        }
    } else if let Some((zone, place)) = city {
        return with(zone, ZoneBasis::City(place));
    }
    ZoneChoice::floating()
}

/// Whether `zone` gives every sampled instant the offset it was printed with.
fn matches_offsets(zone: Tz, offsets: &[DateTime<FixedOffset>]) -> bool {
    offsets.iter().all(|t| has_offset(zone, t))
}

/// Whether `zone` gives an instant the offset it was printed with.
fn has_offset(zone: Tz, t: &DateTime<FixedOffset>) -> bool {
    zone.offset_from_utc_datetime(&t.naive_utc()).fix() == *t.offset()
}

/// Whether two zones keep the same clocks at the sampled instants (else over a year): two names
/// for one zone, or neighbours such as Amsterdam and Berlin, do not contradict each other.
fn same_clocks(a: Tz, b: Tz, samples: &[DateTime<FixedOffset>]) -> bool {
    let year = [(2026, 1), (2026, 7)]
        .into_iter()
        .filter_map(|(y, m)| Utc.with_ymd_and_hms(y, m, 15, 12, 0, 0).single())
        .map(|t| t.naive_utc());
    let at = samples.iter().map(DateTime::naive_utc);
    let agree = |t: chrono::NaiveDateTime| {
        a.offset_from_utc_datetime(&t).fix() == b.offset_from_utc_datetime(&t).fix()
    };
    a == b
        || if samples.is_empty() {
            year.into_iter().all(agree)
        } else {
            at.into_iter().all(agree)
        }
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
            Some(other) if !same_clocks(other, zone, &[]) => return None,
            Some(_) => {}
            None => found = Some(zone),
        }
    }
    found
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
        // A zone the file names comes before both.
        clues.named = Some(Tz::Europe__Paris);
        assert_eq!(choose(&clues).zone, Tz::Europe__Paris);
        assert_eq!(choose(&clues).basis, ZoneBasis::Named);
        // --tz before everything.
        clues.given = Some(GivenZone::now(Tz::Asia__Tokyo));
        assert_eq!(choose(&clues).zone, Tz::Asia__Tokyo);
        assert_eq!(choose(&clues).basis, ZoneBasis::Given);
        // Nothing at all: floating.
        let none = choose(&ZoneClues::default());
        assert!(none.is_floating());
        assert_eq!(none.note().as_deref(), Some(FLOATING_NOTE));
    }

    #[test]
    fn a_given_zone_that_contradicts_the_file_says_so_naming_both() {
        let tokyo = GivenZone::now(Tz::Asia__Tokyo);
        let note = |clues: &ZoneClues<'_>| choose(clues).note().unwrap_or_default();
        // A named zone with clock times: they are read in the given zone.
        let named = ZoneClues {
            given: Some(tokyo),
            named: Some(Tz::Europe__Berlin),
            clock_times: true,
            ..ZoneClues::default()
        };
        assert_eq!(
            note(&named),
            "--tz Asia/Tokyo contradicts the zone the file names (Europe/Berlin): its clock \
             times are read as Asia/Tokyo times; days and times shown follow Asia/Tokyo"
        );
        // Instants (offsets) stay; the note says so.
        let instants = ZoneClues {
            given: Some(tokyo),
            named: Some(Tz::Europe__Berlin),
            offsets: vec![at("2024-12-27T11:00:00+01:00")],
            ..ZoneClues::default()
        };
        let n = note(&instants);
        assert!(
            n.contains("(Europe/Berlin): its times stay the instants it gives"),
            "{n}"
        );
        // Offsets alone, a place alone: both named too.
        let offsets = ZoneClues {
            given: Some(tokyo),
            offsets: vec![at("2024-12-27T11:00:00+01:00")],
            ..ZoneClues::default()
        };
        assert!(note(&offsets).contains("contradicts the offset the file's times carry (+01:00)"));
        let place = ZoneClues {
            given: Some(GivenZone {
                zone: Tz::Europe__London,
                remembered: true,
            }),
            places: vec!["Amsterdam, Netherlands"],
            // Sched's UTC times: instants that say nothing of the zone.
            instants: true,
            ..ZoneClues::default()
        };
        assert_eq!(
            note(&place),
            "the zone remembered from an earlier --tz (Europe/London) contradicts the place the \
             file names (\"Amsterdam, Netherlands\", Europe/Amsterdam): its times stay the \
             instants it gives; days and times shown follow Europe/London"
        );
    }

    #[test]
    fn a_given_zone_that_agrees_or_has_nothing_to_contradict_is_quiet() {
        let given = |z: Tz| Some(GivenZone::now(z));
        // The same zone, or another name for the same clocks.
        for z in [Tz::Europe__Berlin, Tz::Europe__Amsterdam] {
            let c = choose(&ZoneClues {
                given: given(z),
                named: Some(Tz::Europe__Berlin),
                clock_times: true,
                ..ZoneClues::default()
            });
            assert_eq!((c.zone, c.note()), (z, None));
        }
        // Offsets the given zone keeps (winter and summer).
        let c = choose(&ZoneClues {
            given: given(Tz::Europe__Berlin),
            offsets: vec![
                at("2026-01-31T09:00:00+01:00"),
                at("2026-07-01T09:00:00+02:00"),
            ],
            ..ZoneClues::default()
        });
        assert_eq!(c.note(), None);
        // Floating times: the given zone is simply their zone.
        let c = choose(&ZoneClues {
            given: given(Tz::Europe__Oslo),
            clock_times: true,
            ..ZoneClues::default()
        });
        assert_eq!((c.zone, c.note()), (Tz::Europe__Oslo, None));
        assert_eq!(c.basis, ZoneBasis::Given);
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
