import { describe, expect, it } from "vitest";
import { DashboardSessions, LOGIN_CODE_TTL_MS, SESSION_IDLE_MS } from "./sessions.js";

describe("dashboard login codes and sessions", () => {
  it("a code opens one session holding the token, and only once", () => {
    const s = new DashboardSessions(() => 1000);
    const code = s.mintCode("abc.def");
    const id = s.redeem(code);
    expect(id).toBeDefined();
    expect(s.tokenOf(id)).toBe("abc.def");
    expect(s.redeem(code)).toBeUndefined();
  });

  it("a code older than its time-to-live opens nothing", () => {
    let now = 0;
    const s = new DashboardSessions(() => now);
    const code = s.mintCode("t");
    now = LOGIN_CODE_TTL_MS;
    expect(s.redeem(code)).toBeUndefined();
  });

  it("an idle session ends; a used one lives on; an unknown id is nobody", () => {
    let now = 0;
    const s = new DashboardSessions(() => now);
    const id = s.redeem(s.mintCode("t"))!;
    now = SESSION_IDLE_MS - 1;
    expect(s.tokenOf(id)).toBe("t");
    now += SESSION_IDLE_MS - 1;
    expect(s.tokenOf(id)).toBe("t");
    now += SESSION_IDLE_MS;
    expect(s.tokenOf(id)).toBeUndefined();
    expect(s.tokenOf("made-up")).toBeUndefined();
    expect(s.tokenOf(undefined)).toBeUndefined();
  });

  it("logging out ends the session", () => {
    const s = new DashboardSessions(() => 0);
    const id = s.redeem(s.mintCode("t"))!;
    s.end(id);
    expect(s.tokenOf(id)).toBeUndefined();
  });
});
