//! Where the browser's DevTools socket is, from the WebDriver session's capabilities.

use std::time::Duration;

use http_body_util::BodyExt;
use serde_json::Value;

/// The DevTools WebSocket URL and which capability gave it.
///
/// A Selenium Grid 4 session's `se:cdp` is a socket the hub relays to the node's browser.
/// chromedriver's `goog:chromeOptions.debuggerAddress` (`localhost:PORT`) is the browser's own
/// debugging port on the driver's machine: used only when that machine is this one
/// (`local_server`), where `/json/version` names the browser's socket.
pub async fn endpoint(
    capabilities: &serde_json::Map<String, Value>,
    local_server: bool,
    limit: Duration,
) -> Result<(String, &'static str), String> {
    if let Some(url) = capabilities.get("se:cdp").and_then(Value::as_str) {
        return Ok((url.to_owned(), "se:cdp"));
    }
    let address = capabilities
        .get("goog:chromeOptions")
        .and_then(|o| o.get("debuggerAddress"))
        .and_then(Value::as_str)
        .ok_or("the session names no DevTools address (neither se:cdp nor debuggerAddress)")?;
    if !local_server {
        return Err(format!(
            "the debugger address {address} is on the WebDriver server's machine, not this one"
        ));
    }
    let version = format!("http://{address}/json/version");
    let answer = tokio::time::timeout(limit, get_json(&version))
        .await
        .map_err(|_| format!("{version}: no answer"))??;
    let url = answer["webSocketDebuggerUrl"]
        .as_str()
        .ok_or_else(|| format!("{version} names no webSocketDebuggerUrl"))?;
    Ok((url.to_owned(), "debuggerAddress"))
}

async fn get_json(url: &str) -> Result<Value, String> {
    let uri: http::Uri = url.parse().map_err(|e| format!("{url}: {e}"))?;
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http::<http_body_util::Empty<hyper::body::Bytes>>();
    let response = client.get(uri).await.map_err(|e| format!("{url}: {e}"))?;
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(|e| format!("{url}: {e}"))?
        .to_bytes();
    serde_json::from_slice(&body).map_err(|e| format!("{url}: not JSON ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn caps(v: Value) -> serde_json::Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[tokio::test]
    async fn a_grid_session_gives_its_relayed_socket() {
        let c = caps(json!({"se:cdp": "ws://grid:4444/session/abc/se/cdp",
            "goog:chromeOptions": {"debuggerAddress": "localhost:1"}}));
        let found = endpoint(&c, false, Duration::from_secs(1)).await;
        assert_eq!(
            found,
            Ok(("ws://grid:4444/session/abc/se/cdp".to_owned(), "se:cdp"))
        );
    }

    #[tokio::test]
    async fn a_remote_drivers_debugger_address_is_not_this_machines() {
        let c = caps(json!({"goog:chromeOptions": {"debuggerAddress": "localhost:9222"}}));
        let found = endpoint(&c, false, Duration::from_secs(1)).await;
        assert!(
            found.as_ref().is_err_and(|e| e.contains("not this one")),
            "{found:?}"
        );
    }

    #[tokio::test]
    async fn a_session_without_devtools_says_so() {
        let found = endpoint(
            &caps(json!({"browserName": "firefox"})),
            true,
            Duration::from_secs(1),
        )
        .await;
        assert!(
            found
                .as_ref()
                .is_err_and(|e| e.contains("no DevTools address")),
            "{found:?}"
        );
    }
}
