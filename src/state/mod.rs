//! The app's state in signals: [`DebuggerState`] (open files, selection, filter, load jobs),
//! [`LiveState`] (the live feed), [`ReplayState`] (replay runs) and [`ShareState`] (share
//! links), each holding the plain types of `reprise_app`, where every decision is made and tested natively. This module only
//! wraps them in signals and re-exports them for the components.

mod debugger_state;
mod live_state;
mod replay_state;
mod share_state;

pub use debugger_state::DebuggerState;
pub use live_state::LiveState;
pub use replay_state::{ReplayState, SessionCommands};
pub use reprise_app::*;
pub use share_state::ShareState;
