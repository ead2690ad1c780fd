import { describe, expect, it } from "vitest";
import { defaultPullPolicy } from "./defaults.js";
import { validateObject } from "./validate.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

const container = { name: "web", image: "nginx:1.25" };
const template = { metadata: { labels: { app: "web" } }, spec: { containers: [container] } };
const selector = { matchLabels: { app: "web" } };

const defaultedContainer = { ...container, imagePullPolicy: "IfNotPresent" };
const defaultedPodSpec = { containers: [defaultedContainer], restartPolicy: "Always", terminationGracePeriodSeconds: 30 };
const defaultedTemplate = { ...template, spec: defaultedPodSpec };

const cases: [string, Obj, Obj][] = [
  [
    "Pod",
    { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [container] } },
    { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "default" }, spec: defaultedPodSpec },
  ],
  [
    "Deployment",
    { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d" }, spec: { selector, template } },
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "d", namespace: "default" },
      spec: {
        replicas: 1,
        selector,
        template: defaultedTemplate,
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } },
        minReadySeconds: 0,
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
      },
    },
  ],
  [
    "Deployment with Recreate",
    { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d" }, spec: { selector, template, strategy: { type: "Recreate" } } },
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "d", namespace: "default" },
      spec: { replicas: 1, selector, template: defaultedTemplate, strategy: { type: "Recreate" }, minReadySeconds: 0, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 },
    },
  ],
  [
    "ReplicaSet",
    { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "r", namespace: "prod" }, spec: { selector, template } },
    { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "r", namespace: "prod" }, spec: { replicas: 1, selector, template: defaultedTemplate } },
  ],
  [
    "StatefulSet",
    { apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "s" }, spec: { selector, template, serviceName: "s" } },
    {
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: { name: "s", namespace: "default" },
      spec: {
        replicas: 1,
        selector,
        template: defaultedTemplate,
        serviceName: "s",
        podManagementPolicy: "OrderedReady",
        updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 0 } },
        revisionHistoryLimit: 10,
        persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
      },
    },
  ],
  [
    "Service",
    { apiVersion: "v1", kind: "Service", metadata: { name: "s" }, spec: { selector: { app: "web" }, ports: [{ name: "http", port: 80 }, { name: "dns", port: 53, protocol: "UDP", targetPort: "dns" }] } },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "s", namespace: "default" },
      spec: {
        type: "ClusterIP",
        selector: { app: "web" },
        ports: [
          { name: "http", port: 80, protocol: "TCP", targetPort: 80 },
          { name: "dns", port: 53, protocol: "UDP", targetPort: "dns" },
        ],
      },
    },
  ],
  [
    "Secret with stringData",
    { apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, data: { user: "YWRtaW4=", password: "b2xk" }, stringData: { password: "s3cr€t" } },
    { apiVersion: "v1", kind: "Secret", metadata: { name: "s", namespace: "default" }, type: "Opaque", data: { user: "YWRtaW4=", password: "czNjcuKCrHQ=" } },
  ],
  [
    "Namespace (cluster-scoped: no namespace)",
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "team", namespace: "" } },
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "team" } },
  ],
];

describe("defaults", () => {
  it.each(cases)("%s", (_, raw, expected) => {
    expect(validateObject(raw).object).toEqual(expected);
  });

  it.each(cases)("%s: defaulting is idempotent", (_, raw) => {
    const once = validateObject(raw).object;
    const twice = validateObject(once).object;
    expect(twice).toEqual(once);
    expect(validateObject(twice).object).toEqual(once);
  });

  it("fills in probes, ports, volumes and quantities", () => {
    const raw = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p" },
      spec: {
        volumes: [{ name: "cfg", configMap: { name: "cfg" } }, { name: "tmp" }],
        containers: [
          {
            name: "web",
            image: "registry.local:5000/web",
            ports: [{ containerPort: 8080, name: "http" }],
            resources: { requests: { cpu: 0.5, memory: "64Mi" } },
            livenessProbe: { httpGet: { port: "http" } },
            readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 5 },
            volumeMounts: [{ name: "cfg", mountPath: "/etc/web" }],
          },
        ],
      },
    };
    const spec = validateObject(raw).object.spec as Obj;
    const c = spec.containers[0];
    expect(c.imagePullPolicy).toBe("Always");
    expect(c.ports).toEqual([{ containerPort: 8080, name: "http", protocol: "TCP" }]);
    expect(c.resources).toEqual({ requests: { cpu: "0.5", memory: "64Mi" } });
    const probe = { initialDelaySeconds: 0, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 };
    expect(c.livenessProbe).toEqual({ httpGet: { port: "http", path: "/", scheme: "HTTP" }, periodSeconds: 10, ...probe });
    expect(c.readinessProbe).toEqual({ tcpSocket: { port: 8080 }, periodSeconds: 5, ...probe });
    expect(spec.volumes).toEqual([
      { name: "cfg", configMap: { name: "cfg", defaultMode: 0o644 } },
      { name: "tmp", emptyDir: {} },
    ]);
  });

  it.each([
    ["nginx", "Always"],
    ["nginx:latest", "Always"],
    ["nginx:1.25", "IfNotPresent"],
    ["registry.local:5000/web", "Always"],
    ["registry.local:5000/web:v2", "IfNotPresent"],
    ["nginx@sha256:abc", "IfNotPresent"],
    ["nginx:latest@sha256:abc", "Always"],
  ])("image %s pulls %s", (image, policy) => {
    expect(defaultPullPolicy(image)).toBe(policy);
  });

  it("keeps what the user set", () => {
    const raw = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "d" },
      spec: { replicas: 0, selector, template, strategy: { rollingUpdate: { maxSurge: 0 } }, revisionHistoryLimit: 0 },
    };
    const spec = validateObject(raw).object.spec as Obj;
    expect(spec.replicas).toBe(0);
    expect(spec.revisionHistoryLimit).toBe(0);
    expect(spec.strategy).toEqual({ type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: "25%" } });
  });
});
