import { describe, expect, it } from "vitest";
import type { ContainerPort } from "@skiff/api";
import type { PublishedPort } from "../runtime/runtime.js";
import { dnsConfig, hostPortsStatus, portBindings } from "./pod-network.js";
import { infraConfig, infraSpecHash } from "./translate.js";
import { infraInfo, makePod } from "./testing.js";
import { LABELS } from "./labels.js";

const NET = { name: "skiff-n1", gateway: "10.244.6.1", nodeIndex: 3 };
const podWith = (...ports: ContainerPort[][]) => makePod("web", { containers: ports.map((p) => ({ ports: p })) });

describe("port publishing", () => {
  it.each<[string, ContainerPort[][], boolean, ReturnType<typeof portBindings>]>([
    ["default bridge: only hostPorts", [[{ containerPort: 80 }, { containerPort: 81, hostPort: 8081 }]], false, [{ containerPort: 81, protocol: "TCP", hostPort: 8081, hostIP: "127.0.0.4" }]],
    [
      "node network: every port, a free one when no hostPort",
      [[{ containerPort: 80 }, { containerPort: 81, hostPort: 8081 }], [{ containerPort: 53, protocol: "UDP" }]],
      true,
      [
        { containerPort: 80, protocol: "TCP", hostPort: 0, hostIP: "127.0.0.4" },
        { containerPort: 81, protocol: "TCP", hostPort: 8081, hostIP: "127.0.0.4" },
        { containerPort: 53, protocol: "UDP", hostPort: 0, hostIP: "127.0.0.4" },
      ],
    ],
    ["a port's own hostIP wins", [[{ containerPort: 80, hostIP: "0.0.0.0" }]], true, [{ containerPort: 80, protocol: "TCP", hostPort: 0, hostIP: "0.0.0.0" }]],
    ["one port named by two containers: one binding", [[{ containerPort: 80 }], [{ containerPort: 80 }]], true, [{ containerPort: 80, protocol: "TCP", hostPort: 0, hostIP: "127.0.0.4" }]],
  ])("%s", (_name, ports, publishAll, want) => {
    expect(portBindings(podWith(...ports), "127.0.0.4", publishAll)).toEqual(want);
  });
});

describe("the infra container on the node network", () => {
  const pod = makePod("web", { containers: [{ ports: [{ containerPort: 8080 }] }] });

  it("joins the network with the agent's DNS, the namespace's search path and ndots:5", () => {
    expect(infraConfig(pod, "n1", "pause", { hostIP: "127.0.0.4", network: NET })).toMatchObject({
      networkMode: "skiff-n1",
      dns: ["10.244.6.1"],
      dnsSearch: ["default.svc.cluster.local", "svc.cluster.local", "cluster.local"],
      dnsOptions: ["ndots:5"],
      portBindings: [{ containerPort: 8080, protocol: "TCP", hostPort: 0, hostIP: "127.0.0.4" }],
    });
    expect(dnsConfig(makePod("db", {}, {}), NET).dnsSearch[0]).toBe("default.svc.cluster.local");
  });

  it("stays on Docker's default bridge without a network", () => {
    const config = infraConfig(pod, "n1", "pause", { hostIP: "127.0.0.4" });
    expect(config.networkMode).toBeUndefined();
    expect(config.dns).toBeUndefined();
    expect(config.portBindings).toBeUndefined();
  });

  it("has the same spec hash on either network: a pod made before the network is adopted, not restarted", () => {
    const onBridge = infraConfig(pod, "n1", "pause", {});
    const onNetwork = infraConfig(pod, "n1", "pause", { network: NET, hostIP: "127.0.0.4" });
    expect(onNetwork.labels[LABELS.specHash]).toBe(onBridge.labels[LABELS.specHash]);
    expect(onNetwork.labels[LABELS.specHash]).toBe(infraSpecHash(pod));
  });
});

describe("status.hostPorts", () => {
  const pod = podWith([{ containerPort: 8080 }, { containerPort: 9090 }], [{ containerPort: 53, protocol: "UDP" }]);
  const infra = (ports: PublishedPort[]) => ({ ...infraInfo(pod), ports });

  it.each<[string, PublishedPort[], ReturnType<typeof hostPortsStatus>]>([
    ["nothing published", [], []],
    [
      "in the spec's order, with the protocol",
      [
        { containerPort: 53, protocol: "UDP", hostIP: "127.0.0.4", hostPort: 40001 },
        { containerPort: 8080, protocol: "TCP", hostIP: "127.0.0.4", hostPort: 40000 },
      ],
      [
        { containerPort: 8080, protocol: "TCP", hostIP: "127.0.0.4", hostPort: 40000 },
        { containerPort: 53, protocol: "UDP", hostIP: "127.0.0.4", hostPort: 40001 },
      ],
    ],
    [
      "IPv4 first; every address becomes the node's",
      [
        { containerPort: 8080, protocol: "TCP", hostIP: "::", hostPort: 40000 },
        { containerPort: 8080, protocol: "TCP", hostIP: "0.0.0.0", hostPort: 40000 },
      ],
      [{ containerPort: 8080, protocol: "TCP", hostIP: "127.0.0.9", hostPort: 40000 }],
    ],
    ["a published port not in the spec is left out", [{ containerPort: 7070, protocol: "TCP", hostIP: "127.0.0.4", hostPort: 1 }], []],
  ])("%s", (_name, ports, want) => {
    expect(hostPortsStatus(pod, infra(ports), "127.0.0.9")).toEqual(want);
  });
});
