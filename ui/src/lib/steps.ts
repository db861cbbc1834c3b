// The steps of a document's journey: one per section the member writes,
// then review, signing and printing.

import { Strokes } from "./pad";
import type { Answer } from "../bindings/Answer";
import type { Section } from "../bindings/Section";
import type { Template } from "../bindings/Template";

export type Step =
  | { kind: "section"; section: Section }
  | { kind: "review" }
  | { kind: "sign" }
  | { kind: "print" };

export function stepsOf(template: Template): Step[] {
  const written = template.sections.filter((s) => s.kind !== "fixed");
  return [
    ...written.map((section): Step => ({ kind: "section", section })),
    { kind: "review" },
    { kind: "sign" },
    { kind: "print" },
  ];
}

export function stepTitle(step: Step): string {
  switch (step.kind) {
    case "section":
      return step.section.heading || sectionName(step.section);
    case "review":
      return "Xem lại văn bản";
    case "sign":
      return "Ký văn bản";
    case "print":
      return "In văn bản";
  }
}

function sectionName(s: Section): string {
  switch (s.kind) {
    case "documents":
      return "Văn bản căn cứ";
    case "checklist":
      return "Tự soi, tự đối chiếu";
    case "choice":
      return "Chọn mức";
    default:
      return s.id;
  }
}

/** Index of the step where the thing a "missing" entry names is fixed. */
export function stepOfTarget(steps: Step[], target: string): number | "profile" {
  if (target.startsWith("profile:")) return "profile";
  const i = steps.findIndex((s) => s.kind === "section" && s.section.id === target);
  return i < 0 ? 0 : i;
}

/** An example as the member will adapt it: "{year}" becomes the year. */
export function fillExample(example: string, year: number): string {
  return example.split("{year}").join(String(year));
}

/** Table examples are written "cell | cell | cell" in the input columns' order. */
export function exampleRow(example: string, keys: string[], year: number): Record<string, string> {
  const cells = fillExample(example, year).split("|").map((c) => c.trim());
  return Object.fromEntries(keys.map((k, i) => [k, cells[i] ?? ""]));
}

/** What the member has chosen on the sign step, kept while they move between steps. */
/** The sign step's choices; `token`: the ký số panel is open (signing goes through it). */
export type SignDraft = { understood: boolean; choice: "none" | "draw" | "file"; strokes: Strokes; chosen: number[] | null; token: boolean };

export function newSignDraft(): SignDraft {
  return { understood: false, choice: "none", strokes: new Strokes(), chosen: null, token: false };
}

/** One line of the document's outline: a step, under its group heading. */
export type OutlineEntry = {
  index: number;
  /** The group heading printed above, on the first section of a group ("II. NỘI DUNG LÀM THEO"). */
  group: string | null;
  title: string;
  /** The section belongs to a group: shown indented under its heading. */
  nested: boolean;
  /** "review": written, carried from last year's and not looked at again (or still naming last year). */
  state: "filled" | "missing" | "review" | "optional" | "other";
};

/** Whether an answer holds anything the member wrote or chose. */
export function answered(answer: Answer | undefined): boolean {
  switch (answer?.type) {
    case "text":
      return answer.value.trim() !== "";
    case "rows":
      return answer.value.some((r) => Object.values(r).some((v) => v.trim() !== ""));
    case "ticked":
      return answer.value.length > 0;
    case "points":
      return Object.keys(answer.value).length > 0;
    default:
      return false;
  }
}

/** The whole document at a glance: which parts are written and which are still missing. */
export function outline(
  steps: Step[],
  answers: Partial<Record<string, Answer>>,
  missing: string[],
  review: string[] = [],
): OutlineEntry[] {
  let group: string | null = null;
  return steps.map((step, index) => {
    if (step.kind !== "section") return { index, group: null, title: stepTitle(step), nested: false, state: "other" };
    const s = step.section;
    const heading = s.group && s.group !== group ? s.group : null;
    group = s.group ?? null;
    const state = review.includes(s.id) && answered(answers[s.id])
      ? "review"
      : missing.includes(s.id)
      ? "missing"
      : answered(answers[s.id]) || s.kind === "documents"
        ? "filled"
        : s.required
          ? "missing"
          : "optional";
    return { index, group: heading, title: stepTitle(step), nested: group !== null, state };
  });
}
