import { describe, expect, it } from "vitest";
import { readEndpointPorts, type Endpoints, type Pod, type Service, type ServicePort } from "@skiff/api";
import { ENDPOINT_PORTS_ANNOTATION, desiredEndpoints, planEndpoints } from "./endpoints-plan.js";

const svc = (ports: ServicePort[] = [{ port: 80, targetPort: 8080, protocol: "TCP" }], selector: Record<string, string> | undefined = { app: "web" }): Service => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "web", namespace: "default", uid: "svc-uid", labels: { team: "a" } },
  spec: { type: "ClusterIP", clusterIP: "10.96.0.1", ports, ...(selector ? { selector } : {}) },
});

interface PodOpts {
  ip?: string;
  ready?: boolean;
  phase?: "Pending" | "Running" | "Succeeded" | "Failed";
  labels?: Record<string, string>;
  node?: string;
  deleting?: boolean;
  namedPort?: string;
  hostname?: string;
  subdomain?: string;
  published?: number;
}

const pod = (name: string, o: PodOpts = {}): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default", uid: `uid-${name}`, labels: o.labels ?? { app: "web" }, ...(o.deleting ? { deletionTimestamp: "2026-01-01T00:00:00Z" } : {}) },
  spec: {
    nodeName: o.node ?? "n1",
    ...(o.hostname ? { hostname: o.hostname } : {}),
    ...(o.subdomain ? { subdomain: o.subdomain } : {}),
    containers: [{ name: "app", image: "img", ports: [{ containerPort: 8080, ...(o.namedPort ? { name: o.namedPort } : {}) }] }],
  },
  status: {
    phase: o.phase ?? "Running",
    ...(o.ip === "" ? {} : { podIP: o.ip ?? `10.244.2.${name.length}` }),
    hostIP: "127.0.0.2",
    conditions: [{ type: "Ready", status: o.ready === false ? "False" : "True" }],
    ...(o.published ? { hostPorts: [{ containerPort: 8080, protocol: "TCP", hostIP: "127.0.0.2", hostPort: o.published }] } : {}),
  } as Pod["status"],
});

const view = (s: Service, pods: Pod[]) =>
  desiredEndpoints(s, pods).subsets.map((sub) => ({
    ready: (sub.addresses ?? []).map((a) => a.targetRef?.name),
    notReady: (sub.notReadyAddresses ?? []).map((a) => a.targetRef?.name),
    ports: (sub.ports ?? []).map((p) => `${p.name ?? ""}:${p.port}/${p.protocol}`),
  }));

describe("desiredEndpoints", () => {
  const cases: { name: string; svc?: Service; pods: Pod[]; want: ReturnType<typeof view> }[] = [
    { name: "no pods: no subsets", pods: [], want: [] },
    {
      name: "ready pods in addresses, running unready ones in notReadyAddresses",
      pods: [pod("a", { ip: "10.244.2.3" }), pod("b", { ip: "10.244.2.2" }), pod("c", { ready: false })],
      want: [{ ready: ["b", "a"], notReady: ["c"], ports: [":8080/TCP"] }],
    },
    {
      name: "leaves out pods not selected, finished, being deleted, or without an IP",
      pods: [pod("a"), pod("other", { labels: { app: "db" } }), pod("done", { phase: "Succeeded" }), pod("gone", { deleting: true }), pod("new", { ip: "" })],
      want: [{ ready: ["a"], notReady: [], ports: [":8080/TCP"] }],
    },
    {
      name: "a named targetPort resolves per pod; pods without the name are left out",
      svc: svc([{ name: "http", port: 80, targetPort: "web", protocol: "TCP" }]),
      pods: [pod("a", { namedPort: "web" }), pod("b")],
      want: [{ ready: ["a"], notReady: [], ports: ["http:8080/TCP"] }],
    },
    {
      name: "pods with different resolved ports get different subsets",
      svc: svc([{ name: "http", port: 80, targetPort: "web", protocol: "TCP" }, { name: "metrics", port: 9090, targetPort: 9090, protocol: "TCP" }]),
      pods: [pod("a", { namedPort: "web" }), pod("b")],
      want: [
        { ready: ["a"], notReady: [], ports: ["http:8080/TCP", "metrics:9090/TCP"] },
        { ready: ["b"], notReady: [], ports: ["metrics:9090/TCP"] },
      ],
    },
  ];
  for (const c of cases) it(c.name, () => expect(view(c.svc ?? svc(), c.pods)).toEqual(c.want));

  it("gives each address its pod, node and (for a StatefulSet pod of this Service) hostname", () => {
    const [subset] = desiredEndpoints(svc(), [pod("web-0", { ip: "10.244.2.9", node: "n2", hostname: "web-0", subdomain: "web" }), pod("x", { ip: "10.244.2.8", hostname: "x", subdomain: "other" })]).subsets;
    expect(subset?.addresses).toEqual([
      { ip: "10.244.2.8", nodeName: "n1", targetRef: { kind: "Pod", name: "x", namespace: "default", uid: "uid-x" } },
      { ip: "10.244.2.9", hostname: "web-0", nodeName: "n2", targetRef: { kind: "Pod", name: "web-0", namespace: "default", uid: "uid-web-0" } },
    ]);
  });

  it("records where each endpoint is published on its node", () => {
    const d = desiredEndpoints(svc(), [pod("a", { ip: "10.244.2.3", published: 49153 }), pod("b", { ip: "10.244.2.4" })]);
    expect(d.published).toEqual({ "10.244.2.3": { "8080/TCP": "127.0.0.2:49153" } });
  });
});

describe("planEndpoints", () => {
  const meta = { uid: "ep-uid", now: new Date("2026-01-01T00:00:00Z") };

  it("creates the Endpoints, owned by the Service, with its labels and the published ports", () => {
    const action = planEndpoints(svc(), [pod("a", { ip: "10.244.2.3", published: 49153 })], undefined, meta);
    expect(action.type).toBe("create");
    if (action.type !== "create") return;
    expect(action.endpoints.metadata).toMatchObject({
      name: "web",
      namespace: "default",
      uid: "ep-uid",
      labels: { team: "a" },
      ownerReferences: [{ kind: "Service", name: "web", uid: "svc-uid", controller: true }],
    });
    expect(readEndpointPorts(action.endpoints)).toEqual({ "10.244.2.3": { "8080/TCP": "127.0.0.2:49153" } });
  });

  it("does nothing when converged, updates when a pod's readiness changes", () => {
    const first = planEndpoints(svc(), [pod("a")], undefined, meta);
    if (first.type !== "create") throw new Error("expected create");
    const stored: Endpoints = { ...first.endpoints, metadata: { ...first.endpoints.metadata, resourceVersion: "5" } };
    expect(planEndpoints(svc(), [pod("a")], stored, meta)).toEqual({ type: "none" });
    const next = planEndpoints(svc(), [pod("a", { ready: false })], stored, meta);
    expect(next.type).toBe("update");
    if (next.type === "update") {
      expect(next.endpoints.metadata.resourceVersion).toBe("5");
      expect(next.endpoints.subsets?.[0]?.notReadyAddresses?.map((a) => a.ip)).toEqual(["10.244.2.1"]);
    }
  });

  it("leaves the Endpoints of a Service without a selector to the user", () => {
    const userEp: Endpoints = { apiVersion: "v1", kind: "Endpoints", metadata: { name: "web", namespace: "default" }, subsets: [{ addresses: [{ ip: "192.168.1.5" }] }] };
    const { selector: _none, ...spec } = svc().spec;
    expect(planEndpoints({ ...svc(), spec }, [pod("a")], userEp, meta)).toEqual({ type: "none" });
    expect(planEndpoints(svc(undefined, {}), [pod("a")], undefined, meta)).toEqual({ type: "none" });
  });

  it("the annotation is valid JSON even with no endpoints", () => {
    const action = planEndpoints(svc(), [], undefined, meta);
    if (action.type !== "create") throw new Error("expected create");
    expect(action.endpoints.metadata.annotations?.[ENDPOINT_PORTS_ANNOTATION]).toBe("{}");
    expect(action.endpoints.subsets).toBeUndefined();
  });
});
