// The app's commands: the one list that the handler (lib.rs), the ACL and
// the window's capability (build.rs) and the page's `Command` type
// (ui/src/bindings/commands.ts, written by build.rs) are made from. Adding a
// command is one line here; a command left out is never callable and its
// function is unused code, which the build refuses.
//
// Included by build.rs as well as compiled into the shell: macros only.
macro_rules! app_commands {
    ($then:ident) => {
        $then! {
            startup,
            restore_latest_backup,
            reference,
            get_profile,
            save_profile,
            year_board,
            open_document,
            document_view,
            start_from_previous,
            save_answer,
            set_document_date,
            refill_section,
            choose_form,
            review_carried,
            plan_progress,
            record_progress,
            sign_document,
            choose_signature_image,
            document_pdf,
            save_pdf,
            open_pdf,
            typing_in_field,
            print_window,
            print_pages,
            import_confirmation,
            branch_table,
            set_deadline,
            receive_files,
            decide_held,
            bind_all_keys,
            save_unreceived_list,
            save_return_notice,
            remove_member,
            merge_members,
            confirm_documents,
            return_documents,
            check_code,
            submission_pdf,
            save_branch_print,
            save_report,
            save_late_list,
            export_folder,
            read_roster_sheet,
            add_roster_rows,
            add_member,
            set_exempt,
            set_moved,
            edit_member,
            save_branch_settings,
            open_branch_settings,
            accept_branch_settings,
            rate_review,
            set_share_limit,
            save_ratings_summary,
        }
    };
}
