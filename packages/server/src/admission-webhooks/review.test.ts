import { describe, expect, it } from "vitest";
import type { ApiObject } from "@skiff/api";
import { BadResponseError, buildReview, readResponse } from "./review.js";

const pod: ApiObject = { apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "team-a" } };
const answer = (response: Record<string, unknown>) => ({ apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", response: { uid: "u1", ...response } });
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64");

describe("the AdmissionReview sent", () => {
  it("describes a create as Kubernetes does", () => {
    const review = buildReview({ uid: "u1", operation: "CREATE", group: "", version: "v1", resource: "pods", subresource: "", namespace: "team-a", kind: "Pod", name: "web", object: pod, dryRun: false, user: { username: "alice", groups: ["dev"] } });
    expect(review).toEqual({
      apiVersion: "admission.k8s.io/v1",
      kind: "AdmissionReview",
      request: {
        uid: "u1",
        kind: { group: "", version: "v1", kind: "Pod" },
        resource: { group: "", version: "v1", resource: "pods" },
        requestKind: { group: "", version: "v1", kind: "Pod" },
        requestResource: { group: "", version: "v1", resource: "pods" },
        name: "web",
        namespace: "team-a",
        operation: "CREATE",
        userInfo: { username: "alice", groups: ["dev"] },
        object: pod,
        oldObject: null,
        dryRun: false,
        options: { apiVersion: "meta.k8s.io/v1", kind: "CreateOptions" },
      },
    });
  });

  it("sends a delete's object as oldObject only, and names a subresource and dry run", () => {
    const del = buildReview({ uid: "u2", operation: "DELETE", group: "apps", version: "v1", resource: "deployments", subresource: "", namespace: "n", kind: "Deployment", name: "d", oldObject: pod, dryRun: true }).request!;
    expect([del.object, del.oldObject, del.dryRun, del.options]).toEqual([null, pod, true, { apiVersion: "meta.k8s.io/v1", kind: "DeleteOptions", dryRun: ["All"] }]);
    const status = buildReview({ uid: "u3", operation: "UPDATE", group: "", version: "v1", resource: "pods", subresource: "status", namespace: "n", kind: "Pod", name: "p", object: pod, oldObject: pod, dryRun: false }).request!;
    expect([status.subResource, status.requestSubResource]).toEqual(["status", "status"]);
  });
});

describe("reading the answer", () => {
  it("allows, with the webhook's warnings", () => {
    expect(readResponse("a.example.com", "u1", answer({ allowed: true, warnings: ["careful"] }))).toEqual({ allowed: true, warnings: ["careful"] });
  });

  it("words a refusal as Kubernetes does, with the webhook's message and code", () => {
    expect(readResponse("deny.example.com", "u1", answer({ allowed: false, status: { message: "pods need a team label", code: 400 } }))).toEqual({
      allowed: false, warnings: [], code: 400, message: 'admission webhook "deny.example.com" denied the request: pods need a team label',
    });
    expect(readResponse("deny.example.com", "u1", answer({ allowed: false }))).toMatchObject({ code: 403, message: 'admission webhook "deny.example.com" denied the request without explanation' });
  });

  it("decodes a JSONPatch", () => {
    const patch = [{ op: "add", path: "/metadata/labels", value: { a: "b" } }];
    expect(readResponse("m.example.com", "u1", answer({ allowed: true, patchType: "JSONPatch", patch: b64(patch) }))).toEqual({ allowed: true, warnings: [], patch });
  });

  it.each([
    ["not an AdmissionReview", { kind: "Status" }, /expected webhook response of admission.k8s.io\/v1, Kind=AdmissionReview/],
    ["no response", { apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview" }, /response was absent/],
    ["another request's uid", answer({ uid: "other", allowed: true }), /expected response.uid="u1", got "other"/],
    ["a patch of another type", answer({ allowed: true, patchType: "MergePatch", patch: b64({}) }), /unsupported patch type "MergePatch"/],
    ["a patch that is not a list", answer({ allowed: true, patchType: "JSONPatch", patch: b64({ op: "add" }) }), /not a JSON Patch/],
  ])("refuses %s", (_name, body, message) => {
    expect(() => readResponse("w.example.com", "u1", body)).toThrow(BadResponseError);
    expect(() => readResponse("w.example.com", "u1", body)).toThrow(message);
  });
});
