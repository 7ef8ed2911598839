//! Entry point of the analysis worker (built by Trunk as `data-type="worker"`).

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    reprise_web::browser::worker_entry::run_worker();
}

/// The worker exists only on wasm32 (built by Trunk); natively this binary does nothing.
#[cfg(not(target_arch = "wasm32"))]
fn main() {}
