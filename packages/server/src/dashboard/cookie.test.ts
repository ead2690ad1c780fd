import { describe, expect, it } from "vitest";
import { clearedCookie, sessionCookie, sessionIdOf } from "./cookie.js";

describe("the dashboard's session cookie", () => {
  it("is read back from a Cookie header among others", () => {
    expect(sessionIdOf("a=1; skiff_dashboard=xyz; b=2")).toBe("xyz");
    expect(sessionIdOf("skiff_dashboard=")).toBeUndefined();
    expect(sessionIdOf("other_skiff_dashboard=1")).toBeUndefined();
    expect(sessionIdOf(undefined)).toBeUndefined();
  });

  it("is HttpOnly, SameSite=Strict, scoped to /dashboard, and Secure over TLS", () => {
    expect(sessionCookie("x", true)).toBe("skiff_dashboard=x; Path=/dashboard; HttpOnly; SameSite=Strict; Secure");
    expect(sessionCookie("x", false)).not.toContain("Secure");
    expect(clearedCookie(true)).toContain("Max-Age=0");
  });
});
