import { describe, expect, it } from "vitest";
import type { Template } from "../bindings/Template";
import { exampleRow, fillExample, outline, stepOfTarget, stepsOf, stepTitle } from "./steps";

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

describe("outline", () => {
  const grouped = {
    sections: [
      { ...section("hoc_tap", "text", "I. NỘI DUNG HỌC TẬP") },
      { ...section("tu_tuong", "text", "1. Về tư tưởng"), group: "II. NỘI DUNG LÀM THEO" },
      { ...section("dao_duc", "text", "2. Về đạo đức"), group: "II. NỘI DUNG LÀM THEO" },
      { ...section("khac_phuc", "text", "3. Khắc phục"), group: "II. NỘI DUNG LÀM THEO", required: false },
    ],
  } as unknown as Template;

  it("puts the group heading over its first section and says what is filled and missing", () => {
    const entries = outline(stepsOf(grouped), { hoc_tap: { type: "text", value: "Học" }, dao_duc: { type: "text", value: "  " } }, ["dao_duc"]);
    expect(entries.map((e) => [e.group, e.title, e.nested, e.state])).toEqual([
      [null, "I. NỘI DUNG HỌC TẬP", false, "filled"],
      ["II. NỘI DUNG LÀM THEO", "1. Về tư tưởng", true, "missing"],
      [null, "2. Về đạo đức", true, "missing"],
      [null, "3. Khắc phục", true, "optional"],
      [null, "Xem lại văn bản", false, "other"],
      [null, "Ký văn bản", false, "other"],
      [null, "In văn bản", false, "other"],
    ]);
    expect(entries[2].index).toBe(2);
  });

  it("says a section carried from last year's needs looking at, apart from what is missing", () => {
    const written = { hoc_tap: { type: "text", value: "Học năm 2026" }, tu_tuong: { type: "text", value: "Kiên định" } } as const;
    const entries = outline(stepsOf(grouped), written, ["hoc_tap", "dao_duc"], ["hoc_tap"]);
    expect(entries.slice(0, 3).map((e) => e.state)).toEqual(["review", "filled", "missing"]);
  });
});
