import { describe, expect, it } from "vitest";
import { loadZoom, saveZoom, stepZoom } from "./zoom";

describe("zoom", () => {
  it("steps within bounds", () => {
    expect(stepZoom(1, 1)).toBe(1.1);
    expect(stepZoom(1, -1)).toBe(0.9);
    expect(stepZoom(2, 1)).toBe(2);
    expect(stepZoom(0.8, -1)).toBe(0.8);
    expect(stepZoom(3, 1)).toBe(1.1);
  });
  it("is remembered", () => {
    const data = new Map<string, string>();
    const storage = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
    expect(loadZoom(storage)).toBe(1);
    saveZoom(storage, 1.5);
    expect(loadZoom(storage)).toBe(1.5);
    data.set("cam-ket-zoom", "7");
    expect(loadZoom(storage)).toBe(1);
  });
});
