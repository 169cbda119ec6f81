//! A session's links in the interface: the detail lists them, `o` asks to open the highlighted
//! one (an effect; nothing is launched here), `O` moves the highlight, and addresses become OSC 8
//! hyperlinks only when asked for.

#![allow(clippy::unwrap_used)]

use std::path::Path;

use hallway::formats::{self, LoadOptions};
use hallway::plan::Agenda;
use hallway::tui::action::Action;
use hallway::tui::app::App;
use hallway::tui::keymap::{KeyMode, Keymap};
use hallway::tui::msg::{Effect, Msg, Opened};
use hallway::tui::theme::Theme;
use hallway::tui::views;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

/// The links fixture at 9:00 on its day, the cursor on session `id`.
fn app_on(id: &str, width: u16, height: u16) -> App {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/links/frab.xml");
    let schedule = formats::load_file(&path, LoadOptions::default()).unwrap();
    let agenda = Agenda::new(&schedule.conference.id);
    let tz = schedule.conference.timezone;
    let now = chrono::DateTime::parse_from_rfc3339("2026-01-31T09:00:00+01:00")
        .unwrap()
        .to_utc();
    let mut app = App::new(schedule, agenda, tz, now, Rect::new(0, 0, width, height));
    app.theme = Theme {
        color: false,
        ..Theme::default()
    };
    let (pos, _) = app.schedule.find(id).unwrap();
    while app.selected() != Some(pos) {
        app.update(Action::Down);
    }
    app
}

fn buffer(app: &App) -> Buffer {
    let size = app.screen.size;
    let mut terminal = Terminal::new(TestBackend::new(size.width, size.height)).unwrap();
    terminal.draw(|f| views::draw(app, f)).unwrap();
    terminal.backend().buffer().clone()
}

fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        for x in 0..buf.area.width {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

#[test]
fn the_detail_lists_links_with_kind_title_and_address_120x40() {
    let app = app_on("1", 120, 40);
    let screen = text(&buffer(&app));
    assert!(
        screen.contains("links     ▸ page       Session page"),
        "{screen}"
    );
    assert!(
        screen.contains("https://linkcon.example/event/1/"),
        "{screen}"
    );
    assert!(screen.contains("chat       Chat room(app)"), "{screen}");
    assert!(!screen.contains("javascript"), "{screen}");
    assert!(
        !screen.contains('\u{1b}'),
        "no escape without hyperlinks asked for"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn o_asks_to_open_the_page_and_capital_o_chooses_the_next_link() {
    let mut app = app_on("1", 120, 40);
    assert_eq!(
        app.update(key('o')),
        [Effect::Open {
            url: "https://linkcon.example/event/1/".into()
        }]
    );
    assert_eq!(
        app.status.as_deref(),
        Some("opening https://linkcon.example/event/1/")
    );
    // O moves to the feedback link and says which it is; o then opens that one.
    assert!(app.update(key('O')).is_empty());
    assert_eq!(
        app.status.as_deref(),
        Some("link 2/9: feedback · Submit Feedback (o opens it)")
    );
    assert!(text(&buffer(&app)).contains("▸ feedback   Submit Feedback"));
    assert_eq!(
        app.update(key('o')),
        [Effect::Open {
            url: "https://pretalx.linkcon.example/talk/1/feedback/".into()
        }]
    );
    // Round the end back to the page.
    for _ in 0..8 {
        app.update(key('O'));
    }
    assert_eq!(
        app.update(Action::OpenLink),
        [Effect::Open {
            url: "https://linkcon.example/event/1/".into()
        }]
    );
    // The keys work while the detail has the keyboard too.
    app.update(Action::ToggleDetail);
    assert_eq!(app.update(key('o')).len(), 1);

    // What came of it is said in the status line.
    app.update(Msg::Opened {
        url: "https://linkcon.example/event/1/".into(),
        outcome: Opened::Failed("no browser found".into()),
    });
    assert_eq!(
        app.status.as_deref(),
        Some("could not open https://linkcon.example/event/1/: no browser found")
    );
    app.update(Msg::Opened {
        url: "https://linkcon.example/event/1/".into(),
        outcome: Opened::Launched,
    });
    assert_eq!(
        app.status.as_deref(),
        Some("opened https://linkcon.example/event/1/ in the browser")
    );
}

#[test]
fn another_session_starts_again_at_its_page_and_one_without_links_says_so() {
    let mut app = app_on("1", 120, 40);
    app.update(key('O'));
    app.update(Action::Down);
    // Session 2's only link was data: (dropped): nothing to open.
    assert!(app.update(key('o')).is_empty());
    assert_eq!(
        app.status.as_deref(),
        Some("this session has no page or link to open")
    );
    app.update(Action::Up);
    assert_eq!(
        app.update(key('o')),
        [Effect::Open {
            url: "https://linkcon.example/event/1/".into()
        }]
    );
}

#[test]
fn the_key_table_has_o_and_capital_o() {
    let keymap = Keymap::default();
    let press = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    assert_eq!(
        keymap.action(KeyMode::Normal, press('o')),
        Some(Action::OpenLink)
    );
    assert_eq!(
        keymap.action(KeyMode::Normal, press('O')),
        Some(Action::NextLink)
    );
    assert_eq!(
        keymap.action(KeyMode::Detail, press('o')),
        Some(Action::OpenLink)
    );
}

/// With hyperlinks asked for, every cell of an address is a whole OSC 8 link to that address
/// (with a forced width of one); the rest of the screen is unchanged.
#[test]
fn addresses_become_osc8_hyperlinks_only_when_asked_for() {
    let mut app = app_on("1", 120, 40);
    let plain = buffer(&app);
    app.links.hyperlinks = true;
    let linked = buffer(&app);
    let url = "https://chat.linkcon.example/#/room/#janson:linkcon.example";
    let mut cells = 0;
    for y in 0..plain.area.height {
        for x in 0..plain.area.width {
            let (before, after) = (&plain[(x, y)], &linked[(x, y)]);
            if before.symbol() == after.symbol() {
                continue;
            }
            let open = after.symbol().strip_suffix("\u{1b}]8;;\u{1b}\\").unwrap();
            let (head, ch) = open.rsplit_once("\u{1b}\\").unwrap();
            assert_eq!(ch, before.symbol(), "the character is kept");
            assert!(head.starts_with("\u{1b}]8;id=hallway-link-"), "{head:?}");
            if head.ends_with(&format!(";{url}")) {
                cells += 1;
            }
            assert_eq!(
                after.diff_option,
                ratatui::buffer::CellDiffOption::ForcedWidth(std::num::NonZeroU16::MIN)
            );
        }
    }
    // Every cell of the chat address, on whatever rows it is cut into.
    assert_eq!(cells, url.len());
}

#[test]
fn the_links_hint_names_the_keys_as_rebound() {
    let mut app = app_on("1", 120, 40);
    app.keymap = Keymap::with_overrides(&[
        ("open_link", vec!["b".into()]),
        ("next_link", vec!["B".into()]),
    ])
    .unwrap();
    let screen = text(&buffer(&app));
    assert!(screen.contains("b opens the ▸ link, B chooses"), "{screen}");
    assert!(!screen.contains("o opens"), "{screen}");
    app.update(key('B'));
    assert_eq!(
        app.status.as_deref(),
        Some("link 2/9: feedback · Submit Feedback (b opens it)")
    );
    // An action the config left without a key is not hinted at all.
    app.keymap = Keymap::with_overrides(&[("next_link", vec![])]).unwrap();
    let screen = text(&buffer(&app));
    assert!(screen.contains("o opens the ▸ link"), "{screen}");
    assert!(!screen.contains("chooses the next"), "{screen}");
}
