//! Where a step's picture is fastest to get on this machine: a `Page.captureScreenshot` over
//! clickpath's own DevTools connection, or the latest frame of a screencast (`Page.startScreencast`,
//! PNG frames, acknowledged at once).
//!
//!     cargo run --release --example frame_sources [-- SAMPLES]
//!
//! Prints, over SAMPLES changes of a page (a counter's text, made through WebDriver) and as many
//! looks at an unchanged one:
//! - capture, changed page: from the change's answer to the PNG;
//! - capture, unchanged page: the same with nothing changed (the browser still makes a frame);
//! - screencast, changed page: from the change's answer to the frame that shows it;
//! - screencast, unchanged page: frames that arrive within a second (none: a screencast cannot say
//!   that its latest frame is current without waiting for a frame that may never come).
use std::time::{Duration, Instant};

use clickpath::browser::page::Page;
use clickpath::browser::{Browser, BrowserOptions};
use serde_json::json;

const PAGE: &str = "data:text/html,<body style='font:48px sans-serif;margin:40px'>\
    <h1>Frame sources</h1><p id=n>0</p><p>Lorem ipsum dolor sit amet</p></body>";

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        f64::NAN
    } else {
        v[v.len() / 2]
    }
}

/// Changes the page: the counter shows `n`.
async fn show(page: &mut Page<'_>, n: u32) -> Result<(), clickpath::browser::page::PageError> {
    let script = format!("document.getElementById('n').textContent = '{n}'; return 1;");
    page.evaluate(&script, vec![]).await.map(|_| ())
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let samples: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    let browser = Browser::launch(&BrowserOptions::default()).await?;
    let outcome = measure(&browser, samples).await;
    browser.close().await;
    outcome
}

async fn measure(browser: &Browser, samples: usize) -> Result<(), Box<dyn std::error::Error>> {
    let devtools = browser
        .devtools()
        .ok_or("no DevTools connection of clickpath's own here")?
        .clone();
    let mut page = Page::new(browser).await?;
    page.goto(PAGE, Duration::from_secs(10)).await?;
    let target = page
        .target()
        .ok_or("no DevTools target for the window")?
        .to_owned();
    let mut change: u32 = 0;

    let (mut changed, mut unchanged) = (Vec::new(), Vec::new());
    for _ in 0..samples {
        change += 1;
        show(&mut page, change).await?;
        let t = Instant::now();
        devtools.screenshot(&target).await?;
        changed.push(ms(t));
        let t = Instant::now();
        devtools.screenshot(&target).await?;
        unchanged.push(ms(t));
    }

    let session = devtools.session_of(&target).await?;
    let mut events = devtools.events();
    devtools
        .call(
            &target,
            "Page.startScreencast",
            json!({"format": "png", "everyNthFrame": 1}),
        )
        .await?;
    // The first frame comes at once: the page as it is.
    let mut frame = async |limit: Duration| -> Option<f64> {
        let t = Instant::now();
        loop {
            let left = limit.checked_sub(t.elapsed())?;
            match tokio::time::timeout(left, events.recv()).await {
                Ok(Ok(e))
                    if e.method == "Page.screencastFrame"
                        && e.session.as_deref() == Some(&session) =>
                {
                    let ack = json!({"sessionId": e.params["sessionId"]});
                    let _ = devtools.call(&target, "Page.screencastFrameAck", ack).await;
                    return Some(ms(t));
                }
                Ok(Ok(_)) => {}
                _ => return None,
            }
        }
    };
    frame(Duration::from_secs(2)).await;
    let mut cast = Vec::new();
    let mut idle_frames = 0;
    for _ in 0..samples {
        change += 1;
        show(&mut page, change).await?;
        if let Some(latency) = frame(Duration::from_secs(2)).await {
            cast.push(latency);
        }
        // Nothing changes now: does a frame come anyway?
        if frame(Duration::from_millis(1000 / samples.max(1) as u64 + 50))
            .await
            .is_some()
        {
            idle_frames += 1;
        }
    }
    let _ = devtools
        .call(&target, "Page.stopScreencast", json!({}))
        .await;

    let (c, u, s) = (median(changed), median(unchanged), median(cast.clone()));
    println!(
        "capture over clickpath's DevTools, changed page:   median {c:6.1} ms ({samples} samples)"
    );
    println!(
        "capture over clickpath's DevTools, unchanged page: median {u:6.1} ms ({samples} samples)"
    );
    println!(
        "screencast frame after a change:                  median {s:6.1} ms ({} of {samples} came)",
        cast.len()
    );
    println!("screencast frames while nothing changed:          {idle_frames} in {samples} waits");
    println!("ratio screencast/capture after a change: {:.2}x", s / c);
    Ok(())
}
