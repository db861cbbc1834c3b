import { describe, expect, it } from "vitest";
import { dateProblem, fromIso, toIso } from "./dates";

describe("dates", () => {
  it("reads the Vietnamese order", () => {
    expect(toIso("8/5/1980")).toBe("1980-05-08");
    expect(toIso(" 08-05-1980 ")).toBe("1980-05-08");
    expect(toIso("31.12.2000")).toBe("2000-12-31");
  });
  it("refuses what is not a real date", () => {
    expect(toIso("31/02/1980")).toBeNull();
    expect(toIso("1980-05-08")).toBeNull();
    expect(toIso("")).toBeNull();
  });
  it("tells a date not on the calendar from one in another form", () => {
    for (const t of ["31/02/2025", "29/02/2023", "00/00/0000"]) {
      expect(dateProblem(t)).toBe(`Ngày ${t} không có trên lịch; hãy xem lại ngày và tháng.`);
    }
    expect(dateProblem("1980-05-08")).toContain("theo dạng ngày/tháng/năm");
    expect(dateProblem("mùng 8")).toContain("theo dạng ngày/tháng/năm");
    expect(dateProblem("29/02/2024")).toBeNull();
    expect(dateProblem("  ")).toBeNull();
  });
  it("shows stored dates back", () => {
    expect(fromIso("1980-05-08")).toBe("08/05/1980");
    expect(fromIso(null)).toBe("");
  });
});
