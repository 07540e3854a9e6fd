//! WebDriver-style scripts (a function body reading `arguments`; an async one calls its last
//! argument with the result) run over DevTools as `Runtime.evaluate` in the page's main world, the
//! world chromedriver runs them in, so what one call leaves in the page the next one finds.

use serde_json::{Value, json};

/// How a script gives its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// It returns it (a promise is awaited).
    Returns,
    /// It calls its last argument with it.
    CallsBack,
}

/// Why a script gave no result.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ScriptError {
    /// A JavaScript dialog holds the page (its message).
    #[error("a JavaScript dialog is open: {0:?}")]
    Dialog(String),
    /// The script threw.
    #[error("javascript error: {0}")]
    Threw(String),
    /// The document it ran in went away (a navigation) before it answered.
    #[error("Execution context was destroyed: {0}")]
    Navigated(String),
    /// The page (window) is gone.
    #[error("no such window: {0}")]
    WindowGone(String),
    /// No answer within the limit.
    #[error("script timeout: no answer within {0:.1}s")]
    Timeout(f64),
    /// The DevTools connection itself failed: the caller goes through WebDriver instead.
    #[error("{0}")]
    Connection(super::DevToolsError),
}

/// What the wrapper throws in a document still being parsed: chromedriver never runs a script
/// there (it waits for the load), and neither does clickpath; the caller takes it for a navigation.
pub const LOADING: &str = "clickpath: the document is still loading";

/// The `Runtime.evaluate` parameters that run `script` with `args`.
///
/// The wrapper uses none of the page's globals, which a page may have replaced (polyfills, old
/// libraries, fake timers): the arguments are literals in a direct call, an async script's callback
/// comes from awaiting a thenable, which the engine resolves with its own promise, and the result
/// travels in an object without a prototype, so that no `then` a page gave every object can take
/// it over. A returned promise is awaited (as WebDriver does) when it is the engine's own.
pub fn evaluate_params(script: &str, args: &[Value], flavor: Flavor) -> Value {
    let mut literals: Vec<String> = args.iter().map(literal).collect();
    let guard = format!("if (document.readyState === 'loading') throw new Error('{LOADING}');");
    let expression = match flavor {
        Flavor::Returns => format!(
            "(async function () {{ {guard} const r = (function () {{\n{script}\n}})({}); \
             const native = (async function () {{}})().__proto__; \
             return {{ __proto__: null, v: r !== null && typeof r === 'object' && r.__proto__ === native ? await r : r }}; }})()",
            literals.join(", ")
        ),
        Flavor::CallsBack => {
            literals.push("function (v) { resolve({ __proto__: null, v: v }); }".to_owned());
            format!(
                "(async function () {{ {guard} return await {{ __proto__: null, then(resolve, reject) {{ \
                 try {{ (function () {{\n{script}\n}})({}); }} catch (e) {{ reject(e); }} }} }}; }})()",
                literals.join(", ")
            )
        }
    };
    json!({
        "expression": expression,
        "returnByValue": true,
        "awaitPromise": true,
        "userGesture": false,
    })
}

/// A JSON value as a JavaScript literal: JSON is one, except that `"__proto__": x` in an object
/// literal sets the prototype instead of making a key (a saved localStorage key may be called so).
fn literal(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let entries: Vec<String> = map
                .iter()
                .map(|(k, v)| {
                    let key = Value::String(k.clone()).to_string();
                    if k == "__proto__" {
                        format!("[{key}]: {}", literal(v))
                    } else {
                        format!("{key}: {}", literal(v))
                    }
                })
                .collect();
            format!("{{{}}}", entries.join(", "))
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(literal).collect();
            format!("[{}]", items.join(", "))
        }
        other => other.to_string(),
    }
}

/// The script's result in a `Runtime.evaluate` answer (`undefined` is `null`, as WebDriver gives it).
pub fn result(answer: Value) -> Result<Value, ScriptError> {
    let mut answer = answer;
    if let Some(details) = answer.get("exceptionDetails") {
        let exception = &details["exception"];
        let text = exception["description"]
            .as_str()
            .or_else(|| exception["value"].as_str())
            .or_else(|| details["text"].as_str())
            .unwrap_or("an exception")
            .to_owned();
        if text.contains(LOADING) {
            return Err(ScriptError::Navigated(text));
        }
        return Err(ScriptError::Threw(text));
    }
    Ok(answer
        .get_mut("result")
        .and_then(|r| r.get_mut("value"))
        .and_then(|v| v.get_mut("v"))
        .map(Value::take)
        .unwrap_or(Value::Null))
}

/// What a refused `Runtime.evaluate` (or the attach before it) means.
pub fn refused(message: &str) -> ScriptError {
    let navigated = [
        "Execution context was destroyed",
        "Cannot find default execution context",
        "Cannot find context",
        "Inspected target navigated or closed",
    ];
    if navigated.iter().any(|m| message.contains(m)) {
        return ScriptError::Navigated(message.to_owned());
    }
    let gone = [
        "No target with given id",
        "No session with given id",
        "Session with given id not found",
        "Target closed",
    ];
    if gone.iter().any(|m| message.contains(m)) {
        return ScriptError::WindowGone(message.to_owned());
    }
    ScriptError::Threw(message.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_returning_script_reads_its_arguments() {
        let params = evaluate_params(
            "return arguments[0].n + 1;",
            &[json!({"n": 1})],
            Flavor::Returns,
        );
        let expression = params["expression"].as_str().unwrap_or_default();
        assert!(expression.contains("})({\"n\": 1});"), "{expression}");
        assert_eq!(params["awaitPromise"], true);
        assert_eq!(params["returnByValue"], true);
    }

    #[test]
    fn a_calling_back_script_gets_resolve_as_its_last_argument() {
        let params = evaluate_params(
            "arguments[arguments.length - 1](7);",
            &[],
            Flavor::CallsBack,
        );
        let expression = params["expression"].as_str().unwrap_or_default();
        assert!(expression.contains("then(resolve, reject)"), "{expression}");
        assert!(
            expression.contains("resolve({ __proto__: null, v: v })"),
            "{expression}"
        );
        assert!(
            !expression.contains("Promise"),
            "no page global: {expression}"
        );
    }

    #[test]
    fn undefined_is_null_and_a_value_is_itself() {
        // The result travels as `{v: result}`: an undefined `v` is not serialised at all.
        let undefined = json!({"result": {"type": "object", "value": {}}});
        assert_eq!(result(undefined).ok(), Some(Value::Null));
        let answer = json!({"result": {"type": "object", "value": {"v": {"ok": true}}}});
        assert_eq!(result(answer).ok(), Some(json!({"ok": true})));
    }

    #[test]
    fn a_key_named_proto_stays_a_key() {
        let args = [json!({"__proto__": "kept", "a": [1, {"__proto__": 2}]})];
        let params = evaluate_params("return arguments[0];", &args, Flavor::Returns);
        let expression = params["expression"].as_str().unwrap_or_default();
        assert!(
            expression.contains(r#"({["__proto__"]: "kept", "a": [1, {["__proto__"]: 2}]})"#),
            "{expression}"
        );
    }

    #[test]
    fn a_document_still_loading_is_a_navigation() {
        let answer = json!({"result": {"type": "object"}, "exceptionDetails": {"text": "Uncaught",
            "exception": {"type": "object", "description": format!("Error: {LOADING}\n    at <anonymous>:1:1")}}});
        assert!(matches!(result(answer), Err(ScriptError::Navigated(_))));
    }

    #[test]
    fn an_exception_says_what_was_thrown() {
        let answer = json!({"result": {"type": "object"}, "exceptionDetails": {"text": "Uncaught",
            "exception": {"type": "object", "description": "TypeError: x is not a function"}}});
        match result(answer) {
            Err(ScriptError::Threw(text)) => {
                assert!(text.contains("x is not a function"), "{text}")
            }
            other => panic!("expected a thrown error, got {other:?}"),
        }
    }

    #[test]
    fn a_navigation_and_a_closed_window_are_told_apart_from_a_script_error() {
        assert!(matches!(
            refused("Runtime.evaluate: Execution context was destroyed."),
            ScriptError::Navigated(_)
        ));
        assert!(matches!(
            refused("Runtime.evaluate: Cannot find default execution context"),
            ScriptError::Navigated(_)
        ));
        assert!(matches!(
            refused("Target.attachToTarget: No target with given id found"),
            ScriptError::WindowGone(_)
        ));
        assert!(matches!(
            refused("Runtime.evaluate: boom"),
            ScriptError::Threw(_)
        ));
    }
}
