// The points a member types, added up as they type: the backend checks and
// stores each score (src/points.rs); this shows the sums and the level the
// total allows before the save, with the thresholds the backend sends.

import type { Section } from "../bindings/Section";

/** A score as typed ("8", "7,5", "7.5") in half points, or an error in words. */
export function parseScore(typed: string, max: number): { halves: number } | { error: string } | null {
  const t = typed.trim().replace(",", ".");
  if (t === "") return null;
  const m = /^(\d+)(?:\.(\d+))?$/.exec(t);
  const frac = m?.[2]?.replace(/0+$/, "") ?? "";
  if (!m || (frac !== "" && frac !== "5")) return { error: "Chỉ nhập số nguyên hoặc nửa điểm, ví dụ 8 hoặc 7,5." };
  const halves = Number(m[1]) * 2 + (frac === "5" ? 1 : 0);
  if (halves > Math.round(max * 2)) return { error: `Tối đa ${show(Math.round(max * 2))} điểm.` };
  return { halves };
}

/** Half points as printed: "27", "27,5". */
export function show(halves: number): string {
  return halves % 2 === 0 ? String(halves / 2) : `${Math.floor(halves / 2)},5`;
}

export type Tally = { groups: { got: number; max: number; complete: boolean }[]; total: number; max: number; complete: boolean };

/** The group sums and the total of what was typed; a score that does not parse counts as not scored. */
export function tally(section: Section, scores: Record<string, string>): Tally {
  const groups = (section.groups ?? []).map((g) => {
    let got = 0;
    let complete = true;
    for (const c of g.criteria) {
      const p = parseScore(scores[c.id] ?? "", c.max);
      if (p && "halves" in p) got += p.halves;
      else complete = false;
    }
    return { got, max: Math.round(g.max * 2), complete };
  });
  const total = groups.reduce((n, g) => n + g.got, 0);
  const max = groups.reduce((n, g) => n + g.max, 0);
  return { groups, total, max, complete: groups.every((g) => g.complete) };
}

/** The best level (index) a complete total allows, from the least total of each level out of 100. */
export function allowedLevel(t: Tally, mins: number[]): number | null {
  if (!t.complete || t.max === 0) return null;
  const on100 = (t.total * 100) / t.max;
  const at = mins.findIndex((m) => on100 + 1e-4 >= m);
  return at < 0 ? null : at;
}
