// Unknown fields: Kubernetes fields skiff does not support are dropped with a warning (errors
// when strict); fields that are not Kubernetes at all are errors with a suggestion.
import { describe, expect, it } from "vitest";
import { ValidationError } from "./errors.js";
import { validateObject } from "./validate.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

const deployment = (podSpec: Obj = {}, container: Obj = {}): Obj => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web" },
  spec: {
    selector: { matchLabels: { app: "web" } },
    template: {
      metadata: { labels: { app: "web" } },
      spec: { ...podSpec, containers: [{ name: "web", image: "nginx:1.25", ...container }] },
    },
  },
});

function issuesOf(raw: unknown, strict = false): string[] {
  try {
    validateObject(raw, { strict });
    return [];
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return e.issues.map((i) => `${i.path}: ${i.message}`);
  }
}

describe("Kubernetes fields skiff does not support", () => {
  it.each<[string, Obj, string]>([
    ["pod affinity", deployment({ affinity: { nodeAffinity: {} } }), "spec.template.spec.affinity"],
    ["a security context", deployment({ securityContext: { runAsUser: 1000 } }), "spec.template.spec.securityContext"],
    ["the deprecated serviceAccount (serviceAccountName is supported)", deployment({ serviceAccount: "robot" }), "spec.template.spec.serviceAccount"],
    ["init containers", deployment({ initContainers: [{ name: "init", image: "busybox" }] }), "spec.template.spec.initContainers"],
    ["host aliases", deployment({ hostAliases: [] }), "spec.template.spec.hostAliases"],
    ["dnsPolicy", deployment({ dnsPolicy: "ClusterFirst" }), "spec.template.spec.dnsPolicy"],
    ["a priority class", deployment({ priorityClassName: "high" }), "spec.template.spec.priorityClassName"],
    ["topology spread", deployment({ topologySpreadConstraints: [] }), "spec.template.spec.topologySpreadConstraints"],
    ["a container security context", deployment({}, { securityContext: {} }), "spec.template.spec.containers[0].securityContext"],
    ["a postStart hook", deployment({}, { lifecycle: { postStart: { exec: { command: ["true"] } } } }), "spec.template.spec.containers[0].lifecycle.postStart"],
    ["a preStop sleep", deployment({}, { lifecycle: { preStop: { exec: { command: ["true"] }, sleep: { seconds: 5 } } } }), "spec.template.spec.containers[0].lifecycle.preStop.sleep"],
    ["stdin", deployment({}, { stdin: true }), "spec.template.spec.containers[0].stdin"],
    ["tty", deployment({}, { tty: true }), "spec.template.spec.containers[0].tty"],
    ["a gRPC probe", deployment({}, { livenessProbe: { tcpSocket: { port: 80 }, grpc: { port: 80 } } }), "spec.template.spec.containers[0].livenessProbe.grpc"],
    ["sessionAffinity", { apiVersion: "v1", kind: "Service", metadata: { name: "s" }, spec: { ports: [{ port: 80 }], sessionAffinity: "None" } }, "spec.sessionAffinity"],
  ])("%s: warned and removed", (_, raw, path) => {
    const { object, warnings } = validateObject(raw);
    expect(warnings).toEqual([`${path}: not supported by skiff, ignored`]);
    expect(JSON.stringify(object)).not.toContain(path.split(".").pop() as string);
  });

  it("a preStop hook (exec or httpGet) is supported: kept, no warning", () => {
    for (const preStop of [{ exec: { command: ["sh", "-c", "sleep 1"] } }, { httpGet: { path: "/drain", port: 8080 } }]) {
      const { object, warnings } = validateObject(deployment({}, { lifecycle: { preStop } }));
      expect(warnings).toEqual([]);
      expect(JSON.stringify(object)).toContain(JSON.stringify(preStop).slice(1, -1));
    }
  });

  it("a preStop hook needs exactly one handler, named in the error", () => {
    expect(issuesOf(deployment({}, { lifecycle: { preStop: {} } }))).toEqual(["spec.template.spec.containers[0].lifecycle.preStop: must specify exactly one handler: exec, httpGet (found none)"]);
  });

  it.each<[string, Obj, string]>([
    ["pod affinity", deployment({ affinity: {} }), "spec.template.spec.affinity"],
    ["tty", deployment({}, { tty: true }), "spec.template.spec.containers[0].tty"],
  ])("%s: an error when strict", (_, raw, path) => {
    expect(issuesOf(raw, true)).toEqual([`${path}: not supported by skiff (strict mode)`]);
  });

  it("keeps a pod whose only volume source is unsupported, as an emptyDir", () => {
    const raw = deployment({ volumes: [{ name: "shared", nfs: { server: "nfs", path: "/" } }] });
    const { object, warnings } = validateObject(raw);
    expect(warnings).toEqual(["spec.template.spec.volumes[0].nfs: not supported by skiff, ignored"]);
    expect((object.spec as Obj).template.spec.volumes).toEqual([{ name: "shared", emptyDir: {} }]);
  });

  it("Deployment spec.paused is supported", () => {
    const raw = deployment();
    raw.spec.paused = true;
    expect(validateObject(raw).warnings).toEqual([]);
  });
});

describe("fields that are not Kubernetes", () => {
  it.each<[string, Obj, string[]]>([
    ["a typo in spec", { ...deployment(), spec: { ...deployment().spec, replcas: 3 } }, ['spec.replcas: unknown field, did you mean "replicas"?']],
    ["an invented metadata field", { ...deployment(), metadata: { name: "web", colour: "blue" } }, ["metadata.colour: unknown field"]],
    ["a wrong case", deployment({}, { ImagePullPolicy: "Always" }), ['spec.template.spec.containers[0].ImagePullPolicy: unknown field, did you mean "imagePullPolicy"?']],
    ["a near-miss of an unsupported field", deployment({ afinity: {} }), ['spec.template.spec.afinity: unknown field, did you mean "affinity"?']],
    ["a top-level typo", { ...deployment(), sepc: {} }, ['sepc: unknown field, did you mean "spec"?']],
    ["a field inside a port", deployment({}, { ports: [{ containerPort: 80, hostport: 8080 }] }), ['spec.template.spec.containers[0].ports[0].hostport: unknown field, did you mean "hostPort"?']],
    ["__proto__", JSON.parse('{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","__proto__":{"x":1}},"spec":{"containers":[{"name":"a","image":"b"}]}}') as Obj, ["metadata.__proto__: unknown field"]],
  ])("%s", (_, raw, expected) => {
    expect(issuesOf(raw)).toEqual(expected);
    expect(issuesOf(raw, true)).toEqual(expected);
  });

  it("reports unknown fields even when other fields are invalid", () => {
    const raw = deployment({ nodeSelector: { zone: 1 } }, { image: 5, colour: "red" });
    expect(issuesOf(raw)).toEqual([
      "spec.template.spec.containers[0].colour: unknown field",
      "spec.template.spec.containers[0].image: expected string, got number",
      "spec.template.spec.nodeSelector.zone: expected string, got number",
    ]);
  });
});
