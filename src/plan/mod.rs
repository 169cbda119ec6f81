//! What the attendee decides and what hallway works out from it.
//!
//! `agenda` holds the decisions (stars, hides, notes, ratings). Analyses of a schedule against an
//! agenda live beside it:
//! - `walking`: minutes between rooms, from the schedule's table or from where rooms are;
//! - `crowding`: every session's overcrowding risk, with its reason;
//! - `conflicts`: overlaps, room changes, crowded sessions and lunch among starred sessions;
//! - `analysis`: [`Analysis`], which keeps all of it up to date one star toggle at a time;
//! - `changes`: what a new version of the schedule moved, cancelled or added for the attendee;
//! - `team`: teammates' shares matched to the schedule, coverage, and the share file itself;
//! - `now`: what is on now and next in every room, and when to leave for the next star.

pub mod agenda;
pub mod analysis;
pub mod changes;
pub mod conflicts;
pub mod crowding;
pub mod merge;
pub mod now;
#[cfg(any(test, feature = "bench-support"))]
#[doc(hidden)]
pub mod synthetic;
pub mod team;
pub mod walking;

#[cfg(test)]
pub(crate) mod testing;

pub use agenda::{Agenda, Change};
pub use analysis::{Analysis, Flags};
pub use changes::{ScheduleChanges, SessionChange, detect};
pub use conflicts::{Conflicts, Crowding, DayConflicts, Lunch, Overlap, OverlapGroup, Transfer};
pub use crowding::{Risk, RiskLevel};
pub use walking::{WalkTable, walk_minutes};
