import { describe, expect, it } from "vitest";
import { newCluster, nothingToStart, operatorProcess, planStart } from "./plan.js";
import type { LocalProcess } from "./state.js";

const cluster = () =>
  newCluster({ dir: "/tmp/c", port: 7443, agents: 2, nodePrefix: "node", clientConfig: "/home/u/.skiff/config", kubeListen: "127.0.0.1:0" });
const running = (...names: string[]) => (p: LocalProcess) => names.includes(p.name);

describe("newCluster", () => {
  it("records the server and one agent per node, none started, each with the arguments that start it", () => {
    const c = cluster();
    expect(c.server).toBe("127.0.0.1:7443");
    expect(c.processes.map((p) => [p.name, p.pid, p.address])).toEqual([
      ["server", 0, undefined],
      ["node-1", 0, "127.0.0.2"],
      ["node-2", 0, "127.0.0.3"],
    ]);
    expect(c.processes[0]!.args).toEqual(["server", "--data-dir", "/tmp/c/data", "--listen", "127.0.0.1:7443", "--client-config", "/home/u/.skiff/config", "--kube-listen", "127.0.0.1:0"]);
    expect(c.processes[2]!.args).toEqual([
      "agent", "--server", "127.0.0.1:7443", "--name", "node-2", "--address", "127.0.0.3",
      "--token-file", "/tmp/c/join-token", "--state-dir", "/tmp/c/agents/node-2",
    ]);
    expect(c.processes[1]!.log).toBe("/tmp/c/node-1.log");
  });
});

describe("newCluster with a scheduler config", () => {
  it("passes --scheduler-config to the server, and nothing of it to the agents", () => {
    const c = newCluster({ dir: "/tmp/c", port: 7443, agents: 1, nodePrefix: "node", clientConfig: "/home/u/.skiff/config", kubeListen: "127.0.0.1:0", schedulerConfig: "/home/u/sched.yaml" });
    expect(c.processes[0]!.args?.slice(-2)).toEqual(["--scheduler-config", "/home/u/sched.yaml"]);
    expect(c.processes[1]!.args).not.toContain("--scheduler-config");
  });
});

describe("planStart", () => {
  it("starts everything in a new cluster, the server apart (first)", () => {
    const plan = planStart(cluster(), running());
    expect(plan.servers.map((p) => p.name)).toEqual(["server"]);
    expect(plan.etcd).toEqual([]);
    expect(plan.agents.map((p) => p.name)).toEqual(["node-1", "node-2"]);
  });

  it("does nothing when every process runs", () => {
    expect(nothingToStart(planStart(cluster(), running("server", "node-1", "node-2")))).toBe(true);
  });

  it("starts only the killed agent", () => {
    const plan = planStart(cluster(), running("server", "node-1"));
    expect(plan.servers).toEqual([]);
    expect(plan.agents.map((p) => p.name)).toEqual(["node-2"]);
    expect(nothingToStart(plan)).toBe(false);
  });

  it("starts only the server when it alone is gone (its agents reconnect by themselves)", () => {
    const plan = planStart(cluster(), running("node-1", "node-2"));
    expect(plan.servers.map((p) => p.name)).toEqual(["server"]);
    expect(plan.agents).toEqual([]);
  });

  it("tells the server from the agents in a cluster.json from before roles were recorded", () => {
    const c = cluster();
    for (const p of c.processes) delete p.role;
    const plan = planStart(c, running());
    expect(plan.servers.map((p) => p.name)).toEqual(["server"]);
    expect(plan.agents.map((p) => p.name)).toEqual(["node-1", "node-2"]);
  });

  it("cannot start a process recorded without its arguments (a cluster.json from an older skiff)", () => {
    const c = cluster();
    delete c.processes[1]!.args;
    const plan = planStart(c, running("server", "node-2"));
    expect(plan.unknown.map((p) => p.name)).toEqual(["node-1"]);
    expect(plan.agents).toEqual([]);
    expect(nothingToStart(planStart(c, running("server", "node-1", "node-2")))).toBe(true);
  });

  it("starts the operator (--with-operator) apart from the agents, and only when it is not running", () => {
    const c = cluster();
    c.processes.push(operatorProcess(c.dir, "/repo/examples/dist/operators/website/main.js"));
    const plan = planStart(c, running("server", "node-1", "node-2"));
    expect(plan.agents).toEqual([]);
    expect(plan.programs.map((p) => [p.name, p.program, p.log])).toEqual([["operator", "/repo/examples/dist/operators/website/main.js", "/tmp/c/operator.log"]]);
    expect(nothingToStart(planStart(c, running("server", "node-1", "node-2", "operator")))).toBe(true);
  });
});
