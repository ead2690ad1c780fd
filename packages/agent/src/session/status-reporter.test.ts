import { describe, expect, it } from "vitest";
import type { Pod } from "@skiff/api";
import { StatusReporter } from "./status-reporter.js";

const pod = (uid: string): Pod => ({ apiVersion: "v1", kind: "Pod", metadata: { name: uid, namespace: "default", uid }, spec: { containers: [] } });

describe("StatusReporter", () => {
  it("sends only the latest status of each pod, once", () => {
    const r = new StatusReporter();
    r.report(pod("a"), { phase: "Pending" });
    r.report(pod("a"), { phase: "Running" });
    const batch = r.pending();
    expect(batch.map((u) => JSON.parse(u.statusJson!).phase)).toEqual(["Running"]);
    r.sent(batch);
    expect(r.pending()).toEqual([]);
  });

  it("keeps a status that changed while its send was in flight", () => {
    const r = new StatusReporter();
    r.report(pod("a"), { phase: "Pending" });
    const batch = r.pending();
    r.report(pod("a"), { phase: "Running" });
    r.sent(batch);
    expect(r.pending()).toHaveLength(1);
  });

  it("sends everything again after a reconnect, but not forgotten pods", () => {
    const r = new StatusReporter();
    r.report(pod("a"), { phase: "Running" });
    r.report(pod("b"), { phase: "Running" });
    r.sent(r.pending());
    r.forget("b");
    r.markAllDirty();
    expect(r.pending().map((u) => u.uid)).toEqual(["a"]);
  });
});

describe("StatusReporter events", () => {
  it("queues events until sent, dropping the oldest past the bound", () => {
    const r = new StatusReporter();
    r.event(pod("a"), "Normal", "Pulled", "Successfully pulled image");
    const sent = r.pendingEvents();
    r.event(pod("a"), "Normal", "Started", "Started container main");
    r.eventsSent(sent);
    expect(r.pendingEvents().map((e) => e.reason)).toEqual(["Started"]);
    for (let i = 0; i < 1005; i++) r.event(pod("a"), "Normal", "Spam", String(i));
    expect(r.pendingEvents()).toHaveLength(1000);
    expect(r.pendingEvents()[0]?.message).toBe("5");
  });
});
