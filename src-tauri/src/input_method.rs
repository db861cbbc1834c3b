//! The word an input method still holds when the mouse leaves a field.
//!
//! IBus with Unikey keeps the word being typed inside the input method until
//! a space, Tab or Enter; a mouse click then drops it before the page even
//! sees the click, and the word never reaches the field ("Lê Thị " for
//! "Lê Thị Thu"). So while a text field has the focus (the page says so with
//! `typing_in_field`, `ui/src/lib/typing.ts`), a mouse press in the window
//! is held, End is pressed, which the input method answers by committing the
//! word (End itself only moves the caret to the end of the line being left),
//! and the press follows a moment later. Elsewhere (Windows, where Unikey
//! writes each key at once) nothing is held.

use std::sync::atomic::{AtomicBool, Ordering};

/// Whether a text field of the page has the focus.
static TYPING: AtomicBool = AtomicBool::new(false);

#[tauri::command]
pub fn typing_in_field(active: bool) {
    TYPING.store(active, Ordering::Relaxed);
}

/// Watches the window's mouse presses (Linux: the webview's GTK widget).
pub fn watch<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>) {
    #[cfg(target_os = "linux")]
    if let Err(e) = window.with_webview(|w| linux::press_end_before_clicks(&w.inner())) {
        tracing::warn!("input method watch: {e}");
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}

#[cfg(target_os = "linux")]
mod linux {
    use gtk::glib::translate::ToGlibPtr;
    use gtk::prelude::*;
    use std::cell::{Cell, RefCell};

    thread_local! {
        /// The mouse events held while the input method commits, in order.
        static HELD: RefCell<Vec<gdk::Event>> = const { RefCell::new(Vec::new()) };
        /// Set while they are given back to GTK, so they pass.
        static REPLAYING: Cell<bool> = const { Cell::new(false) };
    }

    /// How long the input method has to commit before the click goes on: it
    /// answers in a few milliseconds; a person does not feel a tenth of a second.
    const COMMIT_MS: u64 = 100;

    /// A press while a field has the focus is held, End goes first, and the
    /// press (with what came meanwhile) follows once the word has arrived.
    /// Pressed together, the word is dropped: IBus resets its engine on
    /// "button-press-event" (its handler connected before any of ours),
    /// which is why this listens to "event", emitted before it. Only a plain
    /// left press is held: a right click, a Shift or Ctrl click and the
    /// second press of a double click keep the selection End would move.
    pub fn press_end_before_clicks(view: &impl IsA<gtk::Widget>) {
        view.connect_event(|view, event| {
            let pass = gtk::glib::Propagation::Proceed;
            if REPLAYING.get() {
                return pass;
            }
            // Events that came while a press is held follow it, in order.
            let queued = !HELD.with_borrow(Vec::is_empty);
            let mouse = matches!(
                event.event_type(),
                gdk::EventType::ButtonPress
                    | gdk::EventType::DoubleButtonPress
                    | gdk::EventType::TripleButtonPress
                    | gdk::EventType::ButtonRelease
                    | gdk::EventType::MotionNotify
            );
            if queued && mouse {
                HELD.with_borrow_mut(|held| held.push(event.clone()));
                return gtk::glib::Propagation::Stop;
            }
            if !plain_left_press(event) || !super::TYPING.load(super::Ordering::Relaxed) {
                return pass;
            }
            HELD.with_borrow_mut(|held| held.push(event.clone()));
            press_end(view.upcast_ref());
            gtk::glib::timeout_add_local_once(std::time::Duration::from_millis(COMMIT_MS), replay);
            gtk::glib::Propagation::Stop
        });
    }

    /// A single press of the left button with no Shift, Ctrl or Alt.
    fn plain_left_press(event: &gdk::Event) -> bool {
        let modifiers = gdk::ModifierType::SHIFT_MASK | gdk::ModifierType::CONTROL_MASK | gdk::ModifierType::MOD1_MASK;
        event.event_type() == gdk::EventType::ButtonPress
            && event.button() == Some(1)
            && event.state().is_some_and(|state| !state.intersects(modifiers))
    }

    fn replay() {
        REPLAYING.set(true);
        for mut event in HELD.take() {
            gtk::main_do_event(&mut event);
        }
        REPLAYING.set(false);
    }

    /// Presses and releases End in the window as the keyboard would: GTK
    /// hands it to the focused webview, whose input method sees it first.
    /// (A key sent through the X server, `gtk_test_widget_send_key`, never
    /// reaches the webview.)
    fn press_end(view: &gtk::Widget) {
        let Some(window) = view.toplevel().and_then(|t| t.window()) else { return };
        let display = window.display();
        let keyval = *gdk::keys::constants::End;
        let Some(key) =
            gdk::Keymap::for_display(&display).and_then(|k| k.entries_for_keyval(keyval).into_iter().next())
        else {
            return;
        };
        let keyboard = display.default_seat().and_then(|seat| seat.keyboard());
        for kind in [gdk::ffi::GDK_KEY_PRESS, gdk::ffi::GDK_KEY_RELEASE] {
            // SAFETY: a key event made by GDK, its fields set as GDK's own
            // keyboard events have them; the window reference it takes is
            // released by gdk_event_free with the event.
            unsafe {
                let event = gdk::ffi::gdk_event_new(kind);
                let fields = &mut (*event).key;
                fields.window = window.to_glib_full();
                fields.time = gdk::ffi::GDK_CURRENT_TIME as u32;
                fields.keyval = keyval;
                fields.hardware_keycode = key.keycode() as u16;
                fields.group = key.group() as u8;
                if let Some(device) = &keyboard {
                    gdk::ffi::gdk_event_set_device(event, device.to_glib_none().0);
                }
                gtk::ffi::gtk_main_do_event(event);
                gdk::ffi::gdk_event_free(event);
            }
        }
    }
}
