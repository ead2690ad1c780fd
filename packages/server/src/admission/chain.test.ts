import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KINDS, ValidationError, setCustomResources, type ApiObject, type CustomResourceDefinition, type Pod } from "@skiff/api";
import type { LevelStore } from "@skiff/store";
import { tempStore } from "../informer/test-support.js";
import { limitRange } from "../quota/test-fixtures.js";
import { AdmissionChain } from "./chain.js";
import type { AdmissionRequest } from "./request.js";
import { RecordingWebhooks } from "./test-webhooks.js";

let store: LevelStore;
let close: () => Promise<void>;
beforeEach(async () => {
  ({ store, close } = await tempStore());
});
afterEach(async () => close());

const pod = (labels: Record<string, string> = {}): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", namespace: "team-a", uid: "uid-web", labels },
  spec: { containers: [{ name: "app", image: "nginx" }] },
});
const create = (object: ApiObject): AdmissionRequest => ({ operation: "CREATE", subresource: "", object, dryRun: false, warnings: ["from validation"] });
const resources = (o: ApiObject) => (o as Pod).spec.containers[0]?.resources;

describe("the admission chain", () => {
  it("gives the mutating webhooks a pod with its ServiceAccount and LimitRange defaults, and the validating ones the patched pod", async () => {
    await store.create(limitRange({ type: "Container", default: { cpu: "500m" }, defaultRequest: { cpu: "100m" } }));
    const webhooks = new RecordingWebhooks({ patch: (o) => ({ ...o, metadata: { ...o.metadata, labels: { ...o.metadata.labels, patched: "yes" } } }) });
    const chain = new AdmissionChain(store);
    chain.webhooks = webhooks;
    const out = await chain.admit(create(pod()));
    const [mutate, validate] = webhooks.asked;
    expect(webhooks.asked.map((a) => a.phase)).toEqual(["mutate", "validate"]);
    expect((mutate!.object as Pod).spec.serviceAccountName).toBe("default");
    expect(resources(mutate!.object)).toEqual({ limits: { cpu: "500m" }, requests: { cpu: "100m" } });
    expect(mutate!.object.metadata.labels).toEqual({});
    expect(validate!.object.metadata.labels).toEqual({ patched: "yes" });
    expect(out.object.metadata.labels).toEqual({ patched: "yes" });
    expect(out.warnings).toEqual(["from validation", "mutated"]);
  });

  it("holds a webhook's patch to LimitRange's bounds, which run after the mutating webhooks", async () => {
    await store.create(limitRange({ type: "Container", max: { cpu: "1" } }));
    const chain = new AdmissionChain(store);
    chain.webhooks = new RecordingWebhooks({
      patch: (o) => ({ ...o, spec: { ...(o as Pod).spec, containers: [{ name: "app", image: "nginx", resources: { limits: { cpu: "2" } } }] } }) as ApiObject,
    });
    await expect(chain.admit(create(pod()))).rejects.toThrow("maximum cpu usage per Container is 1, but limit is 2");
  });

  it("validates what a webhook patched as it validates the user's fields", async () => {
    const chain = new AdmissionChain(store);
    chain.webhooks = new RecordingWebhooks({ patch: (o) => ({ ...o, spec: { ...(o as Pod).spec, containers: [{ name: "app" }] } }) as ApiObject });
    await expect(chain.admit(create(pod()))).rejects.toBeInstanceOf(ValidationError);
  });

  it("sends an update to the webhooks with the stored object as oldObject, and keeps what the store stamped through a patch", async () => {
    const webhooks = new RecordingWebhooks({ patch: (o) => ({ ...o, metadata: { ...o.metadata, annotations: { seen: "yes" } } }) });
    const chain = new AdmissionChain(store);
    chain.webhooks = webhooks;
    const stored = { ...pod(), spec: { ...pod().spec, serviceAccountName: "robot" } };
    const merged: Pod = { ...pod({ tier: "front" }), metadata: { ...pod({ tier: "front" }).metadata, resourceVersion: "7", creationTimestamp: "2026-01-01T00:00:00Z" }, status: { phase: "Running" } };
    const out = await chain.admit({ operation: "UPDATE", subresource: "", object: merged, oldObject: stored, dryRun: false, warnings: [] });
    expect(out.object.metadata).toMatchObject({ uid: "uid-web", resourceVersion: "7", creationTimestamp: "2026-01-01T00:00:00Z", annotations: { seen: "yes" } });
    expect(out.object.status).toEqual({ phase: "Running" });
    expect(webhooks.asked.map((a) => [a.phase, a.operation, a.oldObject])).toEqual([
      ["mutate", "UPDATE", stored],
      ["validate", "UPDATE", stored],
    ]);
    expect((out.object as Pod).spec.serviceAccountName).toBe("robot");
  });

  it("asks no webhook about an object none concerns, and refuses what a validating webhook denies", async () => {
    const webhooks = new RecordingWebhooks({ kinds: ["Pod"], deny: (o) => (o.metadata.labels?.team ? undefined : "pods need a team label") });
    const chain = new AdmissionChain(store);
    chain.webhooks = webhooks;
    await chain.admit(create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "team-a" } }));
    expect(webhooks.asked).toEqual([]);
    await expect(chain.admit(create(pod()))).rejects.toThrow("pods need a team label");
    await chain.admit(create(pod({ team: "a" })));
  });
});

describe("the admission chain and a CRD's transition rules", () => {
  const crd = {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "disks.example.com" },
    spec: {
      group: "example.com",
      names: { plural: "disks", singular: "disk", kind: "Disk" },
      scope: "Namespaced",
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
                  properties: { size: { type: "integer", "x-kubernetes-validations": [{ rule: "self >= oldSelf", message: "a disk may grow, never shrink" }] } },
                },
              },
            },
          },
        },
      ],
    },
  } as unknown as CustomResourceDefinition;
  const disk = (size: number): ApiObject => ({ apiVersion: "example.com/v1", kind: "Disk", metadata: { name: "d", namespace: "team-a" }, spec: { size } });
  beforeEach(() => setCustomResources([crd], KINDS));
  afterEach(() => setCustomResources([], KINDS));

  it("refuses an update that breaks a rule naming oldSelf, and lets a create and a good update through", async () => {
    const chain = new AdmissionChain(store);
    await chain.admit(create(disk(1)));
    await chain.admit({ operation: "UPDATE", subresource: "", object: disk(20), oldObject: disk(10), dryRun: false, warnings: [] });
    const err = await chain.admit({ operation: "UPDATE", subresource: "", object: disk(5), oldObject: disk(10), dryRun: false, warnings: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues).toEqual([{ path: "spec.size", message: "a disk may grow, never shrink" }]);
  });
});
