//! What a page script costs by each path clickpath has: over clickpath's own DevTools connection,
//! and through chromedriver as WebDriver's Execute Script.
//!
//!     cargo run --release --example script_paths [-- SAMPLES]
//!
//! Prints the median round trip of a script that returns at once and of one that calls back, by
//! each path, on the same page of the same session.
use std::time::{Duration, Instant};

use clickpath::browser::page::{Page, PageError};
use clickpath::browser::{Browser, BrowserOptions};

const PAGE: &str = "data:text/html,<body><h1>Script paths</h1><p>Lorem ipsum</p></body>";

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

/// The median round trips of `samples` returning and calling-back scripts, by the page's path.
async fn round_trips(page: &mut Page<'_>, samples: usize) -> Result<(f64, f64), PageError> {
    let (mut returning, mut calling_back) = (Vec::new(), Vec::new());
    for _ in 0..samples {
        let t = Instant::now();
        page.evaluate("return 1;", vec![]).await?;
        returning.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        page.evaluate_async("arguments[0](1);", vec![]).await?;
        calling_back.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    Ok((median(returning), median(calling_back)))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let samples: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(50);
    let browser = Browser::launch(&BrowserOptions::default()).await?;
    let outcome = measure(&browser, samples).await;
    browser.close().await;
    outcome
}

async fn measure(browser: &Browser, samples: usize) -> Result<(), Box<dyn std::error::Error>> {
    if browser.devtools().is_none() {
        return Err("no DevTools connection of clickpath's own here".into());
    }
    let mut page = Page::new(browser).await?;
    page.goto(PAGE, Duration::from_secs(10)).await?;
    let own = round_trips(&mut page, samples).await?;
    page.scripts_over_webdriver();
    let webdriver = round_trips(&mut page, samples).await?;
    println!("median round trip of a page script over {samples} samples (returns / calls back):");
    println!(
        "  clickpath's own DevTools connection  {:6.2} / {:6.2} ms",
        own.0, own.1
    );
    println!(
        "  WebDriver Execute Script             {:6.2} / {:6.2} ms",
        webdriver.0, webdriver.1
    );
    println!(
        "  ratio                                {:6.2} / {:6.2}",
        own.0 / webdriver.0,
        own.1 / webdriver.1
    );
    Ok(())
}
