import { describe, expect, it } from "vitest";
import { changedAt, dateProblem, fromIso, toIso } from "./dates";
import typedDates from "../../../tests/fixtures/typed-dates.json";

describe("dates", () => {
  it("reads the Vietnamese order", () => {
    expect(toIso("8/5/1980")).toBe("1980-05-08");
    expect(toIso(" 08-05-1980 ")).toBe("1980-05-08");
    expect(toIso("31.12.2000")).toBe("2000-12-31");
  });
  it("reads every typed date of the shared list as the backend does", () => {
    expect(typedDates.cases.length).toBeGreaterThan(20);
    for (const [typed, read] of typedDates.cases) expect([typed, toIso(typed as string)]).toEqual([typed, read]);
  });
  it("tells a date not on the calendar from one in another form", () => {
    for (const t of ["31/02/2025", "29/02/2023", "00/00/0000"]) {
      expect(dateProblem(t)).toBe(`Ngày ${t} không có trên lịch; hãy xem lại ngày và tháng.`);
    }
    expect(dateProblem("1980/05/08")).toContain("theo dạng ngày/tháng/năm");
    expect(dateProblem("mùng 8")).toContain("theo dạng ngày/tháng/năm");
    expect(dateProblem("29/02/2024")).toBeNull();
    expect(dateProblem("  ")).toBeNull();
  });
  it("shows a stored instant at the time and day in Vietnam", () => {
    expect(changedAt("2026-03-09T23:30:00.000Z")).toBe("06:30 ngày 10/03/2026");
    expect(changedAt("2026-03-10T16:59:00Z")).toBe("23:59 ngày 10/03/2026");
    expect(changedAt("hôm qua")).toBe("");
  });
  it("shows stored dates back", () => {
    expect(fromIso("1980-05-08")).toBe("08/05/1980");
    expect(fromIso(null)).toBe("");
  });
});
