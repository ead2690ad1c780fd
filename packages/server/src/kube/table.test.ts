// kubectl's `get` columns, as the REST edge prints them: one table per kind with real-looking
// objects, the wide (priority 1) columns, the row objects, and the Accept header that asks.
import { describe, expect, it } from "vitest";
import type { ApiObject, ConfigMap, CronJob, DaemonSet, Deployment, Job, Endpoints, Event, Node, Pod, PodDisruptionBudget, ReplicaSet, Secret, Service, StatefulSet } from "@skiff/api";
import { includeObjectOf, tableContentType, toTable, wantsTable, type Table } from "./table.js";

const NOW = Date.parse("2024-05-01T12:00:00Z");
const meta = (name: string, extra: Partial<ApiObject["metadata"]> = {}) => ({ name, namespace: "default", uid: `uid-${name}`, resourceVersion: "7", creationTimestamp: "2024-05-01T11:00:00Z", ...extra });
const container = (name: string, image: string) => ({ name, image });

/** The header kubectl prints (upper-case names), wide or not. */
function header(t: Table, wide = false): string[] {
  return t.columnDefinitions.filter((c) => wide || c.priority === 0).map((c) => c.name.toUpperCase());
}
/** The cells of row i kubectl shows without -o wide. */
function narrow(t: Table, i = 0): unknown[] {
  return t.rows[i]!.cells.filter((_, j) => t.columnDefinitions[j]!.priority === 0);
}
const table = (kind: string, objs: ApiObject[]) => toTable(kind, objs, { now: NOW });

function pod(name: string, status: Pod["status"], extra: Partial<Pod["metadata"]> = {}, nodeName?: string): Pod {
  return { apiVersion: "v1", kind: "Pod", metadata: meta(name, extra), spec: { containers: [container("web", "nginx:1.27")], ...(nodeName ? { nodeName } : {}) }, status };
}

describe("pods", () => {
  const running = pod("web-1", { phase: "Running", podIP: "10.1.0.5", containerStatuses: [{ name: "web", image: "nginx", imageID: "", ready: true, restartCount: 0, state: { running: {} } }] }, {}, "n1");
  const crashing = pod("web-2", {
    phase: "Running",
    containerStatuses: [{ name: "web", image: "nginx", imageID: "", ready: false, restartCount: 4, state: { waiting: { reason: "CrashLoopBackOff" } }, lastState: { terminated: { exitCode: 1, finishedAt: "2024-05-01T11:55:00Z" } } }],
  });
  const terminating = pod("web-3", { phase: "Running" }, { deletionTimestamp: "2024-05-01T11:59:00Z" });
  const completed = pod("job-1", { phase: "Succeeded", containerStatuses: [{ name: "web", image: "busybox", imageID: "", ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: "Completed" } } }] });

  it("prints NAME READY STATUS RESTARTS AGE, and IP NODE NOMINATED NODE READINESS GATES with -o wide", () => {
    const t = table("Pod", [running, crashing, terminating, completed]);
    expect(header(t)).toEqual(["NAME", "READY", "STATUS", "RESTARTS", "AGE"]);
    expect(header(t, true).slice(5)).toEqual(["IP", "NODE", "NOMINATED NODE", "READINESS GATES"]);
    expect(t.columnDefinitions[0]).toMatchObject({ name: "Name", type: "string", format: "name", priority: 0 });
    expect(t.rows.map((r) => r.cells.slice(0, 4))).toEqual([
      ["web-1", "1/1", "Running", "0"],
      ["web-2", "0/1", "CrashLoopBackOff", "4 (5m ago)"],
      ["web-3", "0/1", "Terminating", "0"],
      ["job-1", "0/1", "Completed", "0"],
    ]);
    expect(t.rows[0]!.cells.slice(4)).toEqual(["60m", "10.1.0.5", "n1", "<none>", "<none>"]);
  });

  it("counts readiness gates and marks a finished pod's row Completed", () => {
    const gated = { ...running, spec: { ...running.spec, readinessGates: [{ conditionType: "lb-ready" }] } } as Pod;
    expect(table("Pod", [gated]).rows[0]!.cells[8]).toBe("0/1");
    const t = table("Pod", [running, completed]);
    expect(t.rows[0]!.conditions).toBeUndefined();
    expect(t.rows[1]!.conditions).toEqual([{ type: "Completed", status: "True", reason: "Succeeded", message: "The pod has completed successfully." }]);
  });
});

const template = { metadata: { labels: { app: "web" } }, spec: { containers: [container("web", "nginx:1.27"), container("log", "busybox")] } };

describe("workload controllers", () => {
  it("prints a Deployment's READY as 2/3, UP-TO-DATE and AVAILABLE as integers, and its template with -o wide", () => {
    const d: Deployment = { apiVersion: "apps/v1", kind: "Deployment", metadata: meta("web"), spec: { replicas: 3, selector: { matchLabels: { app: "web" } }, template }, status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 } };
    const t = table("Deployment", [d]);
    expect(header(t, true)).toEqual(["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"]);
    expect(t.rows[0]!.cells).toEqual(["web", "2/3", 3, 2, "60m", "web,log", "nginx:1.27,busybox", "app=web"]);
  });

  it("prints a ReplicaSet's DESIRED, CURRENT and READY as integers", () => {
    const rs: ReplicaSet = { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: meta("web-5d8f"), spec: { replicas: 3, selector: { matchLabels: { app: "web", "pod-template-hash": "5d8f" } }, template }, status: { replicas: 3, readyReplicas: 1 } };
    const t = table("ReplicaSet", [rs]);
    expect(header(t)).toEqual(["NAME", "DESIRED", "CURRENT", "READY", "AGE"]);
    expect(t.columnDefinitions.slice(1, 4).map((c) => c.type)).toEqual(["integer", "integer", "integer"]);
    expect(t.rows[0]!.cells).toEqual(["web-5d8f", 3, 3, 1, "60m", "web,log", "nginx:1.27,busybox", "app=web,pod-template-hash=5d8f"]);
  });

  it("prints a StatefulSet's READY, CONTAINERS and IMAGES", () => {
    const sts: StatefulSet = { apiVersion: "apps/v1", kind: "StatefulSet", metadata: meta("db"), spec: { replicas: 2, selector: { matchLabels: { app: "db" } }, template }, status: { replicas: 2, readyReplicas: 2 } };
    const t = table("StatefulSet", [sts]);
    expect(header(t, true)).toEqual(["NAME", "READY", "AGE", "CONTAINERS", "IMAGES"]);
    expect(t.rows[0]!.cells).toEqual(["db", "2/2", "60m", "web,log", "nginx:1.27,busybox"]);
  });
});

describe("daemonsets", () => {
  it("prints NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE, and CONTAINERS IMAGES SELECTOR with -o wide", () => {
    const template = { metadata: { labels: { app: "logs" } }, spec: { nodeSelector: { "kubernetes.io/os": "linux" }, containers: [container("fluentd", "fluentd:1")] } };
    const status = { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 1, numberAvailable: 2, numberMisscheduled: 0 };
    const ds: DaemonSet = { apiVersion: "apps/v1", kind: "DaemonSet", metadata: meta("logs"), spec: { selector: { matchLabels: { app: "logs" } }, template }, status };
    const t = table("DaemonSet", [ds]);
    expect(header(t)).toEqual(["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"]);
    expect(header(t, true).slice(8)).toEqual(["CONTAINERS", "IMAGES", "SELECTOR"]);
    expect(t.rows[0]!.cells).toEqual(["logs", 3, 3, 2, 1, 2, "kubernetes.io/os=linux", "60m", "fluentd", "fluentd:1", "app=logs"]);
    const bare: DaemonSet = { ...ds, spec: { ...ds.spec, template: { ...template, spec: { containers: template.spec.containers } } }, status: undefined as never };
    expect(narrow(table("DaemonSet", [bare]))).toEqual(["logs", 0, 0, 0, 0, 0, "<none>", "60m"]);
  });

  it("prints a ControllerRevision's NAME CONTROLLER REVISION AGE", () => {
    const owner = { apiVersion: "apps/v1", kind: "DaemonSet", name: "logs", uid: "u", controller: true };
    const rev = { apiVersion: "apps/v1", kind: "ControllerRevision", metadata: meta("logs-5d8f", { ownerReferences: [owner] }), revision: 2 };
    const t = table("ControllerRevision", [rev]);
    expect(header(t)).toEqual(["NAME", "CONTROLLER", "REVISION", "AGE"]);
    expect(t.rows[0]!.cells).toEqual(["logs-5d8f", "daemonset.apps/logs", 2, "60m"]);
  });
});

describe("disruption budgets", () => {
  it("prints NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE, N/A for the bound not set", () => {
    const status = { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 };
    const pdb: PodDisruptionBudget = { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: meta("web-pdb"), spec: { minAvailable: 2, selector: { matchLabels: { app: "web" } } }, status };
    const t = table("PodDisruptionBudget", [pdb]);
    expect(header(t, true)).toEqual(["NAME", "MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS", "AGE"]);
    expect(t.rows[0]!.cells).toEqual(["web-pdb", "2", "N/A", 1, "60m"]);
    const pct: PodDisruptionBudget = { ...pdb, spec: { maxUnavailable: "25%" }, status: undefined as never };
    expect(t.rows[0] && table("PodDisruptionBudget", [pct]).rows[0]!.cells).toEqual(["web-pdb", "N/A", "25%", 0, "60m"]);
  });
});

describe("services and endpoints", () => {
  it("prints a NodePort Service: TYPE, CLUSTER-IP, EXTERNAL-IP <none>, PORT(S) 80:30080/TCP, SELECTOR with -o wide", () => {
    const svc: Service = { apiVersion: "v1", kind: "Service", metadata: meta("web"), spec: { type: "NodePort", clusterIP: "10.96.0.20", selector: { app: "web" }, ports: [{ port: 80, nodePort: 30080, protocol: "TCP" }] } };
    const t = table("Service", [svc]);
    expect(header(t, true)).toEqual(["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE", "SELECTOR"]);
    expect(t.rows[0]!.cells).toEqual(["web", "NodePort", "10.96.0.20", "<none>", "80:30080/TCP", "60m", "app=web"]);
  });

  it("prints three endpoints and counts the rest", () => {
    const ep: Endpoints = { apiVersion: "v1", kind: "Endpoints", metadata: meta("web"), subsets: [{ addresses: ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"].map((ip) => ({ ip })), ports: [{ port: 80 }] }] };
    const t = table("Endpoints", [ep]);
    expect(header(t)).toEqual(["NAME", "ENDPOINTS", "AGE"]);
    expect(t.rows[0]!.cells).toEqual(["web", "10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 1 more...", "60m"]);
  });
});

describe("nodes, namespaces, configuration", () => {
  it("prints a cordoned node's STATUS, ROLES <none> and VERSION, and what it reports with -o wide", () => {
    const n: Node = {
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: "n1", creationTimestamp: "2024-04-29T12:00:00Z" },
      spec: { unschedulable: true },
      status: { conditions: [{ type: "Ready", status: "True" }], addresses: [{ type: "InternalIP", address: "192.168.1.10" }], nodeInfo: { kubeletVersion: "skiff-agent/0.1.0", containerRuntimeVersion: "docker://27.3.1" } },
    };
    const t = table("Node", [n]);
    expect(header(t, true)).toEqual(["NAME", "STATUS", "ROLES", "AGE", "VERSION", "INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"]);
    expect(t.rows[0]!.cells).toEqual(["n1", "Ready,SchedulingDisabled", "<none>", "2d", "skiff-agent/0.1.0", "192.168.1.10", "<none>", "<unknown>", "<unknown>", "docker://27.3.1"]);
  });

  it("prints a namespace's STATUS, a ConfigMap's DATA and a Secret's TYPE and DATA (integers)", () => {
    expect(table("Namespace", [{ apiVersion: "v1", kind: "Namespace", metadata: meta("prod", { namespace: undefined }), status: { phase: "Terminating" } }]).rows[0]!.cells).toEqual(["prod", "Terminating", "60m"]);
    const cm: ConfigMap = { apiVersion: "v1", kind: "ConfigMap", metadata: meta("settings"), data: { a: "1", b: "2" } };
    expect(table("ConfigMap", [cm]).rows[0]!.cells).toEqual(["settings", 2, "60m"]);
    const tls: Secret = { apiVersion: "v1", kind: "Secret", metadata: meta("cert"), type: "kubernetes.io/tls", data: { "tls.crt": "", "tls.key": "" } };
    const t = table("Secret", [tls]);
    expect(header(t)).toEqual(["NAME", "TYPE", "DATA", "AGE"]);
    expect(t.rows[0]!.cells).toEqual(["cert", "kubernetes.io/tls", 2, "60m"]);
  });
});

describe("events", () => {
  const ev: Event = {
    apiVersion: "v1",
    kind: "Event",
    metadata: meta("web-1.17c2a"),
    involvedObject: { kind: "Pod", name: "web-1", namespace: "default", fieldPath: "spec.containers{web}" },
    reason: "BackOff",
    message: "Back-off restarting failed container\n",
    type: "Warning",
    count: 5,
    firstTimestamp: "2024-05-01T11:50:00Z",
    lastTimestamp: "2024-05-01T11:59:30Z",
    source: { component: "kubelet", host: "n1" },
  };

  it("prints LAST SEEN TYPE REASON OBJECT MESSAGE, the wide columns in kubectl's places", () => {
    const t = table("Event", [ev]);
    expect(header(t)).toEqual(["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]);
    expect(header(t, true)).toEqual(["LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE", "MESSAGE", "FIRST SEEN", "COUNT", "NAME"]);
    expect(narrow(t)).toEqual(["30s", "Warning", "BackOff", "pod/web-1", "Back-off restarting failed container"]);
    expect(t.rows[0]!.cells).toEqual(["30s", "Warning", "BackOff", "pod/web-1", "spec.containers{web}", "kubelet, n1", "Back-off restarting failed container", "10m", 5, "web-1.17c2a"]);
  });

  it("names a deployment's events deployment/web and falls back on eventTime", () => {
    const e = { ...ev, involvedObject: { kind: "Deployment", name: "web" }, firstTimestamp: undefined, lastTimestamp: undefined, eventTime: "2024-05-01T11:58:00Z" } as Event;
    expect(table("Event", [e]).rows[0]!.cells.slice(0, 4)).toEqual(["2m", "Warning", "BackOff", "deployment/web"]);
  });
});

describe("batch printers", () => {
  it("prints a Job's STATUS, COMPLETIONS and DURATION as kubectl does", () => {
    const job: Job = {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: meta("pi"),
      spec: { completions: 5, parallelism: 2, selector: { matchLabels: { "batch.kubernetes.io/controller-uid": "u1" } }, template },
      status: { succeeded: 5, startTime: new Date(NOW - 50 * 60_000).toISOString(), completionTime: new Date(NOW - 49 * 60_000).toISOString(), conditions: [{ type: "Complete", status: "True" }] },
    };
    const t = table("Job", [job]);
    expect(header(t)).toEqual(["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"]);
    expect(header(t, true)).toEqual(["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"]);
    expect(t.rows[0]!.cells).toEqual(["pi", "Complete", "5/5", "60s", "60m", "web,log", "nginx:1.27,busybox", "batch.kubernetes.io/controller-uid=u1"]);
  });

  it("prints a CronJob's SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE", () => {
    const cj: CronJob = {
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: meta("hello"),
      spec: { schedule: "*/5 * * * *", suspend: false, jobTemplate: { spec: { template } } },
      status: { active: [{ name: "hello-1" }], lastScheduleTime: new Date(NOW - 120_000).toISOString() },
    };
    const t = table("CronJob", [cj]);
    expect(header(t)).toEqual(["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"]);
    expect(t.rows[0]!.cells.slice(0, 7)).toEqual(["hello", "*/5 * * * *", "<none>", "False", 1, "2m", "60m"]);
  });
});

describe("every printer", () => {
  it.each(["Pod", "Deployment", "ReplicaSet", "StatefulSet", "Job", "CronJob", "Service", "Endpoints", "Node", "Namespace", "ConfigMap", "Secret", "Event"])("%s: one cell per column, priorities 0 or 1", (kind) => {
    const t = table(kind, [{ apiVersion: "v1", kind, metadata: meta("x") } as ApiObject]);
    expect(t.rows[0]!.cells).toHaveLength(t.columnDefinitions.length);
    expect(t.columnDefinitions.every((c) => c.priority === 0 || c.priority === 1)).toBe(true);
  });
});

describe("the Table around the rows", () => {
  const cm: ConfigMap = { apiVersion: "v1", kind: "ConfigMap", metadata: meta("settings", { labels: { app: "web" } }), data: { a: "1" } };

  it("carries each object's metadata by default, as PartialObjectMetadata", () => {
    const t = toTable("ConfigMap", [cm], { resourceVersion: "42", now: NOW });
    expect(t).toMatchObject({ kind: "Table", apiVersion: "meta.k8s.io/v1", metadata: { resourceVersion: "42" } });
    expect(t.rows[0]!.object).toEqual({ kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: cm.metadata });
  });

  it("carries the whole object, or none, as includeObject asks", () => {
    expect(toTable("ConfigMap", [cm], { includeObject: "Object", now: NOW }).rows[0]!.object).toBe(cm);
    expect(toTable("ConfigMap", [cm], { includeObject: "None", now: NOW }).rows[0]).toEqual({ cells: ["settings", 1, "60m"] });
  });

  it("passes the continue token on and leaves the column definitions out after a watch's first event", () => {
    const t = toTable("ConfigMap", [cm], { resourceVersion: "42", continueToken: "abc", noHeaders: true, now: NOW });
    expect(t.metadata).toEqual({ resourceVersion: "42", continue: "abc" });
    expect(t.columnDefinitions).toEqual([]);
    expect(t.rows).toHaveLength(1);
  });

  it("prints a kind with no printer of its own as the apiserver does: Name and Created At", () => {
    const widget = { apiVersion: "example.com/v1", kind: "Widget", metadata: meta("n1", { creationTimestamp: "2024-05-01T11:00:00.123Z" }) };
    const t = table("Widget", [widget]);
    expect(t.columnDefinitions.map((c) => [c.name, c.type, c.format])).toEqual([["Name", "string", "name"], ["Created At", "date", ""]]);
    expect(t.rows[0]!.cells).toEqual(["n1", "2024-05-01T11:00:00Z"]);
  });
});

describe("Leases", () => {
  it("prints kubectl's columns: Name, Holder, Age", () => {
    const lease = { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: meta("skiff-controller-manager", { creationTimestamp: "2024-05-01T11:00:00Z" }), spec: { holderIdentity: "host_127.0.0.1:7443_ab12" } };
    const t = table("Lease", [lease]);
    expect(t.columnDefinitions.map((c) => c.name)).toEqual(["Name", "Holder", "Age"]);
    expect(t.rows[0]!.cells).toEqual(["skiff-controller-manager", "host_127.0.0.1:7443_ab12", "60m"]);
  });
});

describe("asking for a Table", () => {
  it.each([
    ["application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json", true],
    ["application/json;as=Table;v=v1beta1;g=meta.k8s.io", true],
    ["application/json; as=Table; g=meta.k8s.io; v=v1", true],
    [tableContentType, true],
    ["application/json", false],
    ["application/vnd.kubernetes.protobuf,application/json", false],
    ["application/json;as=Table;v=v2;g=meta.k8s.io", false],
    ["application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", false],
    [undefined, false],
  ])("%s: %s", (accept, want) => {
    expect(wantsTable(accept)).toBe(want);
  });

  it("reads includeObject, Metadata by default, and refuses a value Kubernetes does not know", () => {
    expect(includeObjectOf(new URLSearchParams(""))).toBe("Metadata");
    expect(includeObjectOf(new URLSearchParams("includeObject=Object"))).toBe("Object");
    expect(includeObjectOf(new URLSearchParams("includeObject=None"))).toBe("None");
    expect(() => includeObjectOf(new URLSearchParams("includeObject=All"))).toThrow(/unrecognized includeObject value: "All"/);
  });
});
