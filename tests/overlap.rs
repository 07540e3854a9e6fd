//! Screenshots made while the next step looks: each step's picture shows the page after that
//! step, never the one before it, and never the next step's scroll, focus or choice.

mod common;

use common::{Sites, run_yaml};

/// The band's colour after `n` actions (tests/sites/every-step.html's palette).
const PALETTE: [[u8; 3]; 8] = [
    [200, 0, 0],
    [0, 150, 0],
    [0, 0, 200],
    [150, 150, 0],
    [0, 150, 150],
    [130, 0, 130],
    [230, 110, 0],
    [90, 60, 30],
];
/// The focus ring's colour.
const RING: [u8; 3] = [255, 0, 255];
/// The marker that scrolls with the page: at y 100..160 when the page is at its top.
const MARKER: [u8; 3] = [20, 20, 20];

fn rgb(img: &image::RgbImage, x: u32, y: u32) -> [u8; 3] {
    img.get_pixel(x, y).0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_screenshot_shows_its_own_step_while_the_next_one_looks() {
    let sites = Sites::start().await;
    // Every step changes the page; the step after each needs something a screenshot would show:
    // a scroll to a far button, a scroll back and the focus for a field, an option chosen.
    let yaml = "name: every step\nsteps:\n\
        \x20 - goto: \"${base}/every-step.html\"\n\
        \x20 - click: Avanti\n\
        \x20 - click: In fondo\n\
        \x20 - fill: { label: Nota, value: ciao }\n\
        \x20 - select: { label: Scelta, option: due }\n\
        \x20 - click: Avanti\n\
        \x20 - expect: \"step 5\"\n";
    let ran = run_yaml(&sites, yaml, &[]).await;
    ran.assert_passed();
    let report = ran.report();
    let browser = report.browser.as_ref().expect("browser in the report");
    assert_eq!(
        browser.screenshots,
        vec!["devtools".to_owned()],
        "the screenshots took clickpath's own DevTools connection (else nothing here overlaps)"
    );
    let overlapped = report.steps.iter().filter(|s| s.shot_ms.is_some()).count();
    assert!(
        overlapped >= 5,
        "the pictures were made while the next step looked ({overlapped} of {})",
        report.steps.len()
    );
    // (actions so far, page at its top, a field focused) after each step.
    let wanted = [
        (0, true, false),
        (1, true, false),
        (2, false, false),
        (3, true, true),
        // An option chosen by script leaves the focus in the field; the click takes it.
        (4, true, true),
        (5, true, false),
        (5, true, false),
    ];
    for (step, &(acted, at_top, focused)) in report.steps.iter().zip(&wanted) {
        let file = step
            .screenshot
            .as_deref()
            .unwrap_or_else(|| panic!("step {} has a screenshot", step.index));
        let img = image::open(ran.dir.path().join(file))
            .unwrap_or_else(|e| panic!("{file}: {e}"))
            .to_rgb8();
        let band = rgb(&img, 1000, 30);
        assert_eq!(
            band,
            PALETTE[acted],
            "{file}: the band shows the page after {acted} action(s) (palette {:?})",
            PALETTE.iter().position(|p| *p == band)
        );
        let marker = rgb(&img, 1000, 130);
        assert_eq!(
            marker == MARKER,
            at_top,
            "{file}: the page {} scrolled (marker pixel {marker:?})",
            if at_top { "must not have" } else { "must have" }
        );
        let ring = (0..img.height())
            .step_by(2)
            .any(|y| (0..img.width()).step_by(2).any(|x| rgb(&img, x, y) == RING));
        assert_eq!(
            ring,
            focused,
            "{file}: the field's focus ring {}",
            if focused {
                "shows"
            } else {
                "must not show yet"
            }
        );
    }
}
