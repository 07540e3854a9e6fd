//! Lightning Web Components: the page mechanisms that broke the locator, in real headless Chromium.
//!
//! Two sets. The first runs against `tests/sites/shadow-traps.html`, plain custom elements that
//! rebuild each mechanism natively (a shadow root whose `getElementById` throws, as synthetic shadow
//! DOM's does; menu items slotted into a `role=menu`; a button named only by slotted text; row text
//! two shadow roots below its cell; a root no query can enter). The second runs against the practice
//! org's trap page built on the real LWC runtime, `tests/sites/lwc/traps.html`, in both shadow modes.

mod common;

use clickpath::report::model::StepStatus::{Failed, Passed};
use common::{Sites, run_steps, run_yaml};

/// The description of the element step `index` (1-based) acted on.
fn element_of(ran: &common::Ran, index: usize) -> String {
    ran.report().steps[index - 1]
        .element
        .as_ref()
        .map(|e| format!("{} at {}", e.description, e.path))
        .unwrap_or_default()
}

// ------------------------------------------------------------ the mechanisms, rebuilt natively

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_root_whose_get_element_by_id_throws_is_still_searched() {
    // The text search reads the name of the menu's aria-labelledby, in a root that refuses
    // getElementById: the id is resolved with querySelector instead.
    let ran = run_steps(
        r#"
  - goto: "${base}/shadow-traps.html"
  - click: Azioni
  - expect: "clicked: azioni"
"#,
    )
    .await;
    ran.assert_passed();
    let el = element_of(&ran, 2);
    assert!(
        el.starts_with("button") && el.contains("t-menu-button(shadow)"),
        "{el}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_item_slotted_into_a_menu_is_within_the_menu() {
    // Role locators: a text search would also read the names of the throwing root above, and
    // this test is about containment alone.
    let ran = run_steps(
        r#"
  - goto: "${base}/shadow-traps.html"
  - click: { role: button, name: "Altro" }
  - click: { role: menuitem, name: "Modifica" }
    within: { role: menu }
  - expect: "menu: modifica"
  - expect: { absent: "outside modifica" }
"#,
    )
    .await;
    ran.assert_passed();
    let el = element_of(&ran, 3);
    assert!(
        el.starts_with("a[role=menuitem] \"Modifica\"") && el.contains("t-menu-item(shadow)"),
        "{el}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_button_holding_only_a_slot_is_named_by_the_slotted_text() {
    let ran = run_steps(
        r#"
  - goto: "${base}/shadow-traps.html"
  - click: { role: button, name: "Salva bozza" }
  - expect: "saved"
"#,
    )
    .await;
    ran.assert_passed();
    let el = element_of(&ran, 2);
    assert!(
        el.starts_with("button \"Salva bozza\"") && el.contains("t-fancy-button(shadow)"),
        "{el}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_field_labelled_by_an_id_in_a_throwing_root_is_found_by_its_label() {
    let ran = run_steps(
        r#"
  - goto: "${base}/shadow-traps.html"
  - fill: { label: "Codice cliente", value: "C-42" }
  - click: "Labelled across a patched root"
  - expect: "codice: C-42"
"#,
    )
    .await;
    ran.assert_passed();
    let el = element_of(&ran, 2);
    assert!(
        el.starts_with("input") && el.contains("t-field(shadow)"),
        "{el}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_row_is_found_by_text_rendered_in_nested_shadow_roots() {
    let ran = run_steps(
        r#"
  - goto: "${base}/shadow-traps.html"
  - click: Disinstalla
    within: { row: "HubSpot Integration" }
  - click: Disinstalla
    within: { row: "DocuSign eSignature" }
  - expect: "uninstall HubSpot Integration"
  - expect: "uninstall DocuSign eSignature"
"#,
    )
    .await;
    ran.assert_passed();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_root_that_cannot_be_searched_is_skipped_and_named_in_the_miss() {
    let ran = run_steps(
        r#"
  - goto: "${base}/shadow-traps.html?locked"
  - click: Riservato
    timeout: 1s
"#,
    )
    .await;
    assert_eq!(ran.statuses(), vec![Passed, Failed]);
    let error = ran.error_of(2);
    assert!(
        error.contains(
            "skipped 1 shadow root: Disallowed method \"querySelectorAll\" on ShadowRoot. (at section#locked t-locked)"
        ),
        "{error}"
    );
    // Every other root was searched and counted; the skipped one was not.
    let roots: u32 = error
        .rsplit("frames, ")
        .next()
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(
        error.contains("(searched 1 document, 0 frames, ") && roots >= 10,
        "{error}"
    );
}

// ------------------------------------------------- the real LWC runtime (practice org trap page)

/// The first heading of the page, reachable only when `<html data-shadow>` names the mode: the
/// click proves the page runs in the mode the test asked for.
fn mode_probe(mode: &str) -> String {
    format!(
        "  - click: {{ xpath: \"/html[@data-shadow='{mode}']//*[self::h1 or self::h2 or self::h3]\" }}\n    nth: 0\n"
    )
}

async fn run_lwc(mode: &str, steps: &str) -> common::Ran {
    let sites = Sites::start().await;
    let yaml = format!(
        "name: lwc {mode}\nsteps:\n  - goto: \"${{base}}/lwc/traps.html?shadow={mode}\"\n{}{steps}",
        mode_probe(mode)
    );
    run_yaml(&sites, &yaml, &[]).await
}

async fn shadow_mode(mode: &str) {
    let other = if mode == "native" {
        "synthetic"
    } else {
        "native"
    };
    let ran = run_lwc(mode, "").await;
    ran.assert_passed();
    // The other mode's probe finds nothing: the page is in one mode only.
    let sites = Sites::start().await;
    let yaml = format!(
        "name: lwc {mode}\nsteps:\n  - goto: \"${{base}}/lwc/traps.html?shadow={mode}\"\n{}    timeout: 1s\n",
        mode_probe(other)
    );
    let ran = run_yaml(&sites, &yaml, &[]).await;
    assert_eq!(ran.statuses(), vec![Passed, Failed]);
}

async fn throwing_root(mode: &str) {
    let ran = run_lwc(
        mode,
        r#"
  - click: { role: button, name: "Azioni" }
  - click: Azioni
"#,
    )
    .await;
    ran.assert_passed();
    for step in [3, 4] {
        let el = element_of(&ran, step);
        assert!(
            el.starts_with("button") && el.contains("lightning-button-menu"),
            "step {step}: {el}"
        );
    }
}

async fn slotted_menu(mode: &str) {
    // The second button menu of the page is the one of "Slotted menu" (the first is "Azioni").
    let ran = run_lwc(
        mode,
        r#"
  - click: { css: "lightning-button-menu" }
    nth: 1
  - click: Elimina
    within: { role: menu }
"#,
    )
    .await;
    ran.assert_passed();
    let el = element_of(&ran, 4);
    assert!(
        el.contains("\"Elimina\"") && el.contains("lightning-menu-item"),
        "{el}"
    );
}

async fn slotted_name(mode: &str) {
    let ran = run_lwc(
        mode,
        r#"
  - click: { role: button, name: "Salva bozza" }
  - expect: "saved"
"#,
    )
    .await;
    ran.assert_passed();
    let el = element_of(&ran, 3);
    assert!(
        el.starts_with("button \"Salva bozza\"") && el.contains("c-fancy-button"),
        "{el}"
    );
}

async fn labelled_across_a_patched_root(mode: &str) {
    let ran = run_lwc(
        mode,
        r#"
  - fill: { label: "Codice cliente", value: "C-42" }
"#,
    )
    .await;
    ran.assert_passed();
    let el = element_of(&ran, 3);
    assert!(
        el.starts_with("input") && el.contains("\"Codice cliente\""),
        "{el}"
    );
}

async fn datatable(mode: &str) {
    let ran = run_lwc(
        mode,
        r#"
  - click: Disinstalla
    within: { row: "DocuSign eSignature" }
  - expect: "uninstall DocuSign eSignature"
  - click: Disinstalla
    within: { row: "HubSpot Integration" }
  - expect: "uninstall HubSpot Integration"
"#,
    )
    .await;
    ran.assert_passed();
    for step in [3, 5] {
        let el = element_of(&ran, step);
        assert!(
            el.starts_with("button") && el.contains("lightning-datatable"),
            "step {step}: {el}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lwc_synthetic_shadow_mode() {
    shadow_mode("synthetic").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lwc_native_shadow_mode() {
    shadow_mode("native").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lwc_synthetic_throwing_root() {
    throwing_root("synthetic").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lwc_native_throwing_root() {
    throwing_root("native").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lwc_synthetic_slotted_menu() {
    slotted_menu("synthetic").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lwc_native_slotted_menu() {
    slotted_menu("native").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lwc_synthetic_slotted_name() {
    slotted_name("synthetic").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lwc_native_slotted_name() {
    slotted_name("native").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lwc_synthetic_labelled_across_a_patched_root() {
    labelled_across_a_patched_root("synthetic").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lwc_native_labelled_across_a_patched_root() {
    labelled_across_a_patched_root("native").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lwc_synthetic_datatable() {
    datatable("synthetic").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lwc_native_datatable() {
    datatable("native").await;
}

/// A failed step's DOM snapshot holds the components' content: inlined as the real DOM under
/// synthetic shadow (no declarative shadow roots, the page's own CSS styles it), as declarative
/// shadow roots under native shadow.
async fn snapshot_holds_the_components(mode: &str) {
    let ran = run_lwc(
        mode,
        r#"
  - click: "Nothing like this"
    timeout: 500ms
"#,
    )
    .await;
    assert_eq!(ran.statuses(), vec![Passed, Passed, Failed]);
    let file = ran.report().steps[2]
        .dom_snapshot
        .clone()
        .expect("a DOM snapshot");
    let html = std::fs::read_to_string(ran.dir.path().join(&file)).expect("snapshot on disk");
    for text in [
        "HubSpot Integration",
        "DocuSign eSignature",
        "Salva bozza",
        "Codice cliente",
    ] {
        assert!(html.contains(text), "{text} is in the snapshot");
    }
    assert_eq!(
        html.contains("shadowrootmode=\"open\""),
        mode == "native",
        "declarative shadow roots only for native roots"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lwc_synthetic_snapshot_holds_the_components() {
    snapshot_holds_the_components("synthetic").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lwc_native_snapshot_holds_the_components() {
    snapshot_holds_the_components("native").await;
}
