//! Pointer input as DevTools events: what a real mouse sends, dispatched over clickpath's own
//! connection instead of WebDriver's actions.

use serde_json::{Value, json};

/// DevTools' name of a mouse button, from its number in `MouseEvent.button`.
fn button_name(button: u8) -> &'static str {
    match button {
        1 => "middle",
        2 => "right",
        _ => "left",
    }
}

/// The bit of a button in `MouseEvent.buttons`.
fn button_bit(button: u8) -> u32 {
    match button {
        1 => 4,
        2 => 2,
        _ => 1,
    }
}

/// The events of `count` presses of `button` at (x, y) in the viewport: the pointer moves there,
/// then each press goes down and up, its click count rising as in a double or triple click.
/// Sent back to back, the browser dispatches them in order without waiting for a frame between
/// the move and the press.
pub fn presses(x: f64, y: f64, button: u8, count: u8) -> Vec<(&'static str, Value)> {
    let mut events = vec![(
        "Input.dispatchMouseEvent",
        json!({"type": "mouseMoved", "x": x, "y": y, "button": "none", "buttons": 0}),
    )];
    let name = button_name(button);
    for n in 1..=count.max(1) {
        events.push((
            "Input.dispatchMouseEvent",
            json!({"type": "mousePressed", "x": x, "y": y, "button": name,
                "buttons": button_bit(button), "clickCount": n}),
        ));
        events.push((
            "Input.dispatchMouseEvent",
            json!({"type": "mouseReleased", "x": x, "y": y, "button": name,
                "buttons": 0, "clickCount": n}),
        ));
    }
    events
}

/// The event that moves the pointer to (x, y) and leaves it there.
pub fn moved(x: f64, y: f64) -> Vec<(&'static str, Value)> {
    vec![(
        "Input.dispatchMouseEvent",
        json!({"type": "mouseMoved", "x": x, "y": y, "button": "none", "buttons": 0}),
    )]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_double_right_click_counts_its_presses() {
        let events = presses(10.0, 20.0, 2, 2);
        let kinds: Vec<_> = events
            .iter()
            .map(|(_, e)| (e["type"].as_str().unwrap_or(""), e["clickCount"].as_u64()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("mouseMoved", None),
                ("mousePressed", Some(1)),
                ("mouseReleased", Some(1)),
                ("mousePressed", Some(2)),
                ("mouseReleased", Some(2)),
            ]
        );
        assert_eq!(events[1].1["button"], "right");
        assert_eq!(events[1].1["buttons"], 2);
        assert_eq!(events[2].1["buttons"], 0);
    }
}
