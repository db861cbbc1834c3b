// The backend, as the UI sees it: our own commands only, typed with the
// TypeScript generated from the Rust types (src/bindings).

import { invoke } from "@tauri-apps/api/core";
import type { Answer } from "../bindings/Answer";
import type { DocKind } from "../bindings/DocKind";
import type { DocumentView } from "../bindings/DocumentView";
import type { Profile } from "../bindings/Profile";
import type { ProfileView } from "../bindings/ProfileView";
import type { Reference } from "../bindings/Reference";
import type { Startup } from "../bindings/Startup";
import type { YearBoard } from "../bindings/YearBoard";

export const api = {
  startup: () => invoke<Startup>("startup"),
  restoreLatestBackup: () => invoke<void>("restore_latest_backup"),
  reference: () => invoke<Reference>("reference"),
  getProfile: () => invoke<ProfileView>("get_profile"),
  saveProfile: (profile: Profile) => invoke<ProfileView>("save_profile", { profile }),
  yearBoard: (year: number) => invoke<YearBoard>("year_board", { year }),
  openDocument: (year: number, kind: DocKind) => invoke<DocumentView>("open_document", { year, kind }),
  startFromPrevious: (year: number, kind: DocKind) => invoke<DocumentView>("start_from_previous", { year, kind }),
  saveAnswer: (id: number, section: string, answer: Answer, baseRevision: number) =>
    invoke<number>("save_answer", { id, section, answer, baseRevision }),
  sign: (id: number, baseRevision: number, signaturePng: number[] | null) =>
    invoke<DocumentView>("sign_document", { id, baseRevision, signaturePng }),
  chooseSignatureImage: () => invoke<number[] | null>("choose_signature_image"),
  pdf: (id: number, signedOnly: boolean) => invoke<ArrayBuffer>("document_pdf", { id, signedOnly }),
  savePdf: (id: number, signedOnly: boolean) => invoke<string | null>("save_pdf", { id, signedOnly }),
  openPdf: (id: number, signedOnly: boolean) => invoke<string>("open_pdf", { id, signedOnly }),
  saveBranchCopy: (id: number) => invoke<string | null>("save_branch_copy", { id }),
};
