//! Entry point of the browser app: mounts [`reprise_web::app::App`] on `<body>`.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(reprise_web::app::App);
}

/// The app exists only on wasm32 (built by Trunk); natively this binary does nothing.
#[cfg(not(target_arch = "wasm32"))]
fn main() {}
