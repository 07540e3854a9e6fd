//! Every step kind and locator form, and the hard cases of finding and waiting, in real headless
//! Chromium through chromedriver against the pages of `tests/sites/`.

mod common;

use clickpath::run::Exit;

use clickpath::report::model::StepStatus::{self, Failed, NotReached, Passed, Skipped};
use common::{Sites, run_steps, run_yaml};

fn statuses(ran: &common::Ran) -> Vec<StepStatus> {
    ran.statuses()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_locator_matches_exact_then_normalized_text() {
    let ran = run_steps(
        r#"
  - goto: "${base}/basics.html"
  - click: Salva
  - click: "pacchetti installati"
  - click: Impostazioni
  - expect: "clicked: salva"
  - expect: "clicked: pacchetti installati"
  - expect: "clicked: impostazioni"
"#,
    )
    .await;
    ran.assert_passed();
    let matched: Vec<Option<String>> = ran.report().steps[1..3]
        .iter()
        .map(|s| s.element.as_ref().and_then(|e| e.matched.clone()))
        .collect();
    assert_eq!(
        matched,
        vec![Some("exact".into()), Some("normalized".into())]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn css_role_and_xpath_locators_click_their_element() {
    let ran = run_steps(
        r#"
  - goto: "${base}/basics.html"
  - click: { css: "button.gear" }
  - click: { role: button, name: "Annulla" }
  - click: { xpath: "//a[@title='Setup']" }
  - click: { role: button, name: "Menu" }
  - expect: "clicked: impostazioni"
  - expect: "clicked: annulla"
  - expect: "clicked: setup"
  - expect: "clicked: menu"
"#,
    )
    .await;
    ran.assert_passed();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn within_row_picks_the_action_of_that_row() {
    let ran = run_steps(
        r#"
  - goto: "${base}/basics.html"
  - click: Disinstalla
    within: { row: "Salesforce Connect" }
  - expect: "clicked: disinstalla Salesforce Connect"
  - expect: { absent: "clicked: disinstalla HubSpot Integration" }
"#,
    )
    .await;
    ran.assert_passed();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fill_by_label_placeholder_and_css_replaces_the_content() {
    let ran = run_steps(
        r##"
  - goto: "${base}/basics.html"
  - fill: { label: "Password", value: "primo" }
  - fill: { label: "Password", value: "secondo" }
  - fill: { placeholder: "Cerca", value: "pacchetti" }
  - fill: { css: "#note", value: "una nota" }
  - expect: "filled: password=secondo"
  - expect: "filled: cerca=pacchetti"
  - expect: "filled: note=una nota"
"##,
    )
    .await;
    ran.assert_passed();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_uncheck_choose_and_select_change_the_controls() {
    let ran = run_steps(
        r#"
  - goto: "${base}/basics.html"
  - check: "Sì, desidero disinstallare questo pacchetto"
  - check: "Ricordami"
  - uncheck: "Ricordami"
  - choose: "Non salvare una copia"
  - select: { label: "Motivo", option: "Altro" }
  - expect: "checked: confirm=true"
  - expect: "checked: remember=false"
  - expect: "chosen: copy=nosave"
  - expect: "selected: reason=Altro"
"#,
    )
    .await;
    ran.assert_passed();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checking_a_ticked_box_leaves_it_ticked() {
    let ran = run_steps(
        r#"
  - goto: "${base}/basics.html"
  - check: "Ricordami"
  - check: "Ricordami"
  - expect: { absent: "checked: remember=false" }
"#,
    )
    .await;
    ran.assert_passed();
    assert_eq!(
        ran.report().steps[2].notes,
        vec!["already selected".to_string()]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expect_and_wait_check_text_absence_url_and_title() {
    let ran = run_steps(
        r#"
  - goto: "${base}/late-text.html?ms=800"
  - expect: { text: "In corso" }
  - wait: { text: "Completato", timeout: 5s }
  - wait: { absent: "In corso", timeout: 5s }
  - expect: { url_contains: "late-text.html" }
  - expect: { title: "Late text" }
"#,
    )
    .await;
    ran.assert_passed();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accept_and_dismiss_dialogs() {
    let ran = run_steps(
        r#"
  - goto: "${base}/dialog.html"
  - click: Elimina
  - accept_dialog: { text: "Eliminare davvero?" }
  - expect: "confirm: true"
  - click: Elimina
  - dismiss_dialog: {}
  - expect: "confirm: false"
"#,
    )
    .await;
    ran.assert_passed();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_open_dialog_is_recorded_as_the_steps_evidence() {
    let ran = run_steps(
        r#"
  - goto: "${base}/dialog.html"
  - click: Avvisa
  - accept_dialog: {}
  - expect: "alert: closed"
"#,
    )
    .await;
    ran.assert_passed();
    let step = &ran.report().steps[1];
    assert_eq!(step.dialog.as_deref(), Some("Fatto"));
    assert_eq!(step.screenshot, None);
    let text = std::fs::read_to_string(ran.dir.path().join("02-click-avvisa.dialog.txt"))
        .expect("dialog evidence");
    assert_eq!(text, "JavaScript dialog open: Fatto\n");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_step_blocked_by_an_unexpected_dialog_says_so() {
    let ran = run_steps(
        r#"
  - goto: "${base}/dialog.html"
  - click: Avvisa
  - click: Elimina
"#,
    )
    .await;
    assert_eq!(statuses(&ran), vec![Passed, Passed, Failed]);
    assert_eq!(
        ran.error_of(3),
        "a JavaScript dialog is open (\"Fatto\"); add an `accept_dialog` or `dismiss_dialog` step before this one"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dialog_a_timer_opens_while_a_step_waits_ends_the_wait_saying_so() {
    let ran = run_steps(
        r#"
  - goto: "${base}/dialog.html"
  - click: Avvisa tra poco
  - expect: { text: "Salvato", timeout: 30s }
"#,
    )
    .await;
    assert_eq!(statuses(&ran), vec![Passed, Passed, Failed]);
    assert_eq!(
        ran.error_of(3),
        "a JavaScript dialog is open (\"La sessione sta per scadere\"); add an `accept_dialog` or `dismiss_dialog` step before this one"
    );
    let step = &ran.report().steps[2];
    assert_eq!(step.dialog.as_deref(), Some("La sessione sta per scadere"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn links_and_scripts_that_open_a_tab_are_followed() {
    let ran = run_steps(
        r#"
  - goto: "${base}/newtab.html"
  - click: "Apri scheda"
  - expect: { title: "Seconda scheda" }
  - click: Qui
  - expect: "clicked: qui"
  - goto: "${base}/newtab.html"
  - click: "Apri finestra"
  - expect: { title: "Seconda scheda" }
"#,
    )
    .await;
    ran.assert_passed();
    assert!(
        ran.report().steps[1]
            .notes
            .contains(&"switched to the new tab it opened".to_string())
    );
    assert!(
        ran.report().steps[6]
            .notes
            .contains(&"switched to the new tab it opened".to_string())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn elements_are_found_in_iframes_and_shadow_roots_at_any_depth() {
    let ran = run_steps(
        r#"
  - goto: "${base}/frames.html"
  - click: Disinstalla
  - click: Profondo
  - fill: { label: "Nome pacchetto", value: "HubSpot" }
  - expect: "clicked: disinstalla (frame shadow)"
  - expect: "filled: pkg=HubSpot"
  - goto: "${base}/shadow.html"
  - click: { role: button, name: "Menu impostazioni" }
  - click: Impostazioni
  - click: "Pulsante interno"
  - expect: "clicked: pulsante interno"
"#,
    )
    .await;
    ran.assert_passed();
    let path = ran.report().steps[1]
        .element
        .as_ref()
        .map(|e| e.path.clone())
        .unwrap_or_default();
    assert!(
        path.contains("iframe") && path.contains("package-list"),
        "path names the frame and the shadow host: {path}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_origin_frames_are_entered_through_webdriver() {
    let ran = run_steps(
        r#"
  - goto: "${base}/frames.html?other=${other}"
  - click: Remoto
  - expect: "clicked: remoto"
"#,
    )
    .await;
    ran.assert_passed();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn waits_for_an_element_that_appears_late() {
    let ran = run_steps(
        r#"
  - goto: "${base}/late.html?delay=900"
  - click: "In ritardo"
  - expect: "clicked: late-button"
"#,
    )
    .await;
    ran.assert_passed();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn waits_until_an_overlay_stops_covering_the_target() {
    let ran = run_steps(
        r#"
  - goto: "${base}/overlay.html?ms=700"
  - click: Dietro
  - expect: "clicked: dietro"
  - expect: { absent: "clicked: overlay" }
"#,
    )
    .await;
    ran.assert_passed();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn waits_until_a_disabled_button_is_enabled() {
    let ran = run_steps(
        r#"
  - goto: "${base}/enable.html?ms=600"
  - click: "Abilitato dopo"
  - check: Confermo
  - click: Procedi
  - expect: "clicked: abilitato dopo"
  - expect: "clicked: procedi"
"#,
    )
    .await;
    ran.assert_passed();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn waits_until_a_moving_element_is_stable() {
    let ran = run_steps(
        r#"
  - goto: "${base}/moving.html"
  - click: "In movimento"
  - expect: "clicked: in movimento after stop"
  - expect: { absent: "clicked: missed" }
"#,
    )
    .await;
    ran.assert_passed();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_matches_are_an_error_that_lists_them_unless_nth_is_given() {
    let ran = run_steps(
        r#"
  - goto: "${base}/basics.html"
  - click: Duplicato
    nth: 1
  - expect: "clicked: duplicato 2"
  - click: Duplicato
"#,
    )
    .await;
    assert_eq!(statuses(&ran), vec![Passed, Passed, Passed, Failed]);
    let error = ran.error_of(4);
    assert!(error.starts_with("'Duplicato': "), "{error}");
    assert_eq!(
        error.matches("button \"Duplicato\"").count(),
        2,
        "both matches listed: {error}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_element_fails_with_the_nearest_labels() {
    let ran = run_steps(
        r#"
  - goto: "${base}/basics.html"
  - click: "Pacchetti instalati"
    timeout: 1s
  - click: Salva
"#,
    )
    .await;
    assert_eq!(statuses(&ran), vec![Passed, Failed, NotReached]);
    assert_eq!(ran.outcome.exit, Exit::StepFailed);
    let error = ran.error_of(2);
    assert!(
        error.contains("nearest: 'Pacchetti installati' 0.9"),
        "{error}"
    );
    assert!(
        error.contains("(searched 1 document, 0 frames, 0 shadow roots)"),
        "{error}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_text_fails_with_the_nearest_line_the_page_shows() {
    // The page logs "clicked: salva" in a <pre> among other lines: no label, heading or cell holds
    // it, yet it is what a person would want named beside the text the runbook expected.
    let ran = run_steps(
        r#"
  - goto: "${base}/basics.html"
  - click: Salva
  - click: Annulla
  - expect: "clicked: salvato"
    timeout: 1s
"#,
    )
    .await;
    assert_eq!(statuses(&ran), vec![Passed, Passed, Passed, Failed]);
    let error = ran.error_of(4);
    assert!(error.contains("nearest: 'clicked: salva' 0.9"), "{error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hidden_or_disabled_match_is_named_as_such() {
    let ran = run_steps(
        r#"
  - goto: "${base}/basics.html"
  - click: Nascosto
    timeout: 500ms
    optional: true
  - click: Bloccato
    timeout: 500ms
    optional: true
"#,
    )
    .await;
    assert_eq!(statuses(&ran), vec![Passed, Skipped, Skipped]);
    ran.assert_error_contains(2, "hidden");
    ran.assert_error_contains(3, "disabled");
    assert_eq!(
        ran.outcome.exit,
        Exit::Passed,
        "optional misses do not fail the run"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_step_leaves_a_viewport_png_and_a_named_screenshot_keeps_its_name() {
    let ran = run_steps(
        r#"
  - goto: "${base}/basics.html"
  - screenshot: "Panoramica / ../../fuori"
  - click: Salva
"#,
    )
    .await;
    ran.assert_passed();
    let shots: Vec<String> = ran
        .report()
        .steps
        .iter()
        .filter_map(|s| s.screenshot.clone())
        .collect();
    assert_eq!(shots.len(), 3, "{shots:?}");
    assert!(shots[0].starts_with("01-goto-http-127-0-0-1-"), "{shots:?}");
    assert_eq!(
        shots[1..],
        [
            "02-panoramica-fuori.png".to_string(),
            "03-click-salva.png".to_string()
        ]
    );
    for name in &shots {
        let bytes = std::fs::read(ran.dir.path().join(name)).expect("screenshot on disk");
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{name} is a PNG");
        let width = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
        let height = u32::from_be_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]);
        assert_eq!(
            (width, height),
            (1280, 800),
            "{name} is the 1280x800 viewport"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn report_json_describes_every_step_and_hides_secrets() {
    let sites = Sites::start().await;
    let yaml = r#"
name: secret test
params:
  password: { secret: true, required: true }
steps:
  - goto: "${base}/basics.html"
  - fill: { label: "Password", value: "${password}" }
    doc: Type the password.
  - click: Salva
"#;
    let ran = run_yaml(&sites, yaml, &[("password", "hunter2-XYZ")]).await;
    ran.assert_passed();
    let text = std::fs::read_to_string(ran.dir.path().join("report.json")).expect("report.json");
    assert!(
        !text.contains("hunter2-XYZ"),
        "the secret leaked into report.json"
    );
    let json: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["status"], "passed");
    assert_eq!(json["params"][0]["value"], "•••");
    assert!(
        json["browser"]["version"]
            .as_str()
            .is_some_and(|v| !v.is_empty())
    );
    let step = &json["steps"][1];
    assert_eq!(step["index"], 2);
    assert_eq!(step["action"], "fill");
    assert_eq!(step["locator"], "label 'Password'");
    assert_eq!(step["doc"], "Type the password.");
    assert_eq!(step["status"], "passed");
    assert!(step["started_at"].as_str().is_some());
    assert!(step["duration_ms"].as_u64().is_some());
    assert_eq!(step["screenshot"], "02-fill-label-password.png");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_click_that_navigates_is_followed_by_steps_on_the_new_page() {
    let ran = run_steps(
        r#"
  - goto: "${base}/index.html"
  - click: "basics.html"
  - click: Salva
  - click: "dialog.html"
    optional: true
    timeout: 300ms
  - expect: "clicked: salva"
  - expect: { url_contains: "/basics.html" }
"#,
    )
    .await;
    assert_eq!(
        statuses(&ran),
        vec![Passed, Passed, Passed, Skipped, Passed, Passed]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_evidence_of_a_submitting_click_shows_the_page_it_led_to() {
    let ran = run_steps(
        r#"
  - goto: "${base}/form.html"
  - click: "Invia nel riquadro"
  - expect: { text: Profondo, timeout: 0s }
  - click: Invia
"#,
    )
    .await;
    ran.assert_passed();
    let url = ran.report().steps[3].url.clone().unwrap_or_default();
    assert!(
        url.ends_with("/tab2.html?from=form&delay=400"),
        "the screenshot was taken on {url}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_step_leaves_a_dom_snapshot_with_frames_and_shadow_roots_inlined() {
    let ran = run_steps(
        r#"
  - goto: "${base}/frames.html"
  - click: "Inesistente"
    timeout: 300ms
"#,
    )
    .await;
    assert_eq!(statuses(&ran), vec![Passed, Failed]);
    let file = ran.report().steps[1]
        .dom_snapshot
        .clone()
        .expect("a DOM snapshot");
    assert_eq!(file, "02-click-inesistente.dom.html");
    let html = std::fs::read_to_string(ran.dir.path().join(&file)).expect("snapshot on disk");
    assert!(html.starts_with("<!doctype html>"), "{}", &html[..80]);
    // The shadow root sits inside the frame, whose document is an (escaped) srcdoc attribute.
    assert!(
        html.contains("shadowrootmode=&quot;open&quot;"),
        "shadow roots are inlined"
    );
    assert!(html.contains("srcdoc=\""), "same-origin frames are inlined");
    assert!(
        html.contains("Disinstalla"),
        "the button inside the frame's shadow root is in it"
    );
    assert!(
        !html.to_lowercase().contains("<script"),
        "no script survives in the snapshot"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_element_re_rendered_in_place_while_clicked_still_gets_the_click() {
    let ran = run_steps(
        r#"
  - goto: "${base}/rerender.html?mode=same"
  - click: Instabile
  - expect: "clicked: instabile"
"#,
    )
    .await;
    ran.assert_passed();
    assert!(
        ran.report().steps[1]
            .notes
            .iter()
            .any(|n| n.contains("re-rendered")),
        "{:?}",
        ran.report().steps[1].notes
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_element_that_moves_while_clicked_is_found_again_once() {
    let ran = run_steps(
        r#"
  - goto: "${base}/rerender.html?mode=once"
  - click: Instabile
  - expect: "clicked: instabile"
"#,
    )
    .await;
    ran.assert_passed();
    let notes = &ran.report().steps[1].notes;
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("the first click landed on")),
        "{notes:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_element_that_always_moves_while_clicked_fails_clearly() {
    let ran = run_steps(
        r#"
  - goto: "${base}/rerender.html?mode=always"
  - click: Instabile
"#,
    )
    .await;
    assert_eq!(statuses(&ran), vec![Passed, Failed]);
    let error = ran.error_of(2);
    assert!(
        error.starts_with("'Instabile': the click landed on"),
        "{error}"
    );
    assert!(
        error.ends_with("twice: the element is re-rendered or moved while it is clicked"),
        "{error}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_covered_target_says_what_covers_it() {
    let ran = run_steps(
        r#"
  - goto: "${base}/overlay.html?ms=-1"
  - click: Dietro
    timeout: 600ms
"#,
    )
    .await;
    assert_eq!(statuses(&ran), vec![Passed, Failed]);
    let error = ran.error_of(2);
    assert!(error.contains("covered by div#overlay"), "{error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_frame_whose_page_arrives_slowly_is_searched_once_it_fills_in() {
    // The frame's document exists (committed, empty) before its elements do; the wait must notice
    // when they arrive. The step's timeout is shorter than clickpath's first look, so only the
    // waiting script itself can find it.
    let ran = run_steps(
        r#"
  - goto: "${base}/frame-stall.html"
  - click: "Disinstalla"
    timeout: 1400ms
"#,
    )
    .await;
    ran.assert_passed();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_element_that_slides_in_with_a_css_animation_is_clicked_once_it_stops() {
    let ran = run_steps(
        r#"
  - goto: "${base}/slide-in.html"
  - click: "In arrivo"
  - expect: "clicked: in arrivo after stop"
"#,
    )
    .await;
    ran.assert_passed();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_that_navigates_by_itself_later_is_searched_in_its_new_document() {
    // The locate function is kept in each document; the step after the click starts in the old
    // one, which unloads under it: the search goes on in the new document, which has none yet.
    let ran = run_steps(
        r#"
  - goto: "${base}/timer-nav.html"
  - click: "Vai fra poco"
  - click: Salva
  - expect: "clicked: salva"
"#,
    )
    .await;
    ran.assert_passed();
    assert!(
        ran.report().steps[2]
            .url
            .as_deref()
            .is_some_and(|u| u.ends_with("/basics.html")),
        "{:?}",
        ran.report().steps[2].url
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_step_that_starts_in_a_document_new_to_clickpath_finds_its_target() {
    // The page went elsewhere by itself and the URL wait saw it: the next step's first call finds no
    // kept locate function in the new document and sends the whole script.
    let ran = run_steps(
        r#"
  - goto: "${base}/timer-nav.html"
  - click: "Vai fra poco"
  - wait: { url_contains: "basics.html" }
  - click: Salva
  - expect: "clicked: salva"
"#,
    )
    .await;
    ran.assert_passed();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exact_contains_and_regex_text_locators_match_as_documented() {
    let ran = run_steps(
        r##"
  - goto: "${base}/text-forms.html"
  - click: { text: Archivia, exact: true }
  - click: Elimina
  - click: { text: Elimina, exact: true }
    timeout: 300ms
    optional: true
  - click: { contains: "salva LE modifiche" }
  - click: { regex: "^Ordine #\\d{4} \\(aperto\\)$" }
  - click: { regex: "#\\d+ \\(sospeso\\)", flags: i }
  - click: { regex: "[z-a]" }
    optional: true
  - expect: "clicked: archivia"
  - expect: { absent: "clicked: archivia minuscolo" }
  - expect: "clicked: elimina"
  - expect: "clicked: salva le modifiche"
  - expect: "clicked: ordine 1234 aperto"
  - expect: "clicked: ordine 99 sospeso"
  - expect: { absent: "clicked: ordine 1207" }
"##,
    )
    .await;
    assert_eq!(
        statuses(&ran),
        vec![
            Passed, Passed, Passed, Skipped, Passed, Passed, Passed, Skipped, Passed, Passed,
            Passed, Passed, Passed, Passed, Passed
        ]
    );
    let exact_miss = ran.error_of(4);
    assert!(
        exact_miss.starts_with("exactly 'Elimina': Nothing matches exactly text \"Elimina\""),
        "{exact_miss}"
    );
    let bad = ran.error_of(8);
    assert!(
        bad.contains("The target regex /[z-a]/ is not valid: Invalid regular expression"),
        "{bad}"
    );
    let matched: Vec<Option<String>> = ran.report().steps[1..3]
        .iter()
        .map(|s| s.element.as_ref().and_then(|e| e.matched.clone()))
        .collect();
    assert_eq!(
        matched,
        vec![Some("exact".into()), Some("normalized".into())]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wait_and_expect_know_visible_hidden_attached_and_detached_elements() {
    let ran = run_steps(
        r##"
  - goto: "${base}/wait-states.html"
  - expect: { attached: { css: "#spinner" } }
  - expect: { hidden: { css: "#spinner" } }
  - expect: { hidden: "Dettagli pronti" }
  - expect: { detached: "Mai esistito" }
  - click: Carica
  - wait: { visible: "Dettagli pronti" }
  - expect: { hidden: { role: status } }
  - expect: { attached: { role: status } }
  - click: Rimuovi
  - wait: { detached: { css: "#spinner" } }
  - expect: { visible: "Dettagli pronti" }
    within: { css: "#panel" }
  - expect: { text: "Dettagli" }
  - expect: { visible: "Dettagli" }
    timeout: 300ms
    optional: true
  - expect: { detached: "Dettagli pronti" }
    timeout: 300ms
    optional: true
  - expect: { attached: { css: "#spinner" } }
    timeout: 300ms
    optional: true
"##,
    )
    .await;
    assert_eq!(
        statuses(&ran),
        vec![
            Passed, Passed, Passed, Passed, Passed, Passed, Passed, Passed, Passed, Passed, Passed,
            Passed, Passed, Skipped, Skipped, Skipped
        ]
    );
    assert_eq!(
        ran.report().steps[10].name,
        "wait for css '#spinner' detached"
    );
    // A locator keeps its own way of matching: `visible: Dettagli` is not the text check's part.
    assert!(
        ran.error_of(14)
            .starts_with("expected 'Dettagli' visible: Nothing matches text \"Dettagli\""),
        "{}",
        ran.error_of(14)
    );
    ran.assert_error_contains(
        15,
        "text \"Dettagli pronti\" is still in the page (1 match, 1 visible)",
    );
    ran.assert_error_contains(16, "Nothing matches css `#spinner`");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clicks_press_the_button_count_position_and_modifiers_asked_for() {
    let ran = run_steps(
        r##"
  - goto: "${base}/pointer.html"
  - click: Segna
    timeout: 500ms
    optional: true
  - click: { text: Segna, position: { x: 500, y: 4 } }
    timeout: 500ms
    optional: true
  - click: { text: Segna, position: { x: 6, y: 6 } }
  - double_click: Documento.pdf
  - click: { css: "#para", count: 3 }
  - click: { text: "Menu contestuale", button: right }
  - click: { role: link, name: "Apri in un'altra scheda", button: middle }
  - click: { text: "Con i tasti", modifiers: [Shift, Alt] }
  - expect: "clicked: segna"
  - expect: { absent: "clicked: sticker" }
  - expect: "file click 2"
  - expect: "file opened"
  - expect: "selected: Una riga da selezionare tutta con tre clic."
  - expect: "ctx: context menu"
  - expect: { absent: "ctx: left click" }
  - expect: "aux: button 1"
  - expect: "keys: shift=true control=false alt=true meta=false"
"##,
    )
    .await;
    let mut wanted = vec![Passed, Skipped, Skipped];
    wanted.extend([Passed; 15]);
    assert_eq!(
        statuses(&ran),
        wanted,
        "{:#?}",
        ran.report()
            .steps
            .iter()
            .map(|s| &s.error)
            .collect::<Vec<_>>()
    );
    ran.assert_error_contains(2, "covered by div#sticker");
    ran.assert_error_contains(
        3,
        "button \"Segna\" is 140×34: position (500, 4) is outside it",
    );
    let names: Vec<&str> = ran.report().steps[4..9]
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "double-click 'Documento.pdf'",
            "triple-click css '#para'",
            "right-click 'Menu contestuale'",
            "middle-click link 'Apri in un'altra scheda'",
            "Shift+Alt+click 'Con i tasti'"
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_opens_a_css_menu_whose_item_a_click_then_reaches() {
    let ran = run_steps(
        r##"
  - goto: "${base}/pointer.html"
  - click: Utenti
    timeout: 500ms
    optional: true
  - hover: Impostazioni
  - click: Utenti
  - expect: "clicked: utenti impostazioni"
  - expect: { absent: "clicked: utenti strumenti" }
"##,
    )
    .await;
    assert_eq!(
        statuses(&ran),
        vec![Passed, Skipped, Passed, Passed, Passed, Passed]
    );
    ran.assert_error_contains(2, "none of them visible");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn press_sends_keys_and_chords_to_an_element_or_the_focused_one() {
    let ran = run_steps(
        r##"
  - goto: "${base}/keys.html"
  - press: { key: Enter, placeholder: Cerca }
  - press: { key: Tab, label: Primo }
  - press: "Shift+Tab"
  - press: { key: "Control+A", label: Nota }
  - press: Delete
  - press: Escape
  - press: { key: Enter, text: Titolo }
    timeout: 300ms
    optional: true
  - expect: "search: pacchetti"
  - expect: "focus: b"
  - expect: { text: "focus: b focus: a", timeout: 0s }
  - expect: 'nota: ""'
  - expect: { hidden: { role: dialog } }
  - expect: { absent: "title key" }
"##,
    )
    .await;
    let mut wanted = vec![Passed; 7];
    wanted.push(Skipped);
    wanted.extend([Passed; 6]);
    assert_eq!(
        statuses(&ran),
        wanted,
        "{:#?}",
        ran.report()
            .steps
            .iter()
            .map(|s| &s.error)
            .collect::<Vec<_>>()
    );
    let names: Vec<&str> = ran.report().steps[1..4]
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "press Enter in placeholder 'Cerca'",
            "press Tab in label 'Primo'",
            "press Shift+Tab"
        ]
    );
    ran.assert_error_contains(8, "cannot take the keyboard focus");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn force_acts_without_the_waits_and_the_report_says_what_they_found() {
    let ran = run_steps(
        r##"
  - goto: "${base}/force.html"
  - click: "Prova gratis"
    timeout: 600ms
    optional: true
  - click: "Prova gratis"
    force: true
  - click: "Invia comunque"
    timeout: 300ms
    optional: true
  - click: "Invia comunque"
    force: true
  - click: Esporta
    timeout: 300ms
    optional: true
  - click: Esporta
    force: true
  - click: Sparito
    force: true
    timeout: 300ms
    optional: true
  - click: Inesistente
    force: true
    timeout: 300ms
    optional: true
  - expect: "clicked: prova gratis"
  - expect: "clicked: invia comunque"
  - expect: "clicked: esporta"
"##,
    )
    .await;
    assert_eq!(
        statuses(&ran),
        vec![
            Passed, Skipped, Passed, Skipped, Passed, Skipped, Passed, Skipped, Skipped, Passed,
            Passed, Passed
        ]
    );
    ran.assert_error_contains(2, "never came to rest");
    ran.assert_error_contains(4, "is disabled");
    ran.assert_error_contains(6, "covered by div#help");
    let notes = |i: usize| ran.report().steps[i - 1].notes.clone();
    let force = "force: acted without the checks for visible, enabled, stable and uncovered";
    // The drifting button is clicked where it was found, without waiting for it to stop.
    assert_eq!(notes(3), [force.to_string()]);
    assert_eq!(notes(5), [format!("{force} (it was disabled)")]);
    assert_eq!(notes(7), [format!("{force} (it was covered by div#help)")]);
    ran.assert_error_contains(8, "has no box on the page to act at, even with force");
    ran.assert_error_contains(9, "Nothing matches");
    let html = std::fs::read_to_string(ran.dir.path().join("report.html")).expect("report.html");
    assert!(
        html.contains("(it was covered by div#help)"),
        "the HTML report shows the note"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trial_step_makes_every_check_and_performs_nothing() {
    let sites = Sites::start().await;
    // Destructive steps are refused, but a trial one performs nothing: it needs no confirmation.
    let refuse = |config: &mut clickpath::run::RunConfig| {
        config.confirm = clickpath::run::Confirm::Refuse;
    };
    let ran = common::run_yaml_configured(
        &sites,
        r##"
name: trial
steps:
  - goto: "${base}/basics.html"
  - goto: "${base}/dialog.html"
    trial: true
  - click: Salva
    trial: true
    destructive: true
  - fill: { label: Password, value: segreto }
    trial: true
  - select: { label: Motivo, option: Altro }
    trial: true
  - check: Ricordami
    trial: true
  - press: { key: Enter, placeholder: Cerca }
    trial: true
  - expect: { text: "clicked: salva" }
    trial: true
    timeout: 300ms
    optional: true
  - select: { label: Motivo, option: Mai }
    trial: true
    timeout: 300ms
    optional: true
  - fill: { label: "Codice", value: x }
    trial: true
    timeout: 300ms
    optional: true
  - expect: { url_contains: "basics.html" }
  - expect: { absent: "clicked: salva" }
  - expect: { absent: "filled:" }
  - expect: { absent: "selected:" }
  - expect: { absent: "checked:" }
"##,
        &[],
        false,
        refuse,
    )
    .await;
    let mut wanted = vec![Passed; 7];
    wanted.extend([Skipped; 3]);
    wanted.extend([Passed; 5]);
    assert_eq!(
        statuses(&ran),
        wanted,
        "{:#?}",
        ran.report()
            .steps
            .iter()
            .map(|s| &s.error)
            .collect::<Vec<_>>()
    );
    for i in 2..=7 {
        assert_eq!(
            ran.report().steps[i - 1].notes,
            ["trial: not performed".to_string()],
            "step {i}"
        );
    }
    assert!(
        ran.report().steps[2].element.is_some(),
        "the checked element is in the report"
    );
    ran.assert_error_contains(8, "clicked: salva");
    ran.assert_error_contains(9, "has no enabled option \"Mai\"");
    ran.assert_error_contains(10, "not an editable field");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn select_chooses_by_text_value_or_index_and_sets_a_multiple_lists_selection() {
    let ran = run_steps(
        r##"
  - goto: "${base}/select-forms.html"
  - select: { label: Quantità, option: "1" }
  - expect: "qty: 1"
  - select: { label: Quantità, value: "1" }
  - expect: "qty: 2"
  - select: { label: Piano, index: 3 }
  - expect: "plan: Enterprise"
  - select: { label: Moduli, options: [Contatti, deals] }
  - expect: "mods: Contatti, Offerte"
  - select: { label: Moduli, options: [] }
  - expect: "mods: (nessuno)"
  - select: { label: Piano, index: 1 }
    timeout: 300ms
    optional: true
  - select: { label: Piano, index: 9 }
    timeout: 300ms
    optional: true
  - select: { label: Quantità, options: ["1", "3"] }
    optional: true
  - select: { label: Piano, options: [] }
    optional: true
  - select: { label: Moduli, value: rep }
    trial: true
  - expect: { absent: "mods: Report" }
"##,
    )
    .await;
    let mut wanted = vec![Passed; 11];
    wanted.extend([Skipped; 4]);
    wanted.extend([Passed; 2]);
    assert_eq!(
        statuses(&ran),
        wanted,
        "{:#?}",
        ran.report()
            .steps
            .iter()
            .map(|s| &s.error)
            .collect::<Vec<_>>()
    );
    let notes = |i: usize| ran.report().steps[i - 1].notes.clone();
    assert_eq!(notes(2), ["selected '1'".to_string()]);
    assert_eq!(notes(4), ["selected '2'".to_string()]);
    assert_eq!(notes(8), ["selected 'Contatti', 'Offerte'".to_string()]);
    assert_eq!(notes(10), ["no option is chosen now".to_string()]);
    assert_eq!(notes(16), ["trial: not performed".to_string()]);
    let names: Vec<&str> = [4, 6, 8, 10]
        .iter()
        .map(|i| ran.report().steps[i - 1].name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "select value '1' in label 'Quantità'",
            "select option #3 in label 'Piano'",
            "select 'Contatti', 'deals' in label 'Moduli'",
            "select no option in label 'Moduli'"
        ]
    );
    ran.assert_error_contains(
        12,
        "has a disabled option at index 1: \"Classico (ritirato)\"",
    );
    ran.assert_error_contains(13, "has 4 options: none at index 9 (counted from 0)");
    ran.assert_error_contains(
        14,
        "takes one option (it is no <select multiple>), but 2 were asked for: \"1\", \"3\"",
    );
    ran.assert_error_contains(15, "it cannot be left with none");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ambiguous_target_names_the_scope_that_picks_each_match() {
    let ran = run_steps(
        r#"
  - goto: "${base}/basics.html"
  - click: Disinstalla
    timeout: 1s
"#,
    )
    .await;
    assert_eq!(statuses(&ran), vec![Passed, Failed]);
    ran.assert_error_contains(2, "matches 3 visible elements");
    ran.assert_error_contains(
        2,
        "`within: { row: \"HubSpot Integration\" }` picks match 1 (a \"Disinstalla\")",
    );
    ran.assert_error_contains(2, "`within: { row: \"DocuSign\" }` picks match 3");
}
