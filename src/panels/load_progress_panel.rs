//! `LoadProgressPanel`: one progress line per file being read or analysed.

use leptos::prelude::*;

use crate::state::{DebuggerState, LoadJob};

/// The running loads; empty when nothing loads.
#[component]
pub fn LoadProgressPanel() -> impl IntoView {
    let state = DebuggerState::expect_context();
    let jobs = state.jobs();
    let is_loading = move || !jobs.with(Vec::is_empty);
    let job_list = move || jobs.get();

    view! {
        <Show when=is_loading>
            <div class="rp-load-progress" data-testid="load-progress" role="status">
                <For each=job_list key=|job| (job.job_id, job.describe()) children=render_job />
            </div>
        </Show>
    }
}

fn render_job(job: LoadJob) -> impl IntoView {
    let text = job.describe();
    // Without a value, <progress> shows an indeterminate bar.
    let value = job.fraction_done().map(|fraction| fraction.to_string());
    view! {
        <div class="rp-load-progress__job">
            <progress class="rp-load-progress__bar" max="1" value=value></progress>
            <span class="rp-load-progress__text">{text}</span>
        </div>
    }
}
