import { describe, expect, it } from "vitest";
import { ValidationError } from "./errors.js";
import { validateObject, type ValidateOptions } from "./validate.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

/** The Deployment from the Kubernetes documentation (concepts/workloads/controllers/deployment). */
const nginx = (): Obj => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "nginx-deployment", labels: { app: "nginx" } },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: "nginx" } },
    template: {
      metadata: { labels: { app: "nginx" } },
      spec: { containers: [{ name: "nginx", image: "nginx:1.14.2", ports: [{ containerPort: 80 }] }] },
    },
  },
});

const pod = (): Obj => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web" },
  spec: { containers: [{ name: "web", image: "nginx" }] },
});

const service = (): Obj => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "web" },
  spec: { selector: { app: "web" }, ports: [{ port: 80 }] },
});

/** Every issue as `path: message`, or [] when the object is valid. */
function problems(raw: unknown, options?: ValidateOptions): string[] {
  try {
    validateObject(raw, options);
    return [];
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return e.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
  }
}

function edit(base: () => Obj, change: (o: Obj) => void): Obj {
  const o = base();
  change(o);
  return o;
}

const DNS_SUBDOMAIN =
  "must be a DNS-1123 subdomain: lower case alphanumeric characters, '-' or '.', starting and ending with an alphanumeric character";
const DNS_LABEL =
  "must be a DNS-1123 label: lower case alphanumeric characters or '-', starting and ending with an alphanumeric character";
const tpl = "spec.template.spec";

describe("valid objects", () => {
  it.each([
    ["the Kubernetes docs' nginx Deployment", nginx()],
    ["a plain Pod", pod()],
    ["a Service", service()],
    ["a ConfigMap", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg" }, data: { "app.yaml": "x: 1" } }],
    ["a Namespace", { apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a" } }],
    ["a Node", { apiVersion: "v1", kind: "Node", metadata: { name: "n1.local" }, spec: { taints: [{ key: "gpu", effect: "NoSchedule" }] } }],
    ["an Event", { apiVersion: "v1", kind: "Event", metadata: { name: "web.1" }, involvedObject: { kind: "Pod", name: "web" }, reason: "Scheduled", type: "Normal", count: 1 }],
    ["a ReplicaSet", edit(nginx, (o) => (o.kind = "ReplicaSet"))],
    [
      "a StatefulSet mounting its claim template",
      edit(nginx, (o) => {
        o.kind = "StatefulSet";
        o.spec.serviceName = "nginx";
        o.spec.volumeClaimTemplates = [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }];
        o.spec.template.spec.containers[0].volumeMounts = [{ name: "data", mountPath: "/data" }];
      }),
    ],
    ["Endpoints", { apiVersion: "v1", kind: "Endpoints", metadata: { name: "web" }, subsets: [{ addresses: [{ ip: "10.0.0.5", targetRef: { kind: "Pod", name: "web-1" } }], ports: [{ port: 80 }] }] }],
    ["server-set metadata", edit(pod, (o) => Object.assign(o.metadata, { uid: "u-1", resourceVersion: "42", generation: 2, creationTimestamp: "2024-01-01T00:00:00Z" }))],
    ["a status of any shape", edit(pod, (o) => (o.status = { phase: "Running", whatever: [1, { x: null }] }))],
    ["null fields, as unset (kubectl writes creationTimestamp: null)", edit(pod, (o) => Object.assign(o.metadata, { creationTimestamp: null, labels: null }))],
  ])("%s validates with no warnings", (_, raw) => {
    const { warnings } = validateObject(raw);
    expect(warnings).toEqual([]);
  });

  it("keeps a user's status as given", () => {
    const status = { phase: "Running", podIP: "10.0.0.5" };
    expect(validateObject(edit(pod, (o) => (o.status = status))).object.status).toEqual(status);
  });

  it("does not change its input", () => {
    const raw = nginx();
    const before = JSON.stringify(raw);
    validateObject(raw);
    expect(JSON.stringify(raw)).toBe(before);
  });
});

describe("invalid objects: every issue with its path", () => {
  it.each<[string, unknown, string[]]>([
    ["not an object", [1], ["expected an object with apiVersion, kind and metadata, got array"]],
    ["null", null, ["expected an object with apiVersion, kind and metadata, got null"]],
    ["no apiVersion or kind", { metadata: { name: "x" } }, ["kind: required", "apiVersion: required"]],
    ["kind is not a string", { apiVersion: "v1", kind: 3 }, ["kind: expected string, got number"]],
    [
      "an unknown kind",
      { apiVersion: "v1", kind: "Gizmo", metadata: { name: "x" } },
      ['kind: unknown kind "Gizmo": known kinds are Namespace, Node, Pod, Service, Endpoints, ConfigMap, Secret, Event, Deployment, ReplicaSet, StatefulSet, DaemonSet, ControllerRevision, Job, CronJob, PersistentVolume, PersistentVolumeClaim, StorageClass, PodDisruptionBudget, ResourceQuota, LimitRange, Lease, Role, ClusterRole, RoleBinding, ClusterRoleBinding, ServiceAccount, ValidatingWebhookConfiguration, MutatingWebhookConfiguration, CustomResourceDefinition'],
    ],
    ["a kind in lower case", edit(nginx, (o) => (o.kind = "deployment")), [expect.stringContaining('kind: unknown kind "deployment": did you mean "Deployment"?') as unknown as string]],
    ["the wrong apiVersion", edit(nginx, (o) => (o.apiVersion = "extensions/v1beta1")), ['apiVersion: must be "apps/v1" for kind Deployment, got "extensions/v1beta1"']],
    ["no metadata", edit(pod, (o) => delete o.metadata), ["metadata: required"]],
    ["no name", edit(pod, (o) => delete o.metadata.name), ["metadata.name: required"]],
    ["capitals in the name", edit(nginx, (o) => (o.metadata.name = "Nginx")), [`metadata.name: ${DNS_SUBDOMAIN}`]],
    ["a name too long", edit(pod, (o) => (o.metadata.name = "a".repeat(254))), ["metadata.name: must be no more than 253 characters"]],
    ["a dot in a Service name", edit(service, (o) => (o.metadata.name = "web.v1")), [`metadata.name: ${DNS_LABEL}`]],
    ["a namespace on a Namespace", { apiVersion: "v1", kind: "Namespace", metadata: { name: "a", namespace: "b" } }, ["metadata.namespace: must not be set: Namespace is not namespaced"]],
    ["a bad namespace", edit(pod, (o) => (o.metadata.namespace = "Team")), [`metadata.namespace: ${DNS_LABEL}`]],
    ["a number as a label value", edit(pod, (o) => (o.metadata.labels = { version: 1.0 })), ["metadata.labels.version: expected string, got number"]],
    ["a bad label key", edit(pod, (o) => (o.metadata.labels = { "my app": "x" })), [expect.stringMatching(/^metadata\.labels\["my app"\]: name part must consist/) as unknown as string]],
    ["a bad label value", edit(pod, (o) => (o.metadata.labels = { app: "has space" })), [expect.stringMatching(/^metadata\.labels\.app: a label value must be empty or/) as unknown as string]],
    ["a number as an annotation", edit(pod, (o) => (o.metadata.annotations = { note: 5 })), ["metadata.annotations.note: expected string, got number"]],
    ["generation as a string", edit(pod, (o) => (o.metadata.generation = "2")), ["metadata.generation: expected integer, got string"]],
    ["a missing image", edit(nginx, (o) => delete o.spec.template.spec.containers[0].image), [`${tpl}.containers[0].image: required`]],
    ["an empty image", edit(pod, (o) => (o.spec.containers[0].image = "")), ["spec.containers[0].image: required"]],
    ["an image of the wrong type", edit(pod, (o) => (o.spec.containers[0].image = 42)), ["spec.containers[0].image: expected string, got number"]],
    ["replicas as a string", edit(nginx, (o) => (o.spec.replicas = "3")), ["spec.replicas: expected integer, got string"]],
    ["negative replicas", edit(nginx, (o) => (o.spec.replicas = -1)), ["spec.replicas: must be greater than or equal to 0, got -1"]],
    ["fractional replicas", edit(nginx, (o) => (o.spec.replicas = 1.5)), ["spec.replicas: expected integer, got 1.5"]],
    ["containers not a list", edit(pod, (o) => (o.spec.containers = { name: "x" })), ["spec.containers: expected array, got object"]],
    ["no containers", edit(nginx, (o) => (o.spec.template.spec.containers = [])), [`${tpl}.containers: must have at least one container`]],
    ["no spec", edit(pod, (o) => delete o.spec), ["spec: required"]],
    [
      "two containers with one name",
      edit(pod, (o) => o.spec.containers.push({ name: "web", image: "x" })),
      ['spec.containers[1].name: duplicate container name "web"'],
    ],
    ["a container name with capitals", edit(pod, (o) => (o.spec.containers[0].name = "Web")), [`spec.containers[0].name: ${DNS_LABEL}`]],
    ["port 0", edit(nginx, (o) => (o.spec.template.spec.containers[0].ports[0].containerPort = 0)), [`${tpl}.containers[0].ports[0].containerPort: must be between 1 and 65535, got 0`]],
    ["port 70000", edit(nginx, (o) => (o.spec.template.spec.containers[0].ports[0].containerPort = 70000)), [`${tpl}.containers[0].ports[0].containerPort: must be between 1 and 65535, got 70000`]],
    ["a lower-case protocol", edit(pod, (o) => (o.spec.containers[0].ports = [{ containerPort: 80, protocol: "tcp" }])), ['spec.containers[0].ports[0].protocol: must be one of "TCP", "UDP", got "tcp"']],
    ["a bad restartPolicy", edit(pod, (o) => (o.spec.restartPolicy = "Sometimes")), ['spec.restartPolicy: must be one of "Always", "OnFailure", "Never", got "Sometimes"']],
    ["a workload that does not restart", edit(nginx, (o) => (o.spec.template.spec.restartPolicy = "Never")), [`${tpl}.restartPolicy: must be "Always" for a workload, got "Never"`]],
    ["a bad quantity", edit(pod, (o) => (o.spec.containers[0].resources = { requests: { cpu: "12x" } })), ['spec.containers[0].resources.requests.cpu: "12x" is not a valid quantity (examples: 500m, 0.5, 128Mi, 1G)']],
    ["a negative quantity", edit(pod, (o) => (o.spec.containers[0].resources = { limits: { memory: "-1Gi" } })), ["spec.containers[0].resources.limits.memory: must not be negative"]],
    ["a quantity of the wrong type", edit(pod, (o) => (o.spec.containers[0].resources = { limits: { memory: true } })), ["spec.containers[0].resources.limits.memory: expected quantity (a string like 500m or 128Mi, or a number), got boolean"]],
    ["requests above limits", edit(pod, (o) => (o.spec.containers[0].resources = { requests: { cpu: "2" }, limits: { cpu: "500m" } })), ["spec.containers[0].resources.requests.cpu: must be less than or equal to the cpu limit (500m)"]],
    ["a selector that misses the template", edit(nginx, (o) => (o.spec.selector.matchLabels.app = "web")), ["spec.selector: does not match template labels"]],
    ["an empty selector", edit(nginx, (o) => (o.spec.selector = {})), ["spec.selector: must not be empty (it would select every pod)"]],
    ["no selector", edit(nginx, (o) => delete o.spec.selector), ["spec.selector: required"]],
    ["In without values", edit(nginx, (o) => (o.spec.selector = { matchExpressions: [{ key: "app", operator: "In" }] })), ['spec.selector.matchExpressions[0].values: must be specified when operator is "In"']],
    ["maxSurge and maxUnavailable both 0", edit(nginx, (o) => (o.spec.strategy = { rollingUpdate: { maxSurge: 0, maxUnavailable: "0%" } })), ["spec.strategy.rollingUpdate.maxUnavailable: may not be 0 when maxSurge is 0"]],
    ["a bad maxSurge", edit(nginx, (o) => (o.spec.strategy = { rollingUpdate: { maxSurge: "many" } })), ['spec.strategy.rollingUpdate.maxSurge: must be an integer or a percentage like "25%", got "many"']],
    ["maxUnavailable over 100%", edit(nginx, (o) => (o.spec.strategy = { rollingUpdate: { maxUnavailable: "150%" } })), ["spec.strategy.rollingUpdate.maxUnavailable: must not be greater than 100%"]],
    ["maxSurge of the wrong type", edit(nginx, (o) => (o.spec.strategy = { rollingUpdate: { maxSurge: true } })), ["spec.strategy.rollingUpdate.maxSurge: expected integer or string, got boolean"]],
    ["Recreate with rollingUpdate", edit(nginx, (o) => (o.spec.strategy = { type: "Recreate", rollingUpdate: { maxSurge: 1 } })), ['spec.strategy.rollingUpdate: may not be specified when strategy type is "Recreate"']],
    ["a probe with two handlers", edit(pod, (o) => (o.spec.containers[0].readinessProbe = { exec: { command: ["true"] }, tcpSocket: { port: 80 } })), ["spec.containers[0].readinessProbe: must specify exactly one handler: exec, httpGet, tcpSocket (found exec and tcpSocket)"]],
    ["a liveness probe with successThreshold 2", edit(pod, (o) => (o.spec.containers[0].livenessProbe = { tcpSocket: { port: "http" }, successThreshold: 2 })), ["spec.containers[0].livenessProbe.successThreshold: must be 1"]],
    ["an env var with value and valueFrom", edit(pod, (o) => (o.spec.containers[0].env = [{ name: "A", value: "x", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }])), ["spec.containers[0].env[0].valueFrom: may not be specified when `value` is not empty"]],
    ["an env var with no source", edit(pod, (o) => (o.spec.containers[0].env = [{ name: "A", valueFrom: {} }])), ["spec.containers[0].env[0].valueFrom: must specify exactly one source: configMapKeyRef, secretKeyRef, fieldRef, resourceFieldRef (found none)"]],
    ["a mount of a missing volume", edit(pod, (o) => (o.spec.containers[0].volumeMounts = [{ name: "data", mountPath: "/data" }])), ['spec.containers[0].volumeMounts[0].name: volume "data" not found']],
    ["a volume with two sources", edit(pod, (o) => (o.spec.volumes = [{ name: "v", emptyDir: {}, hostPath: { path: "/tmp" } }])), ["spec.volumes[0]: may not specify more than one volume source (found emptyDir and hostPath)"]],
    ["a Service without ports", edit(service, (o) => (o.spec.ports = [])), ["spec.ports: must have at least one port"]],
    ["a Service port without a number", edit(service, (o) => (o.spec.ports = [{ name: "http" }])), ["spec.ports[0].port: required"]],
    ["a nodePort on a ClusterIP Service", edit(service, (o) => (o.spec.ports[0].nodePort = 30080)), ['spec.ports[0].nodePort: may only be used when type is "NodePort", not "ClusterIP"']],
    ["a nodePort out of range", edit(service, (o) => Object.assign(o.spec, { type: "NodePort", ports: [{ port: 80, nodePort: 8080 }] })), ["spec.ports[0].nodePort: must be between 30000 and 32767, got 8080"]],
    ["a LoadBalancer Service", edit(service, (o) => (o.spec.type = "LoadBalancer")), ['spec.type: must be one of "ClusterIP", "NodePort", got "LoadBalancer"']],
    ["two unnamed Service ports", edit(service, (o) => o.spec.ports.push({ port: 443 })), ["spec.ports[0].name: required when a Service has more than one port", "spec.ports[1].name: required when a Service has more than one port"]],
    ["a ConfigMap key with a slash", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { "a/b": "x" } }, ["data[\"a/b\"]: invalid key: must consist of alphanumeric characters, '-', '_' or '.'"]],
    ["Secret data that is not base64", { apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, data: { password: "hunter2" } }, ["data.password: must be base64-encoded"]],
    ["a negative partition", edit(nginx, (o) => Object.assign(o, { kind: "StatefulSet" }) && (o.spec.updateStrategy = { rollingUpdate: { partition: -1 } })), ["spec.updateStrategy.rollingUpdate.partition: must be greater than or equal to 0, got -1"]],
    ["an endpoint that is not an IP", { apiVersion: "v1", kind: "Endpoints", metadata: { name: "e" }, subsets: [{ addresses: [{ ip: "web" }] }] }, ["subsets[0].addresses[0].ip: must be a valid IP address"]],
    ["an Event without its object", { apiVersion: "v1", kind: "Event", metadata: { name: "e" } }, ["involvedObject: required"]],
    ["a taint with a bad effect", { apiVersion: "v1", kind: "Node", metadata: { name: "n" }, spec: { taints: [{ key: "k", effect: "Never" }] } }, ['spec.taints[0].effect: must be one of "NoSchedule", "PreferNoSchedule", "NoExecute", got "Never"']],
    [
      "several problems at once",
      edit(nginx, (o) => {
        o.metadata.name = "Nginx";
        o.spec.replcas = 2;
        o.spec.replicas = "3";
        delete o.spec.template.spec.containers[0].image;
      }),
      [
        'spec.replcas: unknown field, did you mean "replicas"?',
        `metadata.name: ${DNS_SUBDOMAIN}`,
        "spec.replicas: expected integer, got string",
        `${tpl}.containers[0].image: required`,
      ],
    ],
  ])("%s", (_, raw, expected) => {
    expect(problems(raw)).toEqual(expected);
  });

  it("names the source in the message", () => {
    const raw = edit(pod, (o) => delete o.spec.containers[0].image);
    expect(() => validateObject(raw, { source: "web.yaml (document 2)" })).toThrow(
      "web.yaml (document 2): spec.containers[0].image: required",
    );
  });
});
