//! The practice org's logins and seeded pop-ups in real headless Chromium: HubSpot's and Salesforce's
//! screens with a TOTP code computed here with totp-rs, wrong passwords and codes refused with the
//! page language's message, the page asked for reached afterwards, an expired session sent back to
//! the login, and the interruption dialogs covering the page on the loads the seed chooses.

mod common;

use std::time::{Duration, Instant};

use clickpath::browser::page::Page;
use clickpath::browser::{Browser, BrowserOptions};
use clickpath::locate::Point;
use clickpath::practice::{
    Interruption, PracticeOptions, PracticeServer, Product, account, start_options,
};
use serde_json::{Value, json};

type Checked = Result<(), String>;

fn ensure(ok: bool, what: impl Into<String>) -> Checked {
    if ok { Ok(()) } else { Err(what.into()) }
}

/// The code the authenticator app shows now, computed from the printed secret as an app would.
fn code_now(product: Product) -> String {
    let secret = totp_rs::Secret::try_from_base32(account(product).totp_secret).expect("base32");
    totp_rs::Builder::new()
        .with_secret(secret)
        .build()
        .expect("an RFC 6238 generator")
        .generate_current()
        .to_string()
}

/// A six-digit code that is not one the org accepts now.
fn wrong_code(product: Product) -> String {
    let right = code_now(product);
    ["000000", "111111", "222222"]
        .into_iter()
        .find(|c| *c != right)
        .unwrap_or("333333")
        .to_owned()
}

/// Runs `body` in one headless Chromium session in `language`, closing the browser on every path.
async fn in_browser(language: &str, body: impl AsyncFnOnce(&mut Page<'_>) -> Checked) {
    common::machine_has_what_tests_need();
    let options = BrowserOptions {
        language: Some(language.into()),
        ..BrowserOptions::default()
    };
    let browser = Browser::launch(&options).await.expect("a browser");
    let result = match Page::new(&browser).await {
        Ok(mut tab) => body(&mut tab).await,
        Err(e) => Err(format!("no page: {e}")),
    };
    browser.close().await;
    if let Err(e) = result {
        panic!("{e}");
    }
}

async fn eval(tab: &mut Page<'_>, script: &str, args: Vec<Value>) -> Result<Value, String> {
    tab.evaluate(script, args).await.map_err(|e| e.to_string())
}

/// Waits (10 s at most) until `predicate` (a script expression) is true in the current document.
async fn wait_for(tab: &mut Page<'_>, predicate: &str) -> Checked {
    let deadline = Instant::now() + Duration::from_secs(10);
    let script = format!("try {{ return !!({predicate}); }} catch (e) {{ return false; }}");
    loop {
        // Between two documents a script may fail: that is "not yet".
        if let Ok(Value::Bool(true)) = tab.evaluate(&script, vec![]).await {
            return Ok(());
        }
        if Instant::now() > deadline {
            let url = tab.url().await.unwrap_or_default();
            let text = eval(
                tab,
                "return document.body && document.body.innerText",
                vec![],
            )
            .await
            .unwrap_or_default();
            return Err(format!(
                "still not `{predicate}` after 10 s on {url}:\n{text}"
            ));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Types into the field labelled `label` with real key presses.
async fn fill(tab: &mut Page<'_>, label: &str, text: &str) -> Checked {
    let found = eval(
        tab,
        "const l = [...document.querySelectorAll('label')].find((l) => l.textContent.trim() === arguments[0]);
         const f = l && l.control;
         if (!f) return false;
         f.value = ''; f.focus(); return document.activeElement === f;",
        vec![json!(label)],
    )
    .await?;
    ensure(found == json!(true), format!("no field labelled {label:?}"))?;
    tab.type_text(text).await.map_err(|e| e.to_string())
}

/// Clicks the middle of the first button whose text (or accessible label) is `name`, with real input.
async fn click_button(tab: &mut Page<'_>, name: &str) -> Checked {
    let at = eval(
        tab,
        "const b = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === arguments[0] || b.getAttribute('aria-label') === arguments[0]);
         if (!b) return null;
         const r = b.getBoundingClientRect();
         return [r.left + r.width / 2, r.top + r.height / 2];",
        vec![json!(name)],
    )
    .await?;
    let (Some(x), Some(y)) = (at[0].as_f64(), at[1].as_f64()) else {
        return Err(format!("no button {name:?}"));
    };
    tab.click_at(Point { x, y })
        .await
        .map_err(|e| e.to_string())
}

async fn path_and_query(tab: &mut Page<'_>) -> Result<String, String> {
    let url = tab.url().await.map_err(|e| e.to_string())?;
    let url = url::Url::parse(&url).map_err(|e| e.to_string())?;
    Ok(match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    })
}

async fn goto(tab: &mut Page<'_>, url: &str) -> Checked {
    tab.goto(url, Duration::from_secs(20))
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

fn alert_is(text: &str) -> String {
    format!(
        "document.querySelector('[role=alert]').textContent.trim() === {}",
        json!(text)
    )
}

fn screen_is(screen: &str) -> String {
    format!("document.body.dataset.screen === {}", json!(screen))
}

async fn org(options: PracticeOptions) -> PracticeServer {
    start_options(None, options).await.expect("a practice org")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hubspot_login_in_three_screens_with_a_totp_code_reaches_the_page_asked_for() {
    // Seeded pop-ups too, to see that login screens neither show nor count one.
    let server = org(PracticeOptions::new().login(true).interruptions(3)).await;
    let base = server.base_url();
    let page = "/hubspot/settings/integrations/connected-apps?tab=all";
    let hs = account(Product::HubSpot);
    in_browser("it", async |tab| {
        goto(tab, &format!("{base}{page}")).await?;
        let at = path_and_query(tab).await?;
        ensure(
            at == Product::HubSpot.login_url(page),
            format!("not sent to the login keeping the page: {at}"),
        )?;
        wait_for(tab, &screen_is("email")).await?;
        fill(tab, "Indirizzo email", hs.username).await?;
        click_button(tab, "Avanti").await?;
        wait_for(tab, &screen_is("password")).await?;

        fill(tab, "Password", "sbagliata").await?;
        click_button(tab, "Accedi").await?;
        wait_for(tab, &alert_is("Indirizzo email o password non corretti.")).await?;
        fill(tab, "Password", hs.password).await?;
        click_button(tab, "Accedi").await?;
        wait_for(tab, &screen_is("code")).await?;
        let field = eval(
            tab,
            "const f = document.getElementById('code'); return [f.autocomplete, f.inputMode];",
            vec![],
        )
        .await?;
        ensure(
            field == json!(["one-time-code", "numeric"]),
            format!("the code field is {field}"),
        )?;

        fill(tab, "Codice di verifica", &wrong_code(Product::HubSpot)).await?;
        click_button(tab, "Verifica").await?;
        wait_for(
            tab,
            &alert_is("Il codice di verifica non è corretto. Riprova."),
        )
        .await?;
        ensure(
            server.interruptions().loads == 0,
            "a login screen counted as an app page load",
        )?;
        fill(tab, "Codice di verifica", &code_now(Product::HubSpot)).await?;
        click_button(tab, "Verifica").await?;
        wait_for(tab, "location.pathname.endsWith('/connected-apps')").await?;
        let at = path_and_query(tab).await?;
        ensure(at == page, format!("landed on {at}, not {page}"))?;
        ensure(server.interruptions().loads == 1, "the target page counts")?;
        // HttpOnly: the page's scripts cannot read the session.
        let cookies = eval(tab, "return document.cookie", vec![]).await?;
        ensure(
            !cookies.as_str().unwrap_or("").contains("hubspotapi"),
            format!("the session cookie is readable: {cookies}"),
        )?;

        // The session expires: the next page asks for a login again, keeping that page.
        server.expire_sessions();
        goto(tab, &format!("{base}/hubspot/owners/reassign")).await?;
        let at = path_and_query(tab).await?;
        ensure(
            at == Product::HubSpot.login_url("/hubspot/owners/reassign"),
            format!("an expired session went to {at}"),
        )
    })
    .await;
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn salesforce_login_then_verify_your_identity_opens_lightning_and_classic() {
    let server = org(PracticeOptions::new().login(true)).await;
    let base = server.base_url();
    let page = "/lightning/setup/ImportedPackage/home";
    let sf = account(Product::Salesforce);
    in_browser("en", async |tab| {
        goto(tab, &format!("{base}{page}")).await?;
        let at = path_and_query(tab).await?;
        ensure(
            at == Product::Salesforce.login_url(page),
            format!("not sent to the login keeping the page: {at}"),
        )?;
        fill(tab, "Username", sf.username).await?;
        fill(tab, "Password", "wrong").await?;
        click_button(tab, "Log In").await?;
        wait_for(tab, &alert_is("Please check your username and password. If you still can't log in, contact your Salesforce administrator.")).await?;
        fill(tab, "Username", sf.username).await?;
        fill(tab, "Password", sf.password).await?;
        click_button(tab, "Log In").await?;
        wait_for(
            tab,
            "document.querySelector('h1').textContent === 'Verify Your Identity'",
        )
        .await?;
        fill(tab, "Verification Code", &wrong_code(Product::Salesforce)).await?;
        click_button(tab, "Verify").await?;
        wait_for(tab, &alert_is("The verification code you entered is invalid or has expired. Try again.")).await?;
        fill(tab, "Verification Code", &code_now(Product::Salesforce)).await?;
        click_button(tab, "Verify").await?;
        wait_for(tab, "location.pathname.startsWith('/lightning/')").await?;
        let at = path_and_query(tab).await?;
        ensure(at == page, format!("landed on {at}, not {page}"))?;
        // One login for both Salesforce UIs.
        goto(tab, &format!("{base}/classic/home")).await?;
        let at = path_and_query(tab).await?;
        ensure(at == "/classic/home", format!("Classic went to {at}"))?;

        server.expire_sessions();
        goto(tab, &format!("{base}/classic/setup/packages")).await?;
        let at = path_and_query(tab).await?;
        ensure(
            at == Product::Salesforce.login_url("/classic/setup/packages"),
            format!("an expired session went to {at}"),
        )
    })
    .await;
    server.shutdown().await;
}

/// What the seeded dialog looks like on the current page, or `null` when there is none: its name,
/// its button, and whether its overlay is what the points of the page's targets hit.
const DIALOG: &str = r#"
const d = document.querySelector('[role=dialog][aria-modal=true]');
if (!d) return null;
const name = document.getElementById(d.getAttribute('aria-labelledby'));
const overlay = d.closest('[data-practice-interruption]');
const w = innerWidth, h = innerHeight;
const points = [[w / 2, h / 2], [20, 20], [w - 20, 20], [20, h - 20], [w - 20, h - 20], [w / 4, 60]];
const covered = points.every(([x, y]) => overlay && overlay.contains(document.elementFromPoint(x, y)));
const b = d.querySelector('button');
return { name: name && name.textContent, button: b && b.textContent, covered, kind: overlay && overlay.dataset.practiceInterruption };
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seeded_interruptions_cover_the_page_on_the_loads_the_seed_chooses_until_dismissed() {
    let seed = 11;
    let server = org(PracticeOptions::new().interruptions(seed).login(false)).await;
    let base = server.base_url();
    // Each page, its dialog's kind, name and button (in Italian, the org's language).
    let pages = [
        ("/hubspot", Interruption::HubSpot, "Novità", "Chiudi"),
        (
            "/classic/home",
            Interruption::Classic,
            "Passa a Lightning Experience",
            "Chiudi",
        ),
        (
            "/lightning/page/home?shadow=synthetic",
            Interruption::Lightning,
            "Novità di questa versione",
            "Ignora",
        ),
        (
            "/lightning/page/home?shadow=native",
            Interruption::Lightning,
            "Novità di questa versione",
            "Ignora",
        ),
    ];
    let mut shown_on = [0; 4];
    let mut quiet_loads = 0;
    in_browser("it", async |tab| {
        for load in 0..24u64 {
            let i = (load % 4) as usize;
            let (path, kind, name, button) = pages[i];
            goto(tab, &format!("{base}{path}")).await?;
            let expected = clickpath::practice::interruption_shows(seed, load);
            let log = server.interruptions();
            ensure(log.loads == load + 1, format!("load {load}: {log:?}"))?;
            let seen = eval(tab, DIALOG, vec![]).await?;
            if !expected {
                ensure(seen.is_null(), format!("load {load} ({path}) shows {seen}"))?;
                quiet_loads += 1;
                continue;
            }
            ensure(
                log.shown.last() == Some(&(load, kind)),
                format!("load {load}: {log:?}"),
            )?;
            let want = json!({ "name": name, "button": button, "covered": true, "kind": kind });
            ensure(
                seen == want,
                format!("load {load} ({path}): {seen}, not {want}"),
            )?;
            click_button(tab, button).await?;
            wait_for(
                tab,
                "!document.querySelector('[data-practice-interruption]')",
            )
            .await?;
            shown_on[i] += 1;
        }
        Ok(())
    })
    .await;
    assert!(
        shown_on.iter().all(|n| *n > 0) && quiet_loads > 0,
        "seed {seed} showed {shown_on:?} with {quiet_loads} quiet loads: choose another seed"
    );
    server.shutdown().await;
}
