// Objects the patch tests start from, and a guard that a patch never changes its inputs.
import type { JsonObject } from "./json.js";

/** A Deployment with one container `web` (env A and B, one port), as kubectl would have created it. */
export function deployment(): JsonObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "default", uid: "u-1", resourceVersion: "7", labels: { app: "web" } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: "web" } },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } },
      template: {
        metadata: { labels: { app: "web" }, annotations: { team: "a" } },
        spec: {
          containers: [
            {
              name: "web",
              image: "nginx:1.25",
              args: ["-g", "daemon off;"],
              env: [
                { name: "A", value: "1" },
                { name: "B", value: "2" },
              ],
              ports: [{ containerPort: 80, protocol: "TCP" }],
            },
          ],
        },
      },
    },
    status: { replicas: 2, conditions: [{ type: "Available", status: "True" }] },
  };
}

/** Freezes a value all the way down, so that any write to it in a test throws. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
