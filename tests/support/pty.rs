//! The real binary in a pseudo-terminal: type as a person would, read the screen, keep every
//! byte written to the terminal (to check what was switched on and off), send signals.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// How long a test waits for something to appear before it fails (never a timing assert:
/// a loaded machine only makes it wait longer).
const PATIENCE: Duration = Duration::from_secs(20);

/// Counts the terminal bells the program rings.
#[derive(Default)]
pub struct Bells(usize);

impl vt100::Callbacks for Bells {
    fn audible_bell(&mut self, _: &mut vt100::Screen) {
        self.0 += 1;
    }
}

/// A hallway process in a pseudo-terminal (100x30 unless a test asks for another size); a
/// reader thread keeps its screen up to date and every byte it wrote.
pub struct Pty {
    screen: Arc<Mutex<vt100::Parser<Bells>>>,
    bytes: Arc<Mutex<Vec<u8>>>,
    /// The reader has seen the end of the output (the process and its children are gone).
    drained: Arc<AtomicBool>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Pty {
    /// Starts `hallway ARGS` with its data in `data`, at a fixed time during the demo
    /// conference, with no proxy, no remembered schedule and nothing from the caller's
    /// environment that changes the interface (config file, reminders, refresh, colour);
    /// `env` adds or overrides.
    pub fn start(data: &Path, args: &[&str], env: &[(&str, &str)]) -> Pty {
        Pty::start_sized(data, args, env, (30, 100))
    }

    /// [`Pty::start`] in a terminal of `(rows, cols)`.
    pub fn start_sized(
        data: &Path,
        args: &[&str],
        env: &[(&str, &str)],
        (rows, cols): (u16, u16),
    ) -> Pty {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_hallway"));
        cmd.args(args);
        cmd.env("HALLWAY_DATA_DIR", data);
        cmd.env("HALLWAY_NOW", "2024-03-20T11:10:00+01:00");
        cmd.env("TERM", "xterm-256color");
        for var in [
            "HALLWAY_SCHEDULE",
            "HALLWAY_CONFIG",
            "HALLWAY_TEAM_DIR",
            "HALLWAY_REMIND",
            "HALLWAY_REFRESH_EVERY",
            "NO_COLOR",
        ] {
            cmd.env_remove(var);
        }
        for proxy in [
            "ALL_PROXY",
            "all_proxy",
            "HTTPS_PROXY",
            "https_proxy",
            "HTTP_PROXY",
            "http_proxy",
        ] {
            cmd.env_remove(proxy);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pty.slave.spawn_command(cmd).expect("hallway starts");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("a reader");
        let writer = pty.master.take_writer().expect("a writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new_with_callbacks(
            rows,
            cols,
            0,
            Bells::default(),
        )));
        let bytes = Arc::new(Mutex::new(Vec::new()));
        let (feed, record) = (Arc::clone(&screen), Arc::clone(&bytes));
        let drained = Arc::new(AtomicBool::new(false));
        let end = Arc::clone(&drained);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                record.lock().expect("bytes").extend_from_slice(&buf[..n]);
                feed.lock().expect("screen").process(&buf[..n]);
            }
            end.store(true, Ordering::SeqCst);
        });
        // Keep the master open as long as the session.
        std::mem::forget(pty.master);
        Pty {
            screen,
            bytes,
            drained,
            writer,
            child,
        }
    }

    /// The screen as text.
    pub fn contents(&self) -> String {
        self.screen.lock().expect("screen").screen().contents()
    }

    /// Line `row` of the screen (from 0), its trailing blanks dropped.
    pub fn row(&self, row: u16) -> String {
        let parser = self.screen.lock().expect("screen");
        let (_, cols) = parser.screen().size();
        parser
            .screen()
            .rows(0, cols)
            .nth(usize::from(row))
            .unwrap_or_default()
    }

    /// The screen's state (alternate screen, mouse mode, bracketed paste...).
    pub fn screen(&self) -> vt100::Screen {
        self.screen.lock().expect("screen").screen().clone()
    }

    /// How many times the process rang the terminal's bell.
    pub fn bells(&self) -> usize {
        self.screen.lock().expect("screen").callbacks().0
    }

    /// Waits until the bell has rung `n` times (the bell follows the frame that asked for it),
    /// or fails with how many times it rang.
    pub fn wait_for_bells(&self, n: usize) {
        let deadline = Instant::now() + PATIENCE;
        while self.bells() < n && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(self.bells(), n, "bells rung:\n{}", self.contents());
    }

    /// Whether the process still runs.
    pub fn running(&mut self) -> bool {
        self.child.try_wait().expect("child status").is_none()
    }

    /// Every byte the process wrote to the terminal so far.
    pub fn bytes(&self) -> Vec<u8> {
        self.bytes.lock().expect("bytes").clone()
    }

    /// Waits until the screen shows `text`, or fails with what it shows.
    pub fn wait_for(&self, text: &str) {
        self.wait_until(&format!("{text:?} on screen"), |screen| {
            screen.contains(text)
        });
    }

    /// Waits until `ready` holds for the screen's text, or fails with what it shows.
    pub fn wait_until(&self, what: &str, ready: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            if ready(&self.contents()) {
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        panic!("never saw {what}:\n{}", self.contents());
    }

    /// Waits until the screen no longer shows `text`, or fails with what it shows.
    pub fn wait_gone(&self, text: &str) {
        self.wait_until(&format!("{text:?} gone"), |screen| !screen.contains(text));
    }

    pub fn keys(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("keys sent");
        self.writer.flush().expect("keys sent");
    }

    /// Sends a signal (`TERM`, `HUP`, `INT`, `KILL`...) to the process.
    pub fn signal(&self, name: &str) {
        let pid = self.child.process_id().expect("a pid");
        let status = std::process::Command::new("kill")
            .args([&format!("-{name}"), &pid.to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -{name} {pid}");
    }

    /// Waits for the process to end and gives its exit code (a signal's death gives none).
    /// Everything it wrote before it ended has been read by then (the screen and the bytes are
    /// final), unless a process it started still holds the terminal.
    pub fn wait_exit(&mut self) -> Option<u32> {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().expect("child status") {
                let drain = Instant::now() + Duration::from_secs(2);
                while !self.drained.load(Ordering::SeqCst) && Instant::now() < drain {
                    std::thread::sleep(Duration::from_millis(5));
                }
                // portable-pty reports a death by signal as a failure with code 1 and the
                // signal's name; tell them apart.
                return status.signal().is_none().then(|| status.exit_code());
            }
            assert!(
                Instant::now() < deadline,
                "hallway did not exit:\n{}",
                self.contents()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Whether the last time `on` was written it was followed by `off`: a mode switched on at
/// some point is switched off again (or was never switched on).
pub fn switched_off(bytes: &[u8], on: &[u8], off: &[u8]) -> bool {
    let last = |needle: &[u8]| bytes.windows(needle.len()).rposition(|w| w == needle);
    match (last(on), last(off)) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(on), Some(off)) => off > on,
    }
}
