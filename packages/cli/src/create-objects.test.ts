import { describe, expect, it } from "vitest";
import type { ApiObject } from "@skiff/api";
import { configMapFrom, containerNameFor, cronJobFrom, deploymentFrom, parseFileSource, parseLiteral, podFrom, secretFrom, serviceFor } from "./create-objects.js";

describe("kubectl's generators", () => {
  it.each([
    ["nginx", "nginx"],
    ["nginx:1.27", "nginx"],
    ["docker.io/library/redis:7@sha256:abc", "redis"],
    ["localhost:5000/My_App:v1", "my-app"],
  ])("names a container after image %s", (image, name) => {
    expect(containerNameFor(image)).toBe(name);
  });

  it("create deployment: labels app=NAME, a container per image, the command on the only one", () => {
    const d = deploymentFrom("web", "ns", { images: ["nginx:1", "redis"], replicas: 2, port: 80, command: [] });
    expect(d.metadata.labels).toEqual({ app: "web" });
    expect(d.spec.selector).toEqual({ matchLabels: { app: "web" } });
    expect(d.spec.template.spec.containers.map((c) => c.name)).toEqual(["nginx", "redis"]);
    expect(d.spec.template.spec.containers[0]?.ports).toEqual([{ containerPort: 80 }]);
    expect(deploymentFrom("w", "ns", { images: ["busybox"], replicas: 1, command: ["sleep", "1"] }).spec.template.spec.containers[0]?.command).toEqual(["sleep", "1"]);
    expect(() => deploymentFrom("w", "ns", { images: ["a", "b"], replicas: 1, command: ["x"] })).toThrow("cannot specify multiple --image options and command");
    expect(() => deploymentFrom("w", "ns", { images: [], replicas: 1, command: [] })).toThrow('required flag(s) "image" not set');
  });

  it("create cronjob: a container named after the CronJob, OnFailure by default", () => {
    const cj = cronJobFrom("tick", "ns", { image: "busybox", schedule: "*/1 * * * *", restart: "OnFailure", command: ["date"] });
    expect(cj.spec.schedule).toBe("*/1 * * * *");
    expect(cj.spec.jobTemplate.spec.template.spec).toEqual({ containers: [{ name: "tick", image: "busybox", command: ["date"] }], restartPolicy: "OnFailure" });
    expect(() => cronJobFrom("t", "ns", { image: "b", schedule: "", restart: "OnFailure", command: [] })).toThrow('required flag(s) "schedule" not set');
    expect(() => cronJobFrom("t", "ns", { image: "b", schedule: "@hourly", restart: "Always", command: [] })).toThrow("invalid restart policy: Always");
  });

  it("configmap: text in data, bytes in binaryData; duplicate and bad keys refused", () => {
    const cm = configMapFrom("c", "ns", [parseLiteral("mode=prod=1"), { key: "blob", value: Buffer.from([0xff, 0x00]) }]);
    expect(cm.data).toEqual({ mode: "prod=1" });
    expect(cm.binaryData).toEqual({ blob: "/wA=" });
    expect(() => configMapFrom("c", "ns", [parseLiteral("a=1"), parseLiteral("a=2")])).toThrow('cannot add key "a", another key by that name already exists in Data for ConfigMap');
    expect(() => configMapFrom("c", "ns", [{ key: "a/b", value: Buffer.from("") }])).toThrow('"a/b" is not a valid key name for a ConfigMap');
    expect(() => parseLiteral("novalue")).toThrow("invalid literal source novalue, expected key=value");
  });

  it("secret generic: base64 data, an optional type", () => {
    expect(secretFrom("s", "ns", [parseLiteral("password=s3cret")], "Opaque")).toEqual({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "s", namespace: "ns" },
      type: "Opaque",
      data: { password: "czNjcmV0" },
    });
  });

  it("reads [KEY=]PATH", () => {
    expect(parseFileSource("conf/app.yaml")).toEqual({ path: "conf/app.yaml" });
    expect(parseFileSource("cfg=conf/app.yaml")).toEqual({ key: "cfg", path: "conf/app.yaml" });
    expect(() => parseFileSource("cfg=")).toThrow("key names or file paths cannot be empty");
  });

  it("run: one pod labelled run=NAME, args or --command", () => {
    const p = podFrom("once", "ns", { image: "busybox", env: ["A=1"], restart: "Never", command: true, args: ["sh", "-c", "echo"] });
    expect(p.metadata.labels).toEqual({ run: "once" });
    expect(p.spec.restartPolicy).toBe("Never");
    expect(p.spec.containers[0]).toEqual({ name: "once", image: "busybox", command: ["sh", "-c", "echo"], env: [{ name: "A", value: "1" }] });
    expect(podFrom("w", "ns", { image: "nginx", labels: "app=w,tier=f", env: [], restart: "Always", command: false, args: ["-g"] }).spec.containers[0]?.args).toEqual(["-g"]);
    expect(() => podFrom("w", "ns", { image: "", env: [], restart: "Always", command: false, args: [] })).toThrow('required flag(s) "image" not set');
  });

  it("expose: the workload's matchLabels, the first container port by default", () => {
    const d = deploymentFrom("web", "ns", { images: ["nginx"], replicas: 1, port: 8080, command: [] }) as ApiObject;
    const svc = serviceFor(d, { protocol: "TCP" });
    expect(svc.metadata).toEqual({ name: "web", namespace: "ns", labels: { app: "web" } });
    expect(svc.spec).toEqual({ selector: { app: "web" }, ports: [{ port: 8080, protocol: "TCP" }] });
    expect(serviceFor(d, { port: 80, targetPort: "http", protocol: "TCP", type: "NodePort", name: "front" }).spec).toEqual({
      selector: { app: "web" },
      ports: [{ port: 80, protocol: "TCP", targetPort: "http" }],
      type: "NodePort",
    });
    const noPorts = deploymentFrom("x", "ns", { images: ["a"], replicas: 1, command: [] }) as ApiObject;
    expect(() => serviceFor(noPorts, { protocol: "TCP" })).toThrow("couldn't find port via --port flag or introspection");
  });
});
