import { describe, expect, it } from "vitest";
import type { ApiObject, Container, EnvFromSource, EnvVar } from "@skiff/api";
import { resolveEnv, type EnvInput } from "./env.js";
import { expand } from "./expansion.js";
import { makePod } from "./testing.js";

const b64 = (s: string) => Buffer.from(s).toString("base64");
const configs = new Map<string, ApiObject>([
  ["ConfigMap/default/app-config", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "app-config" }, data: { mode: "prod", "bad key": "x", "1st": "y", level: "$(MODE)" } } as ApiObject],
  ["Secret/default/db", { apiVersion: "v1", kind: "Secret", metadata: { name: "db" }, data: { password: b64("s3cr3t"), user: b64("app") } } as ApiObject],
]);

function run(env: EnvVar[] = [], more: Partial<Container> & { envFrom?: EnvFromSource[] } = {}) {
  const pod = makePod("web", { nodeName: "n1", containers: [{ env, ...more }] }, { uid: "u-1" });
  pod.metadata.labels = { app: "web" };
  pod.metadata.annotations = { "team.io/owner": "ops" };
  const input: EnvInput = { pod, container: pod.spec.containers[0]!, configs, nodeName: "n1", podIP: "10.1.0.7", hostIP: "127.0.0.2", capacity: { cpuMilli: 4000, memoryBytes: 8 * 2 ** 30 } };
  return resolveEnv(input);
}
const envOf = (env: EnvVar[], more: Parameters<typeof run>[1] = {}) => {
  const r = run(env, more);
  if (!r.ok) throw new Error(r.message);
  return r.env;
};
const errorOf = (env: EnvVar[], more: Parameters<typeof run>[1] = {}) => {
  const r = run(env, more);
  return r.ok ? undefined : r.message;
};

describe("expand ($(VAR), Kubernetes' rules)", () => {
  const vars: Record<string, string> = { A: "a", B: "b", EMPTY: "" };
  it.each([
    ["$(A)", "a"],
    ["x$(A)y$(B)z", "xaybz"],
    ["$(EMPTY)!", "!"],
    ["$(UNKNOWN)", "$(UNKNOWN)"],
    ["$$(A)", "$(A)"],
    ["$$$(A)", "$a"],
    ["$$", "$"],
    ["$A", "$A"],
    ["$", "$"],
    ["a$", "a$"],
    ["$(A", "$(A"],
    ["$()", "$()"],
    ["$(A)$(B", "a$(B"],
    ["(A)", "(A)"],
  ])("%s -> %s", (input, want) => {
    expect(expand(input, (n) => vars[n])).toBe(want);
  });
});

describe("resolveEnv", () => {
  it.each<[string, EnvVar[], string[]]>([
    ["a plain value", [{ name: "A", value: "1" }], ["A=1"]],
    ["an empty value", [{ name: "A", value: "" }], ["A="]],
    ["a ConfigMap key", [{ name: "M", valueFrom: { configMapKeyRef: { name: "app-config", key: "mode" } } }], ["M=prod"]],
    ["a Secret key, decoded", [{ name: "P", valueFrom: { secretKeyRef: { name: "db", key: "password" } } }], ["P=s3cr3t"]],
    ["a missing optional ConfigMap: left out", [{ name: "M", valueFrom: { configMapKeyRef: { name: "nope", key: "k", optional: true } } }], []],
    ["a missing optional key: left out", [{ name: "P", valueFrom: { secretKeyRef: { name: "db", key: "nope", optional: true } } }], []],
    ["metadata.name", [{ name: "X", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }], ["X=web"]],
    ["metadata.namespace", [{ name: "X", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } }], ["X=default"]],
    ["metadata.uid", [{ name: "X", valueFrom: { fieldRef: { fieldPath: "metadata.uid" } } }], ["X=u-1"]],
    ["a label", [{ name: "X", valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } }], ["X=web"]],
    ["an annotation", [{ name: "X", valueFrom: { fieldRef: { fieldPath: "metadata.annotations['team.io/owner']" } } }], ["X=ops"]],
    ["a missing label: empty", [{ name: "X", valueFrom: { fieldRef: { fieldPath: "metadata.labels['nope']" } } }], ["X="]],
    ["spec.nodeName", [{ name: "X", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } }], ["X=n1"]],
    ["status.podIP", [{ name: "X", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } }], ["X=10.1.0.7"]],
    ["status.hostIP", [{ name: "X", valueFrom: { fieldRef: { fieldPath: "status.hostIP" } } }], ["X=127.0.0.2"]],
    ["an earlier variable", [{ name: "A", value: "x" }, { name: "B", value: "$(A)-y" }], ["A=x", "B=x-y"]],
    ["a later variable is not known yet", [{ name: "B", value: "$(A)" }, { name: "A", value: "x" }], ["B=$(A)", "A=x"]],
    ["$$ escapes", [{ name: "A", value: "x" }, { name: "B", value: "$$(A)" }], ["A=x", "B=$(A)"]],
    ["valueFrom results are not expanded", [{ name: "L", valueFrom: { configMapKeyRef: { name: "app-config", key: "level" } } }], ["L=$(MODE)"]],
    ["a later definition replaces an earlier one, in place", [{ name: "A", value: "1" }, { name: "B", value: "2" }, { name: "A", value: "3" }], ["A=3", "B=2"]],
  ])("%s", (_, env, want) => {
    expect(envOf(env)).toEqual(want);
  });

  it.each<[string, string | number | undefined, Container["resources"], string]>([
    ["limits.cpu", undefined, { limits: { cpu: "500m" } }, "1"],
    ["limits.cpu", "1m", { limits: { cpu: "500m" } }, "500"],
    ["limits.cpu", undefined, undefined, "4"], // the node's capacity
    ["limits.memory", "1Mi", { limits: { memory: "64Mi" } }, "64"],
    ["limits.memory", "1Mi", { limits: { memory: "1500Ki" } }, "2"], // rounded up
    ["limits.memory", "1Gi", undefined, "8"],
    ["requests.cpu", "1m", { requests: { cpu: "250m" } }, "250"],
    ["requests.cpu", "1m", { limits: { cpu: "300m" } }, "300"], // defaults to the limit
    ["requests.memory", undefined, undefined, "0"],
  ])("resourceFieldRef %s / %s", (resource, divisor, resources, want) => {
    const ref = divisor === undefined ? { resource } : { resource, divisor: String(divisor) };
    expect(envOf([{ name: "R", valueFrom: { resourceFieldRef: ref } }], resources ? { resources } : {})).toEqual([`R=${want}`]);
  });

  it("takes envFrom first (with prefix, skipping invalid names), then env over it", () => {
    const r = run([{ name: "P_mode", value: "override" }, { name: "X", value: "$(P_mode)/$(S_user)" }], {
      envFrom: [{ prefix: "P_", configMapRef: { name: "app-config" } }, { prefix: "S_", secretRef: { name: "db" } }],
    });
    expect(r).toMatchObject({ ok: true, env: ["P_mode=override", "P_1st=y", "P_level=$(MODE)", "S_password=s3cr3t", "S_user=app", "X=override/app"] });
    expect(r.ok && r.warnings).toEqual([
      "Keys [P_bad key] from the EnvFrom configMap default/app-config were skipped since they are considered invalid environment variable names.",
    ]);
  });

  it("skips a key that is not a valid name without a prefix (a leading digit)", () => {
    const r = run([], { envFrom: [{ configMapRef: { name: "app-config" } }] });
    expect(r.ok && r.env).toEqual(["mode=prod", "level=$(MODE)"]);
    expect(r.ok && r.warnings[0]).toContain("Keys [1st, bad key]");
  });

  it("expands command and args with the final environment", () => {
    const r = run([{ name: "A", value: "x" }], { command: ["echo", "$(A)", "$$(A)", "$(NOPE)"], args: ["$(A)$(A)"] });
    expect(r).toMatchObject({ ok: true, command: ["echo", "x", "$(A)", "$(NOPE)"], args: ["xx"] });
  });

  it.each<[string, EnvVar[], EnvFromSource[], string]>([
    ["a missing ConfigMap", [{ name: "M", valueFrom: { configMapKeyRef: { name: "nope", key: "k" } } }], [], 'configmap "nope" not found'],
    ["a missing Secret", [{ name: "P", valueFrom: { secretKeyRef: { name: "nope", key: "k" } } }], [], 'secret "nope" not found'],
    ["a missing Secret key", [{ name: "P", valueFrom: { secretKeyRef: { name: "db", key: "token" } } }], [], "couldn't find key token in Secret default/db"],
    ["a missing ConfigMap key", [{ name: "M", valueFrom: { configMapKeyRef: { name: "app-config", key: "nope" } } }], [], "couldn't find key nope in ConfigMap default/app-config"],
    ["a missing envFrom ConfigMap", [], [{ configMapRef: { name: "nope" } }], 'configmap "nope" not found'],
    ["a missing envFrom Secret", [], [{ secretRef: { name: "nope" } }], 'secret "nope" not found'],
  ])("%s is an error naming it (never a value)", (_, env, envFrom, message) => {
    expect(errorOf(env, { envFrom })).toBe(message);
  });

  it("a missing optional envFrom source is skipped", () => {
    expect(envOf([], { envFrom: [{ secretRef: { name: "nope", optional: true } }] })).toEqual([]);
  });
});
