import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BadRequestError, UnsupportedMediaTypeError } from "../errors.js";
import { formatDuration, messageSchema } from "./decode.js";
import { KUBE_PROTOBUF_MAGIC, PROTOBUF_CONTENT_TYPE, decodeKubeProtobuf, protobufKinds } from "./index.js";
import { MESSAGES } from "./schema.js";

// --- A tiny encoder, for tests only: a message is a list of [field number, value] ---
// string -> length-delimited UTF-8, Buffer -> length-delimited bytes, a nested list -> a message,
// number | bigint | boolean -> varint (negative numbers as 64-bit two's complement, as Go sends int32 and int64).
type Value = string | number | bigint | boolean | Buffer | Field[];
type Field = [number, Value];

function varint(v: bigint): Buffer {
  let n = BigInt.asUintN(64, v);
  const out: number[] = [];
  while (n >= 0x80n) {
    out.push(Number(n & 0x7fn) | 0x80);
    n >>= 7n;
  }
  out.push(Number(n));
  return Buffer.from(out);
}

function msg(...fields: Field[]): Buffer {
  return Buffer.concat(
    fields.map(([num, v]) => {
      if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") {
        return Buffer.concat([varint(BigInt(num << 3)), varint(BigInt(typeof v === "boolean" ? Number(v) : v))]);
      }
      const bytes = typeof v === "string" ? Buffer.from(v, "utf8") : Buffer.isBuffer(v) ? v : msg(...v);
      return Buffer.concat([varint(BigInt((num << 3) | 2)), varint(BigInt(bytes.length)), bytes]);
    }),
  );
}

/** `k8s\0` + runtime.Unknown{typeMeta{apiVersion, kind}, raw}. */
function envelope(apiVersion: string, kind: string, raw: Buffer, extra: Field[] = []): Buffer {
  return Buffer.concat([KUBE_PROTOBUF_MAGIC, msg([1, [[1, apiVersion], [2, kind]]], [2, raw], ...extra)]);
}

/** A map<string,string> entry. */
const entry = (k: string, v: string | Buffer | Field[]): Field[] => [[1, k], [2, v]];

/** ObjectMeta as Go sends it: every non-pointer field, empty ones included. */
function objectMeta(name: string, labels: Record<string, string> = {}): Field[] {
  return [
    [1, name],
    [2, ""],
    [3, ""],
    [4, ""],
    [5, ""],
    [6, ""],
    [7, 0],
    [8, []],
    ...Object.entries(labels).map(([k, v]): Field => [11, entry(k, v)]),
  ];
}

describe("decodeKubeProtobuf", () => {
  it("reads a Deployment as `kubectl create deployment hello --image=img -- sleep 1000` sends it", () => {
    const container: Field[] = [
      [1, "img"],
      [2, "img"],
      [3, "sleep"],
      [3, "1000"],
      [5, ""],
      [8, []],
      [13, ""],
      [14, ""],
      [16, false],
      [17, false],
      [18, false],
      [20, ""],
    ];
    const podSpec: Field[] = [[2, container], [3, ""], [6, ""], [8, ""], [9, ""], [10, ""], [11, false], [16, ""], [17, ""], [19, ""], [24, ""]];
    const spec: Field[] = [
      [1, 1],
      [2, [[1, entry("app", "hello")]]],
      [3, [[1, objectMeta("", { app: "hello" })], [2, podSpec]]],
      [4, []],
      [5, 0],
      [7, false],
    ];
    const status: Field[] = [[1, 0], [2, 0], [3, 0], [4, 0], [5, 0], [7, 0]];
    const body = envelope("apps/v1", "Deployment", msg([1, objectMeta("hello", { app: "hello" })], [2, spec], [3, status]));

    const { object, skipped } = decodeKubeProtobuf(body);
    expect(object).toEqual({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "hello", labels: { app: "hello" } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: "hello" } },
        template: {
          metadata: { labels: { app: "hello" } },
          spec: { containers: [{ name: "img", image: "img", command: ["sleep", "1000"], resources: {} }] },
        },
        strategy: {},
      },
      status: {},
    });
    expect(Object.keys(object).slice(0, 2)).toEqual(["apiVersion", "kind"]);
    expect(skipped).toEqual([]);
  });

  it("keeps a pointer field's zero (replicas 0) and leaves out a non-pointer one (minReadySeconds 0)", () => {
    const { object } = decodeKubeProtobuf(envelope("apps/v1", "Deployment", msg([1, objectMeta("d")], [2, [[1, 0], [5, 0], [6, 0]]])));
    expect(object.spec).toEqual({ replicas: 0, revisionHistoryLimit: 0 });
  });

  it("reads a ControllerRevision's revision, 0 included (Go's int64 without omitempty)", () => {
    const data = Buffer.from(JSON.stringify({ spec: { template: {} } }));
    const read = (revision: number) => decodeKubeProtobuf(envelope("apps/v1", "ControllerRevision", msg([1, objectMeta("r")], [2, [[1, data]]], [3, revision]))).object;
    expect(read(3)).toMatchObject({ revision: 3, data: { spec: { template: {} } } });
    expect(read(0)).toMatchObject({ revision: 0 });
  });

  it("reads a ConfigMap's data and binaryData", () => {
    const body = envelope(
      "v1",
      "ConfigMap",
      msg([1, objectMeta("cm")], [2, entry("a", "1")], [2, entry("b", "two")], [3, entry("bin", Buffer.from([0, 255]))], [4, true]),
    );
    expect(decodeKubeProtobuf(body).object).toEqual({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "cm" },
      data: { a: "1", b: "two" },
      binaryData: { bin: "AP8=" },
      immutable: true,
    });
  });

  it("reads a Secret's bytes as base64, as Kubernetes' JSON spells []byte", () => {
    const body = envelope(
      "v1",
      "Secret",
      msg([1, objectMeta("s")], [2, entry("user", "admin")], [2, entry("raw", Buffer.from([0xde, 0xad, 0xbe, 0xef]))], [2, entry("empty", "")], [3, "Opaque"], [4, entry("plain", "text")]),
    );
    expect(decodeKubeProtobuf(body).object).toEqual({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "s" },
      data: { user: "YWRtaW4=", raw: "3q2+7w==", empty: "" },
      type: "Opaque",
      stringData: { plain: "text" },
    });
  });

  it("reads DeleteOptions with a propagation policy, preconditions, a zero grace period and dryRun, in any group", () => {
    const raw = msg([1, 0], [2, [[1, "uid-1"], [2, "42"]]], [4, "Foreground"], [5, "All"]);
    for (const apiVersion of ["v1", "meta.k8s.io/v1", "apps/v1"]) {
      const { object, skipped } = decodeKubeProtobuf(envelope(apiVersion, "DeleteOptions", raw));
      expect(object).toEqual({
        apiVersion,
        kind: "DeleteOptions",
        gracePeriodSeconds: 0,
        preconditions: { uid: "uid-1", resourceVersion: "42" },
        propagationPolicy: "Foreground",
        dryRun: ["All"],
      });
      expect(skipped).toEqual([]);
    }
    expect(decodeKubeProtobuf(envelope("v1", "DeleteOptions", Buffer.alloc(0))).object).toEqual({ apiVersion: "v1", kind: "DeleteOptions" });
  });

  it("reads an Eviction (policy/v1) and a Scale (autoscaling/v1)", () => {
    const eviction = envelope("policy/v1", "Eviction", msg([1, [[1, "p1"], [3, "default"]]], [2, [[1, 30]]]));
    expect(decodeKubeProtobuf(eviction).object).toEqual({
      apiVersion: "policy/v1",
      kind: "Eviction",
      metadata: { name: "p1", namespace: "default" },
      deleteOptions: { gracePeriodSeconds: 30 },
    });
    const scale = envelope("autoscaling/v1", "Scale", msg([1, [[1, "web"], [6, "7"]]], [2, [[1, 5]]], [3, [[1, 0], [2, ""]]]));
    expect(decodeKubeProtobuf(scale).object).toEqual({
      apiVersion: "autoscaling/v1",
      kind: "Scale",
      metadata: { name: "web", resourceVersion: "7" },
      spec: { replicas: 5 },
      status: { replicas: 0 },
    });
  });

  it("reads a PodDisruptionBudget as `kubectl create pdb web-pdb --selector=app=web --min-available=50%` sends it", () => {
    const spec: Field[] = [
      [1, [[1, 1], [2, 0], [3, "50%"]]],
      [2, [[1, entry("app", "web")]]],
    ];
    const status: Field[] = [[1, 0], [3, 0], [4, 0], [5, 0], [6, 0]];
    const { object, skipped } = decodeKubeProtobuf(envelope("policy/v1", "PodDisruptionBudget", msg([1, objectMeta("web-pdb")], [2, spec], [3, status])));
    expect(object).toEqual({
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata: { name: "web-pdb" },
      spec: { minAvailable: "50%", selector: { matchLabels: { app: "web" } } },
      status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
    });
    expect(skipped).toEqual([]);
  });

  it("reads a ResourceQuota and a LimitRange as client-go sends them", () => {
    const q = (v: string): Field[] => [[1, v]];
    const quota = decodeKubeProtobuf(envelope("v1", "ResourceQuota", msg([1, objectMeta("q")], [2, [[1, entry("pods", q("4"))], [1, entry("limits.cpu", q("2"))]]])));
    expect(quota.object).toEqual({ apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "q" }, spec: { hard: { pods: "4", "limits.cpu": "2" } } });
    const item: Field[] = [[1, "Container"], [2, entry("cpu", q("1"))], [4, entry("cpu", q("500m"))], [5, entry("cpu", q("250m"))]];
    const range = decodeKubeProtobuf(envelope("v1", "LimitRange", msg([1, objectMeta("limits")], [2, [[1, item]]])));
    expect(range.object).toEqual({ apiVersion: "v1", kind: "LimitRange", metadata: { name: "limits" }, spec: { limits: [{ type: "Container", max: { cpu: "1" }, default: { cpu: "500m" }, defaultRequest: { cpu: "250m" } }] } });
  });

  it("skips fields it has no schema for, and lists them; empty ones (Go's unset fields) are not listed", () => {
    const container: Field[] = [
      [1, "c"],
      [2, "img"],
      [99, "future"],
      [98, 0],
      [97, ""],
      [21, [[1, "dev"], [2, "/dev/x"]]],
    ];
    const podSpec: Field[] = [[2, container], [18, [[1, []]]], [33, []], [200, 7]];
    const { object, skipped } = decodeKubeProtobuf(envelope("v1", "Pod", msg([1, objectMeta("p")], [2, podSpec], [5, "top"])));
    expect(object).toEqual({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "c", image: "img" }] } });
    expect(skipped).toEqual(["spec.containers[0].#99", "spec.containers[0].volumeDevices", "spec.affinity", "spec.#200", "#5"]);
  });

  it("reads a pod spec's parts: ports, env and envFrom, probes, volumes, resources, tolerations, security context", () => {
    const intOrStr = (v: number | string): Field[] => (typeof v === "number" ? [[1, 0], [2, v], [3, ""]] : [[1, 1], [2, 0], [3, v]]);
    const quantity = (q: string): Field[] => [[1, q]];
    const container: Field[] = [
      [1, "web"],
      [2, "nginx"],
      [6, [[1, "http"], [2, 0], [3, 8080], [4, "TCP"], [5, ""]]],
      [7, [[1, "A"], [2, "1"]]],
      [7, [[1, "B"], [2, ""], [3, [[3, [[1, [[1, "cm"]]], [2, "k"], [3, true]]]]]]],
      [7, [[1, "POD"], [2, ""], [3, [[1, [[1, "v1"], [2, "metadata.name"]]]]]]],
      [7, [[1, "MEM"], [2, ""], [3, [[2, [[1, ""], [2, "limits.memory"], [3, quantity("0")]]]]]]],
      [19, [[1, "P_"], [3, [[1, [[1, "sec"]]]]]]],
      [8, [[1, entry("memory", quantity("128Mi"))], [2, entry("cpu", quantity("250m"))]]],
      [9, [[1, "data"], [2, true], [3, "/data"], [4, ""], [6, ""]]],
      [10, [[1, [[2, [[1, "/healthz"], [2, intOrStr("http")], [3, ""], [4, "HTTP"]]]]], [2, 5], [3, 1], [4, 10], [5, 1], [6, 3]]],
      [11, [[1, [[3, [[1, intOrStr(8080)], [2, ""]]]]], [2, 0], [3, 0]]],
      [22, [[1, [[1, [[1, "true"]]]]]]],
      [14, "IfNotPresent"],
      [15, [[1, [[2, "NET_RAW"]]], [4, -1n], [5, true], [6, false]]],
    ];
    const podSpec: Field[] = [
      [1, [[1, "data"], [2, [[2, [[1, "Memory"], [2, quantity("1Gi")]]]]]]],
      [1, [[1, "cfg"], [2, [[19, [[1, [[1, "cm"]]], [2, [[1, "k"], [2, "k.txt"], [3, 0o400]]], [3, 420]]]]]]],
      [1, [[1, "sec"], [2, [[6, [[1, "s"], [3, 256]]]]]]],
      [1, [[1, "host"], [2, [[1, [[1, "/var/log"], [2, "Directory"]]]]]]],
      [1, [[1, "pvc"], [2, [[10, [[1, "claim"], [2, false]]]]]]],
      [1, [[1, "nfs"], [2, [[7, [[1, "server"]]]]]]],
      [20, [[1, "init"], [2, "busybox"]]],
      [2, container],
      [3, "Always"],
      [4, 30],
      [7, entry("disk", "ssd")],
      [8, "robot"],
      [14, [[2, 1000], [4, 1], [4, 2], [5, 2000]]],
      [16, "web-0"],
      [17, "web"],
      [22, [[1, "dedicated"], [2, "Equal"], [3, "gpu"], [4, "NoSchedule"]]],
      [22, [[2, "Exists"], [4, "NoExecute"], [5, 60]]],
    ];
    const { object, skipped } = decodeKubeProtobuf(envelope("v1", "Pod", msg([1, objectMeta("web-0")], [2, podSpec])));
    expect(skipped).toEqual(["spec.volumes[5].nfs"]);
    expect(object.spec).toEqual({
      volumes: [
        { name: "data", emptyDir: { medium: "Memory", sizeLimit: "1Gi" } },
        { name: "cfg", configMap: { name: "cm", items: [{ key: "k", path: "k.txt", mode: 256 }], defaultMode: 420 } },
        { name: "sec", secret: { secretName: "s", defaultMode: 256 } },
        { name: "host", hostPath: { path: "/var/log", type: "Directory" } },
        { name: "pvc", persistentVolumeClaim: { claimName: "claim" } },
        { name: "nfs" },
      ],
      initContainers: [{ name: "init", image: "busybox" }],
      containers: [
        {
          name: "web",
          image: "nginx",
          ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }],
          env: [
            { name: "A", value: "1" },
            { name: "B", valueFrom: { configMapKeyRef: { name: "cm", key: "k", optional: true } } },
            { name: "POD", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "metadata.name" } } },
            { name: "MEM", valueFrom: { resourceFieldRef: { resource: "limits.memory" } } },
          ],
          envFrom: [{ prefix: "P_", secretRef: { name: "sec" } }],
          resources: { limits: { memory: "128Mi" }, requests: { cpu: "250m" } },
          volumeMounts: [{ name: "data", readOnly: true, mountPath: "/data" }],
          livenessProbe: {
            httpGet: { path: "/healthz", port: "http", scheme: "HTTP" },
            initialDelaySeconds: 5,
            timeoutSeconds: 1,
            periodSeconds: 10,
            successThreshold: 1,
            failureThreshold: 3,
          },
          readinessProbe: { tcpSocket: { port: 8080 } },
          startupProbe: { exec: { command: ["true"] } },
          imagePullPolicy: "IfNotPresent",
          securityContext: { capabilities: { drop: ["NET_RAW"] }, runAsUser: -1, runAsNonRoot: true, readOnlyRootFilesystem: false },
        },
      ],
      restartPolicy: "Always",
      terminationGracePeriodSeconds: 30,
      nodeSelector: { disk: "ssd" },
      serviceAccountName: "robot",
      securityContext: { runAsUser: 1000, supplementalGroups: [1, 2], fsGroup: 2000 },
      hostname: "web-0",
      subdomain: "web",
      tolerations: [
        { key: "dedicated", operator: "Equal", value: "gpu", effect: "NoSchedule" },
        { operator: "Exists", effect: "NoExecute", tolerationSeconds: 60 },
      ],
    });
  });

  it("reads packed repeated scalars as well as unpacked ones", () => {
    const packed = Buffer.concat([varint(3n), varint(4n), varint(300n)]);
    const { object } = decodeKubeProtobuf(envelope("v1", "Pod", msg([1, objectMeta("p")], [2, [[14, [[4, packed]]]]])));
    expect(object.spec).toEqual({ securityContext: { supplementalGroups: [3, 4, 300] } });
  });

  it("reads a StatefulSet with its update strategy and volumeClaimTemplates", () => {
    const pvc: Field[] = [
      [1, objectMeta("data")],
      [2, [[1, "ReadWriteOnce"], [2, [[2, entry("storage", [[1, "1Gi"]])]]], [3, ""], [5, "local"]]],
      [3, [[1, ""]]],
    ];
    const spec: Field[] = [
      [1, 3],
      [2, [[1, entry("app", "db")]]],
      [3, [[1, objectMeta("", { app: "db" })], [2, [[2, [[1, "db"], [2, "postgres"]]]]]]],
      [4, pvc],
      [5, "db"],
      [6, "Parallel"],
      [7, [[1, "RollingUpdate"], [2, [[1, 1]]]]],
      [9, 0],
    ];
    const { object, skipped } = decodeKubeProtobuf(envelope("apps/v1", "StatefulSet", msg([1, objectMeta("db")], [2, spec])));
    expect(skipped).toEqual([]);
    expect(object.spec).toEqual({
      replicas: 3,
      selector: { matchLabels: { app: "db" } },
      template: { metadata: { labels: { app: "db" } }, spec: { containers: [{ name: "db", image: "postgres" }] } },
      volumeClaimTemplates: [
        {
          metadata: { name: "data" },
          spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, storageClassName: "local" },
          status: {},
        },
      ],
      serviceName: "db",
      podManagementPolicy: "Parallel",
      updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 1 } },
    });
  });

  it("reads a Service's IntOrString target ports, leaving out an unset one", () => {
    const port = (name: string, p: number, target: Field[]): Field => [1, [[1, name], [2, "TCP"], [3, p], [4, target], [5, 0]]];
    const spec: Field[] = [
      port("a", 80, [[1, 0], [2, 8080], [3, ""]]),
      port("b", 81, [[1, 1], [2, 0], [3, "http"]]),
      port("c", 82, [[1, 0], [2, 0], [3, ""]]),
      [2, entry("app", "web")],
      [3, ""],
      [4, "NodePort"],
    ];
    const { object } = decodeKubeProtobuf(envelope("v1", "Service", msg([1, objectMeta("web")], [2, spec], [3, [[1, []]]])));
    expect(object.spec).toEqual({
      ports: [
        { name: "a", protocol: "TCP", port: 80, targetPort: 8080 },
        { name: "b", protocol: "TCP", port: 81, targetPort: "http" },
        { name: "c", protocol: "TCP", port: 82 },
      ],
      selector: { app: "web" },
      type: "NodePort",
    });
    expect(object.status).toEqual({ loadBalancer: {} });
  });

  it("reads a Node's unschedulable flag, taints with times, and metadata times and owner references", () => {
    const meta: Field[] = [
      ...objectMeta("n1"),
      [9, [[1, 1_700_000_000], [2, 5]]],
      [13, [[1, "ReplicaSet"], [3, "rs"], [4, "u"], [5, "apps/v1"], [6, true]]],
      [14, "example.com/f"],
    ];
    const spec: Field[] = [[1, ""], [4, true], [5, [[1, "k"], [2, "v"], [3, "NoSchedule"], [4, [[1, 86400]]]]]];
    const { object } = decodeKubeProtobuf(envelope("v1", "Node", msg([1, meta], [2, spec])));
    expect(object).toEqual({
      apiVersion: "v1",
      kind: "Node",
      metadata: {
        name: "n1",
        deletionTimestamp: "2023-11-14T22:13:20Z",
        ownerReferences: [{ kind: "ReplicaSet", name: "rs", uid: "u", apiVersion: "apps/v1", controller: true }],
        finalizers: ["example.com/f"],
      },
      spec: { unschedulable: true, taints: [{ key: "k", value: "v", effect: "NoSchedule", timeAdded: "1970-01-02T00:00:00Z" }] },
    });
  });

  it("reads managedFields' FieldsV1 as the JSON object it holds", () => {
    const fieldsV1 = Buffer.from(JSON.stringify({ "f:data": { "f:a": {} } }));
    const meta: Field[] = [[1, "cm"], [17, [[1, "kubectl"], [2, "Update"], [3, "v1"], [4, [[1, 0]]], [6, "FieldsV1"], [7, [[1, fieldsV1]]]]]];
    const { object } = decodeKubeProtobuf(envelope("v1", "ConfigMap", msg([1, meta])));
    expect(object.metadata).toEqual({
      name: "cm",
      managedFields: [{ manager: "kubectl", operation: "Update", apiVersion: "v1", time: "1970-01-01T00:00:00Z", fieldsType: "FieldsV1", fieldsV1: { "f:data": { "f:a": {} } } }],
    });
  });

  it("refuses a body without the k8s\\0 magic (400)", () => {
    for (const body of [Buffer.from('{"kind":"Pod"}'), Buffer.alloc(0), Buffer.from("k8s")]) {
      expect(() => decodeKubeProtobuf(body)).toThrow(BadRequestError);
      expect(() => decodeKubeProtobuf(body)).toThrow(/does not start with "k8s\\0"/);
    }
  });

  it("refuses a truncated or malformed body (400)", () => {
    const good = envelope("v1", "ConfigMap", msg([1, objectMeta("cm")], [2, entry("a", "1")]));
    expect(() => decodeKubeProtobuf(good.subarray(0, good.length - 3))).toThrow(/truncated/);
    expect(() => decodeKubeProtobuf(Buffer.concat([KUBE_PROTOBUF_MAGIC, Buffer.from([0x0b])]))).toThrow(BadRequestError);
    expect(() => decodeKubeProtobuf(Buffer.concat([KUBE_PROTOBUF_MAGIC, Buffer.from([0x08, 0xff, 0xff])]))).toThrow(/truncated/);
  });

  it("refuses a kind, an apiVersion, or an encoding it has no schema for (415)", () => {
    const refused = (body: Buffer, pattern: RegExp) => {
      let err: unknown;
      try {
        decodeKubeProtobuf(body);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UnsupportedMediaTypeError);
      expect((err as UnsupportedMediaTypeError).status).toBe(415);
      expect((err as Error).message).toMatch(pattern);
    };
    refused(envelope("networking.k8s.io/v1", "Ingress", msg()), /cannot read Ingress \(networking.k8s.io\/v1\) as protobuf.*send it as JSON/);
    refused(envelope("apps/v1beta2", "Deployment", msg()), /Deployment \(apps\/v1beta2\)/);
    refused(envelope("v1", "ConfigMap", msg(), [[3, "gzip"]]), /content encoding "gzip"/);
    expect(() => decodeKubeProtobuf(envelope("", "", msg()))).toThrow(/names no kind/);
  });

  it("exports the content type and the kinds it reads", () => {
    expect(PROTOBUF_CONTENT_TYPE).toBe("application/vnd.kubernetes.protobuf");
    expect(protobufKinds()).toMatchObject({ Deployment: ["apps/v1"], Secret: ["v1"], DeleteOptions: "*", Eviction: ["policy/v1", "policy/v1beta1"] });
  });
});

describe("schema", () => {
  it("parses every message and refers only to messages it has", () => {
    for (const name of Object.keys(MESSAGES)) expect(() => messageSchema(name)).not.toThrow();
  });
});

describe("formatDuration", () => {
  it("writes Go's time.Duration strings", () => {
    expect(formatDuration(0n)).toBe("0s");
    expect(formatDuration(1_500_000_000n)).toBe("1.5s");
    expect(formatDuration(90_000_000_000n)).toBe("1m30s");
    expect(formatDuration(3_600_000_000_000n)).toBe("1h0m0s");
    expect(formatDuration(300_000_000n)).toBe("300ms");
    expect(formatDuration(1_500n)).toBe("1.5µs");
    expect(formatDuration(-2_000_000_000n)).toBe("-2s");
  });
});

// Bodies the real kubectl (v1.32) sent, captured by a plain-HTTP proxy in front of `skiff server`;
// beside each, what `kubectl ... --dry-run=client -o json` prints for the same command (the JSON
// it would send), or for DeleteOptions the JSON a typed client sends. kubectl 1.32 writes the
// zero `creationTimestamp` as null; the decoder leaves it out (as newer Kubernetes' omitzero does).
//   create-deployment                 kubectl create deployment hello --image=x -- sleep 1000
//   create-deployment-replicas-port   kubectl create deployment web2 --image=nginx --replicas=3 --port=80
//   create-configmap                  kubectl create configmap cm1 --from-literal=a=1 --from-literal=b=two
//   create-configmap-from-file        kubectl create configmap cm2 --from-file=blob=<bytes 00 ff 10 "bin"> --from-file=greeting.txt
//   create-secret-generic             kubectl create secret generic s1 --from-literal=user=admin --from-literal=pw=p@ss
//   create-secret-generic-type        kubectl create secret generic s2 --from-literal=k=v --type=kubernetes.io/basic-auth
//   create-namespace                  kubectl create namespace ns1
//   create-service-clusterip          kubectl create service clusterip svc1 --tcp=80:8080
//   create-service-nodeport           kubectl create service nodeport np1 --tcp=81:8081 --node-port=30081
//   create-job                        kubectl create job j1 --image=busybox -- echo hi
//   create-cronjob                    kubectl create cronjob cj1 --image=busybox --schedule='*/1 * * * *' -- echo hi
//   drain-delete-pod                  kubectl drain n1 --force (no eviction API: DELETE pod)
//   drain-delete-pod-grace-period     kubectl drain n1 --force --disable-eviction --grace-period=7
describe("bodies the real kubectl sent", () => {
  const dir = new URL("./fixtures/", import.meta.url);
  const names = readdirSync(dir)
    .filter((f) => f.endsWith(".pb"))
    .map((f) => f.slice(0, -3));

  it("has the fixtures", () => {
    expect(names.length).toBeGreaterThanOrEqual(13);
  });

  it.each(names)("%s decodes to the JSON kubectl would send", (name) => {
    const body = readFileSync(new URL(`${name}.pb`, dir));
    const want = withoutNullTimestamps(JSON.parse(readFileSync(new URL(`${name}.json`, dir), "utf8")));
    const { object, skipped } = decodeKubeProtobuf(body);
    expect(object).toEqual(want);
    expect(skipped).toEqual([]);
  });
});

function withoutNullTimestamps(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNullTimestamps);
  if (typeof v !== "object" || v === null) return v;
  return Object.fromEntries(
    Object.entries(v)
      .filter(([k, x]) => !(k === "creationTimestamp" && x === null))
      .map(([k, x]) => [k, withoutNullTimestamps(x)]),
  );
}
