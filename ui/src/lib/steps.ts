// The steps of a document's journey: one per section the member writes,
// then review, signing and printing.

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
