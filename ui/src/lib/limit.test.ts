import { describe, expect, it } from "vitest";
import { length, refusal } from "./limit";

describe("limit", () => {
  it("counts characters as the backend does", () => {
    expect(length("Việt 😀")).toBe(6);
  });
  it("refuses a paste that would pass the limit and says how long it was", () => {
    expect(refusal(10, 0, 100000, 8000, true)).toBe(
      "Mục này chứa tối đa 8.000 ký tự; đoạn vừa dán dài 100.000 ký tự nên chưa được dán. Hãy rút gọn rồi dán lại.",
    );
    expect(refusal(7999, 0, 1, 8000, false)).toBeNull();
    expect(refusal(8000, 0, 1, 8000, false)).toBe("Đã đủ 8.000 ký tự, mức tối đa của mục này.");
    expect(refusal(8000, 5, 5, 8000, true)).toBeNull();
  });
});
