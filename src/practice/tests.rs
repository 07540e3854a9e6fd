//! The state transitions, and the server answering over HTTP.

use super::i18n::Lang;
use super::seed::HUBSPOT_PACKAGE_ID;
use super::state::{EmailKind, PracticeState, Refusal, UNINSTALL_MS, UninstallStatus};

const NOW: u64 = 1_750_000_000_000;

fn disconnected() -> PracticeState {
    let mut s = PracticeState::fresh();
    s.disconnect("switching_crm", "Disinstalla Salesforce", Lang::It, NOW)
        .expect("disconnect");
    s
}

#[test]
fn disconnect_needs_reason_and_exact_phrase() {
    let mut s = PracticeState::fresh();
    assert_eq!(
        s.disconnect("bored", "Disinstalla Salesforce", Lang::It, NOW),
        Err(Refusal::UnknownReason("bored".into()))
    );
    assert_eq!(
        s.disconnect("other", "disinstalla salesforce", Lang::It, NOW),
        Err(Refusal::WrongPhrase {
            expected: "Disinstalla Salesforce".into()
        })
    );
    // The phrase is the page's language's: the Italian one does not pass an English dialog.
    assert!(
        s.disconnect("other", "Disinstalla Salesforce", Lang::En, NOW)
            .is_err()
    );
    assert!(s.hubspot.connected);
    assert_eq!(
        s.disconnect("other", "Uninstall Salesforce", Lang::En, NOW),
        Ok(())
    );
    assert!(!s.hubspot.connected);
    assert_eq!(s.hubspot.disconnect_reason.as_deref(), Some("other"));
}

#[test]
fn disconnect_mails_the_records_of_salesforce_only_owners() {
    let s = disconnected();
    let mail = &s.inbox[0];
    assert_eq!(mail.kind, EmailKind::ReassignOwners);
    assert!(!mail.read);
    let names: Vec<&str> = mail.records.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names.len(), 7, "{names:?}");
    assert!(names.contains(&"Anna Galli") && names.contains(&"Blu Logistica"));
    assert!(!names.contains(&"Paolo De Luca"), "owned by a HubSpot user");
}

#[test]
fn disconnecting_twice_is_refused() {
    let mut s = disconnected();
    let mails = s.inbox.len();
    assert_eq!(
        s.disconnect("other", "Disinstalla Salesforce", Lang::It, NOW),
        Err(Refusal::NotConnected)
    );
    assert_eq!(s.inbox.len(), mails, "no second e-mail");
}

#[test]
fn reassign_moves_records_to_hubspot_owners_only() {
    let mut s = disconnected();
    assert_eq!(
        s.reassign(&[("c101".into(), "o4".into())]),
        Err(Refusal::NotHubSpotOwner("o4".into()))
    );
    assert_eq!(
        s.reassign(&[("zzz".into(), "o1".into())]),
        Err(Refusal::UnknownRecord("zzz".into()))
    );
    // All or nothing: one bad pair leaves every record as it was.
    assert!(
        s.reassign(&[("c101".into(), "o1".into()), ("c103".into(), "o5".into())])
            .is_err()
    );
    assert_eq!(s.hubspot.records[0].owner_id.as_deref(), Some("o4"));
    let all: Vec<(String, String)> = s
        .records_of_salesforce_owners()
        .into_iter()
        .map(|r| (r.id, "o2".to_owned()))
        .collect();
    assert_eq!(s.reassign(&all), Ok(7));
    assert!(s.records_of_salesforce_owners().is_empty());
}

#[test]
fn owner_cleanup_needs_a_disconnected_integration_and_happens_once() {
    let mut fresh = PracticeState::fresh();
    assert_eq!(
        fresh.remove_salesforce_owners(),
        Err(Refusal::StillConnected)
    );
    let mut s = disconnected();
    s.reassign(&[("c101".into(), "o1".into())])
        .expect("reassign");
    assert_eq!(s.remove_salesforce_owners(), Ok(2));
    assert!(s.hubspot.owner_cleanup_done);
    assert!(
        s.hubspot
            .owners
            .iter()
            .filter(|o| o.salesforce_only)
            .all(|o| o.removed)
    );
    // Records nobody reassigned are left without an owner; the reassigned one keeps its new owner.
    let owner_of = |id: &str| {
        s.hubspot
            .records
            .iter()
            .find(|r| r.id == id)
            .and_then(|r| r.owner_id.clone())
    };
    assert_eq!(owner_of("c101").as_deref(), Some("o1"));
    assert_eq!(owner_of("c103"), None);
    assert_eq!(s.remove_salesforce_owners(), Err(Refusal::CleanupDone));
}

#[test]
fn uninstall_with_a_copy_goes_from_in_progress_to_complete() {
    let mut s = PracticeState::fresh();
    let before = s.salesforce.installed.len();
    assert_eq!(
        s.uninstall(HUBSPOT_PACKAGE_ID, true, false, NOW),
        Err(Refusal::NotConfirmed)
    );
    assert_eq!(s.salesforce.installed.len(), before);
    assert_eq!(s.uninstall(HUBSPOT_PACKAGE_ID, true, true, NOW), Ok(()));
    assert_eq!(s.salesforce.installed.len(), before - 1);
    assert!(
        !s.salesforce
            .installed
            .iter()
            .any(|p| p.name == "HubSpot Integration")
    );
    let u = &s.salesforce.uninstalled[0];
    assert_eq!(
        (u.package.name.as_str(), u.status),
        ("HubSpot Integration", UninstallStatus::InProgress)
    );
    assert!(
        s.export_of(HUBSPOT_PACKAGE_ID).is_none(),
        "no download before the uninstall completes"
    );
    s.advance(NOW + UNINSTALL_MS - 1);
    assert_eq!(
        s.salesforce.uninstalled[0].status,
        UninstallStatus::InProgress
    );
    s.advance(NOW + UNINSTALL_MS);
    assert_eq!(
        s.salesforce.uninstalled[0].status,
        UninstallStatus::Complete
    );
    let (_, export) = s.export_of(HUBSPOT_PACKAGE_ID).expect("saved data");
    assert_eq!(export.file_name, "hubspot_sync_data_export.csv");
    assert_eq!(export.expires_ms, NOW + 48 * 3_600_000);
    assert_eq!(s.delete_export(HUBSPOT_PACKAGE_ID), Ok(()));
    assert!(s.export_of(HUBSPOT_PACKAGE_ID).is_none());
    assert_eq!(
        s.delete_export(HUBSPOT_PACKAGE_ID),
        Err(Refusal::NoExport(HUBSPOT_PACKAGE_ID.into()))
    );
}

#[test]
fn uninstall_without_a_copy_keeps_no_data_and_saved_copies_expire() {
    let mut s = PracticeState::fresh();
    s.uninstall(HUBSPOT_PACKAGE_ID, false, true, NOW)
        .expect("uninstall");
    s.advance(NOW + UNINSTALL_MS);
    assert!(s.salesforce.uninstalled[0].export.is_none());
    assert!(s.export_of(HUBSPOT_PACKAGE_ID).is_none());

    let mut kept = PracticeState::fresh();
    kept.uninstall(HUBSPOT_PACKAGE_ID, true, true, NOW)
        .expect("uninstall");
    kept.advance(NOW + 48 * 3_600_000);
    assert!(
        kept.salesforce.uninstalled[0].export.is_none(),
        "gone after 48 hours"
    );
}

#[test]
fn already_uninstalled_package_cannot_be_uninstalled_again() {
    let mut s = PracticeState::after_procedure(NOW);
    assert!(!s.hubspot.connected && s.hubspot.owner_cleanup_done);
    assert_eq!(
        s.salesforce.uninstalled[0].status,
        UninstallStatus::Complete
    );
    assert_eq!(
        s.uninstall(HUBSPOT_PACKAGE_ID, true, true, NOW),
        Err(Refusal::NotInstalled(HUBSPOT_PACKAGE_ID.into()))
    );
    assert_eq!(
        s.disconnect("other", "Disinstalla Salesforce", Lang::It, NOW),
        Err(Refusal::NotConnected)
    );
}

#[test]
fn state_round_trips_through_json() {
    let s = PracticeState::after_procedure(NOW);
    let text = serde_json::to_string(&s).expect("serialize");
    let back: PracticeState = serde_json::from_str(&text).expect("deserialize");
    assert_eq!(back, s);
    assert!(text.contains("\"status\":\"complete\""), "{text}");
}

// ------------------------------------------------------------------------------ over HTTP

/// One HTTP/1.1 request on a fresh connection: (status, head, body).
async fn http(base: &str, method: &str, path: &str, body: &str) -> (u16, String, String) {
    http_with(base, method, path, body, "").await
}

/// [`http`] with more header lines (each ending in `\r\n`), e.g. a cookie.
async fn http_with(
    base: &str,
    method: &str,
    path: &str,
    body: &str,
    headers: &str,
) -> (u16, String, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let kind = if body.starts_with('{') {
        "application/json"
    } else {
        "application/x-www-form-urlencoded"
    };
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n{headers}\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_owned(), body.to_owned())
}

#[tokio::test]
async fn pages_render_in_both_languages_without_gaps() {
    let server = open_org(None).await.expect("start");
    let base = server.base_url();
    let pages = [
        "/",
        "/hubspot",
        "/hubspot/settings/integrations/connected-apps",
        "/hubspot/settings/integrations/connected-apps/salesforce",
        "/hubspot/settings/integrations/connected-apps/salesforce/owner-cleanup",
        "/hubspot/owners/reassign",
        "/inbox",
        "/inbox/message/m1",
        "/classic/home",
        "/classic/setup",
        "/classic/setup/packages",
        "/classic/setup/packages/uninstall?id=0A3Hs00000B7kQp",
        "/lightning/page/home",
        "/lightning/setup/SetupOneHome/home",
        "/lightning/setup/ImportedPackage/home",
    ];
    for lang in ["it", "en"] {
        for page in pages {
            let sep = if page.contains('?') { '&' } else { '?' };
            let (status, head, body) =
                http(&base, "GET", &format!("{page}{sep}lang={lang}"), "").await;
            assert_eq!(status, 200, "{page}");
            assert!(
                !body.contains("[["),
                "{page} ({lang}) has an unresolved token"
            );
            assert!(body.contains(&format!("<html lang=\"{lang}\"")), "{page}");
            assert!(
                head.contains(&format!("practice_lang={lang}")),
                "{page}: the choice is remembered"
            );
        }
    }
    let (status, _, _) = http(&base, "GET", "/assets/lightning/lightning.js", "").await;
    assert_eq!(status, 200);
    let (status, head, _) = http(&base, "GET", "/home/home.jsp", "").await;
    assert_eq!(status, 303, "{head}");
    server.shutdown().await;
}

#[tokio::test]
async fn actions_change_the_state_and_reset_restores_it() {
    let server = open_org(Some(0)).await.expect("start");
    let base = server.base_url();
    let (status, _, body) = http(
        &base,
        "POST",
        "/api/hubspot/disconnect",
        r#"{"reason":"sync_errors","confirmation":"Uninstall Salesforce","lang":"en"}"#,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(!server.state().hubspot.connected);
    let (status, _, body) = http(
        &base,
        "POST",
        "/api/hubspot/disconnect",
        r#"{"reason":"sync_errors","confirmation":"Uninstall Salesforce","lang":"en"}"#,
    )
    .await;
    assert_eq!(status, 409);
    assert!(body.contains("not connected"), "{body}");

    // Classic's form: without the box ticked the page comes back with an error, with it the package goes.
    let form = format!("id={HUBSPOT_PACKAGE_ID}&keep=yes");
    let (status, head, _) = http(&base, "POST", "/classic/setup/packages/uninstall", &form).await;
    assert_eq!(status, 303);
    assert!(head.contains("error=not_confirmed"), "{head}");
    let form = format!("id={HUBSPOT_PACKAGE_ID}&keep=no&confirm=1&isdtp=p1");
    let (status, head, _) = http(&base, "POST", "/classic/setup/packages/uninstall", &form).await;
    assert_eq!(status, 303);
    assert!(
        head.contains("location: /classic/setup/packages?isdtp=p1"),
        "{head}"
    );
    let state = server.state();
    assert_eq!(
        state.salesforce.uninstalled[0].package.name,
        "HubSpot Integration"
    );
    assert!(state.salesforce.uninstalled[0].export.is_none());

    let (status, _, body) = http(&base, "GET", "/__practice/state", "").await;
    assert_eq!(status, 200);
    let json: PracticeState = serde_json::from_str(&body).expect("state JSON");
    assert!(!json.hubspot.connected);

    let (status, _, _) = http(&base, "POST", "/__practice/reset?lang=en", "").await;
    assert_eq!(status, 200);
    let state = server.state();
    assert!(state.hubspot.connected && state.salesforce.uninstalled.is_empty());
    assert_eq!(state.language, Lang::En);
    server.reset();
    assert_eq!(
        server.state().language,
        Lang::En,
        "reset keeps the language set by the last reset"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn servers_are_independent() {
    let a = open_org(None).await.expect("start a");
    let b = super::start_options(
        None,
        super::PracticeOptions::new()
            .state(PracticeState::after_procedure(super::state::now_ms()))
            .login(false),
    )
    .await
    .expect("start b");
    assert_ne!(a.base_url(), b.base_url());
    assert!(a.state().hubspot.connected);
    assert!(!b.state().hubspot.connected);
    assert_eq!(a.entry_points().len(), 4);
    let names: Vec<&str> = a.runbook_vars().iter().map(|(k, _)| *k).collect();
    assert_eq!(
        names,
        [
            "hubspot_url",
            "salesforce_url",
            "inbox_url",
            "hubspot_user",
            "hubspot_password",
            "hubspot_mfa_secret",
            "salesforce_user",
            "salesforce_password",
            "salesforce_mfa_secret"
        ]
    );
    a.reset_language(Lang::En);
    assert_eq!(a.state().language, Lang::En);
    assert!(
        a.entry_points()
            .iter()
            .all(|(_, url)| url.starts_with(&a.base_url()))
    );
    let (status, _, body) = http(&b.base_url(), "POST", "/api/hubspot/owner-cleanup", "{}").await;
    assert_eq!(status, 409, "{body}");
    drop(a);
    b.shutdown().await;
}

#[tokio::test]
async fn the_reaction_page_posts_measurements_that_are_read_back_by_run() {
    let server = open_org(None).await.expect("start");
    let base = server.base_url();
    let (status, head, page) = http(&base, "GET", "/bench/reaction?run=cp-1&round=3", "").await;
    assert_eq!(status, 200, "{head}");
    assert!(head.contains("text/html"), "{head}");
    // Only a trusted click is measured, from the insertion, and posted where the harness reads it.
    for part in [
        "event.isTrusted",
        "performance.now()",
        "/__practice/reactions",
    ] {
        assert!(page.contains(part), "the page lacks {part}");
    }

    let post = |body: &'static str| http(&base, "POST", "/__practice/reactions", body);
    let (status, _, body) =
        post(r#"{"run":"cp-1","round":3,"delay_ms":412,"latency_ms":18.25}"#).await;
    assert_eq!(status, 204, "{body}");
    let (status, _, _) = post(r#"{"run":"pw-2","round":3,"delay_ms":412,"latency_ms":9.5}"#).await;
    assert_eq!(status, 204);
    let (status, _, body) =
        post(r#"{"run":"cp-1","round":4,"delay_ms":250,"latency_ms":-3}"#).await;
    assert_eq!(status, 400);
    assert!(body.contains("latency_ms"), "{body}");

    let (status, _, body) = http(&base, "GET", "/__practice/reactions?run=cp-1", "").await;
    assert_eq!(status, 200);
    let seen: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(
        seen,
        serde_json::json!([{"run": "cp-1", "round": 3, "delay_ms": 412.0, "latency_ms": 18.25}])
    );
    let (status, _, _) = http(&base, "GET", "/__practice/reactions", "").await;
    assert_eq!(status, 400, "a run must be named");

    // Resetting the org is not resetting the measurements.
    let (status, _, _) = http(&base, "POST", "/__practice/reset", "").await;
    assert_eq!(status, 200);
    let (_, _, body) = http(&base, "GET", "/__practice/reactions?run=pw-2", "").await;
    assert!(body.contains("9.5"), "{body}");
    server.shutdown().await;
}

/// Lightning pages load the synthetic-shadow bundle by default (as production), the native one with
/// `?shadow=native`; a server started in native mode flips the default, and `?shadow=` still wins.
#[tokio::test]
async fn lightning_pages_load_the_bundle_of_their_shadow_mode() {
    let pages = [
        "/lightning/page/home",
        "/lightning/setup/SetupOneHome/home",
        "/lightning/setup/ImportedPackage/home",
    ];
    let bundle = |mode: &str| format!("src=\"/assets/lightning/app-{mode}.js\"");
    let synthetic = open_org(Some(0)).await.expect("start");
    let native = super::start_options(
        None,
        super::PracticeOptions::new()
            .shadow(super::ShadowMode::Native)
            .login(false),
    )
    .await
    .expect("start native");
    for page in pages {
        for (server, query, mode) in [
            (&synthetic, "", "synthetic"),
            (&synthetic, "?shadow=native", "native"),
            (&synthetic, "?shadow=bogus", "synthetic"),
            (&native, "", "native"),
            (&native, "?shadow=synthetic", "synthetic"),
        ] {
            let (status, _, body) =
                http(&server.base_url(), "GET", &format!("{page}{query}"), "").await;
            assert_eq!(status, 200, "{page}{query}");
            assert!(body.contains(&bundle(mode)), "{page}{query}: {mode}");
            assert!(
                body.contains(&format!("data-shadow=\"{mode}\"")),
                "{page}{query}"
            );
        }
    }
    for path in [
        "/assets/lightning/app-native.js",
        "/assets/lightning/app-synthetic.js",
        "/assets/lightning/synthetic-shadow.js",
        "/assets/lightning/assets/styles/salesforce-lightning-design-system.min.css",
        "/assets/lightning/assets/images/logo-noname.svg",
    ] {
        let (status, _, _) = http(&synthetic.base_url(), "GET", path, "").await;
        assert_eq!(status, 200, "{path}");
    }
    synthetic.shutdown().await;
    native.shutdown().await;
}

// ------------------------------------------------------------------------------ login and interruptions

/// A header's value in a response head (the first one of that name).
fn header_of<'h>(head: &'h str, name: &str) -> Option<&'h str> {
    head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

/// The hidden `pending` field of a code screen.
fn pending_of(body: &str) -> String {
    let field = r#"name="pending" value=""#;
    let at = body.find(field).expect("a pending field") + field.len();
    body[at..at + 64].to_owned()
}

fn form(pairs: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

async fn with_login() -> super::PracticeServer {
    super::start_options(None, super::PracticeOptions::new().login(true))
        .await
        .expect("start")
}

#[tokio::test]
async fn without_a_session_app_pages_go_to_their_login_keeping_the_page_asked_for() {
    let org = with_login().await;
    let base = org.base_url();
    assert!(org.login_required());
    let cases = [
        (
            "/hubspot/settings/integrations/connected-apps?lang=en",
            "/hubspot/login?loginRedirectUrl=%2Fhubspot%2Fsettings%2Fintegrations%2Fconnected-apps%3Flang%3Den&lang=en",
        ),
        (
            "/classic/setup/packages",
            "/login?startURL=%2Fclassic%2Fsetup%2Fpackages",
        ),
        (
            "/lightning/setup/ImportedPackage/home",
            "/login?startURL=%2Flightning%2Fsetup%2FImportedPackage%2Fhome",
        ),
    ];
    for (page, login) in cases {
        let (status, head, _) = http(&base, "GET", page, "").await;
        assert_eq!(status, 302, "{page}: {head}");
        assert_eq!(header_of(&head, "location"), Some(login), "{page}");
    }
    // A form posted without a session is asked again as a GET after the login.
    let (status, _, _) = http(&base, "POST", "/classic/setup/packages/uninstall", "id=x").await;
    assert_eq!(status, 303);
    let (status, _, body) = http(&base, "POST", "/api/hubspot/owner-cleanup", "{}").await;
    assert_eq!(status, 401, "{body}");
    // Open to all: the inbox, the index, the login pages, static files and the practice endpoints.
    for page in [
        "/",
        "/inbox",
        "/hubspot/login",
        "/login",
        "/assets/login/login.css",
        "/__practice/state",
        "/__practice/interruptions",
    ] {
        let (status, _, _) = http(&base, "GET", page, "").await;
        assert_eq!(status, 200, "{page}");
    }
    let (status, _, _) = http(&base, "POST", "/__practice/reset", "").await;
    assert_eq!(status, 200);
    org.shutdown().await;

    // Without login, the pages open as before.
    assert!(
        super::start(None).await.expect("start").login_required(),
        "a practice org logs in unless told not to"
    );
    let open = open_org(None).await.expect("start");
    assert!(!open.login_required());
    let (status, _, _) = http(&open.base_url(), "GET", "/hubspot", "").await;
    assert_eq!(status, 200);
    open.shutdown().await;
}

#[tokio::test]
async fn salesforce_login_takes_password_then_code_and_sets_sid() {
    let org = with_login().await;
    let base = org.base_url();
    let sf = super::account(super::Product::Salesforce);
    let target = "/classic/setup/packages?x=1";
    let (_, _, page) = http(
        &base,
        "GET",
        &super::Product::Salesforce.login_url(target),
        "",
    )
    .await;
    assert!(
        page.contains("Nome utente") && page.contains(r#"value="/classic/setup/packages?x=1""#),
        "{page}"
    );

    let wrong = form(&[
        ("username", sf.username),
        ("password", "nope"),
        ("target", target),
        ("lang", "it"),
    ]);
    let (status, _, body) = http(&base, "POST", "/login", &wrong).await;
    assert_eq!(status, 401);
    assert!(
        body.contains("Controlla il nome utente e la password."),
        "{body}"
    );

    let right = form(&[
        ("username", sf.username),
        ("password", sf.password),
        ("target", target),
        ("lang", "en"),
    ]);
    let (status, _, body) = http(&base, "POST", "/login", &right).await;
    assert_eq!(status, 200);
    assert!(
        body.contains("Verify Your Identity") && body.contains(r#"autocomplete="one-time-code""#),
        "{body}"
    );
    let pending = pending_of(&body);

    let now = super::state::now_ms() / 1000;
    let bad = if sf.code_at(now) == "000000" {
        "111111"
    } else {
        "000000"
    };
    let (status, _, body) = http(
        &base,
        "POST",
        "/login/verify",
        &form(&[("pending", &pending), ("code", bad), ("lang", "en")]),
    )
    .await;
    assert_eq!(status, 401);
    assert!(
        body.contains("The verification code you entered is invalid"),
        "{body}"
    );

    let code = sf.code_at(now);
    let (status, head, _) = http(
        &base,
        "POST",
        "/login/verify",
        &form(&[("pending", &pending), ("code", &code), ("lang", "en")]),
    )
    .await;
    assert_eq!(status, 303, "{head}");
    assert_eq!(header_of(&head, "location"), Some(target));
    let cookie = header_of(&head, "set-cookie").expect("a session cookie");
    assert!(
        cookie.starts_with("sid=")
            && cookie.contains("HttpOnly")
            && cookie.contains("Path=/")
            && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let sid = cookie.split(';').next().unwrap_or_default().to_owned();

    // The pending login is used up.
    let (status, _, _) = http(
        &base,
        "POST",
        "/login/verify",
        &form(&[("pending", &pending), ("code", &code)]),
    )
    .await;
    assert_eq!(status, 401);

    let with_sid = format!("Cookie: {sid}\r\n");
    for page in ["/classic/home", "/lightning/page/home"] {
        let (status, _, _) = http_with(&base, "GET", page, "", &with_sid).await;
        assert_eq!(status, 200, "{page}");
    }
    // Salesforce's session is not HubSpot's.
    let (status, _, _) = http_with(&base, "GET", "/hubspot", "", &with_sid).await;
    assert_eq!(status, 302);
    // Logged in already, the login page goes straight to the target.
    let (status, head, _) = http_with(
        &base,
        "GET",
        "/login?startURL=%2Fclassic%2Fhome",
        "",
        &with_sid,
    )
    .await;
    assert_eq!(
        (status, header_of(&head, "location")),
        (302, Some("/classic/home"))
    );

    org.expire_sessions();
    let (status, head, _) = http_with(&base, "GET", "/classic/home", "", &with_sid).await;
    assert_eq!(status, 302);
    assert_eq!(
        header_of(&head, "location"),
        Some("/login?startURL=%2Fclassic%2Fhome")
    );
    org.shutdown().await;
}

#[tokio::test]
async fn hubspot_login_is_email_then_password_then_code() {
    let org = with_login().await;
    let base = org.base_url();
    let hs = super::account(super::Product::HubSpot);
    let target = "/hubspot/owners/reassign";
    let (_, _, body) = http(
        &base,
        "POST",
        "/hubspot/login",
        &form(&[
            ("username", hs.username),
            ("target", target),
            ("lang", "it"),
        ]),
    )
    .await;
    assert!(
        body.contains(r#"action="/hubspot/login/password""#) && body.contains(hs.username),
        "{body}"
    );
    let (status, _, body) = http(
        &base,
        "POST",
        "/hubspot/login/password",
        &form(&[
            ("username", hs.username),
            ("password", "x"),
            ("target", target),
            ("lang", "it"),
        ]),
    )
    .await;
    assert_eq!(status, 401);
    assert!(
        body.contains("Indirizzo email o password non corretti."),
        "{body}"
    );
    let (_, _, body) = http(
        &base,
        "POST",
        "/hubspot/login/password",
        &form(&[
            ("username", hs.username),
            ("password", hs.password),
            ("target", target),
            ("lang", "it"),
        ]),
    )
    .await;
    assert!(
        body.contains("Codice di verifica") && body.contains(r#"inputmode="numeric""#),
        "{body}"
    );
    let pending = pending_of(&body);
    let code = hs.code_at(super::state::now_ms() / 1000);
    let (status, head, _) = http(
        &base,
        "POST",
        "/hubspot/login/verify",
        &form(&[("pending", &pending), ("code", &code)]),
    )
    .await;
    assert_eq!((status, header_of(&head, "location")), (303, Some(target)));
    let cookie = header_of(&head, "set-cookie").unwrap_or_default();
    assert!(cookie.starts_with("hubspotapi="), "{cookie}");
    let (status, _, _) = http_with(
        &base,
        "GET",
        target,
        "",
        &format!(
            "Cookie: {}\r\n",
            cookie.split(';').next().unwrap_or_default()
        ),
    )
    .await;
    assert_eq!(status, 200);
    // A stale code form starts the login again, keeping its target.
    let (status, _, body) = http(
        &base,
        "POST",
        "/hubspot/login/verify",
        &form(&[
            ("pending", "stale"),
            ("code", &code),
            ("target", target),
            ("lang", "en"),
        ]),
    )
    .await;
    assert_eq!(status, 401);
    assert!(
        body.contains("Your login attempt timed out.")
            && body.contains(r#"value="/hubspot/owners/reassign""#),
        "{body}"
    );
    org.shutdown().await;
}

#[tokio::test]
async fn seeded_interruptions_show_on_the_loads_the_seed_chooses() {
    let org = super::start_options(
        None,
        super::PracticeOptions::new().interruptions(42).login(false),
    )
    .await
    .expect("start");
    let base = org.base_url();
    let pages = ["/hubspot", "/classic/home", "/lightning/page/home"];
    let kinds = [
        "\"interruption\":\"hubspot\"",
        "\"interruption\":\"classic\"",
        "\"interruption\":\"lightning\"",
    ];
    for load in 0..12u64 {
        let i = (load % 3) as usize;
        let (_, _, body) = http(&base, "GET", pages[i], "").await;
        assert_eq!(
            body.contains(kinds[i]),
            super::interruption_shows(42, load),
            "load {load}"
        );
        // Pages that are not app pages neither show one nor count.
        for other in [
            "/",
            "/inbox",
            "/hubspot/login",
            "/login",
            "/classic/setup/packages?isdtp=p1",
        ] {
            let (_, _, body) = http(&base, "GET", other, "").await;
            assert!(!body.contains("\"interruption\":\""), "{other}");
        }
    }
    let log = org.interruptions();
    assert_eq!(log.loads, 12);
    let shown: Vec<u64> = log.shown.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        shown,
        (0..12)
            .filter(|&n| super::interruption_shows(42, n))
            .collect::<Vec<_>>()
    );
    assert!(!shown.is_empty());
    let (_, _, json) = http(&base, "GET", "/__practice/interruptions", "").await;
    assert!(json.contains("\"loads\":12"), "{json}");
    org.shutdown().await;
}

/// A practice org without login: for the tests of its pages and state, not of its login.
async fn open_org(port: Option<u16>) -> std::io::Result<super::PracticeServer> {
    super::start_options(port, super::PracticeOptions::new().login(false)).await
}
