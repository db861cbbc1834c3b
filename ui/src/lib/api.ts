// The backend, as the UI sees it: our own commands only (their names are the
// generated `Command`, so a name the backend lacks does not compile), typed
// with the TypeScript generated from the Rust types (src/bindings).

import { Channel, invoke as tauriInvoke } from "@tauri-apps/api/core";
import type { Command } from "../bindings/commands";
import type { CodeMatch } from "../bindings/CodeMatch";
import type { Filter } from "../bindings/Filter";
import type { MemberFields } from "../bindings/MemberFields";
import type { SettingsPreview } from "../bindings/SettingsPreview";
import type { PlanProgress } from "../bindings/PlanProgress";
import type { ProgressState } from "../bindings/ProgressState";
import type { Received } from "../bindings/Received";
import type { Decision } from "../bindings/Decision";
import type { Bound } from "../bindings/Bound";
import type { SheetRow } from "../bindings/SheetRow";
import type { YearTable } from "../bindings/YearTable";
import type { Answer } from "../bindings/Answer";

import type { DocumentView } from "../bindings/DocumentView";
import type { Profile } from "../bindings/Profile";
import type { ProfileView } from "../bindings/ProfileView";
import type { Reference } from "../bindings/Reference";
import type { Startup } from "../bindings/Startup";
import type { YearBoard } from "../bindings/YearBoard";
import type { ProfileOffer } from "../bindings/ProfileOffer";
import type { WordPreview } from "../bindings/WordPreview";
import type { TokenCertificateView } from "../bindings/TokenCertificateView";

/**
 * Every call to the backend. Its errors are `{code, message}`; an error it
 * did not shape (a call with wrong arguments, refused before our code runs)
 * becomes one too, with a Vietnamese message.
 */
export async function invoke<T>(cmd: Command, args?: Record<string, unknown>): Promise<T> {
  try {
    return await tauriInvoke<T>(cmd, args);
  } catch (e) {
    if (e && typeof e === "object" && "code" in e && "message" in e) throw e;
    throw {
      code: "invalid_call",
      message: `Lỗi bên trong ứng dụng: việc “${cmd}” không thực hiện được. Hãy khởi động lại ứng dụng; nếu vẫn gặp, hãy báo người hỗ trợ (chi tiết: ${String(e)}).`,
    };
  }
}

export const api = {
  startup: () => invoke<Startup>("startup"),
  restoreLatestBackup: () => invoke<void>("restore_latest_backup"),
  reference: () => invoke<Reference>("reference"),
  getProfile: () => invoke<ProfileView>("get_profile"),
  saveProfile: (profile: Profile) => invoke<ProfileView>("save_profile", { profile }),
  yearBoard: (year: number) => invoke<YearBoard>("year_board", { year }),
  openDocument: (year: number, kind: string) => invoke<DocumentView>("open_document", { year, kind }),
  documentView: (id: number) => invoke<DocumentView>("document_view", { id }),
  startFromPrevious: (year: number, kind: string) => invoke<DocumentView>("start_from_previous", { year, kind }),
  planProgress: (year: number) => invoke<PlanProgress | null>("plan_progress", { year }),
  recordProgress: (recordId: number, row: number, progress: ProgressState, note: string, on: string) =>
    invoke<PlanProgress>("record_progress", { recordId, row, progress, note, on }),
  setDocumentDate: (id: number, date: string | null, baseRevision: number) =>
    invoke<DocumentView>("set_document_date", { id, date, baseRevision }),
  refillSection: (id: number, section: string, baseRevision: number) =>
    invoke<DocumentView>("refill_section", { id, section, baseRevision }),
  chooseForm: (id: number, templateId: string, baseRevision: number) =>
    invoke<DocumentView>("choose_form", { id, templateId, baseRevision }),
  reviewCarried: (id: number, section: string, keepYear: boolean) =>
    invoke<DocumentView>("review_carried", { id, section, keepYear }),
  saveAnswer: (id: number, section: string, answer: Answer, baseRevision: number) =>
    invoke<number>("save_answer", { id, section, answer, baseRevision }),
  sign: (id: number, baseRevision: number, signaturePng: number[] | null) =>
    invoke<DocumentView>("sign_document", { id, baseRevision, signaturePng }),
  chooseSignatureImage: () => invoke<number[] | null>("choose_signature_image"),
  findToken: () => invoke<TokenCertificateView[]>("find_token"),
  chooseTokenModule: () => invoke<TokenCertificateView[] | null>("choose_token_module"),
  signWithToken: (id: number, baseRevision: number, signaturePng: number[] | null, token: string, certificate: string, pin: string) =>
    invoke<DocumentView>("sign_with_token", { id, baseRevision, signaturePng, token, certificate, pin }),
  pdf: (id: number, signedOnly: boolean) => invoke<ArrayBuffer>("document_pdf", { id, signedOnly }),
  savePdf: (id: number, signedOnly: boolean) => invoke<string | null>("save_pdf", { id, signedOnly }),
  openPdf: (id: number, signedOnly: boolean) => invoke<string>("open_pdf", { id, signedOnly }),
  saveDocx: (id: number, signedOnly: boolean) => invoke<string | null>("save_docx", { id, signedOnly }),
  savePlainDocx: (id: number) => invoke<string | null>("save_plain_docx", { id }),
  openWordFile: (year: number, kind: string) => invoke<WordPreview | null>("open_word_file", { year, kind }),
  bringInWord: (year: number, kind: string, fileName: string, sections: [string, Answer][], profile: ProfileOffer[]) =>
    invoke<string>("bring_in_word", { year, kind, fileName, sections, profile }),
  typingInField: (active: boolean) => invoke<null>("typing_in_field", { active }),
  printPages: (id: number, signedOnly: boolean) => invoke<string[]>("print_pages", { id, signedOnly }),
  printWindow: () => invoke<null>("print_window"),
  importConfirmation: () => invoke<string | null>("import_confirmation"),
  branchTable: (year: number, filter: Filter) => invoke<YearTable>("branch_table", { year, filter }),
  setDeadline: (year: number, deadline: string | null) => invoke<void>("set_deadline", { year, deadline }),
  receiveFiles: (folder: boolean, progress: (done: number, total: number) => void) => {
    const onProgress = new Channel<[number, number]>();
    onProgress.onmessage = ([done, total]) => progress(done, total);
    return invoke<Received[] | null>("receive_files", { folder, onProgress });
  },
  decideHeld: (submissionId: number, decision: Decision) => invoke<string>("decide_held", { submissionId, decision }),
  bindAllKeys: (year: number) => invoke<Bound>("bind_all_keys", { year }),
  saveUnreceivedList: () => invoke<string | null>("save_unreceived_list"),
  saveReturnNotice: (submissionId: number) => invoke<string | null>("save_return_notice", { submissionId }),
  mergeMembers: (from: number, into: number) => invoke<void>("merge_members", { from, into }),
  removeMember: (memberId: number) => invoke<void>("remove_member", { memberId }),
  addTrustedRoots: () => invoke<string | null>("add_trusted_roots"),
  confirmDocumentsWithToken: (ids: number[], remark: string, token: string, certificate: string, pin: string) =>
    invoke<string>("confirm_documents_with_token", { ids, remark, token, certificate, pin }),
  confirmDocuments: (ids: number[], remark: string, signaturePng: number[] | null) =>
    invoke<string>("confirm_documents", { ids, remark, signaturePng }),
  returnDocuments: (ids: number[], note: string) => invoke<string>("return_documents", { ids, note }),
  checkCode: (code: string) => invoke<CodeMatch[]>("check_code", { code }),
  submissionPdf: (submissionId: number) => invoke<ArrayBuffer>("submission_pdf", { submissionId }),
  saveBranchPrint: (year: number, duplex: boolean) => invoke<string | null>("save_branch_print", { year, duplex }),
  saveReport: (year: number) => invoke<string | null>("save_report", { year }),
  readRosterSheet: () => invoke<SheetRow[] | null>("read_roster_sheet"),
  addRosterRows: (rows: SheetRow[]) => invoke<number>("add_roster_rows", { rows }),
  addMember: (fields: MemberFields) => invoke<number>("add_member", { fields }),
  setExempt: (memberId: number, year: number, exempt: boolean) => invoke<void>("set_exempt", { memberId, year, exempt }),
  setMoved: (memberId: number, on: string | null) => invoke<void>("set_moved", { memberId, on }),
  exportFolder: (year: number) => invoke<string | null>("export_folder", { year }),
  saveLateList: (year: number) => invoke<string | null>("save_late_list", { year }),
  editMember: (memberId: number, fields: MemberFields) => invoke<void>("edit_member", { memberId, fields }),
  saveBranchSettings: (year: number, withTemplates: boolean) =>
    invoke<string | null>("save_branch_settings", { year, withTemplates }),
  // The app keeps the bytes it showed; accepting applies those.
  openBranchSettings: () => invoke<SettingsPreview | null>("open_branch_settings"),
  acceptBranchSettings: (newKey: string | null) => invoke<string>("accept_branch_settings", { newKey }),
  rateReview: (submissionId: number, level: string, remark: string) =>
    invoke<string>("rate_review", { submissionId, level, remark }),
  setShareLimit: (year: number, on: boolean) => invoke<void>("set_share_limit", { year, on }),
  saveRatingsSummary: (year: number) => invoke<string | null>("save_ratings_summary", { year }),
};
