//! Generic widgets that know nothing about chains: a virtual list, a value tree, a hex dump.

mod hex_view;
mod value_tree_view;
mod virtual_list;

pub use hex_view::{hex_lines, HexLine, HexView, BYTES_PER_LINE, PAGE_BYTES};
pub use value_tree_view::ValueTreeView;
pub use virtual_list::VirtualList;
