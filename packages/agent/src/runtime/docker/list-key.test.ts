import { describe, expect, it } from "vitest";
import { durationAtMost, listAgrees, listKey } from "./list-key.js";

const at = (iso: string) => Date.parse(iso);

describe("listKey", () => {
  it("stays the same while a young container's uptime ticks", () => {
    const keys = ["Up Less than a second", "Up 1 second", "Up 2 seconds", "Up 59 seconds"].map((Status) => listKey({ State: "running", Status }));
    expect(new Set(keys).size).toBe(1);
    expect(listKey({ State: "running", Status: "Up 2 seconds" })).toBe(listKey({ State: "running", Status: "Up 40 seconds" }));
  });

  it("changes with the state, the exit code, the unit and a health note", () => {
    const base = listKey({ State: "running", Status: "Up 2 seconds" });
    expect(listKey({ State: "exited", Status: "Exited (0) 2 seconds ago" })).not.toBe(base);
    expect(listKey({ State: "exited", Status: "Exited (1) 2 seconds ago" })).not.toBe(listKey({ State: "exited", Status: "Exited (137) 2 seconds ago" }));
    expect(listKey({ State: "running", Status: "Up About a minute" })).not.toBe(base);
    expect(listKey({ State: "running", Status: "Up 2 seconds (Paused)" })).not.toBe(base);
  });
});

describe("durationAtMost", () => {
  it("reads Docker's human durations as an upper bound in seconds", () => {
    expect(durationAtMost("Up Less than a second")).toBe(1);
    expect(durationAtMost("Up 1 second")).toBe(2);
    expect(durationAtMost("Up About a minute")).toBe(120);
    expect(durationAtMost("Exited (1) 3 minutes ago")).toBe(240);
    expect(durationAtMost("Up About an hour")).toBe(7200);
    expect(durationAtMost("Up 2 weeks")).toBe(3 * 604_800);
    expect(durationAtMost("Created")).toBeUndefined();
  });
});

describe("listAgrees", () => {
  const now = at("2026-01-01T12:00:30Z");
  it("holds while the uptime covers the time since the inspected start", () => {
    expect(listAgrees("Up 30 seconds", { state: "running", startedAt: "2026-01-01T12:00:00Z" }, now)).toBe(true);
    expect(listAgrees("Up 3 hours", { state: "running", startedAt: "2026-01-01T09:00:00Z" }, now)).toBe(true);
  });

  it("fails for a container started again since (its uptime is too short)", () => {
    expect(listAgrees("Up 2 seconds", { state: "running", startedAt: "2026-01-01T11:00:00Z" }, now)).toBe(false);
    expect(listAgrees("Up 3 minutes", { state: "running", startedAt: "2026-01-01T11:00:00Z" }, now)).toBe(false);
  });

  it("checks an exited container against its finish time", () => {
    expect(listAgrees("Exited (1) 20 seconds ago", { state: "exited", finishedAt: "2026-01-01T12:00:10Z" }, now)).toBe(true);
    expect(listAgrees("Exited (1) 1 second ago", { state: "exited", finishedAt: "2026-01-01T11:59:00Z" }, now)).toBe(false);
  });

  it("holds when there is nothing to compare", () => {
    expect(listAgrees("Created", { state: "created" }, now)).toBe(true);
    expect(listAgrees("Up 2 seconds", { state: "running" }, now)).toBe(true);
  });
});
