//! Actionability that cannot be fooled: the hard pages of `tests/sites/actionability/`, each built
//! on a trap real pages set (busy main threads, elements that animate out, sticky headers, widgets
//! that only look like checkboxes), in real headless Chromium through chromedriver.

mod common;

use clickpath::report::model::StepStatus::{Failed, Passed};
use common::run_steps;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_button_sliding_on_a_busy_page_is_clicked_once_it_stopped() {
    // Two looks between two rare frames see the same box: only looks from distinct frames count.
    let ran = run_steps(
        r#"
  - goto: "${base}/actionability/long-frames.html"
  - click: Slide
  - expect: "clicked: slide after stop"
  - expect: { absent: "while moving" }
"#,
    )
    .await;
    ran.assert_passed();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_button_animating_out_is_not_clicked_and_its_replacement_is() {
    let ran = run_steps(
        r#"
  - goto: "${base}/actionability/leaving.html"
  - click: Confirm
  - expect: "clicked: confirm (the new one)"
  - expect: { absent: "the leaving one" }
"#,
    )
    .await;
    ran.assert_passed();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_animation_that_only_changes_colour_does_not_hold_the_click_back() {
    let ran = run_steps(
        r#"
  - goto: "${base}/actionability/leaving.html"
  - click: Glowing
    timeout: 3s
  - expect: "clicked: glowing"
"#,
    )
    .await;
    ran.assert_passed();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_element_that_never_rests_times_out_saying_why() {
    let ran = run_steps(
        r#"
  - goto: "${base}/actionability/leaving.html"
  - click: Restless
    timeout: 2s
"#,
    )
    .await;
    assert_eq!(ran.statuses(), vec![Passed, Failed]);
    ran.assert_error_contains(2, "never came to rest within 2.0s");
    ran.assert_error_contains(
        2,
        "CSS animation \"bob\" (repeating forever) on button#restless",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_target_under_a_sticky_header_or_footer_is_scrolled_until_it_is_uncovered() {
    // Centred in the window, the first button is under the fixed header; at the end of the window
    // it is not. Inside its box, the second is under the box's sticky footer at the centre and at
    // the end, and uncovered at the start.
    let ran = run_steps(
        r#"
  - goto: "${base}/actionability/sticky.html"
  - click: "Save settings"
  - click: Apply
  - expect: "clicked: save settings"
  - expect: "clicked: apply"
  - expect: { absent: "missed" }
"#,
    )
    .await;
    ran.assert_passed();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_refuses_an_element_that_is_no_checkbox_before_clicking_it() {
    let ran = run_steps(
        r#"
  - goto: "${base}/actionability/toggles.html"
  - check: "Accept the terms"
    optional: true
  - expect: { absent: "clicked: accept" }
"#,
    )
    .await;
    ran.assert_error_contains(
        2,
        "is not a checkbox, radio button or switch (its role is button)",
    );
    assert_eq!(
        ran.report().steps[2].status,
        Passed,
        "the element was clicked"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unchecking_a_radio_button_is_refused_before_any_click() {
    let ran = run_steps(
        r#"
  - goto: "${base}/actionability/toggles.html"
  - uncheck: Basic
    optional: true
  - expect: { absent: "clicked: basic" }
  - check: Newsletter
  - uncheck: Newsletter
  - click: Bold
  - check: Bold
"#,
    )
    .await;
    ran.assert_error_contains(2, "is a radio button: it cannot be unticked");
    let rest: Vec<_> = ran.statuses()[2..].to_vec();
    assert_eq!(rest, vec![Passed; 5], "{:?}", ran.report().steps);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_that_replaced_the_browsers_globals_still_gets_real_events() {
    let ran = run_steps(
        r#"
  - goto: "${base}/actionability/globals.html"
  - select: { label: Language, option: Italiano }
  - expect: "input: Italiano"
  - expect: "changed: Italiano"
  - fill: { label: Name, value: Ada }
  - click: Save
  - expect: "saved: Ada"
  - click: Later
  - expect: "clicked: later"
"#,
    )
    .await;
    ran.assert_passed();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_that_replaced_only_event_gets_real_input_and_change_events() {
    // With only Event replaced, an engine that builds its events from the page's globals dispatches
    // nothing a listener sees, and would call the step passed.
    let ran = run_steps(
        r#"
  - goto: "${base}/actionability/globals.html?replace=Event"
  - select: { label: Language, option: Deutsch }
  - expect: "input: Deutsch"
  - expect: "changed: Deutsch"
"#,
    )
    .await;
    ran.assert_passed();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_select_the_page_puts_back_fails_instead_of_passing() {
    let ran = run_steps(
        r#"
  - goto: "${base}/actionability/globals.html"
  - select: { label: Edition, option: Professional }
"#,
    )
    .await;
    assert_eq!(ran.statuses(), vec![Passed, Failed]);
    ran.assert_error_contains(
        2,
        "did not keep the option \"Professional\": the page put back \"Enterprise\"",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_frame_of_another_site_far_down_the_page_is_scrolled_to_before_its_click() {
    let ran = run_steps(
        r#"
  - goto: "${base}/actionability/far-frame.html?other=${remote}"
  - click: Remoto
  - expect: "clicked: remoto"
"#,
    )
    .await;
    ran.assert_passed();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_button_in_frames_inside_scaled_and_rotated_frames_is_clicked_where_it_is_shown() {
    let ran = run_steps(
        r#"
  - goto: "${base}/actionability/transformed.html"
  - click: Publish
  - expect: "clicked: publish"
  - expect: { absent: "missed" }
"#,
    )
    .await;
    ran.assert_passed();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fill_reads_the_field_back_notes_a_reformatting_and_fails_when_nothing_arrived() {
    let ran = run_steps(
        r#"
  - goto: "${base}/actionability/fields.html"
  - fill: { label: Phone, value: "3331234567" }
  - fill: { label: Code, value: "ABC-42" }
"#,
    )
    .await;
    assert_eq!(ran.statuses(), vec![Passed, Passed, Failed]);
    let notes = ran.report().steps[1].notes.join("\n");
    assert!(
        notes.contains("the field shows \"333 123 4567\" (the page reformatted what was typed)"),
        "{notes}"
    );
    ran.assert_error_contains(3, "typed 6 characters, but the field is still empty");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inside_transformed_frames_a_cover_from_an_outer_frame_is_waited_for() {
    let ran = run_steps(
        r#"
  - goto: "${base}/actionability/transformed.html?cover=1500"
  - click: Publish
  - expect: "clicked: publish"
  - expect: { absent: "clicked: veil" }
"#,
    )
    .await;
    ran.assert_passed();
}
