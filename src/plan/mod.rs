//! What the attendee decides and what hallway works out from it.
//!
//! `agenda` holds the decisions (stars, hides, notes, ratings). Analyses of a schedule against an
//! agenda (conflicts, crowding, changes) live beside it.

pub mod agenda;

pub use agenda::{Agenda, Change};
