//! The timeline in a real DOM: a 100 000-event chain renders only the rows in view, scrolling
//! renders the rows there, and the keyboard moves the selection and keeps it visible.

// Browser tests: the crate under test exists only on wasm32.
#![cfg(target_arch = "wasm32")]
// Setup helpers unwrap: a test whose DOM cannot be built must fail loudly.
#![allow(clippy::unwrap_used)]

use leptos::mount::mount_to;
use leptos::prelude::*;
use reprise_chain::{analyze_file, AnalyzedFile};
use reprise_web::panels::{TimelinePanel, ROW_HEIGHT_PX};
use reprise_web::state::{DebuggerState, DEMO_BYTES, DEMO_PATH};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

const NUM_EVENTS: usize = 100_000;

/// The demo's ten events repeated to `NUM_EVENTS` (hashes do not matter here).
fn big_file() -> AnalyzedFile {
    let mut file = analyze_file(DEMO_PATH, DEMO_BYTES, &mut |_| {}).unwrap();
    let actor = &mut file.actors[0];
    let cycle = |len: usize| (0..NUM_EVENTS).map(move |idx| idx % len);
    actor.chain.events = cycle(10)
        .map(|idx| actor.chain.events[idx].clone())
        .collect();
    actor.summaries = cycle(10).map(|idx| actor.summaries[idx].clone()).collect();
    actor.report.checks = cycle(10)
        .map(|idx| actor.report.checks[idx].clone())
        .collect();
    actor.report.num_events = NUM_EVENTS;
    file
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A 600 px tall host with the app's stylesheet, so the list has a real viewport.
fn styled_host() -> HtmlElement {
    let style = document().create_element("style").unwrap();
    style.set_text_content(Some(include_str!("../style/main.css")));
    document().head().unwrap().append_child(&style).unwrap();
    let host = document().create_element("div").unwrap();
    host.set_attribute(
        "style",
        "display: flex; flex-direction: column; height: 600px; width: 1000px",
    )
    .unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    host.unchecked_into()
}

async fn next_frames() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 50)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

fn rendered_indices(host: &Element) -> Vec<usize> {
    let rows = host
        .query_selector_all("[data-testid=timeline-row]")
        .unwrap();
    (0..rows.length())
        .filter_map(|idx| rows.item(idx))
        .filter_map(|node| node.dyn_into::<Element>().ok())
        .map(|row| row.get_attribute("data-index").unwrap().parse().unwrap())
        .collect()
}

fn press(target: &Element, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn a_huge_timeline_renders_only_visible_rows_and_follows_the_keyboard() {
    let host = styled_host();
    // The owner must outlive the test: dropping it disposes the state's signals.
    let owner = Owner::new();
    let state = owner.with(|| {
        let state = DebuggerState::new();
        state.add_file(big_file(), false);
        state
    });
    let handle = mount_to(host.clone(), move || {
        provide_context(state);
        view! { <TimelinePanel /> }
    });
    next_frames().await;

    let first_rows = rendered_indices(&host);
    assert!(first_rows.contains(&0));
    assert!(first_rows.len() < 60, "{} rows rendered", first_rows.len());
    let spacer = host
        .query_selector(".rp-virtual-list__spacer")
        .unwrap()
        .unwrap();
    let spacer_height_px = f64::from(spacer.client_height());
    assert_eq!(spacer_height_px, NUM_EVENTS as f64 * ROW_HEIGHT_PX);

    let scroller = host.query_selector(".rp-virtual-list").unwrap().unwrap();
    scroller.set_scroll_top((50_000.0 * ROW_HEIGHT_PX) as i32);
    next_frames().await;
    let middle_rows = rendered_indices(&host);
    assert!(middle_rows.contains(&50_005), "{middle_rows:?}");
    assert!(middle_rows.len() < 60);

    let timeline = host
        .query_selector("[data-testid=timeline]")
        .unwrap()
        .unwrap();
    press(&timeline, "End");
    next_frames().await;
    assert_eq!(
        state.selection().get_untracked().event_idx,
        Some(NUM_EVENTS - 1)
    );
    let selected = host
        .query_selector("[data-testid=timeline-row][aria-selected=true]")
        .unwrap()
        .expect("the selected last row is rendered");
    assert_eq!(
        selected.get_attribute("data-index").unwrap(),
        (NUM_EVENTS - 1).to_string()
    );

    press(&timeline, "k");
    press(&timeline, "ArrowUp");
    next_frames().await;
    assert_eq!(
        state.selection().get_untracked().event_idx,
        Some(NUM_EVENTS - 3)
    );
    press(&timeline, "Home");
    next_frames().await;
    assert_eq!(state.selection().get_untracked().event_idx, Some(0));
    assert!(rendered_indices(&host).contains(&0));

    drop(handle);
    drop(owner);
    host.remove();
}
