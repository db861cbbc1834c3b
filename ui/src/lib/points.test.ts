import { describe, expect, it } from "vitest";
import { allowedLevel, parseScore, show, tally } from "./points";
import type { Section } from "../bindings/Section";

const section = {
  id: "diem",
  groups: [
    { name: "Chung", max: 30, criteria: [{ id: "a", text: "A", max: 10 }, { id: "b", text: "B", max: 20 }] },
    { name: "Nhiệm vụ", max: 70, criteria: [{ id: "c", text: "C", max: 70 }] },
  ],
} as unknown as Section;
const mins = [90, 70, 50, 0];

describe("points", () => {
  it("reads whole and half points up to the maximum", () => {
    expect(parseScore("7,5", 10)).toEqual({ halves: 15 });
    expect(parseScore(" 8 ", 10)).toEqual({ halves: 16 });
    expect(parseScore("", 10)).toBeNull();
    expect(parseScore("7,3", 10)).toHaveProperty("error");
    expect(parseScore("abc", 10)).toHaveProperty("error");
    expect(parseScore("10,5", 10)).toEqual({ error: "Tối đa 10 điểm." });
    expect(show(55)).toBe("27,5");
  });

  it("adds up groups and suggests the level the total allows", () => {
    const t = tally(section, { a: "9", b: "18,5", c: "59" });
    expect(t.groups.map((g) => show(g.got))).toEqual(["27,5", "59"]);
    expect(show(t.total)).toBe("86,5");
    expect(allowedLevel(t, mins)).toBe(1);
    expect(allowedLevel(tally(section, { a: "10", b: "20", c: "60" }), mins)).toBe(0);
    expect(allowedLevel(tally(section, { a: "9" }), mins)).toBeNull();
    expect(allowedLevel(tally(section, { a: "1", b: "1", c: "1" }), mins)).toBe(3);
  });
});
