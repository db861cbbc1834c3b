// The app's own commands go under the ACL: each gets allow-/deny- permissions
// and only what a capability grants can be called from a window.
fn main() {
    let commands = &[
        "startup",
        "restore_latest_backup",
        "reference",
        "get_profile",
        "save_profile",
        "year_board",
        "open_document",
        "start_from_previous",
        "save_answer",
        "set_document_date",
        "sign_document",
        "choose_signature_image",
        "document_pdf",
        "save_pdf",
        "save_branch_copy",
        "open_pdf",
        "import_confirmation",
        "branch_table",
        "set_deadline",
        "receive_files",
        "accept_held",
        "confirm_documents",
        "return_documents",
        "check_code",
        "submission_pdf",
        "save_branch_print",
        "save_report",
        "save_late_list",
        "export_folder",
        "read_roster_sheet",
        "add_roster_rows",
        "add_member",
        "set_exempt",
        "set_moved",
        "edit_member",
        "save_branch_settings",
        "open_branch_settings",
        "accept_branch_settings",
    ];
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(commands)),
    )
    .expect("tauri build configuration is valid");
}
