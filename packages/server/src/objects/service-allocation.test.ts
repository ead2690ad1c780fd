import { describe, expect, it } from "vitest";
import { ValidationError, type Service, type ServiceSpec } from "@skiff/api";
import { allocateService, allocationsOf, inServiceRange } from "./service-allocation.js";
import { planApply } from "./apply-plan.js";

const svc = (name: string, spec: Partial<ServiceSpec> = {}): Service => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name, namespace: "default" },
  spec: { type: "ClusterIP", ports: [{ port: 80, protocol: "TCP", targetPort: 80 }], ...spec },
});
const nodePortSvc = (name: string, nodePort?: number, extra: Partial<ServiceSpec> = {}) =>
  svc(name, { type: "NodePort", ports: [{ name: "http", port: 80, protocol: "TCP", targetPort: 80, ...(nodePort ? { nodePort } : {}) }], ...extra });

function refused(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err.message;
    throw err;
  }
  throw new Error("expected a ValidationError");
}

describe("allocateService", () => {
  const cases: { name: string; taken: Service[]; svc: Service; existing?: Service; clusterIP?: string; nodePorts?: (number | undefined)[] }[] = [
    { name: "the first Service gets 10.96.0.1", taken: [], svc: svc("a"), clusterIP: "10.96.0.1" },
    { name: "the lowest free address, past those taken", taken: [svc("a", { clusterIP: "10.96.0.1" }), svc("b", { clusterIP: "10.96.0.3" })], svc: svc("c"), clusterIP: "10.96.0.2" },
    { name: `"" means allocate`, taken: [], svc: svc("a", { clusterIP: "" }), clusterIP: "10.96.0.1" },
    { name: "headless stays headless", taken: [], svc: svc("a", { clusterIP: "None" }), clusterIP: "None" },
    { name: "a free address in range is taken as given", taken: [svc("a", { clusterIP: "10.96.0.1" })], svc: svc("b", { clusterIP: "10.96.0.10" }), clusterIP: "10.96.0.10" },
    { name: "an update keeps its own address", taken: [svc("a", { clusterIP: "10.96.0.7" })], svc: svc("a", { clusterIP: "10.96.0.7" }), existing: svc("a", { clusterIP: "10.96.0.7" }), clusterIP: "10.96.0.7" },
    { name: "a NodePort gets the lowest free node port", taken: [nodePortSvc("a", 30000)], svc: nodePortSvc("b"), nodePorts: [30001] },
    { name: "a given node port is kept", taken: [], svc: nodePortSvc("a", 31080), nodePorts: [31080] },
    { name: "a ClusterIP Service gets no node port", taken: [], svc: svc("a"), nodePorts: [undefined] },
    {
      name: "several ports get different node ports",
      taken: [],
      svc: svc("a", { type: "NodePort", ports: [{ name: "a", port: 80, nodePort: 30000 }, { name: "b", port: 81 }] }),
      nodePorts: [30000, 30001],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const out = allocateService(c.svc, c.existing, allocationsOf(c.taken));
      if (c.clusterIP !== undefined) expect(out.spec.clusterIP).toBe(c.clusterIP);
      if (c.nodePorts !== undefined) expect(out.spec.ports.map((p) => p.nodePort)).toEqual(c.nodePorts);
    });
  }

  it("refuses a node port another Service holds, in Kubernetes' words", () => {
    const taken = allocationsOf([nodePortSvc("a", 30080)]);
    expect(refused(() => allocateService(nodePortSvc("b", 30080), undefined, taken))).toBe(
      "spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated",
    );
  });

  it("refuses an address taken or out of range, and a changed address", () => {
    const taken = allocationsOf([svc("a", { clusterIP: "10.96.0.5" })]);
    expect(refused(() => allocateService(svc("b", { clusterIP: "10.96.0.5" }), undefined, taken))).toBe(
      `spec.clusterIP: Invalid value: "10.96.0.5": provided IP is already allocated`,
    );
    expect(refused(() => allocateService(svc("b", { clusterIP: "10.0.0.9" }), undefined, taken))).toBe(
      `spec.clusterIP: Invalid value: "10.0.0.9": provided IP is not in the valid range. The range of valid IPs is 10.96.0.0/24`,
    );
    expect(refused(() => allocateService(svc("a", { clusterIP: "10.96.0.6" }), svc("a", { clusterIP: "10.96.0.5" }), taken))).toBe(
      `spec.clusterIP: Invalid value: "10.96.0.6": field is immutable`,
    );
  });

  it("says when the range is full", () => {
    const all = Array.from({ length: 254 }, (_, i) => svc(`s${i}`, { clusterIP: `10.96.0.${i + 1}` }));
    expect(refused(() => allocateService(svc("late"), undefined, allocationsOf(all)))).toMatch(/^spec\.clusterIP: failed to allocate a serviceIP: range is full/);
  });

  it("what one allocation took is taken for the next of the same batch; a deleted Service's is free", () => {
    const taken = allocationsOf([]);
    const a = allocateService(nodePortSvc("a"), undefined, taken);
    const b = allocateService(nodePortSvc("b"), undefined, taken);
    expect([a.spec.clusterIP, b.spec.clusterIP]).toEqual(["10.96.0.1", "10.96.0.2"]);
    expect([a.spec.ports[0]?.nodePort, b.spec.ports[0]?.nodePort]).toEqual([30000, 30001]);
    // "a" deleted: the list of Services no longer has it.
    const c = allocateService(nodePortSvc("c"), undefined, allocationsOf([b]));
    expect([c.spec.clusterIP, c.spec.ports[0]?.nodePort]).toEqual(["10.96.0.1", 30000]);
  });

  it("knows the range", () => {
    expect(["10.96.0.1", "10.96.0.254"].map((ip) => inServiceRange(ip))).toEqual([true, true]);
    expect(["10.96.0.0", "10.96.0.255", "10.96.0.01", "10.96.1.1", "10.96.0.1x"].map((ip) => inServiceRange(ip))).toEqual([false, false, false, false, false]);
    expect(["10.100.0.1", "10.100.1.254", "10.100.2.1"].map((ip) => inServiceRange(ip, "10.100.0.0/23"))).toEqual([true, true, false]);
  });

  it("allocates from the range it is given (--service-cluster-ip-range)", () => {
    const taken = allocationsOf([svc("a", { clusterIP: "10.100.0.1" })]);
    expect(allocateService(svc("b"), undefined, taken, "10.100.0.0/23").spec.clusterIP).toBe("10.100.0.2");
    expect(refused(() => allocateService(svc("c", { clusterIP: "10.96.0.9" }), undefined, taken, "10.100.0.0/23"))).toMatch(/The range of valid IPs is 10.100.0.0\/23/);
    const full = allocationsOf([svc("x", { clusterIP: "10.100.0.1" }), svc("y", { clusterIP: "10.100.0.2" })]);
    expect(refused(() => allocateService(svc("z"), undefined, full, "10.100.0.0/30"))).toMatch(/range is full \(every address of 10.100.0.0\/30 is in use\)/);
  });
});

describe("re-applying a Service", () => {
  const inputs = { now: new Date("2026-01-01T00:00:00Z"), newUid: () => "u" };
  const stored = (s: Service): Service => ({ ...s, metadata: { ...s.metadata, uid: "u0", resourceVersion: "3", generation: 1, creationTimestamp: "2025-01-01T00:00:00Z" } });

  it("keeps the clusterIP and node ports a manifest leaves out: unchanged", () => {
    const before = stored(nodePortSvc("web", 31080, { clusterIP: "10.96.0.4" }));
    expect(planApply(nodePortSvc("web"), before, inputs).action).toBe("unchanged");
  });

  it("matches node ports by port name, or by number when unnamed", () => {
    const before = stored(svc("web", { type: "NodePort", clusterIP: "10.96.0.4", ports: [{ name: "a", port: 80, nodePort: 30100 }, { name: "b", port: 81, nodePort: 30101 }] }));
    const swapped = svc("web", { type: "NodePort", ports: [{ name: "b", port: 8081 }, { name: "a", port: 8080 }] });
    const plan = planApply(swapped, before, inputs);
    expect((plan.object as Service).spec.ports.map((p) => p.nodePort)).toEqual([30101, 30100]);
    const unnamed = stored(svc("one", { type: "NodePort", clusterIP: "10.96.0.5", ports: [{ port: 80, protocol: "TCP", nodePort: 30200 }] }));
    expect((planApply(svc("one", { type: "NodePort", ports: [{ port: 80, protocol: "TCP" }] }), unnamed, inputs).object as Service).spec.ports[0]?.nodePort).toBe(30200);
  });

  it("drops node ports when the Service is no longer a NodePort", () => {
    const before = stored(nodePortSvc("web", 31080, { clusterIP: "10.96.0.4" }));
    const plan = planApply(svc("web"), before, inputs);
    expect((plan.object as Service).spec).toMatchObject({ type: "ClusterIP", clusterIP: "10.96.0.4" });
    expect((plan.object as Service).spec.ports[0]?.nodePort).toBeUndefined();
  });
});
