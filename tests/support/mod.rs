//! Helpers shared by test binaries.

pub mod pty;
pub mod server;
