//! The terminal interface.

use crate::cli::Context;

pub fn run(ctx: &Context) -> anyhow::Result<()> {
    let _ = ctx;
    anyhow::bail!("the terminal interface is not built yet")
}
