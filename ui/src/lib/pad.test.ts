import { describe, expect, it } from "vitest";
import { padPoint, Strokes } from "./pad";

describe("signature pad", () => {
  it("keeps strokes until undone or cleared", () => {
    const s = new Strokes();
    expect(s.empty).toBe(true);
    s.extend({ x: 1, y: 1 }); // a move without a press draws nothing
    expect(s.empty).toBe(true);
    s.start({ x: 1, y: 2 });
    s.extend({ x: 3, y: 4 });
    s.start({ x: 5, y: 5 });
    expect(s.all).toEqual([[{ x: 1, y: 2 }, { x: 3, y: 4 }], [{ x: 5, y: 5 }]]);
    s.undo();
    expect(s.all).toEqual([[{ x: 1, y: 2 }, { x: 3, y: 4 }]]);
    s.clear();
    expect(s.empty).toBe(true);
  });

  it("maps the screen to the pad whatever its displayed size", () => {
    const box = { left: 100, top: 50, width: 300, height: 100 } as DOMRect;
    expect(padPoint(250, 100, box, 600, 200)).toEqual({ x: 300, y: 100 });
    expect(padPoint(90, 400, box, 600, 200)).toEqual({ x: 0, y: 200 });
  });
});
