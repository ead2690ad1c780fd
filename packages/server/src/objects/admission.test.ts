import { describe, expect, it } from "vitest";
import { DEFAULT_POD_SECURITY, PodSecurityError, admit, hostPathAllowed, podSecurityViolations } from "./admission.js";

const pod = (spec: Record<string, unknown>, name = "web") => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name },
  spec: { containers: [{ name: "app", image: "busybox" }], ...spec },
});
const baseline = DEFAULT_POD_SECURITY;

describe("Pod Security admission (baseline)", () => {
  it("allows an ordinary pod, and host ports (skiff publishes ports on the node)", () => {
    expect(podSecurityViolations(pod({ containers: [{ name: "app", image: "x", ports: [{ containerPort: 80, hostPort: 8080 }] }] }), baseline)).toEqual([]);
  });

  it("refuses privileged containers and hostPath volumes, in Kubernetes' words", () => {
    const raw = pod({
      containers: [{ name: "app", image: "x", securityContext: { privileged: true } }],
      volumes: [{ name: "data", hostPath: { path: "/var/lib/data" } }],
    });
    expect(() => admit(raw, baseline)).toThrow(
      'pods "web" is forbidden: violates PodSecurity "baseline:latest": privileged (container "app" must not set securityContext.privileged=true), hostPath volumes (volume "data")',
    );
    expect(() => admit(raw, baseline)).toThrow(PodSecurityError);
  });

  it("refuses host namespaces and capabilities beyond baseline's list", () => {
    const raw = pod({
      hostNetwork: true,
      hostPID: true,
      hostIPC: false,
      containers: [
        { name: "a", image: "x", securityContext: { capabilities: { add: ["NET_ADMIN", "CHOWN"] } } },
        { name: "b", image: "x", securityContext: { capabilities: { add: ["SYS_ADMIN"] } } },
      ],
    });
    expect(podSecurityViolations(raw, baseline)).toEqual([
      "host namespaces (hostNetwork=true, hostPID=true)",
      'non-default capabilities (containers "a", "b" must not include "NET_ADMIN", "SYS_ADMIN" in securityContext.capabilities.add)',
    ]);
  });

  it("checks init containers too, though skiff drops them", () => {
    expect(podSecurityViolations(pod({ initContainers: [{ name: "init", securityContext: { privileged: true } }] }), baseline)).toHaveLength(1);
  });

  it("checks the pod template of Deployments, ReplicaSets and StatefulSets", () => {
    for (const kind of ["Deployment", "ReplicaSet", "StatefulSet"]) {
      const raw = { kind, metadata: { name: "w" }, spec: { template: { spec: pod({ hostNetwork: true }).spec } } };
      expect(() => admit(raw, baseline)).toThrow(/ "w" is forbidden: violates PodSecurity "baseline:latest": host namespaces \(hostNetwork=true\)/);
    }
  });

  it("checks the pod template of DaemonSets (a log shipper may not mount the host's / unasked)", () => {
    const spec = { template: { spec: { volumes: [{ name: "root", hostPath: { path: "/" } }], containers: [] } } };
    expect(() => admit({ kind: "DaemonSet", metadata: { name: "ds" }, spec }, baseline)).toThrow(/daemonsets "ds" is forbidden: .*hostPath/);
  });

  it("checks the pod template of Jobs and of CronJobs' Jobs", () => {
    const spec = { template: { spec: pod({ hostNetwork: true }).spec } };
    expect(() => admit({ kind: "Job", metadata: { name: "j" }, spec }, baseline)).toThrow(/jobs "j" is forbidden: .*hostNetwork=true/);
    expect(() => admit({ kind: "CronJob", metadata: { name: "c" }, spec: { jobTemplate: { spec } } }, baseline)).toThrow(/cronjobs "c" is forbidden: .*hostNetwork=true/);
  });

  it("counts only an explicit true: the dropped fields may hold anything", () => {
    expect(podSecurityViolations(pod({ hostNetwork: "true", containers: [{ name: "a", securityContext: "privileged" }] }), baseline)).toEqual([]);
    expect(podSecurityViolations({ kind: "Pod", spec: null }, baseline)).toEqual([]);
    expect(podSecurityViolations("nonsense", baseline)).toEqual([]);
  });

  it("allows hostPath under an allowed prefix, never by '..' out of it", () => {
    const policy = { level: "baseline" as const, allowedHostPaths: ["/srv/data/"] };
    expect(podSecurityViolations(pod({ volumes: [{ name: "d", hostPath: { path: "/srv/data/x" } }] }), policy)).toEqual([]);
    expect(hostPathAllowed("/srv/data", policy.allowedHostPaths)).toBe(true);
    expect(hostPathAllowed("/srv/data/../../etc", policy.allowedHostPaths)).toBe(false);
    expect(hostPathAllowed("/srv/database", policy.allowedHostPaths)).toBe(false);
    expect(hostPathAllowed("/anything", ["/"])).toBe(true);
  });

  it("checks nothing at the privileged level", () => {
    const raw = pod({ hostNetwork: true, containers: [{ name: "a", image: "x", securityContext: { privileged: true } }] });
    expect(() => admit(raw, { level: "privileged", allowedHostPaths: [] })).not.toThrow();
  });
});
