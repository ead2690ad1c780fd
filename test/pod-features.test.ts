// What a pod gets from Docker: a shared localhost, published host ports, limits, exit codes,
// OOMKilled, the engine's own words for failures, restart policies, graceful stops.
import { execFile } from "node:child_process";
import { createServer, type Server } from "node:net";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Pod } from "@skiff/api";
import { TEST_IMAGE, TestCluster, busyboxPod, eventually } from "./support/cluster.js";
import { freePort } from "./support/skiff.js";

const exec = promisify(execFile);
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
const pod = (name: string, containers: Record<string, unknown>[], spec: Record<string, unknown> = {}) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name },
  spec: { terminationGracePeriodSeconds: 2, containers: containers.map((c) => ({ image: TEST_IMAGE, ...c })), ...spec },
});
const waitPhase = (name: string, phase: string, timeoutMs = 20_000) =>
  eventually(async () => {
    const p = await getPod(name);
    if (p.status?.phase !== phase) throw new Error(`${name}: phase ${p.status?.phase}, want ${phase}`);
    return p;
  }, timeoutMs);
const mainState = async (name: string) => (await getPod(name)).status?.containerStatuses?.find((c) => c.name === "main");

describe("pods on Docker", () => {
  it("containers of one pod share localhost", async () => {
    await apply(
      pod("duo", [
        { name: "server", command: ["sh", "-c", "echo shared > /www/index.html; httpd -f -p 8080 -h /www"] },
        { name: "client", command: ["sh", "-c", "sleep 1; timeout 5 wget -qO- http://127.0.0.1:8080/; sleep 3600"] },
      ]),
    );
    await waitPhase("duo", "Running");
    await eventually(async () => {
      const r = await cluster.skiff(["logs", "duo", "-c", "client"]);
      if (!r.stdout.includes("shared")) throw new Error(r.stdout + r.stderr);
    });
  });

  it("a hostPort is published on the node's address", async () => {
    const port = await freePort();
    const address = cluster.agents[0]?.address ?? "";
    await apply(
      pod("web", [{ name: "main", command: ["sh", "-c", "echo published > /www/index.html; httpd -f -p 8080 -h /www"], ports: [{ containerPort: 8080, hostPort: port }] }]),
    );
    await waitPhase("web", "Running");
    const body = await eventually(async () => {
      const res = await fetch(`http://${address}:${port}/`);
      return res.text();
    });
    expect(body.trim()).toBe("published");
  });

  it("limits become Docker's memory and CPU limits", async () => {
    await apply(pod("limited", [{ name: "main", command: ["sleep", "3600"], resources: { limits: { memory: "64Mi", cpu: "500m" } } }]));
    await waitPhase("limited", "Running");
    const [main] = await cluster.containers({ "skiff.pod.name": "limited", "skiff.container": "main" });
    const { stdout } = await exec("docker", ["inspect", "--format", "{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}}", main?.id ?? ""]);
    expect(stdout.trim()).toBe(`${64 * 1024 * 1024} 500000000`);
  });

  it("a container killed for memory is OOMKilled, with its exit code", async () => {
    await apply(
      pod("hungry", [{ name: "main", command: ["sh", "-c", "head -c 64m /dev/zero | tail"], resources: { limits: { memory: "8Mi" } } }], { restartPolicy: "Never" }),
    );
    await waitPhase("hungry", "Failed");
    const terminated = (await mainState("hungry"))?.state?.terminated;
    expect(terminated?.reason).toBe("OOMKilled");
    expect(terminated?.exitCode).toBe(137);
  });

  it("a command that does not exist: the engine's message in the status", async () => {
    await apply(pod("badcmd", [{ name: "main", command: ["nosuchcmd"] }]));
    const waiting = await eventually(async () => {
      const w = (await mainState("badcmd"))?.state?.waiting;
      if (!w?.message?.includes("executable file not found")) throw new Error(JSON.stringify(w));
      return w;
    });
    expect(["RunContainerError", "CrashLoopBackOff"]).toContain(waiting.reason);
  });

  it("a host port someone else holds: the engine's message in the status", async () => {
    const port = await freePort();
    const address = cluster.agents[0]?.address ?? "";
    const squatter: Server = createServer();
    await new Promise<void>((res) => squatter.listen(port, address, res));
    try {
      await apply(pod("clash", [{ name: "main", command: ["sleep", "3600"], ports: [{ containerPort: 80, hostPort: port }] }]));
      await eventually(async () => {
        const p = await getPod("clash");
        const text = JSON.stringify(p.status);
        if (!/address already in use|port is already allocated/.test(text)) throw new Error(text);
      });
    } finally {
      squatter.close();
    }
  });

  it("restartPolicy OnFailure: exit 0 is Succeeded; Never: exit 3 is Failed with the code", async () => {
    await apply(pod("done", [{ name: "main", command: ["true"] }], { restartPolicy: "OnFailure" }));
    await apply(pod("broken", [{ name: "main", command: ["sh", "-c", "exit 3"] }], { restartPolicy: "Never" }));
    await waitPhase("done", "Succeeded");
    await waitPhase("broken", "Failed");
    expect((await mainState("done"))?.state?.terminated?.reason).toBe("Completed");
    expect((await mainState("broken"))?.state?.terminated).toMatchObject({ exitCode: 3, reason: "Error" });
    expect((await mainState("broken"))?.restartCount).toBe(0);
  });

  it("deleting a pod that ignores SIGTERM stops it after terminationGracePeriodSeconds", async () => {
    await apply(pod("stubborn", [{ name: "main", command: ["sh", "-c", "trap '' TERM; while true; do sleep 1; done"] }]));
    await waitPhase("stubborn", "Running");
    const t0 = Date.now();
    await cluster.skiff(["delete", "pod", "stubborn"]);
    await eventually(async () => {
      if ((await cluster.containers({ "skiff.pod.name": "stubborn" })).length) throw new Error("still there");
    }, 20_000);
    const took = Date.now() - t0;
    expect(took).toBeGreaterThan(1_500); // it waited for the 2 s grace period
    expect(took).toBeLessThan(12_000);
  });
});

export { busyboxPod };
