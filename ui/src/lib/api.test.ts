import { describe, expect, it, vi } from "vitest";

vi.mock("@tauri-apps/api/core", () => ({
  Channel: class {},
  invoke: vi.fn(async (cmd: string) => {
    if (cmd === "startup") throw "invalid args `year` for command `year_board`: invalid type: string";
    if (cmd === "get_profile") throw { code: "not_found", message: "Không tìm thấy hồ sơ." };
    return null;
  }),
}));

import { api } from "./api";

describe("api", () => {
  it("turns an error the backend did not shape into {code, message} in Vietnamese", async () => {
    await expect(api.startup()).rejects.toMatchObject({ code: "invalid_call" });
    await expect(api.startup()).rejects.toHaveProperty("message", expect.stringContaining("Lỗi bên trong ứng dụng"));
  });
  it("passes the backend's own errors through", async () => {
    await expect(api.getProfile()).rejects.toEqual({ code: "not_found", message: "Không tìm thấy hồ sơ." });
  });
});

describe("the command list", () => {
  it("has a function in `api` for every command the backend offers", async () => {
    const { COMMANDS } = await import("../bindings/commands");
    const source = (await import("./api.ts?raw")).default;
    const called = new Set([...source.matchAll(/invoke(?:<[^(]*>)?\(\s*"(\w+)"/g)].map((m) => m[1]));
    expect(COMMANDS.filter((c) => !called.has(c))).toEqual([]);
    expect(called.size).toBe(COMMANDS.length);
  });
});
