//! "In…": the webview prints its page, whose print stylesheet shows only the
//! document's pages (SVG images drawn from the same layout as the PDF:
//! vectors, each on its own A4 sheet with nothing else), on A4 paper with no
//! margins; the system's print dialog asks which printer. For the tests
//! (debug builds only), `CAMKET_PRINT_TO` names a PDF file the pages go to
//! without a dialog.

use crate::Reply;
use camket::ErrorView;
use tauri::Runtime;

#[tauri::command]
pub async fn print_window<R: Runtime>(window: tauri::WebviewWindow<R>) -> Reply<()> {
    let failed =
        |e: tauri::Error| ErrorView::from(&camket::Error::invalid("print", format!("Không mở được hộp thoại in: {e}")));
    #[cfg(target_os = "linux")]
    {
        // The tests' file, never a release's: a stray variable must not
        // send a member's printing into a file.
        let to_file = if cfg!(debug_assertions) { std::env::var_os("CAMKET_PRINT_TO") } else { None };
        let tell = window.clone();
        // The print runs on after this answer: a failure is told to the page.
        let on_failure = move |why: String| {
            let message =
                format!("Chưa in được: {why}. Hãy kiểm tra máy in rồi bấm In lần nữa, hoặc lưu PDF để in sau.");
            let _ = tauri::Emitter::emit(&tell, "print-failed", message);
        };
        window.with_webview(move |w| linux::print(&w.inner(), to_file, on_failure)).map_err(failed)
    }
    #[cfg(not(target_os = "linux"))]
    window.print().map_err(failed)
}

#[cfg(target_os = "linux")]
mod linux {
    use gtk::prelude::*;
    use webkit2gtk::PrintOperationExt;

    pub fn print(
        view: &webkit2gtk::WebView,
        to_file: Option<std::ffi::OsString>,
        on_failure: impl Fn(String) + 'static,
    ) {
        let setup = gtk::PageSetup::new();
        setup.set_paper_size(&gtk::PaperSize::new(Some("iso_a4")));
        setup.set_orientation(gtk::PageOrientation::Portrait);
        setup.set_top_margin(0.0, gtk::Unit::Mm);
        setup.set_bottom_margin(0.0, gtk::Unit::Mm);
        setup.set_left_margin(0.0, gtk::Unit::Mm);
        setup.set_right_margin(0.0, gtk::Unit::Mm);
        let operation = webkit2gtk::PrintOperation::new(view);
        operation.connect_failed(move |_, error| on_failure(error.message().to_string()));
        operation.set_page_setup(&setup);
        match to_file {
            Some(path) => {
                let settings = gtk::PrintSettings::new();
                settings.set_printer("Print to File");
                settings.set("output-file-format", Some("pdf"));
                let uri = gtk::glib::filename_to_uri(std::path::Path::new(&path), None).map(|u| u.to_string());
                settings.set("output-uri", uri.ok().as_deref());
                operation.set_print_settings(&settings);
                operation.print();
            }
            None => {
                let parent = view.toplevel().and_then(|t| t.downcast::<gtk::Window>().ok());
                operation.run_dialog(parent.as_ref());
            }
        }
    }
}
