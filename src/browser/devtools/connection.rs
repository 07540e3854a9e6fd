//! One WebSocket to a browser's DevTools: numbered commands answered in any order, events fanned
//! out to whoever listens.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::sync::{broadcast, mpsc, oneshot};
use tokio_tungstenite::tungstenite::Message;

use super::DevToolsError;

/// An event the browser sent: its method, the target session it came from, its parameters.
#[derive(Debug, Clone)]
pub struct Event {
    /// e.g. `Target.targetCreated`.
    pub method: String,
    /// The flat session it belongs to; `None` for the browser's own events.
    pub session: Option<String>,
    /// The event's parameters.
    pub params: Value,
}

/// Sees every event as it is read, before any answer that came after it is handed out: what
/// it records is current by the time a later command's answer arrives.
pub type Hook = Box<dyn Fn(&Event) + Send + Sync>;

type Waiting = Arc<Mutex<HashMap<u64, oneshot::Sender<Result<Value, String>>>>>;

/// A live DevTools connection; the socket closes when it is dropped.
pub struct Connection {
    outgoing: mpsc::UnboundedSender<Message>,
    waiting: Waiting,
    next_id: AtomicU64,
    events: broadcast::Sender<Event>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

/// How many events a slow listener may fall behind before it misses some.
const EVENT_BACKLOG: usize = 256;

impl Connection {
    /// Opens the socket at `url` (`ws://host:port/devtools/browser/...`, or a Grid's `se:cdp`).
    pub async fn open(url: &str, limit: Duration, hook: Hook) -> Result<Connection, DevToolsError> {
        let connecting = tokio_tungstenite::connect_async(url);
        let (socket, _) = tokio::time::timeout(limit, connecting)
            .await
            .map_err(|_| DevToolsError::Unreachable(format!("{url}: no answer")))?
            .map_err(|e| DevToolsError::Unreachable(format!("{url}: {e}")))?;
        let (mut sink, mut stream) = socket.split();
        let (outgoing, mut queued) = mpsc::unbounded_channel::<Message>();
        let waiting: Waiting = Arc::default();
        let (events, _) = broadcast::channel(EVENT_BACKLOG);

        let writer = tokio::spawn(async move {
            while let Some(message) = queued.recv().await {
                if sink.send(message).await.is_err() {
                    break;
                }
            }
            let _ = sink.close().await;
        });
        let answers = Arc::clone(&waiting);
        let fan_out = events.clone();
        let reader = tokio::spawn(async move {
            while let Some(Ok(message)) = stream.next().await {
                let Message::Text(text) = message else {
                    continue;
                };
                let Ok(mut value) = serde_json::from_str::<Value>(&text) else {
                    continue;
                };
                if let Some(id) = value.get("id").and_then(Value::as_u64) {
                    let answer = match value.get_mut("error") {
                        Some(error) => Err(error["message"]
                            .as_str()
                            .unwrap_or("DevTools error")
                            .to_owned()),
                        None => Ok(value.get_mut("result").map(Value::take).unwrap_or_default()),
                    };
                    let sender = answers.lock().ok().and_then(|mut w| w.remove(&id));
                    if let Some(sender) = sender {
                        let _ = sender.send(answer);
                    }
                } else if let Some(method) = value["method"].as_str() {
                    let event = Event {
                        method: method.to_owned(),
                        session: value["sessionId"].as_str().map(str::to_owned),
                        params: value.get_mut("params").map(Value::take).unwrap_or_default(),
                    };
                    hook(&event);
                    if fan_out.receiver_count() > 0 {
                        let _ = fan_out.send(event);
                    }
                }
            }
            // The socket closed: every command still waiting learns it now.
            if let Ok(mut w) = answers.lock() {
                w.clear();
            }
        });
        Ok(Connection {
            outgoing,
            waiting,
            next_id: AtomicU64::new(1),
            events,
            tasks: vec![writer, reader],
        })
    }

    /// Sends a command (to a target's flat session, or to the browser) and waits for its answer,
    /// at most `limit`.
    pub async fn call(
        &self,
        method: &str,
        params: Value,
        session: Option<&str>,
        limit: Duration,
    ) -> Result<Value, DevToolsError> {
        let answer = self.send(method, params, session)?;
        Self::answer(method, answer, limit).await
    }

    /// Waits, at most `limit`, for the answer of a command [`Connection::send`] sent.
    pub async fn answer(
        method: &str,
        answer: oneshot::Receiver<Result<Value, String>>,
        limit: Duration,
    ) -> Result<Value, DevToolsError> {
        match tokio::time::timeout(limit, answer).await {
            Ok(Ok(Ok(value))) => Ok(value),
            Ok(Ok(Err(message))) => Err(DevToolsError::Refused(format!("{method}: {message}"))),
            Ok(Err(_)) => Err(DevToolsError::Closed),
            Err(_) => Err(DevToolsError::NoAnswer(format!(
                "{method}: no answer within {:.1}s",
                limit.as_secs_f64()
            ))),
        }
    }

    /// Sends a command without waiting: the answer arrives on the receiver.
    pub fn send(
        &self,
        method: &str,
        params: Value,
        session: Option<&str>,
    ) -> Result<oneshot::Receiver<Result<Value, String>>, DevToolsError> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        let (tx, rx) = oneshot::channel();
        self.waiting
            .lock()
            .map_err(|_| DevToolsError::Closed)?
            .insert(id, tx);
        self.outgoing
            .send(Message::Text(message.to_string().into()))
            .map_err(|_| DevToolsError::Closed)?;
        Ok(rx)
    }

    /// Every event from now on.
    pub fn events(&self) -> broadcast::Receiver<Event> {
        self.events.subscribe()
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}
