//! The app's panels: each renders one part of [`crate::state::DebuggerState`] and calls its
//! methods; none holds logic of its own.

mod detail_panel;
mod drop_overlay_panel;
mod export_panel;
mod filter_bar_panel;
mod link_check_panel;
mod live_panel;
mod load_errors_panel;
mod load_progress_panel;
mod merged_timeline_panel;
mod merged_timeline_row;
mod replay_divergence_section;
mod replay_panel;
mod supervision_tree_panel;
mod timeline_panel;
mod timeline_row;
mod toolbar_panel;
mod verify_banner_panel;
mod what_if_section;

pub use detail_panel::DetailPanel;
pub use drop_overlay_panel::DropOverlayPanel;
pub use export_panel::ExportPanel;
pub use filter_bar_panel::FilterBar;
pub use link_check_panel::LinkCheckPanel;
pub use live_panel::{LivePanel, DEFAULT_LIVE_URL};
pub use load_errors_panel::LoadErrorsPanel;
pub use load_progress_panel::LoadProgressPanel;
pub use merged_timeline_panel::MergedTimelinePanel;
pub use merged_timeline_row::MergedTimelineRow;
pub use replay_divergence_section::ReplayDivergenceSection;
pub use replay_panel::ReplayPanel;
pub use supervision_tree_panel::SupervisionTreePanel;
pub use timeline_panel::{TimelinePanel, ROW_HEIGHT_PX};
pub use timeline_row::TimelineRow;
pub use toolbar_panel::ToolbarPanel;
pub use verify_banner_panel::VerifyBanner;
pub use what_if_section::WhatIfSection;
