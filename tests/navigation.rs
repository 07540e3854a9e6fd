//! A first navigation that never starts: under load, a fresh browser may answer "navigated" and stay
//! on its blank start page, the request never reaching the server. A WebDriver proxy between
//! clickpath and a real chromedriver reproduces exactly that answer for the first navigation (it
//! says done and forwards nothing); the run must see the blank page and navigate again.

mod common;

use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::Response;
use common::Sites;
use common::binary::Clickpath;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

/// chromedriver on a free port, in its own process group (ended with it).
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start() -> Driver {
        use std::os::unix::process::CommandExt;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port");
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("chromedriver starts (run ./setup.sh)");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not listen"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        Driver { child, port }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        unsafe { libc::killpg(self.child.id() as i32, libc::SIGTERM) };
        let _ = self.child.wait();
    }
}

#[derive(Clone)]
struct Proxy {
    driver: u16,
    client: Client<HttpConnector, Body>,
    navigations: Arc<AtomicUsize>,
}

/// Forwards every WebDriver command, except that the first "Navigate To" is answered as done and
/// never reaches the browser.
async fn forward(State(proxy): State<Proxy>, request: Request) -> Response {
    let (mut parts, body) = request.into_parts();
    let path = parts.uri.path().to_owned();
    if parts.method == http::Method::POST
        && path.ends_with("/url")
        && proxy.navigations.fetch_add(1, Ordering::SeqCst) == 0
    {
        return Response::builder()
            .header("content-type", "application/json; charset=utf-8")
            .body(Body::from(r#"{"value":null}"#))
            .expect("a response");
    }
    let query = parts
        .uri
        .query()
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    parts.uri = format!("http://127.0.0.1:{}{path}{query}", proxy.driver)
        .parse()
        .expect("a driver URI");
    parts.headers.remove(http::header::HOST);
    match proxy.client.request(Request::from_parts(parts, body)).await {
        Ok(answer) => answer.map(Body::new),
        Err(e) => Response::builder()
            .status(502)
            .body(Body::from(format!("proxy: {e}")))
            .expect("a response"),
    }
}

async fn start_proxy(driver: u16) -> (SocketAddr, Arc<AtomicUsize>) {
    let navigations = Arc::new(AtomicUsize::new(0));
    let proxy = Proxy {
        driver,
        client: Client::builder(TokioExecutor::new()).build_http(),
        navigations: navigations.clone(),
    };
    let app = axum::Router::new().fallback(forward).with_state(proxy);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("an address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    (addr, navigations)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_navigation_that_never_starts_is_asked_for_again() {
    let sites = Sites::start().await;
    let driver = Driver::start();
    let (proxy, navigations) = start_proxy(driver.port).await;
    let run = Clickpath::run()
        .runbook(
            r#"
name: first navigation
params:
  base: { default: "" }
steps:
  - goto: "${base}/basics.html"
  - click: Salva
  - expect: "clicked: salva"
"#,
        )
        .var("base", &sites.base)
        .arg("--webdriver")
        .arg(format!("http://{proxy}"))
        .output();
    let run = tokio::task::spawn_blocking(move || run)
        .await
        .expect("the run");
    run.assert_exit(0);
    assert_eq!(navigations.load(Ordering::SeqCst), 2, "asked twice");
    let report = run.report();
    let notes = report["steps"][0]["notes"].to_string();
    assert!(
        notes.contains(
            "the first navigation never started (the browser stayed on data:,); navigated again"
        ),
        "{notes}"
    );
    drop(driver);
}
