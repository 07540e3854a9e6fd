//! Evidence an auditor can read: annotated copies, masks and secrets covered in every image written,
//! full-page captures.

mod common;

use clickpath::report::model::Rect;
use common::{Sites, run_yaml, run_yaml_with};

fn decode(path: &std::path::Path) -> image::RgbaImage {
    image::open(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .to_rgba8()
}

/// Whether every pixel inside `rect` (CSS px, dpr 1) has one colour.
fn uniform(img: &image::RgbaImage, rect: &Rect) -> bool {
    let (x0, y0) = (rect.x.max(0.0) as u32, rect.y.max(0.0) as u32);
    let (x1, y1) = (
        ((rect.x + rect.width) as u32).min(img.width()),
        ((rect.y + rect.height) as u32).min(img.height()),
    );
    let first = *img.get_pixel(x0, y0);
    (y0..y1).all(|y| (x0..x1).all(|x| *img.get_pixel(x, y) == first))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_step_on_an_element_gets_an_annotated_copy_flushed_before_the_run_ends() {
    let sites = Sites::start().await;
    let ran = run_yaml(&sites, "name: t\nsteps:\n  - goto: \"${base}/basics.html\"\n  - click: Salva\n  - expect: \"clicked: salva\"\n", &[]).await;
    ran.assert_passed();
    let steps = &ran.report().steps;
    assert_eq!(steps[0].annotated, None, "goto acts on no element");
    assert_eq!(
        steps[1].annotated.as_deref(),
        Some("02-click-salva.annotated.png")
    );
    let raw = decode(&ran.dir.path().join("02-click-salva.png"));
    let annotated = decode(&ran.dir.path().join("02-click-salva.annotated.png"));
    assert_eq!(annotated.width(), raw.width());
    assert!(
        annotated.height() > raw.height(),
        "a caption strip is added below the page"
    );
    let rect = steps[1]
        .element
        .as_ref()
        .and_then(|e| e.rect)
        .expect("element box");
    // The box is drawn just outside the element: its left edge is magenta, its inside untouched.
    let edge = annotated.get_pixel(rect.x as u32 - 3, (rect.y + rect.height / 2.0) as u32);
    assert_eq!(edge.0, [226, 0, 116, 255], "the box around the element");
    let inside = (rect.x as u32 + 2, (rect.y + rect.height / 2.0) as u32);
    assert_eq!(
        annotated.get_pixel(inside.0, inside.1),
        raw.get_pixel(inside.0, inside.1)
    );
    assert!(steps[1].annotate_ms.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secret_and_masked_elements_never_reach_the_disk_unmasked() {
    let sites = Sites::start().await;
    let yaml = r#"
name: secret
params:
  password: { secret: true, required: true }
mask:
  - { placeholder: "Cerca" }
steps:
  - goto: "${base}/basics.html"
  - fill: { label: Password, value: "${password}" }
  - click: "In fondo"
"#;
    let secret = "Tr0ub4dor&3";
    let ran = run_yaml_with(&sites, yaml, &[("password", secret, true)], false).await;
    ran.assert_passed();
    let steps = &ran.report().steps;
    let field = steps[1]
        .element
        .as_ref()
        .and_then(|e| e.rect)
        .expect("the password field's box");
    // DOM check: the blocks read back from the page before the capture cover the field.
    let covers = |masked: &[Rect], r: &Rect| {
        masked.iter().any(|m| {
            m.x <= r.x
                && m.y <= r.y
                && m.x + m.width >= r.x + r.width
                && m.y + m.height >= r.y + r.height
        })
    };
    assert!(
        covers(&steps[1].masked, &field),
        "field {field:?} not in {:?}",
        steps[1].masked
    );
    assert!(
        !steps[0].masked.is_empty(),
        "the runbook's mask covers the search field from the first step"
    );
    // Pixel check on the raw screenshot and on its annotated copy.
    for file in [
        "02-fill-label-password.png",
        "02-fill-label-password.annotated.png",
    ] {
        let img = decode(&ran.dir.path().join(file));
        assert!(
            uniform(&img, &field),
            "{file}: the field's region is one flat colour"
        );
    }
    // Step 3 scrolled to the bottom, where the page's log echoes the secret: that text is covered too.
    let log_boxes: Vec<&Rect> = steps[2]
        .masked
        .iter()
        .filter(|m| m.y > field.y + 100.0)
        .collect();
    assert!(
        !log_boxes.is_empty(),
        "the secret echoed by the page is covered: {:?}",
        steps[2].masked
    );
    let shot = decode(&ran.dir.path().join("03-click-in-fondo.png"));
    for b in log_boxes {
        assert!(
            uniform(&shot, b),
            "the echoed secret at {b:?} is one flat colour"
        );
    }
    for entry in std::fs::read_dir(ran.dir.path()).expect("evidence") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("read");
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "{} contains the secret",
            path.display()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn full_page_captures_the_whole_page() {
    let sites = Sites::start().await;
    let yaml = "name: t\nsteps:\n  - goto: \"${base}/basics.html\"\n  - click: \"In fondo\"\n";
    let ran = run_yaml_with(&sites, yaml, &[], true).await;
    ran.assert_passed();
    let shot = decode(&ran.dir.path().join("02-click-in-fondo.png"));
    assert_eq!(shot.width(), 1280);
    assert!(
        shot.height() > 2000,
        "the page is about 2300 px tall, the capture {} px",
        shot.height()
    );
    // The annotation box follows the element down the page.
    let annotated = decode(&ran.dir.path().join("02-click-in-fondo.annotated.png"));
    let rect = ran.report().steps[1]
        .element
        .as_ref()
        .and_then(|e| e.rect)
        .expect("box");
    assert!(rect.y < 800.0, "the element box is in viewport coordinates");
    let magenta = (0..annotated.height())
        .filter(|y| annotated.get_pixel(rect.x as u32 - 3, *y).0 == [226, 0, 116, 255])
        .count();
    assert!(
        magenta > 0,
        "the box is drawn at the element's place in the full page"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_box_is_drawn_on_the_page_a_click_led_to() {
    let sites = Sites::start().await;
    let ran = run_yaml(
        &sites,
        "name: t\nsteps:\n  - goto: \"${base}/index.html\"\n  - click: \"basics.html\"\n",
        &[],
    )
    .await;
    ran.assert_passed();
    let step = &ran.report().steps[1];
    assert!(
        step.url
            .as_deref()
            .is_some_and(|u| u.ends_with("/basics.html"))
    );
    let annotated = decode(
        &ran.dir
            .path()
            .join(step.annotated.as_deref().expect("annotated copy")),
    );
    let magenta = annotated
        .pixels()
        .filter(|p| p.0 == [226, 0, 116, 255])
        .count();
    assert_eq!(
        magenta, 0,
        "the link's old place would frame something else on the new page"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_box_is_drawn_when_a_click_navigated_the_frame_the_element_was_in() {
    let sites = Sites::start().await;
    let ran = run_yaml(
        &sites,
        "name: t\nsteps:\n  - goto: \"${base}/form.html\"\n  - click: \"Invia nel riquadro\"\n",
        &[],
    )
    .await;
    ran.assert_passed();
    let step = &ran.report().steps[1];
    assert!(
        step.url
            .as_deref()
            .is_some_and(|u| u.ends_with("/form.html")),
        "the top page stayed; only the frame moved on"
    );
    assert!(
        step.element.as_ref().is_some_and(|e| e.navigated),
        "the report says the click navigated"
    );
    let annotated = decode(
        &ran.dir
            .path()
            .join(step.annotated.as_deref().expect("annotated copy")),
    );
    let magenta = annotated
        .pixels()
        .filter(|p| p.0 == [226, 0, 116, 255])
        .count();
    assert_eq!(
        magenta, 0,
        "the button's old place in the frame would frame something else"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_runbooks_own_busy_indicator_is_waited_out_and_a_step_sets_its_bound() {
    let sites = common::Sites::start().await;
    let ran = common::run_yaml(
        &sites,
        r#"name: busy
busy: [".app-loading"]
steps:
  - goto: "${base}/busy.html"
  - click: "Open the report"
  - click: "Open forever"
    settle: 300ms
"#,
        &[],
    )
    .await;
    ran.assert_passed();
    let steps = &ran.report().steps;
    assert!(
        steps[1]
            .notes
            .iter()
            .any(|n| n.ends_with("ms for the page to settle (div.app-loading)")),
        "the runbook's own indicator was waited for: {:?}",
        steps[1]
    );
    assert!(
        steps[2].notes.iter().any(|n| n
            == "the page was still busy after 0.3s (div.slds-spinner): the screenshot shows it so"),
        "the step's own bound: {:?}",
        steps[2].notes
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_frame_still_loading_and_then_its_own_spinner_are_waited_out() {
    let ran = common::run_steps(
        r#"
  - goto: "${base}/busy-frame.html"
  - click: "Open the frame"
"#,
    )
    .await;
    ran.assert_passed();
    let step = &ran.report().steps[1];
    let waited = step.settle_ms.unwrap_or(0);
    assert!(
        waited >= 600,
        "the server's 400 ms and the inner spinner's 300 ms: {step:?}"
    );
    assert!(
        step.notes
            .iter()
            .any(|n| n.contains("for the page to settle")),
        "{:?}",
        step.notes
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_screenshot_waits_for_the_spinner_to_go_and_says_how_long() {
    let ran = common::run_steps(
        r#"
  - goto: "${base}/busy.html"
  - click: "Open details"
  - click: "Open forever"
"#,
    )
    .await;
    ran.assert_passed();
    let steps = &ran.report().steps;
    let waited = steps[1].settle_ms.unwrap_or(0);
    assert!(
        waited > 0,
        "the screenshot waited for the spinner: {:?}",
        steps[1]
    );
    assert!(
        steps[1].notes.iter().any(|n| n.starts_with("waited ")
            && n.ends_with("ms for the page to settle (div.slds-spinner)")),
        "{:?}",
        steps[1].notes
    );
    assert!(
        steps[2].notes.iter().any(|n| n
            == "the page was still busy after 2.0s (div.slds-spinner): the screenshot shows it so"),
        "{:?}",
        steps[2].notes
    );
}
