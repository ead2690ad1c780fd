import { describe, expect, it } from "vitest";
import { containerImages, containerNames, dataCount, desiredReplicas, replicasReady } from "./workloads.js";

describe("workload cells", () => {
  it("prints READY as ready over desired, desired defaulting to 1", () => {
    expect(replicasReady({ spec: { replicas: 3 }, status: { readyReplicas: 2 } })).toBe("2/3");
    expect(replicasReady({})).toBe("0/1");
    expect(desiredReplicas({ spec: { replicas: 0 } })).toBe(0);
  });

  it("lays the template's containers and images out on one line", () => {
    const template = { spec: { containers: [{ name: "web", image: "nginx:1.27" }, { name: "log", image: "busybox" }] } };
    expect(containerNames(template)).toBe("web,log");
    expect(containerImages(template)).toBe("nginx:1.27,busybox");
    expect(containerNames(undefined)).toBe("");
  });

  it("counts a ConfigMap's or a Secret's keys", () => {
    expect(dataCount({ data: { a: "1", b: "2" }, binaryData: { c: "AA==" } })).toBe(3);
    expect(dataCount({})).toBe(0);
  });
});
