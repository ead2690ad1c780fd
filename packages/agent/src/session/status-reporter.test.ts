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
    expect(batch.map((u) => JSON.parse(u.statusJson).phase)).toEqual(["Running"]);
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
