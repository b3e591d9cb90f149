//! Events in the order the coder made them, each one.
//!
//! egui hands a frame every event that arrived since the last one. On a slow frame (a video
//! opening, a busy laptop) that can be several keys and clicks, and the desk reads keys by kind
//! ("was ↓ pressed?"): `1 ↓ 9` in one frame became "↓, then 1 and 9 on the same variable", and
//! ten PageDowns one page. This plugin lets through, per frame, the events up to and including
//! the first one that can change what the events after it mean — a key the desk acts on, a
//! click — and holds the rest back for the next frames (asking for them at once). Text typed
//! into a field is never held back: only a key that leaves the field is a boundary there.

use egui::{Event, Key, RawInput};

#[derive(Default)]
pub struct InputInOrder {
    /// Events that arrived in an earlier frame and wait for theirs, oldest first.
    held: Vec<Event>,
}

impl egui::Plugin for InputInOrder {
    fn debug_name(&self) -> &'static str {
        "codingdesk-input-in-order"
    }

    fn input_hook(&mut self, ctx: &egui::Context, input: &mut RawInput) {
        // The field focused when the frame starts decides what a key means: a key that moves
        // focus is a boundary, so the events after it are judged in a frame that knows.
        let in_text = ctx.text_edit_focused();
        let mut events = std::mem::take(&mut self.held);
        events.append(&mut input.events);
        let cut = first_frame(&events, in_text);
        self.held = events.split_off(cut);
        input.events = events;
    }

    fn on_end_pass(&mut self, ui: &mut egui::Ui) {
        if !self.held.is_empty() {
            ui.ctx().request_repaint();
        }
    }
}

/// How many of `events` belong to this frame: those before the first boundary; or, when it is
/// the first, the boundary alone with the text and key releases that came with its key press.
/// A boundary so always starts a frame: what came before it (text typed into a field) has been
/// handled when the desk acts on it, whatever order the desk reads keys and widgets in.
fn first_frame(events: &[Event], in_text: bool) -> usize {
    let Some(boundary) = events.iter().position(|e| is_boundary(e, in_text)) else {
        return events.len();
    };
    if boundary > 0 {
        return boundary;
    }
    let with_its_text = events[boundary + 1..]
        .iter()
        .take_while(|e| {
            matches!(
                e,
                Event::Text(_) | Event::Key { pressed: false, .. } | Event::ModifiersChanged(_)
            )
        })
        .count();
    boundary + 1 + with_its_text
}

/// Whether an event can change what the events after it mean.
fn is_boundary(event: &Event, in_text: bool) -> bool {
    match event {
        Event::Key {
            pressed: true,
            key,
            modifiers,
            ..
        } => {
            // Outside a text field every key is the desk's (a value, a move, a page). In a field
            // only keys that leave it or act on the desk are: letters and digits are typing.
            !in_text
                || modifiers.ctrl
                || modifiers.command
                || modifiers.alt
                || matches!(
                    key,
                    Key::Tab
                        | Key::Enter
                        | Key::Escape
                        | Key::ArrowUp
                        | Key::ArrowDown
                        | Key::PageUp
                        | Key::PageDown
                )
        }
        Event::PointerButton { .. } | Event::AccessKitActionRequest(_) => true,
        Event::Key { pressed: false, .. }
        | Event::Copy
        | Event::Cut
        | Event::Paste(_)
        | Event::PasteImage(_)
        | Event::MiddleClickPaste { .. }
        | Event::Text(_)
        | Event::ModifiersChanged(_)
        | Event::PointerMoved(_)
        | Event::MouseMoved(_)
        | Event::PointerGone
        | Event::Zoom(_)
        | Event::Rotate(_)
        | Event::Ime(_)
        | Event::Touch { .. }
        | Event::MouseWheel { .. }
        | Event::WindowFocused(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::Plugin as _;

    fn key(key: Key) -> Event {
        Event::Key {
            key,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: egui::Modifiers::NONE,
        }
    }

    fn release(key: Key) -> Event {
        Event::Key {
            key,
            physical_key: None,
            pressed: false,
            repeat: false,
            modifiers: egui::Modifiers::NONE,
        }
    }

    /// Feeds a frame's events through the plugin frame by frame, as egui would.
    fn frames(events: Vec<Event>) -> Vec<Vec<Event>> {
        let ctx = egui::Context::default();
        let mut plugin = InputInOrder::default();
        let mut input = RawInput {
            events,
            ..RawInput::default()
        };
        let mut frames = Vec::new();
        loop {
            plugin.input_hook(&ctx, &mut input);
            if input.events.is_empty() && plugin.held.is_empty() {
                break;
            }
            frames.push(std::mem::take(&mut input.events));
        }
        frames
    }

    #[test]
    fn every_desk_key_gets_a_frame_of_its_own_in_order_with_its_text() {
        let events = vec![
            key(Key::Enter),
            key(Key::Num1),
            Event::Text("1".into()),
            release(Key::Num1),
            key(Key::ArrowDown),
            key(Key::Num9),
            Event::Text("9".into()),
            key(Key::PageDown),
            key(Key::PageDown),
        ];
        let frames = frames(events);
        assert_eq!(frames.len(), 6);
        assert_eq!(frames[0], vec![key(Key::Enter)]);
        assert_eq!(
            frames[1],
            vec![key(Key::Num1), Event::Text("1".into()), release(Key::Num1)]
        );
        assert_eq!(frames[2], vec![key(Key::ArrowDown)]);
        assert_eq!(frames[3], vec![key(Key::Num9), Event::Text("9".into())]);
        // Repeats each count.
        assert_eq!(frames[4], vec![key(Key::PageDown)]);
        assert_eq!(frames[5], vec![key(Key::PageDown)]);
    }

    #[test]
    fn text_typed_into_a_field_is_not_held_back_but_a_key_that_leaves_it_is() {
        let typed = vec![
            Event::Text("云".into()),
            Event::Text("海".into()),
            Event::PointerMoved(egui::pos2(1.0, 1.0)),
        ];
        assert_eq!(first_frame(&typed, true), 3);
        // "5", Tab to the next field, "7": the 7 is typed in the frame where that field has
        // the focus.
        let leaving = vec![
            key(Key::Num5),
            Event::Text("5".into()),
            key(Key::Tab),
            key(Key::Num7),
            Event::Text("7".into()),
        ];
        assert_eq!(first_frame(&leaving, true), 2, "the 5 is typed first");
        assert_eq!(first_frame(&leaving[2..], true), 1, "then Tab alone");
        let click_then_key = vec![
            Event::PointerButton {
                pos: egui::pos2(3.0, 3.0),
                button: egui::PointerButton::Primary,
                pressed: true,
                modifiers: egui::Modifiers::NONE,
            },
            key(Key::Num2),
        ];
        assert_eq!(first_frame(&click_then_key, false), 1);
        let moved_then_pressed = vec![
            Event::PointerMoved(egui::pos2(3.0, 3.0)),
            click_then_key[0].clone(),
        ];
        assert_eq!(first_frame(&moved_then_pressed, false), 1);
    }
}
