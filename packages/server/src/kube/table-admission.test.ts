// kubectl's `get validatingwebhookconfigurations` columns, as the REST edge prints them, and their discovery.
import { describe, expect, it } from "vitest";
import type { ApiObject } from "@skiff/api";
import { apiGroupList, apiResourceList } from "./discovery.js";
import { toTable } from "./table.js";

const NOW = Date.parse("2024-05-01T12:00:00Z");
const config = (kind: string, hooks: number): ApiObject => ({
  apiVersion: "admissionregistration.k8s.io/v1",
  kind,
  metadata: { name: "policy", creationTimestamp: "2024-05-01T11:00:00Z" },
  webhooks: Array.from({ length: hooks }, (_, i) => ({ name: `h${i}.example.com`, clientConfig: { url: "https://h/x" }, sideEffects: "None", admissionReviewVersions: ["v1"] })),
});

describe("webhook configuration tables", () => {
  it.each(["ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"])("print %s as kubectl 1.32 does: Name, Webhooks, Age", (kind) => {
    const t = toTable(kind, [config(kind, 2)], { now: NOW });
    expect(t.columnDefinitions.map((c) => c.name)).toEqual(["Name", "Webhooks", "Age"]);
    expect(t.rows[0]!.cells).toEqual(["policy", 2, "60m"]);
  });

  it("are discovered in admissionregistration.k8s.io/v1, cluster-scoped", () => {
    expect(apiGroupList().groups.map((g) => g.name)).toContain("admissionregistration.k8s.io");
    const resources = apiResourceList("admissionregistration.k8s.io", "v1")?.resources ?? [];
    expect(resources.find((r) => r.name === "validatingwebhookconfigurations")).toMatchObject({ kind: "ValidatingWebhookConfiguration", namespaced: false });
    expect(resources.find((r) => r.name === "mutatingwebhookconfigurations")).toMatchObject({ kind: "MutatingWebhookConfiguration", namespaced: false });
  });
});
