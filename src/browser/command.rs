//! WebDriver commands fantoccini has no method for (CDP passthrough, frame reset, raw actions).

use fantoccini::wd::WebDriverCompatibleCommand;
use http::Method;
use serde_json::Value;

/// A session command given by method, path below `/session/{id}/` and JSON body.
#[derive(Debug)]
pub struct SessionCommand {
    /// HTTP method.
    pub method: Method,
    /// Path below the session, e.g. `frame` or `goog/cdp/execute`.
    pub path: &'static str,
    /// JSON body for POST.
    pub body: Option<Value>,
}

impl SessionCommand {
    /// A POST with a JSON body.
    pub fn post(path: &'static str, body: Value) -> Self {
        SessionCommand {
            method: Method::POST,
            path,
            body: Some(body),
        }
    }
}

impl WebDriverCompatibleCommand for SessionCommand {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let base = base_url.join(&format!("session/{}/", session_id.unwrap_or_default()))?;
        base.join(self.path)
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (Method, Option<String>) {
        (
            self.method.clone(),
            self.body.as_ref().map(Value::to_string),
        )
    }
}
