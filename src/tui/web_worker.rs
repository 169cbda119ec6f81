//! The web worker: refreshes of a schedule from the web, off the interface's loop.
//!
//! The loop asks with [`super::msg::Effect::Refresh`]; the worker makes the conditional request,
//! reads a new version if one came (the parse is here, not on the loop), updates the copy as
//! `hallway refresh` does, and answers [`Msg::Fetched`]. A slow or silent server therefore never
//! delays a key: the loop only ever receives the result.

use std::sync::mpsc::{self, Sender};

use chrono::{DateTime, Duration, Utc};

use super::Options;
use super::app::web::{Fetched, Web};
use super::msg::Msg;
use crate::fetch::Client;
use crate::formats::LoadOptions;
use crate::opened::Source;
use crate::remote::{self, Outcome, RemoteStore};
use crate::store::DataDir;

/// Starts the worker for a schedule from the web; `None` for a file or the demo (or a copy that
/// cannot be read, which opening would have refused already).
pub fn start(
    source: &Source,
    data: &DataDir,
    load: LoadOptions,
    options: &Options,
    to_loop: Sender<Msg>,
    clock: impl Fn() -> DateTime<Utc> + Send + 'static,
) -> Option<(Web, Sender<()>)> {
    let Source::Remote { url, .. } = source else {
        return None;
    };
    let store = RemoteStore::new(data.root());
    let copy = store.get(url).ok().flatten()?;
    let every = options
        .refresh_every
        .and_then(|d| Duration::from_std(d).ok());
    let web = Web::new(copy, every);
    let (requests, inbox) = mpsc::channel::<()>();
    let url = url.clone();
    let limits = options.fetch_limits;
    // A new version is read as the schedule was opened: with the zone given then (Sched
    // names none; a floating schedule stays floating).
    std::thread::spawn(move || {
        let client = Client::new(limits);
        while inbox.recv().is_ok() {
            // Requests that piled up while one ran are one refresh.
            while inbox.try_recv().is_ok() {}
            let existing = store.get(&url).ok().flatten();
            let fetched =
                match remote::fetch(&store, &client, &url, existing.as_ref(), clock(), load) {
                    Ok(Outcome::Updated { copy, schedule, .. }) => Fetched::Updated {
                        schedule,
                        copy: Box::new(copy),
                    },
                    Ok(Outcome::Unchanged { copy, .. }) => Fetched::Unchanged {
                        copy: Box::new(copy),
                    },
                    Err(e) => Fetched::Failed {
                        message: e.to_string(),
                    },
                };
            if to_loop.send(Msg::Fetched(Box::new(fetched))).is_err() {
                return;
            }
        }
    });
    Some((web, requests))
}
