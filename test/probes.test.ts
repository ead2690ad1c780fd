// Probes on real Docker: the agent probes each pod from its own process (HTTP and TCP to the
// pod's IP, exec through the engine), and what they say becomes the containers' `ready`, the
// pod's Ready condition, and liveness restarts counted in RESTARTS.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Pod } from "@skiff/api";
import { TEST_IMAGE, TestCluster, eventually } from "./support/cluster.js";

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await TestCluster.start({ agents: 1 });
});
afterAll(async () => cluster?.dispose());

const getPod = (name: string) => cluster.client.pods.get(name) as Promise<Pod>;
const apply = async (obj: unknown) => {
  const r = await cluster.skiff(["apply", "-f", "-"], JSON.stringify(obj));
  expect(r.code, r.stderr).toBe(0);
};
const pod = (name: string, main: Record<string, unknown>) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name },
  spec: { terminationGracePeriodSeconds: 2, containers: [{ name: "main", image: TEST_IMAGE, ...main }] },
});
const ready = (p: Pod) => p.status?.conditions?.find((c) => c.type === "Ready")?.status;
const main = (p: Pod) => p.status?.containerStatuses?.find((c) => c.name === "main");
const logs = () => cluster.agents.map((a) => a.logs.slice(-4000)).join("\n");
const until = <T>(what: () => Promise<T>, timeoutMs = 30_000) => eventually(what, timeoutMs, logs);
const fast = { periodSeconds: 1, timeoutSeconds: 1, failureThreshold: 1 };

describe("probes", () => {
  it("a readiness probe (httpGet) keeps a running pod not Ready until its path answers", async () => {
    await apply(
      pod("late", {
        command: ["sh", "-c", "mkdir -p /www; httpd -p 8080 -h /www; sleep 5; echo ok > /www/ready; sleep 3600"],
        ports: [{ name: "http", containerPort: 8080 }],
        readinessProbe: { httpGet: { path: "/ready", port: "http" }, ...fast },
      }),
    );
    const running = await until(async () => {
      const p = await getPod("late");
      if (p.status?.phase !== "Running") throw new Error(`phase ${p.status?.phase}`);
      return p;
    });
    expect(ready(running)).toBe("False");
    expect(main(running)?.ready).toBe(false);
    await until(async () => {
      const p = await getPod("late");
      if (ready(p) !== "True") throw new Error(`Ready ${ready(p)}`);
    });
    const events = await cluster.skiff(["get", "events", "-o", "json"]);
    expect(events.stdout).toContain("Readiness probe failed: ");
  });

  it("a liveness probe that starts failing gets the container killed and restarted, counted in RESTARTS", async () => {
    await apply(
      pod("sick", {
        command: ["sh", "-c", "touch /tmp/healthy; sleep 3; rm /tmp/healthy; sleep 3600"],
        livenessProbe: { exec: { command: ["cat", "/tmp/healthy"] }, ...fast },
      }),
    );
    await until(async () => {
      const p = await getPod("sick");
      if ((main(p)?.restartCount ?? 0) < 1 || !main(p)?.state?.running) throw new Error(JSON.stringify(main(p)?.state));
    }, 60_000);
    const events = await cluster.skiff(["get", "events", "-o", "json"]);
    expect(events.stdout).toContain("Liveness probe failed: cat: can't open '/tmp/healthy'");
    expect(events.stdout).toContain("Container main failed liveness probe, will be restarted");
    const got = await cluster.skiff(["get", "pod", "sick"]);
    expect(got.stdout).toMatch(/sick\s+\S+\s+Running\s+[1-9]/);
  });

  it("a startup probe holds the liveness probe back until the container has started", async () => {
    await apply(
      pod("slow", {
        command: ["sh", "-c", "sleep 4; touch /tmp/started; sleep 3600"],
        startupProbe: { exec: { command: ["cat", "/tmp/started"] }, periodSeconds: 1, failureThreshold: 30 },
        // Without the gate, this would kill the container within a second of its start.
        livenessProbe: { exec: { command: ["cat", "/tmp/started"] }, ...fast },
      }),
    );
    const early = await until(async () => {
      const p = await getPod("slow");
      if (!main(p)?.state?.running) throw new Error("not running yet");
      return p;
    });
    expect(main(early)?.started).toBe(false);
    // An ungated liveness probe would have killed it within a second of its start, long before
    // the startup probe passes (4 s): the status that first says "started" comes after that.
    const started = await until(async () => {
      const p = await getPod("slow");
      if (!main(p)?.started || ready(p) !== "True") throw new Error(JSON.stringify(main(p)));
      return p;
    });
    expect(main(started)?.restartCount).toBe(0);
    expect(main(started)?.containerID).toBe(main(early)?.containerID);
  });

  it("a tcpSocket probe passes once the port accepts connections", async () => {
    await apply(
      pod("tcp", {
        command: ["sh", "-c", "sleep 3; exec nc -ll -p 9000 -e cat"],
        ports: [{ name: "echo", containerPort: 9000 }],
        readinessProbe: { tcpSocket: { port: "echo" }, ...fast },
      }),
    );
    const running = await until(async () => {
      const p = await getPod("tcp");
      if (p.status?.phase !== "Running") throw new Error(`phase ${p.status?.phase}`);
      return p;
    });
    expect(ready(running)).toBe("False");
    await until(async () => {
      const p = await getPod("tcp");
      if (ready(p) !== "True") throw new Error(`Ready ${ready(p)}`);
    });
  });
});
