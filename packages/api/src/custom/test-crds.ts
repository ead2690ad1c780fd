// A Website CRD for tests, the shape of the operator example's (issue 13).
import type { CustomResourceDefinition } from "../types/apiextensions.js";

export function websiteCrd(overrides: { scope?: "Namespaced" | "Cluster"; shortNames?: string[]; created?: string } = {}): CustomResourceDefinition {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "websites.example.com", creationTimestamp: overrides.created ?? "2026-01-01T00:00:00Z" },
    spec: {
      group: "example.com",
      names: { plural: "websites", singular: "website", kind: "Website", shortNames: overrides.shortNames ?? ["ws"] },
      scope: overrides.scope ?? "Namespaced",
      versions: [
        {
          name: "v1",
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: "object",
              properties: {
                spec: {
                  type: "object",
                  required: ["image"],
                  properties: {
                    image: { type: "string", pattern: "^[a-z0-9./:-]+$" },
                    replicas: { type: "integer", minimum: 0, maximum: 10, default: 1 },
                    message: { type: "string", default: "hello" },
                    size: { type: "string", enum: ["S", "M", "L"] },
                    ports: { type: "array", items: { type: "object", properties: { port: { type: "integer" } } } },
                    extra: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
                    port: { "x-kubernetes-int-or-string": true },
                  },
                },
                status: { type: "object", properties: { readyReplicas: { type: "integer" }, url: { type: "string" } } },
              },
            },
          },
          subresources: { status: {}, scale: { specReplicasPath: ".spec.replicas", statusReplicasPath: ".status.readyReplicas" } },
          additionalPrinterColumns: [
            { name: "Replicas", type: "integer", jsonPath: ".spec.replicas" },
            { name: "URL", type: "string", jsonPath: ".status.url" },
          ],
        },
        { name: "v1beta1", served: true, storage: false, schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } },
      ],
    },
  };
}
