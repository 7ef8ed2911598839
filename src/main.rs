//! Entry point of the browser app: mounts [`reprise_web::app::App`] on `<body>`.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(reprise_web::app::App);
}
