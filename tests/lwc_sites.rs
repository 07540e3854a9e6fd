//! The LWC trap pages of `tests/sites/lwc/` (built by `src/practice/lightning-src/`, committed) are
//! there and served the way Chromium runs them: ES modules need a JavaScript MIME type.

mod common;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Status line and headers of a GET, lower-cased, and the body's length.
async fn get(base: &str, path: &str) -> (String, usize) {
    let addr = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read");
    let text = String::from_utf8_lossy(&raw);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    (head.to_ascii_lowercase(), body.len())
}

#[tokio::test]
async fn trap_pages_and_their_modules_are_served_with_their_types() {
    let sites = common::Sites::start().await;
    let files = [
        ("/lwc/traps.html", "text/html"),
        ("/lwc/traps.css", "text/css"),
        ("/lwc/app-synthetic.js", "javascript"),
        ("/lwc/app-native.js", "javascript"),
        ("/lwc/synthetic-shadow.js", "javascript"),
        ("/lwc/lightning.js", "javascript"),
        (
            "/lwc/assets/styles/salesforce-lightning-design-system.min.css",
            "text/css",
        ),
    ];
    for (path, kind) in files {
        let (head, len) = get(&sites.base, path).await;
        assert!(head.starts_with("http/1.1 200"), "{path}: {head}");
        let content_type = head
            .lines()
            .find_map(|l| l.strip_prefix("content-type:"))
            .unwrap_or_default();
        assert!(content_type.contains(kind), "{path}: {content_type}");
        assert!(len > 0, "{path} is empty");
    }
    let page = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites/lwc/traps.html"),
    )
    .expect("traps.html");
    assert!(
        page.contains("app-' + mode + '.js"),
        "the loader picks the mode's bundle"
    );
}
