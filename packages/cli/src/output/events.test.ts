import { describe, expect, it } from "vitest";
import type { Event } from "@skiff/api";
import { clockTime, eventInterval, eventObject, eventsAbout, eventSource, sortEvents } from "./events.js";
import { tableRow } from "./columns/index.js";

const NOW = Date.parse("2024-05-01T12:00:00Z");

function ev(name: string, extra: Partial<Event> = {}): Event {
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name, namespace: "default", creationTimestamp: "2024-05-01T11:00:00Z" },
    involvedObject: { kind: "Pod", name: "web-1", namespace: "default", uid: "p1" },
    reason: "Pulled",
    type: "Normal",
    ...extra,
  };
}

describe("event age", () => {
  it("is the first time for an event seen once", () => {
    expect(eventInterval(ev("a", { count: 1, firstTimestamp: "2024-05-01T11:58:00Z", lastTimestamp: "2024-05-01T11:58:00Z" }), NOW)).toBe("2m");
  });

  it("counts repeats: `5s (x3 over 2m)`", () => {
    expect(eventInterval(ev("a", { count: 3, firstTimestamp: "2024-05-01T11:58:00Z", lastTimestamp: "2024-05-01T11:59:55Z" }), NOW)).toBe("5s (x3 over 2m)");
  });

  it("falls back on when the event was stored", () => {
    expect(eventInterval(ev("a"), NOW)).toBe("60m");
  });
});

describe("event columns", () => {
  it("names the object as kubectl: lower-case kind/name", () => {
    expect(eventObject(ev("a", { involvedObject: { kind: "Deployment", name: "web" } }))).toBe("deployment/web");
    expect(eventObject(ev("a", { involvedObject: { kind: "Node" } }))).toBe("node");
  });

  it("says who reported it", () => {
    expect(eventSource(ev("a", { source: { component: "kubelet", host: "n1" } }))).toBe("kubelet, n1");
    expect(eventSource(ev("a", { source: { component: "scheduler" } }))).toBe("scheduler");
  });

  it("sorts by when each was last seen", () => {
    const events = [
      ev("late", { lastTimestamp: "2024-05-01T11:59:00Z" }),
      ev("early", { lastTimestamp: "2024-05-01T11:00:00Z" }),
      ev("middle", { firstTimestamp: "2024-05-01T11:30:00Z" }),
    ];
    expect(sortEvents(events).map((e) => e.metadata.name)).toEqual(["early", "middle", "late"]);
  });

  it("picks the events about an object by uid", () => {
    const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "web-1", uid: "p1" } };
    const other = ev("b", { involvedObject: { kind: "Pod", name: "web-1", uid: "old" } });
    expect(eventsAbout([ev("a"), other], pod).map((e) => e.metadata.name)).toEqual(["a"]);
  });
});

describe("watched events", () => {
  // Local times, built the way the test machine's zone will print them.
  const local = (y: number, mo: number, d: number, h: number, mi: number, s: number) => new Date(y, mo - 1, d, h, mi, s);
  const now = local(2024, 5, 1, 14, 0, 0).getTime();

  it("show when each happened as a clock time, not an age that is 0s on every new line", () => {
    const a = ev("a", { lastTimestamp: local(2024, 5, 1, 13, 59, 58).toISOString() });
    const b = ev("b", { lastTimestamp: local(2024, 5, 1, 13, 59, 59).toISOString() });
    expect(tableRow(a, { now, related: { clockTimes: true } })[0]).toBe("13:59:58");
    expect(tableRow(b, { now, related: { clockTimes: true } })[0]).toBe("13:59:59");
    expect(tableRow(a, { now })[0]).toBe("2s");
  });

  it("carry the date when not today", () => {
    expect(clockTime(local(2024, 4, 30, 23, 59, 1).toISOString(), now)).toBe("04-30 23:59:01");
    expect(clockTime(undefined, now)).toBe("<unknown>");
  });
});
