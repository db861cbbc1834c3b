import { describe, expect, it } from "vitest";
import { Latest, Report } from "./report.svelte";

describe("Report", () => {
  it("says the failure of an action and keeps it until the next action", async () => {
    const r = new Report();
    await r.run(() => Promise.reject({ message: "Hãy ghi rõ cần sửa gì để đảng viên biết." }), () => "không");
    expect(r.failure).toBe("Hãy ghi rõ cần sửa gì để đảng viên biết.");
    expect(r.note).toBe("");
    await r.run(() => Promise.resolve(3), (n) => `Đã thêm ${n} đảng viên.`);
    expect(r.failure).toBe("");
    expect(r.note).toBe("Đã thêm 3 đảng viên.");
  });
});

describe("Latest", () => {
  it("drops an earlier answer that arrives after a later one", async () => {
    const latest = new Latest();
    let slow!: (v: string) => void;
    const first = latest.take(new Promise<string>((r) => (slow = r)));
    const second = latest.take(Promise.resolve("Hùng"));
    expect(await second).toBe("Hùng");
    slow("Hù");
    expect(await first).toBeUndefined();
  });
});
