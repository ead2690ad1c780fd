import { describe, expect, it } from "vitest";
import type { ApiObject } from "@skiff/api";
import { applyWebhookPatch } from "./patch.js";
import { BadResponseError } from "./review.js";

const pod = (): ApiObject => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "default", labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "nginx" }] } });

describe("a mutating webhook's patch", () => {
  it("adds a label and leaves the input as it was", () => {
    const before = pod();
    const after = applyWebhookPatch(before, [{ op: "add", path: "/metadata/labels/team", value: "platform" }]);
    expect(after.metadata.labels).toEqual({ app: "web", team: "platform" });
    expect(before.metadata.labels).toEqual({ app: "web" });
  });

  it("replaces and removes fields", () => {
    const after = applyWebhookPatch(pod(), [{ op: "replace", path: "/spec/containers/0/image", value: "nginx:1.27" }, { op: "remove", path: "/metadata/labels/app" }]);
    expect([(after.spec as { containers: { image: string }[] }).containers[0]!.image, after.metadata.labels]).toEqual(["nginx:1.27", {}]);
  });

  it.each([
    ["a path that is not there", [{ op: "replace", path: "/spec/nothing/here", value: 1 }], /JSONPatch failed/],
    ["a malformed operation", [{ op: "frobnicate", path: "/x" }], /JSONPatch failed/],
    ["a change of name", [{ op: "replace", path: "/metadata/name", value: "other" }], /may not change metadata.name/],
    ["a change of kind", [{ op: "replace", path: "/kind", value: "Service" }], /may not change kind/],
  ])("fails on %s", (_name, patch, message) => {
    expect(() => applyWebhookPatch(pod(), patch)).toThrow(BadResponseError);
    expect(() => applyWebhookPatch(pod(), patch)).toThrow(message);
  });
});
