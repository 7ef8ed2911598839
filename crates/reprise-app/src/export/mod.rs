//! The page's exports: which ones the shown actor allows, what each file is called, and its
//! bytes — the session as a gzip Reprise bundle (modules included when known), the shown
//! actor's chain as Theater's replay file, and its replay-test fixture as one `.tar.gz`.
//! The formats are `reprise_chain`'s (the same writers as `reprise export`); this module only
//! decides. The web crate's `browser::download` saves the result.

pub mod session_export;

pub use session_export::{
    export_file, export_options, ExportKind, ExportOption, ExportedFile, GZIP_MIME, JSON_MIME,
};
