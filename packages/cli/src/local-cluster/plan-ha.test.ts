import { describe, expect, it } from "vitest";
import { haPorts, newHaCluster } from "./plan-ha.js";
import { nothingToStart, planStart, toStart } from "./plan.js";
import type { LocalProcess } from "./state.js";

const cluster = () =>
  newHaCluster({ dir: "/tmp/ha", ...haPorts(7444, 12379), agents: 2, nodePrefix: "ha-node", clientConfig: "/home/u/.skiff/config", kubeListen: "127.0.0.1:6444" });
const running = (...names: string[]) => (p: LocalProcess) => names.includes(p.name);
const argAfter = (p: LocalProcess, flag: string) => p.args![p.args!.indexOf(flag) + 1];

describe("haPorts", () => {
  it("gives the servers consecutive ports and each etcd member a client and a peer port", () => {
    expect(haPorts(7444, 12379)).toEqual({
      serverPorts: [7444, 7445, 7446],
      etcdPorts: [{ client: 12379, peer: 12380 }, { client: 12381, peer: 12382 }, { client: 12383, peer: 12384 }],
    });
  });
});

describe("newHaCluster", () => {
  it("records 3 etcd members, 3 servers and the agents, none started, in the order they start", () => {
    const c = cluster();
    expect(c.processes.map((p) => [p.name, p.role, p.pid])).toEqual([
      ["etcd-1", "etcd", 0], ["etcd-2", "etcd", 0], ["etcd-3", "etcd", 0],
      ["server-1", "server", 0], ["server-2", "server", 0], ["server-3", "server", 0],
      ["ha-node-1", "agent", 0], ["ha-node-2", "agent", 0],
    ]);
    expect(c.server).toBe("127.0.0.1:7444,127.0.0.1:7445,127.0.0.1:7446");
    expect(c.etcd).toEqual(["http://127.0.0.1:12379", "http://127.0.0.1:12381", "http://127.0.0.1:12383"]);
  });

  it("makes the etcd members one cluster of three, each with its data dir under the cluster's dir", () => {
    const [e1, e2] = cluster().processes;
    const initial = "etcd-1=http://127.0.0.1:12380,etcd-2=http://127.0.0.1:12382,etcd-3=http://127.0.0.1:12384";
    expect(argAfter(e1!, "--initial-cluster")).toBe(initial);
    expect(argAfter(e2!, "--initial-cluster")).toBe(initial);
    expect(argAfter(e2!, "--data-dir")).toBe("/tmp/ha/etcd/etcd-2");
    expect(argAfter(e2!, "--listen-client-urls")).toBe("http://127.0.0.1:12381");
    expect(argAfter(e2!, "--listen-peer-urls")).toBe("http://127.0.0.1:12382");
    expect(argAfter(e1!, "--initial-cluster-token")).toMatch(/^skiff-[0-9a-f]{12}$/);
    expect(argAfter(e1!, "--initial-cluster-token")).not.toBe(argAfter(newHaCluster({ ...haArgs(), dir: "/tmp/other" }).processes[0]!, "--initial-cluster-token"));
  });

  it("puts every server on all three members with the shared cluster key; only the first writes the user's client config", () => {
    const servers = cluster().processes.filter((p) => p.role === "server");
    for (const s of servers) {
      expect(argAfter(s, "--etcd-endpoints")).toBe("http://127.0.0.1:12379,http://127.0.0.1:12381,http://127.0.0.1:12383");
      expect(argAfter(s, "--encryption-key-file")).toBe("/tmp/ha/cluster.key");
    }
    expect(argAfter(servers[0]!, "--client-config")).toBe("/home/u/.skiff/config");
    expect(argAfter(servers[1]!, "--client-config")).toBe("/tmp/ha/servers/server-2/client-config");
    expect(argAfter(servers[0]!, "--kube-listen")).toBe("127.0.0.1:6444");
    expect(argAfter(servers[2]!, "--kube-listen")).toBe("127.0.0.1:0");
    expect(argAfter(servers[2]!, "--data-dir")).toBe("/tmp/ha/servers/server-3");
  });

  it("gives the agents all three servers, and addresses apart from a plain cluster's (127.0.1.x)", () => {
    const agents = cluster().processes.filter((p) => p.role === "agent");
    expect(agents.map((p) => p.address)).toEqual(["127.0.1.2", "127.0.1.3"]);
    expect(argAfter(agents[0]!, "--server")).toBe("127.0.0.1:7444,127.0.0.1:7445,127.0.0.1:7446");
  });
});

describe("planStart on an --ha cluster", () => {
  const all = ["etcd-1", "etcd-2", "etcd-3", "server-1", "server-2", "server-3", "ha-node-1", "ha-node-2"];

  it("starts everything of a new one: etcd, then servers, then agents", () => {
    expect(toStart(planStart(cluster(), running())).map((p) => p.name)).toEqual(all);
  });

  it("starts only what is missing: a killed etcd member and a killed server", () => {
    const plan = planStart(cluster(), running(...all.filter((n) => n !== "etcd-2" && n !== "server-1")));
    expect(plan.etcd.map((p) => p.name)).toEqual(["etcd-2"]);
    expect(plan.servers.map((p) => p.name)).toEqual(["server-1"]);
    expect(plan.agents).toEqual([]);
  });

  it("does nothing when all runs", () => {
    expect(nothingToStart(planStart(cluster(), running(...all)))).toBe(true);
  });
});

function haArgs() {
  return { dir: "/tmp/ha", ...haPorts(7444, 12379), agents: 1, nodePrefix: "n", clientConfig: "/c", kubeListen: "127.0.0.1:0" };
}

describe("newHaCluster with a scheduler config", () => {
  it("passes --scheduler-config to every server (whichever leads schedules)", () => {
    const c = newHaCluster({ dir: "/tmp/ha", ...haPorts(7444, 12379), agents: 1, nodePrefix: "ha-node", clientConfig: "/home/u/.skiff/config", kubeListen: "127.0.0.1:6444", schedulerConfig: "/home/u/sched.yaml" });
    const servers = c.processes.filter((p) => p.role === "server");
    expect(servers).toHaveLength(3);
    for (const s of servers) expect(argAfter(s, "--scheduler-config")).toBe("/home/u/sched.yaml");
    expect(c.processes.filter((p) => p.role === "agent").every((p) => !p.args!.includes("--scheduler-config"))).toBe(true);
  });
});
