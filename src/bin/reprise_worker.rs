//! Entry point of the analysis worker (built by Trunk as `data-type="worker"`).

fn main() {
    console_error_panic_hook::set_once();
    reprise_web::browser::worker_entry::run_worker();
}
