//! Synthetic schedules and agendas of any size, for benchmarks and tests (not part of the API).
//!
//! The shape follows a large conference: many rooms in a few buildings, ten slots a day, talks of
//! various lengths that start a little late or early, workshops that span two slots, a lunch in
//! the expo hall, tracks and tags of uneven popularity, some sign-up counts, and the odd double
//! booking. Sessions have speakers (a few with accented or CJK names), a subtitle now and then,
//! an abstract of a few hundred characters, a guid, a language and a URL, so that a schedule
//! written out in a published format is about as large as a real one. A fixed seed gives the same
//! schedule every time; the text comes from its own generator, so adding or changing text never
//! moves a session.

use chrono::{Duration, NaiveDate, NaiveTime};

use crate::schedule::time::resolve_local;
use crate::schedule::{
    Conference, Location, Room, RoomId, Schedule, ScheduleBuilder, SessionDraft, SessionKind,
    Speaker, Walk,
};

use super::agenda::Agenda;

/// A small deterministic generator (splitmix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// Skewed towards 0: the square of a uniform draw, so a few values are much commoner.
    pub fn skewed(&mut self, n: usize) -> usize {
        let a = self.below(n);
        let b = self.below(n);
        a * b / n.max(1)
    }
}

const SLOTS: [(u32, u32); 10] = [
    (9, 0),
    (10, 0),
    (11, 0),
    (12, 0),
    (13, 0),
    (14, 0),
    (15, 0),
    (16, 0),
    (17, 0),
    (18, 0),
];

/// A schedule of about `sessions` sessions.
pub fn schedule(sessions: usize, seed: u64) -> Schedule {
    let mut rng = Rng::new(seed);
    let zone = chrono_tz::Europe::Paris;
    let rooms = 20 + sessions / 1000;
    let per_day = rooms * SLOTS.len();
    let days = sessions.div_ceil(per_day).max(1);
    let first = NaiveDate::from_ymd_opt(2030, 1, 7).unwrap_or_default();
    let conference = Conference {
        id: format!("synthetic-{sessions}"),
        title: format!("Synthetic Conference ({sessions} sessions)"),
        timezone: zone,
        venue: None,
        start_date: first,
        end_date: first + Duration::days(days as i64 - 1),
        day_change: NaiveTime::MIN,
        expected_attendance: Some((rooms * 120) as u32),
        url: None,
    };
    let mut b = ScheduleBuilder::new(conference, true);
    let zones = ["north", "south", "east", "west"];
    let mut room_ids: Vec<RoomId> = Vec::with_capacity(rooms);
    for r in 0..rooms {
        room_ids.push(b.add_room(Room {
            name: format!("Room {r}"),
            capacity: Some([80, 120, 150, 250, 400, 800, 1500][rng.skewed(7)]),
            location: Location {
                building: Some(format!("Hall {}", r % 3)),
                floor: Some(format!("Level {}", r % 2)),
                zone: Some(zones[r % 4].to_string()),
            },
            recorded: Some(r % 5 != 0),
        }));
    }
    let expo = b.add_room(Room {
        name: "Expo".into(),
        capacity: Some(5000),
        location: Location::default(),
        recorded: Some(false),
    });
    for z in 0..zones.len() {
        b.add_walk(&Walk {
            from: zones[z].into(),
            to: zones[(z + 1) % zones.len()].into(),
            minutes: 3,
        });
    }
    let tracks: Vec<_> = (0..24)
        .filter_map(|t| b.track_named(&format!("Track {t}")))
        .collect();
    let kinds = [
        SessionKind::Talk,
        SessionKind::Talk,
        SessionKind::Talk,
        SessionKind::Talk,
        SessionKind::Panel,
        SessionKind::Lightning,
        SessionKind::Workshop,
        SessionKind::Keynote,
    ];
    let mut text = Rng::new(seed ^ 0x7e57_7e57);
    let mut made = 0;
    'days: for d in 0..days {
        let date = first + Duration::days(d as i64);
        let at = |h: u32, m: u32| {
            NaiveTime::from_hms_opt(h, m, 0)
                .and_then(|t| resolve_local(date.and_time(t), zone).ok())
        };
        if let (Some(start), Some(end)) = (at(12, 30), at(13, 30)) {
            let mut lunch = SessionDraft::new(format!("d{d}-lunch"), "Lunch", start, end);
            lunch.kind = SessionKind::Break;
            lunch.room = Some(expo);
            b.add_session(lunch);
        }
        for (slot, &(h, m)) in SLOTS.iter().enumerate() {
            for &room in &room_ids {
                if made >= sessions {
                    break 'days;
                }
                let Some(start) = at(h, m) else { continue };
                let start = start + Duration::minutes([0, 0, 0, 5, 10, -5][rng.below(6)]);
                let kind = kinds[rng.below(kinds.len())];
                let minutes = match kind {
                    SessionKind::Workshop => 110,
                    SessionKind::Lightning => 10,
                    _ => [25, 35, 40, 50][rng.below(4)],
                };
                let end = start + Duration::minutes(minutes);
                let mut s = SessionDraft::new(
                    format!("s{made}"),
                    format!("Session {made} on topic {}", rng.below(500)),
                    start,
                    end,
                );
                s.kind = kind;
                s.room = Some(room);
                s.track = tracks.get(rng.skewed(tracks.len())).copied();
                s.tags = (0..=rng.below(3))
                    .map(|_| format!("tag{}", rng.skewed(60)))
                    .collect();
                if rng.below(10) == 0 {
                    s.interest = Some(rng.below(600) as u32);
                }
                if slot == 3 && rng.below(4) == 0 {
                    // Runs into lunch.
                    s.end = end + Duration::minutes(30);
                }
                words(&mut text, &mut s, made);
                b.add_session(s);
                made += 1;
            }
        }
    }
    b.build("hallway")
}

const WORDS: [&str; 48] = [
    "cloud",
    "native",
    "kernel",
    "observability",
    "security",
    "supply",
    "chain",
    "platform",
    "engineering",
    "scaling",
    "clusters",
    "networking",
    "storage",
    "operators",
    "policy",
    "tracing",
    "metrics",
    "logs",
    "edge",
    "serverless",
    "runtime",
    "containers",
    "scheduling",
    "latency",
    "migration",
    "lessons",
    "learned",
    "production",
    "incidents",
    "automation",
    "developer",
    "experience",
    "open",
    "source",
    "community",
    "governance",
    "performance",
    "memory",
    "safety",
    "rust",
    "webassembly",
    "gateway",
    "service",
    "mesh",
    "identity",
    "secrets",
    "costs",
    "testing",
];
const FIRST: [&str; 16] = [
    "Ada",
    "Grace",
    "Linus",
    "Margaret",
    "Ken",
    "Barbara",
    "Dennis",
    "Frances",
    "José",
    "Zoë",
    "Søren",
    "Amélie",
    "Yukihiro",
    "Mei",
    "Priya",
    "Oluwaseun",
];
const LAST: [&str; 16] = [
    "Lovelace",
    "Hopper",
    "Torvalds",
    "Hamilton",
    "Thompson",
    "Liskov",
    "Ritchie",
    "Allen",
    "García",
    "Müller",
    "Kierkegaard",
    "Dubois",
    "松本",
    "Chen",
    "Raman",
    "Adeyemi",
];
const COMPANIES: [&str; 8] = [
    "Acme Corp",
    "Initech",
    "Globex",
    "Umbrella",
    "Hooli",
    "Stark Industries",
    "Wayne Tech",
    "Cyberdyne",
];

/// Speakers, an abstract, sometimes a subtitle, and the ids a published schedule carries.
fn words(rng: &mut Rng, s: &mut SessionDraft, n: usize) {
    let speakers = [1, 1, 1, 2, 2, 3][rng.below(6)];
    for _ in 0..speakers {
        s.speakers.push(Speaker {
            name: format!(
                "{} {}",
                FIRST[rng.below(FIRST.len())],
                LAST[rng.below(LAST.len())]
            ),
            company: (rng.below(4) != 0).then(|| COMPANIES[rng.below(COMPANIES.len())].into()),
        });
    }
    if rng.below(4) == 0 {
        let count = 4 + rng.below(5);
        s.subtitle = Some(sentence(rng, count));
    }
    // Two to six sentences: 150 to 700 characters, as abstracts run.
    let sentences = 2 + rng.below(5);
    let mut abstract_text = String::with_capacity(sentences * 90);
    for k in 0..sentences {
        if k > 0 {
            abstract_text.push(' ');
        }
        let count = 8 + rng.below(10);
        abstract_text.push_str(&sentence(rng, count));
        abstract_text.push('.');
    }
    s.abstract_text = abstract_text;
    s.guid = Some(format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        n,
        rng.below(0x10000),
        rng.below(0x1000),
        rng.below(0x1000),
        rng.next_u64() & 0xffff_ffff_ffff
    ));
    s.language = Some(if rng.below(10) == 0 { "de" } else { "en" }.into());
    s.url = Some(format!("https://synthetic.example/talk/s{n}"));
}

/// `count` words, the first capitalised.
fn sentence(rng: &mut Rng, count: usize) -> String {
    let mut out = String::with_capacity(count * 9);
    for k in 0..count {
        let w = WORDS[rng.below(WORDS.len())];
        if k == 0 {
            let mut chars = w.chars();
            if let Some(c) = chars.next() {
                out.push(c.to_ascii_uppercase());
                out.push_str(chars.as_str());
            }
        } else {
            out.push(' ');
            out.push_str(w);
        }
    }
    out
}

/// An agenda with `stars` sessions starred, spread over the schedule.
pub fn agenda(schedule: &Schedule, stars: usize, seed: u64) -> Agenda {
    let mut rng = Rng::new(seed);
    let mut agenda = Agenda::new(schedule.conference.id.clone());
    let n = schedule.sessions().len();
    if n == 0 {
        return agenda;
    }
    while agenda.stars.len() < stars.min(n) {
        agenda
            .stars
            .insert(schedule.session(rng.below(n)).id.clone());
    }
    agenda
}

/// A teammate's share for the team benchmarks: `stars` stars (the `member`th seed), a note and a
/// rating on every tenth, two interests (a track and "security"), named "member00", "member01"…
pub fn team_share(
    schedule: &Schedule,
    member: usize,
    stars: usize,
    at: chrono::DateTime<chrono::Utc>,
) -> super::team::Share {
    let mut agenda = self::agenda(schedule, stars, 100 + member as u64);
    let noted: Vec<String> = agenda.stars.iter().step_by(10).cloned().collect();
    for id in noted {
        agenda.apply(&super::Change::SetNote {
            id: id.clone(),
            base: String::new(),
            text: "Good talk.\nSlides: https://example.org/slides\n- point one\n- point two".into(),
            at,
        });
        agenda.apply(&super::Change::Rate { id, stars: Some(4) });
    }
    let tracks = &schedule.tracks;
    let mut interests = vec!["security".to_string()];
    if !tracks.is_empty() {
        interests.insert(0, tracks[member % tracks.len()].name.clone());
    }
    super::team::Share::of(
        schedule,
        &agenda,
        &format!("member{member:02}"),
        super::team::ShareOptions {
            notes: true,
            url: None,
            interests,
            at,
        },
    )
}
