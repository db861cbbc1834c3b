import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Autosaver, type SaveState } from "./autosave";

describe("Autosaver", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("waits for a pause and keeps only the newest text of a field", async () => {
    const saved: string[] = [];
    const states: SaveState["kind"][] = [];
    const a = new Autosaver(500, (s) => states.push(s.kind));
    a.schedule("hoc_tap", async () => void saved.push("Họ"));
    vi.advanceTimersByTime(300);
    a.schedule("hoc_tap", async () => void saved.push("Học tập"));
    vi.advanceTimersByTime(499);
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(saved).toEqual(["Học tập"]);
    expect(states).toEqual(["saving", "saving", "saved"]);
  });

  it("keeps a deferred save until the flush, however long the pause", async () => {
    const saved: string[] = [];
    const a = new Autosaver(500, () => {});
    a.defer("progress-1", async () => void saved.push("đã làm"));
    a.defer("progress-1", async () => void saved.push("đã làm — xong 2 hộp"));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(saved).toEqual([]);
    expect(a.waiting).toBe(true);
    await a.flush();
    expect(saved).toEqual(["đã làm — xong 2 hộp"]);
  });

  it("saves at once on flush, one after the other", async () => {
    const order: string[] = [];
    const a = new Autosaver(10_000, () => {});
    a.schedule("a", async () => {
      await new Promise((r) => setTimeout(r, 50));
      order.push("a");
    });
    a.schedule("b", async () => void order.push("b"));
    const done = a.flush();
    await vi.advanceTimersByTimeAsync(60);
    await done;
    expect(order).toEqual(["a", "b"]);
    expect(a.waiting).toBe(false);
  });

  it("never says saved while something typed is still waiting", async () => {
    const states: SaveState["kind"][] = [];
    const a = new Autosaver(500, (s) => states.push(s.kind));
    a.schedule("a", async () => {
      await new Promise((r) => setTimeout(r, 50));
    });
    const first = a.flush();
    a.schedule("b", async () => {});
    await vi.advanceTimersByTimeAsync(60);
    await first;
    expect(states.at(-1)).toBe("saving");
    await vi.advanceTimersByTimeAsync(500);
    expect(states.at(-1)).toBe("saved");
  });

  it("never says saved while a field holds a value it could not save", async () => {
    const states: SaveState[] = [];
    const a = new Autosaver(500, (s) => states.push(s));
    a.hold("birth_date", "ngày sinh chưa đúng");
    a.schedule("full_name", async () => {});
    await a.flush();
    expect(states.at(-1)).toEqual({ kind: "held", message: "ngày sinh chưa đúng" });
    a.release("birth_date");
    expect(states.at(-1)).toEqual({ kind: "saved" });
  });

  it("reports a failed save with its message", async () => {
    const states: SaveState[] = [];
    const a = new Autosaver(10, (s) => states.push(s));
    a.schedule("x", async () => {
      throw { code: "conflict", message: "Văn bản đã được sửa ở nơi khác" };
    });
    await a.flush();
    expect(states.at(-1)).toEqual({ kind: "failed", message: "Văn bản đã được sửa ở nơi khác" });
  });
});
