import { describe, expect, it } from "vitest";
import type { Template } from "../bindings/Template";
import { exampleRow, fillExample, stepOfTarget, stepsOf, stepTitle } from "./steps";

const section = (id: string, kind: "text" | "table" | "fixed" | "checklist" | "documents", heading = "") => ({
  id,
  heading,
  group: null,
  kind,
  required: true,
  guidance: "",
  examples: [],
  columns: [],
  text: "",
  default_documents: [],
});

const template = {
  sections: [section("can_cu", "documents"), section("tu_tuong", "text", "1. Về tư tưởng"), section("ket", "fixed")],
} as unknown as Template;

describe("steps", () => {
  it("has one step per written section, then review, sign and print", () => {
    const steps = stepsOf(template);
    expect(steps.map(stepTitle)).toEqual(["Văn bản căn cứ", "1. Về tư tưởng", "Xem lại văn bản", "Ký văn bản", "In văn bản"]);
  });
  it("finds the step of a missing item", () => {
    const steps = stepsOf(template);
    expect(stepOfTarget(steps, "tu_tuong")).toBe(1);
    expect(stepOfTarget(steps, "profile:full_name")).toBe("profile");
  });
  it("fills examples for the year", () => {
    expect(fillExample("chuyên đề năm {year}", 2026)).toBe("chuyên đề năm 2026");
    expect(exampleRow("Đọc sách | Mỗi tối | Cả năm", ["a", "b", "c", "d"], 2026)).toEqual({
      a: "Đọc sách",
      b: "Mỗi tối",
      c: "Cả năm",
      d: "",
    });
  });
});
