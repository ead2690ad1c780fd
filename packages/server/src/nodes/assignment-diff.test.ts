import { describe, expect, it } from "vitest";
import type { Pod } from "@skiff/api";
import { changeFor } from "./assignment-diff.js";

const pod = (over: { node?: string; rv?: string; phase?: Pod["status"] extends infer S ? S extends { phase?: infer P } ? P : never : never; image?: string } = {}): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", namespace: "default", uid: "u1", resourceVersion: over.rv ?? "1" },
  spec: { nodeName: over.node ?? "n1", containers: [{ name: "app", image: over.image ?? "img:1" }] },
  status: over.phase ? { phase: over.phase } : {},
});

describe("changeFor", () => {
  it("sends a pod bound to the node once, not again for its own status writes", () => {
    const sent = new Map<string, string>();
    expect(changeFor("ADDED", pod(), "n1", sent)?.action).toBe("UPDATE");
    expect(changeFor("MODIFIED", pod({ rv: "2", phase: "Running" }), "n1", sent)).toBeUndefined();
  });

  it("sends a spec change", () => {
    const sent = new Map<string, string>();
    changeFor("ADDED", pod(), "n1", sent);
    expect(changeFor("MODIFIED", pod({ image: "img:2" }), "n1", sent)?.action).toBe("UPDATE");
  });

  it("sends a pod the control plane failed (eviction)", () => {
    const sent = new Map<string, string>();
    changeFor("ADDED", pod({ phase: "Running" }), "n1", sent);
    expect(changeFor("MODIFIED", pod({ phase: "Failed" }), "n1", sent)?.action).toBe("UPDATE");
  });

  it("ignores pods of other nodes, removes deleted ones it sent", () => {
    const sent = new Map<string, string>();
    expect(changeFor("ADDED", pod({ node: "n2" }), "n1", sent)).toBeUndefined();
    expect(changeFor("DELETED", pod({ node: "n2" }), "n1", sent)).toBeUndefined();
    changeFor("ADDED", pod(), "n1", sent);
    expect(changeFor("DELETED", pod(), "n1", sent)?.action).toBe("REMOVE");
    expect(sent.size).toBe(0);
  });
});
