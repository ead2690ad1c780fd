// The website operator's plan, as tables: a Website and what is there -> the writes.
import { describe, expect, it } from "vitest";
import type { ConfigMap, Deployment, Service } from "@skiff/api";
import { desiredChildren } from "./desired.js";
import { isSubset, overlay } from "./in-line.js";
import { plan, statusOf, type Observed } from "./plan.js";
import { page, type Website } from "./website.js";

const NOW = new Date("2026-01-01T00:00:00Z");
const site = (spec: Partial<Website["spec"]> = {}, extra: Partial<Website> = {}): Website => ({
  apiVersion: "examples.skiff.dev/v1",
  kind: "Website",
  metadata: { name: "hello", namespace: "default", uid: "site-uid", generation: 1, resourceVersion: "10" },
  spec: { image: "skiff-test/busybox:1", replicas: 2, message: "hi", ...spec },
  ...extra,
});

/** The children as the server would store them: defaults filled in, a nodePort allocated, a resourceVersion. */
function stored(s: Website, readyReplicas = s.spec.replicas ?? 1): Required<Pick<Observed, "configMap" | "deployment" | "service">> {
  const d = desiredChildren(s);
  const rv = { resourceVersion: "20", uid: "child" };
  const dep = d.deployment;
  const container = dep.spec.template.spec.containers[0]!;
  return {
    configMap: { ...d.configMap, metadata: { ...d.configMap.metadata, ...rv } },
    deployment: {
      ...dep,
      metadata: { ...dep.metadata, ...rv, generation: 3 },
      spec: {
        ...dep.spec,
        strategy: { type: "RollingUpdate" },
        template: { ...dep.spec.template, spec: { ...dep.spec.template.spec, containers: [{ ...container, imagePullPolicy: "IfNotPresent" }] } },
      },
      status: { observedGeneration: 3, replicas: s.spec.replicas, updatedReplicas: s.spec.replicas, readyReplicas },
    } as Deployment,
    service: {
      ...d.service,
      metadata: { ...d.service.metadata, ...rv },
      spec: { ...d.service.spec, clusterIP: "10.96.0.5", ports: [{ ...d.service.spec.ports[0]!, protocol: "TCP", nodePort: 30123 }] },
    } as Service,
  };
}

const converged = (s: Website): Website => ({ ...s, status: statusOf(s, { ...stored(s), nodeAddress: "127.0.0.2" }, { changing: false, taken: [] }, NOW) });
const kinds = (actions: ReturnType<typeof plan>) => actions.map((a) => `${a.type} ${a.object.kind}`);

describe("plan", () => {
  const cases: { name: string; site: Website; observed: Observed; expect: string[] }[] = [
    {
      name: "a new Website: creates its ConfigMap, Deployment and Service, and says it is progressing",
      site: site(),
      observed: {},
      expect: ["create ConfigMap", "create Deployment", "create Service", "updateStatus Website"],
    },
    {
      name: "everything in line (server defaults and allocations included): writes nothing",
      site: converged(site()),
      observed: { ...stored(site()), nodeAddress: "127.0.0.2" },
      expect: [],
    },
    {
      name: "replicas changed: updates the Deployment only",
      site: converged(site()),
      observed: { ...stored(site({ replicas: 3 })), nodeAddress: "127.0.0.2" },
      expect: ["update Deployment", "updateStatus Website"],
    },
    {
      name: "message changed: updates the ConfigMap only",
      site: converged(site()),
      observed: { ...stored(site({ message: "old" })), nodeAddress: "127.0.0.2" },
      expect: ["update ConfigMap", "updateStatus Website"],
    },
    {
      name: "a child deleted by hand: made again",
      site: converged(site()),
      observed: { ...stored(site()), service: undefined, nodeAddress: "127.0.0.2" },
      expect: ["create Service", "updateStatus Website"],
    },
    {
      name: "a Website being deleted: nothing (the garbage collector removes its children)",
      site: site({}, { metadata: { ...site().metadata, deletionTimestamp: NOW.toISOString() } }),
      observed: {},
      expect: [],
    },
  ];
  for (const c of cases) it(c.name, () => expect(kinds(plan(c.site, c.observed, NOW))).toEqual(c.expect));

  it("an update keeps what the server filled in and lays the Website's fields over it", () => {
    const observed = stored(site({ replicas: 3, message: "old" }));
    const actions = plan(converged(site()), observed, NOW);
    const dep = actions.find((a) => a.object.kind === "Deployment")!.object as Deployment;
    expect(dep.spec.replicas).toBe(2);
    expect(dep.metadata.resourceVersion).toBe("20"); // compare-and-swap on what was read
    expect(dep.spec.template.spec.containers[0]?.imagePullPolicy).toBe("IfNotPresent");
    const cm = actions.find((a) => a.object.kind === "ConfigMap")!.object as ConfigMap;
    expect(cm.data).toEqual({ "index.html": page("hi") });
  });

  it("everything it makes is controlled by the Website (garbage collection)", () => {
    for (const a of plan(site(), {}, NOW).filter((a) => a.type === "create")) {
      expect(a.object.metadata.ownerReferences).toEqual([{ apiVersion: "examples.skiff.dev/v1", kind: "Website", name: "hello", uid: "site-uid", controller: true, blockOwnerDeletion: true }]);
    }
  });

  it("an object of the same name that is not the Website's is left alone, and the Website says so", () => {
    const foreign = { ...stored(site()).configMap, metadata: { name: "hello", namespace: "default", resourceVersion: "5" } };
    const actions = plan(site(), { configMap: foreign }, NOW);
    expect(kinds(actions)).toEqual(["create Deployment", "create Service", "updateStatus Website"]);
    const status = (actions.at(-1)!.object as Website).status;
    expect(status?.conditions?.[0]).toMatchObject({ type: "Ready", status: "False", reason: "NameTaken", message: "ConfigMap hello already exists and is not this Website's" });
  });
});

describe("statusOf", () => {
  const state = { changing: false, taken: [] };
  const cases: { name: string; readyReplicas: number; nodeAddress?: string; expect: { ready: string; progressing: string; url?: string } }[] = [
    { name: "all ready: Ready, not progressing, with the URL", readyReplicas: 2, nodeAddress: "127.0.0.2", expect: { ready: "True", progressing: "False", url: "http://127.0.0.2:30123/" } },
    { name: "one of two ready: not Ready, progressing", readyReplicas: 1, nodeAddress: "127.0.0.2", expect: { ready: "False", progressing: "True", url: "http://127.0.0.2:30123/" } },
    { name: "no node known yet: no URL", readyReplicas: 2, expect: { ready: "True", progressing: "False" } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const s = site();
      const status = statusOf(s, { ...stored(s, c.readyReplicas), nodeAddress: c.nodeAddress }, state, NOW);
      expect({ ready: status.conditions?.[0]?.status, progressing: status.conditions?.[1]?.status, url: status.url }).toEqual(c.expect);
      expect(status.readyReplicas).toBe(c.readyReplicas);
    });
  }

  it("keeps a condition's lastTransitionTime while its status stays", () => {
    const s = converged(site());
    const later = statusOf(s, { ...stored(s), nodeAddress: "127.0.0.2" }, state, new Date("2026-02-01T00:00:00Z"));
    expect(later.conditions?.map((c) => c.lastTransitionTime)).toEqual([NOW.toISOString(), NOW.toISOString()]);
  });
});

describe("isSubset and overlay", () => {
  const cases: [string, unknown, unknown, boolean][] = [
    ["a field the server added", { a: 1 }, { a: 1, b: 2 }, true],
    ["a changed field", { a: 1 }, { a: 2 }, false],
    ["a longer array", { l: [1] }, { l: [1, 2] }, false],
    ["items with defaults", { l: [{ x: 1 }] }, { l: [{ x: 1, y: 2 }] }, true],
    ["a missing object", { o: { x: 1 } }, {}, false],
  ];
  for (const [name, desired, observed, expected] of cases) it(`${name}: ${expected}`, () => expect(isSubset(desired, observed)).toBe(expected));

  it("overlay brings an object in line and keeps the rest", () => {
    const out = overlay({ a: 1, b: { c: 2, d: 3 }, l: [{ x: 1, y: 2 }] }, { b: { c: 5 }, l: [{ x: 9 }] });
    expect(out).toEqual({ a: 1, b: { c: 5, d: 3 }, l: [{ x: 9, y: 2 }] });
    expect(isSubset({ b: { c: 5 }, l: [{ x: 9 }] }, out)).toBe(true);
  });
});
