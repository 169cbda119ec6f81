//! Session ids as people type them: the whole id, or any unique beginning of it (Sched's ids are
//! 32 characters long; nobody types them out).

use std::fmt::Write as _;

use super::{BadInput, Context};
use crate::schedule::Schedule;

/// Candidates listed when a prefix is ambiguous.
const MAX_CANDIDATES: usize = 10;

/// The position of the session whose id is `id`, or whose id alone starts with it.
///
/// An unknown id and an ambiguous prefix are bad input (exit 2); the ambiguous one lists the
/// sessions it could mean.
pub fn resolve(ctx: &Context, id: &str) -> anyhow::Result<usize> {
    resolve_in(&ctx.schedule, id).map_err(|e| BadInput(e).into())
}

/// [`resolve`] on a bare schedule, with the error as text.
pub fn resolve_in(sch: &Schedule, id: &str) -> Result<usize, String> {
    if let Some((i, _)) = sch.find(id) {
        return Ok(i);
    }
    let matches = if id.is_empty() {
        Vec::new()
    } else {
        sch.sessions()
            .iter()
            .enumerate()
            .filter(|(_, s)| s.id.starts_with(id))
            .map(|(i, _)| i)
            .collect()
    };
    match matches.as_slice() {
        [one] => Ok(*one),
        [] => Err(format!(
            "no session with id \"{id}\" in {} (ids are in the first column of `hallway list`)",
            sch.conference.title
        )),
        many => {
            let mut text = format!(
                "\"{id}\" is the start of {} session ids; give more of it:",
                many.len()
            );
            for &i in many.iter().take(MAX_CANDIDATES) {
                let s = sch.session(i);
                let _ = write!(text, "\n  {}  {}", s.id, crate::text::clean_line(&s.title));
            }
            if many.len() > MAX_CANDIDATES {
                let _ = write!(text, "\n  … and {} more", many.len() - MAX_CANDIDATES);
            }
            Err(text)
        }
    }
}

/// The full id of every id or prefix given, in order, each resolved as [`resolve`] does.
pub fn resolve_all(ctx: &Context, ids: &[String]) -> anyhow::Result<Vec<String>> {
    ids.iter()
        .map(|id| resolve(ctx, id).map(|i| ctx.schedule.session(i).id.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unique_prefix_finds_its_session_and_an_ambiguous_one_lists_them() {
        let sch = crate::demo::load().unwrap();
        let first = sch.sessions()[0].id.clone();
        assert_eq!(resolve_in(&sch, &first), Ok(0));
        // Demo ids are "kc24-NNNN": "kc24-" starts them all.
        let err = resolve_in(&sch, "kc24-").unwrap_err();
        assert!(err.contains("session ids; give more of it"), "{err}");
        assert!(err.contains("… and"), "{err}");
        let err = resolve_in(&sch, "nope").unwrap_err();
        assert!(err.starts_with("no session with id \"nope\""), "{err}");
        assert!(resolve_in(&sch, "").is_err());
    }
}
