// The invariant every caller relies on: whatever the input, validateObject returns or throws a
// ValidationError that describes the input (never a crash, never "could not validate").
import fc from "fast-check";
import { expect, it } from "vitest";
import { ValidationError } from "./errors.js";
import { KINDS } from "./kinds.js";
import { validateObject } from "./validate.js";
import { mutate } from "./test-mutate.js";

const nginx = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", labels: { app: "web" } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "In", values: ["a"] }] },
    strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: "10%" } },
    template: {
      metadata: { labels: { app: "web", tier: "a" } },
      spec: {
        volumes: [{ name: "v", configMap: { name: "c", items: [{ key: "k", path: "p" }] } }],
        containers: [
          {
            name: "web",
            image: "nginx",
            ports: [{ containerPort: 80, name: "http" }],
            env: [{ name: "A", valueFrom: { secretKeyRef: { name: "s", key: "k" } } }],
            resources: { requests: { cpu: "100m" }, limits: { memory: "1Gi" } },
            livenessProbe: { httpGet: { port: "http" } },
            volumeMounts: [{ name: "v", mountPath: "/v" }],
          },
        ],
      },
    },
  },
};


function check(raw: unknown): void {
  try {
    validateObject(raw);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as Error).message).not.toContain("could not validate");
  }
}

const weird = fc.anything({ withNullPrototype: true, withObjectString: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withSparseArray: true, maxDepth: 4 });

it("never throws anything but a ValidationError, on anything", () => {
  fc.assert(fc.property(weird, check), { numRuns: 500 });
});

it("never throws anything but a ValidationError, on a Deployment with one value replaced", () => {
  fc.assert(
    fc.property(fc.array(fc.nat(), { maxLength: 9 }), weird, (path, value) => check(mutate(nginx, path, value))),
    { numRuns: 2000 },
  );
});

it("never throws anything but a ValidationError, on any kind with arbitrary content", () => {
  const kind = fc.constantFrom(...KINDS);
  fc.assert(
    fc.property(kind, fc.dictionary(fc.string(), weird), weird, (k, body, spec) =>
      check({ ...body, apiVersion: k.apiVersion, kind: k.kind, metadata: { name: "x" }, spec }),
    ),
    { numRuns: 500 },
  );
});

it("copes with huge strings", () => {
  const huge = "A".repeat(10 * 1024 * 1024);
  check({ ...nginx, metadata: { name: huge, labels: { [huge]: huge } } });
  check({ ...nginx, kind: huge });
  check({ ...nginx, [huge]: 1 });
  check(mutate(nginx, [3, 2, 3, 0, 0, 1], huge));
});
