import { describe, expect, it } from "vitest";
import type { Pod } from "./types.js";
import { podConfigRefs } from "./config-refs.js";

describe("podConfigRefs", () => {
  it("collects ConfigMaps and Secrets from env, envFrom and volumes; required wins", () => {
    const pod: Pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p", namespace: "shop" },
      spec: {
        containers: [
          {
            name: "a",
            image: "i",
            env: [
              { name: "U", valueFrom: { secretKeyRef: { name: "creds", key: "user" } } },
              { name: "C", valueFrom: { configMapKeyRef: { name: "cfg", key: "c", optional: true } } },
            ],
            envFrom: [{ configMapRef: { name: "cfg" } }, { secretRef: { name: "extra", optional: true } }],
          },
        ],
        volumes: [{ name: "v", secret: { secretName: "creds" } }, { name: "w", configMap: { name: "files", optional: true } }],
      },
    };
    expect(podConfigRefs(pod)).toEqual([
      { kind: "Secret", namespace: "shop", name: "creds", optional: false },
      { kind: "ConfigMap", namespace: "shop", name: "cfg", optional: false },
      { kind: "Secret", namespace: "shop", name: "extra", optional: true },
      { kind: "ConfigMap", namespace: "shop", name: "files", optional: true },
    ]);
  });

  it("collects the pod's PersistentVolumeClaims, always required", () => {
    const pod: Pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "db-0", namespace: "shop" },
      spec: { containers: [{ name: "db", image: "i" }], volumes: [{ name: "data", persistentVolumeClaim: { claimName: "data-db-0" } }] },
    };
    expect(podConfigRefs(pod)).toEqual([{ kind: "PersistentVolumeClaim", namespace: "shop", name: "data-db-0", optional: false }]);
  });
});
