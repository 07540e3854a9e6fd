//! Where the browser itself shows an element, for the cases the in-page script cannot compute:
//! inside frames that are scaled or rotated, points map to the window only through transforms the
//! script cannot read. Chromium's DevTools answer with the element's content quad in window
//! coordinates, and hit-test that point through every frame.

use serde_json::{Value, json};

use super::page::Page;
use crate::locate::{Point, Rect};

/// The element as the browser shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    /// The centre of its first content quad, in top-level viewport CSS pixels.
    pub point: Point,
    /// The quad's bounding box.
    pub rect: Rect,
    /// What the browser's hit test finds at the point when it is not the element or inside it.
    pub covered_by: Option<String>,
}

/// Whether the node the function is called on is the marked element or inside it (through shadow
/// roots), and a short description of it. The mark is read from the hit node's own realm, so both
/// sides of the comparison are the same realm's objects; a hit in a frame of another origin cannot
/// read it and is not inside.
const INSIDE_JS: &str = "function () {
  let target = null;
  try { target = window.top.__clickpathTarget; } catch (e) { target = null; }
  let inside = false;
  for (let n = this; n && target; n = n.parentNode || n.host) if (n === target) { inside = true; break; }
  const e = this.nodeType === 1 ? this : this.parentElement;
  return { inside, what: e ? e.localName + (e.id ? '#' + e.id : '') : 'nothing' };
}";

impl Page<'_> {
    /// Where the browser shows the element the last locate marked (`window.__clickpathTarget`), and
    /// what covers it there. `None` when the driver has no DevTools endpoint or the element is gone;
    /// the caller keeps the script's own estimate then.
    pub async fn where_shown(&self) -> Option<Shown> {
        let found = self
            .devtools(
                "Runtime.evaluate",
                json!({"expression": "window.__clickpathTarget || null"}),
            )
            .await
            .ok()?;
        let target = found["result"]["objectId"].as_str()?.to_owned();
        let shown = self.quad_of(&target).await;
        let shown = match shown {
            Some((point, rect)) => Some(Shown {
                covered_by: self.cover_at(point).await,
                point,
                rect,
            }),
            None => None,
        };
        let _ = self
            .devtools("Runtime.releaseObject", json!({"objectId": target}))
            .await;
        shown
    }

    async fn quad_of(&self, object: &str) -> Option<(Point, Rect)> {
        let quads = self
            .devtools("DOM.getContentQuads", json!({"objectId": object}))
            .await
            .ok()?;
        let quad: Vec<f64> = quads["quads"][0]
            .as_array()?
            .iter()
            .filter_map(Value::as_f64)
            .collect();
        if quad.len() != 8 {
            return None;
        }
        let xs = [quad[0], quad[2], quad[4], quad[6]];
        let ys = [quad[1], quad[3], quad[5], quad[7]];
        let (left, right) = (min(&xs), max(&xs));
        let (top, bottom) = (min(&ys), max(&ys));
        let point = Point {
            x: (xs.iter().sum::<f64>() / 4.0).floor(),
            y: (ys.iter().sum::<f64>() / 4.0).floor(),
        };
        let rect = Rect {
            x: left.round(),
            y: top.round(),
            width: (right - left).round(),
            height: (bottom - top).round(),
        };
        Some((point, rect))
    }

    /// What the browser's hit test finds at `point` when it is not the marked element or inside it
    /// (an element of an outer frame over the inner one, say).
    async fn cover_at(&self, point: Point) -> Option<String> {
        let hit = self
            .devtools(
                "DOM.getNodeForLocation",
                json!({"x": point.x as i64, "y": point.y as i64, "includeUserAgentShadowDOM": false}),
            )
            .await
            .ok()?;
        let backend = hit["backendNodeId"].as_i64()?;
        let resolved = self
            .devtools("DOM.resolveNode", json!({"backendNodeId": backend}))
            .await
            .ok()?;
        let hit_object = resolved["object"]["objectId"].as_str()?.to_owned();
        let answer = self
            .devtools(
                "Runtime.callFunctionOn",
                json!({"functionDeclaration": INSIDE_JS, "objectId": hit_object, "returnByValue": true}),
            )
            .await
            .ok()?;
        let _ = self
            .devtools("Runtime.releaseObject", json!({"objectId": hit_object}))
            .await;
        let value = &answer["result"]["value"];
        if value["inside"].as_bool() == Some(true) {
            None
        } else {
            Some(
                value["what"]
                    .as_str()
                    .unwrap_or("something else")
                    .to_owned(),
            )
        }
    }
}

fn min(values: &[f64]) -> f64 {
    values.iter().copied().fold(f64::MAX, f64::min)
}

fn max(values: &[f64]) -> f64 {
    values.iter().copied().fold(f64::MIN, f64::max)
}
