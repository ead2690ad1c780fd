import { describe, expect, it } from "vitest";
import type { Event } from "../types.js";
import { eventCount, eventFirstSeen, eventLastSeen, eventObject, eventSource } from "./event.js";

function ev(extra: Partial<Event> & Record<string, unknown> = {}): Event {
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: "web-1.17c", namespace: "default" },
    involvedObject: { kind: "Pod", name: "web-1" },
    ...extra,
  };
}

describe("event cells", () => {
  it("names the object as kubectl: lower-case kind/name", () => {
    expect(eventObject(ev())).toBe("pod/web-1");
    expect(eventObject(ev({ involvedObject: { kind: "Deployment", name: "web" } }))).toBe("deployment/web");
    expect(eventObject(ev({ involvedObject: { kind: "Node" } }))).toBe("node");
  });

  it("is last seen at lastTimestamp, else when first seen, else at eventTime; series win", () => {
    expect(eventLastSeen(ev({ firstTimestamp: "t1", lastTimestamp: "t2" }))).toBe("t2");
    expect(eventLastSeen(ev({ firstTimestamp: "t1" }))).toBe("t1");
    expect(eventLastSeen(ev({ eventTime: "t0" }))).toBe("t0");
    expect(eventLastSeen(ev({ eventTime: "t0", series: { count: 4, lastObservedTime: "t9" } }))).toBe("t9");
    expect(eventFirstSeen(ev())).toBeUndefined();
  });

  it("counts a singleton event once", () => {
    expect(eventCount(ev())).toBe(1);
    expect(eventCount(ev({ count: 3 }))).toBe(3);
    expect(eventCount(ev({ series: { count: 7 } }))).toBe(7);
  });

  it("says who reported it: component, host", () => {
    expect(eventSource(ev({ source: { component: "kubelet", host: "n1" } }))).toBe("kubelet, n1");
    expect(eventSource(ev({ source: { component: "scheduler" } }))).toBe("scheduler");
    expect(eventSource(ev({ reportingController: "skiff-server", reportingInstance: "s1" }))).toBe("skiff-server, s1");
  });
});
