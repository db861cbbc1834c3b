import { describe, expect, it } from "vitest";
import { fromIso, toIso } from "./dates";

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
  it("shows stored dates back", () => {
    expect(fromIso("1980-05-08")).toBe("08/05/1980");
    expect(fromIso(null)).toBe("");
  });
});
