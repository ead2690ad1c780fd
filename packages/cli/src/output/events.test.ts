import { describe, expect, it } from "vitest";
import type { Event } from "@skiff/api";
import { eventInterval, eventObject, eventsAbout, eventSource, sortEvents } from "./events.js";

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
