import { describe, expect, it } from "vitest";
import type { ApiObject } from "@skiff/api";
import { describeObject } from "./index.js";

const secret: ApiObject = {
  apiVersion: "v1",
  kind: "Secret",
  type: "Opaque",
  metadata: { name: "db", namespace: "default", labels: { app: "db" }, creationTimestamp: "2024-05-01T12:00:00Z" },
  data: { password: Buffer.from("hunter22").toString("base64"), user: Buffer.from("admin").toString("base64") },
};

describe("describe", () => {
  it("shows a Secret's key sizes and never its values", () => {
    const text = describeObject(secret);
    expect(text).toContain("password:  8 bytes");
    expect(text).toContain("user:      5 bytes");
    expect(text).not.toContain("hunter22");
    expect(text).not.toContain(Buffer.from("hunter22").toString("base64"));
    expect(text).not.toContain("admin");
  });

  it("starts with the metadata every object has, aligned", () => {
    const lines = describeObject(secret).split("\n");
    expect(lines.slice(0, 5)).toEqual([
      "Name:               db",
      "Namespace:          default",
      "Labels:             app=db",
      "Annotations:        <none>",
      "CreationTimestamp:  Wed, 01 May 2024 12:00:00 +0000",
    ]);
  });

  it("describes a Pod's containers, node and status", () => {
    const pod: ApiObject = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web", namespace: "default" },
      spec: {
        nodeName: "node-1",
        containers: [
          {
            name: "nginx",
            image: "nginx:1.25",
            ports: [{ containerPort: 80 }],
            env: [{ name: "MODE", value: "prod" }],
            resources: { limits: { cpu: "500m", memory: "128Mi" } },
          },
        ],
      },
      status: {
        phase: "Running",
        podIP: "10.1.0.5",
        conditions: [{ type: "Ready", status: "True" }],
        containerStatuses: [{ name: "nginx", ready: true, restartCount: 0, state: { running: { startedAt: "2024-05-01T12:00:00Z" } } }],
      },
    };
    const text = describeObject(pod);
    expect(text).toMatch(/^Node: +node-1$/m);
    expect(text).toMatch(/^Status: +Running$/m);
    expect(text).toMatch(/^IP: +10\.1\.0\.5$/m);
    expect(text).toMatch(/^ {2}nginx:$/m);
    expect(text).toMatch(/^ {4}Image: +nginx:1\.25$/m);
    expect(text).toMatch(/^ {4}Port: +80\/TCP$/m);
    expect(text).toMatch(/^ {4}Limits:\n {6}cpu: +500m$/m);
    expect(text).toMatch(/^ {4}Environment:\n {6}MODE: +prod$/m);
    expect(text).toMatch(/^ {2}Ready +True$/m);
  });

  it("describes a Deployment's replicas and strategy", () => {
    const text = describeObject({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "default" },
      spec: { replicas: 3, selector: { matchLabels: { app: "web" } }, template: { spec: { containers: [{ name: "c", image: "nginx" }] } } },
      status: { replicas: 3, updatedReplicas: 3, availableReplicas: 2, unavailableReplicas: 1 },
    });
    expect(text).toMatch(/^Replicas: +3 desired \| 3 updated \| 3 total \| 2 available \| 1 unavailable$/m);
    expect(text).toMatch(/^StrategyType: +RollingUpdate$/m);
    expect(text).toMatch(/^Selector: +app=web$/m);
    expect(text).toMatch(/Image: +nginx$/m);
  });
});
