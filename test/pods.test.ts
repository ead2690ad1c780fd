// Pods really run: a 2-node cluster of real processes on the real Docker engine.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Pod } from "@skiff/api";
import { TEST_IMAGE, TestCluster, busyboxPod, eventually } from "./support/cluster.js";

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await TestCluster.start({ agents: 2 });
});
afterAll(async () => cluster?.dispose());

const getPod = (name: string) => cluster.client.pods.get(name) as Promise<Pod>;
const apply = async (obj: unknown) => {
  const r = await cluster.skiff(["apply", "-f", "-"], JSON.stringify(obj));
  expect(r.code, r.stderr).toBe(0);
};

describe("a pod on a 2-node cluster", () => {
  it("runs on one node within seconds, with node labels in Docker, logs, and is removed on delete", async () => {
    const started = Date.now();
    await apply(busyboxPod("hello", ["sh", "-c", "echo hello from skiff; sleep 3600"]));
    const pod = await eventually(async () => {
      const p = await getPod("hello");
      if (p.status?.phase !== "Running") throw new Error(`phase ${p.status?.phase}`);
      return p;
    });
    const seconds = (Date.now() - started) / 1000;
    expect(seconds).toBeLessThan(15);
    const node = pod.spec.nodeName ?? "";
    expect(cluster.agents.map((a) => a.name)).toContain(node);
    const containers = await cluster.containers({ "skiff.pod.name": "hello" });
    expect(containers.length).toBe(2); // the infra container and "main"
    for (const c of containers) expect(c.labels["skiff.node"]).toBe(node);
    expect(containers.map((c) => c.name).sort()).toEqual([`skiff_${node}_default_hello_POD_0`, `skiff_${node}_default_hello_main_0`]);

    const logs = await eventually(async () => {
      const r = await cluster.skiff(["logs", "hello"]);
      if (!r.stdout.includes("hello from skiff")) throw new Error(`logs: ${r.stdout}${r.stderr}`);
      return r;
    });
    expect(logs.code).toBe(0);

    const wide = await cluster.skiff(["get", "pods", "-o", "wide"]);
    expect(wide.stdout).toMatch(new RegExp(`hello\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+\\S+\\s+${node}`));

    expect((await cluster.skiff(["delete", "pod", "hello"])).code).toBe(0);
    await eventually(async () => {
      const left = await cluster.containers({ "skiff.pod.name": "hello" });
      if (left.length) throw new Error(`${left.length} containers left`);
    });
  });

  it("exec runs a command in the pod's container", async () => {
    await apply(busyboxPod("shell", ["sleep", "3600"]));
    await eventually(async () => {
      if ((await getPod("shell")).status?.phase !== "Running") throw new Error("not running");
    });
    const r = await cluster.skiff(["exec", "shell", "--", "sh", "-c", "echo $((6*7)); exit 3"]);
    expect(r.stdout.trim()).toBe("42");
    expect(r.code).toBe(3);
  });

  it("an image that does not exist: ErrImagePull then ImagePullBackOff, with the engine's message", async () => {
    await apply({ ...busyboxPod("nosuch", ["true"]), spec: { containers: [{ name: "main", image: "skiff-test/does-not-exist:1" }] } });
    const seen = new Set<string>();
    await eventually(async () => {
      const p = await getPod("nosuch");
      const waiting = p.status?.containerStatuses?.[0]?.state?.waiting;
      if (waiting?.reason) seen.add(waiting.reason);
      if (waiting?.reason === "ErrImagePull" || waiting?.reason === "ImagePullBackOff") expect(waiting.message).toMatch(/does-not-exist/);
      if (!seen.has("ImagePullBackOff")) throw new Error(`seen ${[...seen].join(",")}`);
    }, 30_000);
    const r = await cluster.skiff(["get", "pod", "nosuch"]);
    expect(r.stdout).toMatch(/ErrImagePull|ImagePullBackOff/);
    // The agent does not hammer the engine: pulls back off (10 s, then 20 s...). Wait for its
    // next attempt, and read from its log (JSON lines, with their times) when the one before
    // failed: at least 10 s earlier. Each attempt is said once, counted.
    const node = (await getPod("nosuch")).spec.nodeName;
    const agent = cluster.agents.find((a) => a.name === node);
    const failedPulls = () =>
      (agent?.logs ?? "").split("\n").flatMap((l) => {
        if (!l.includes("pulling image failed")) return [];
        const j = JSON.parse(l) as { time: number; image?: string; failures: number };
        return j.image === "skiff-test/does-not-exist:1" ? [j] : [];
      });
    const before = await eventually(async () => {
      const f = failedPulls();
      expect(f.length).toBeGreaterThan(0);
      return f.length;
    });
    await eventually(async () => expect(failedPulls().length).toBeGreaterThan(before), 40_000);
    const pulls = failedPulls();
    expect(pulls.map((f) => f.failures)).toEqual(pulls.map((_, i) => i + 1));
    expect(pulls[before]!.time - pulls[before - 1]!.time).toBeGreaterThanOrEqual(10_000);
  });

  it("a container that exits is restarted (restartPolicy Always): at once the first time, then after a back-off that grows", async () => {
    await apply(busyboxPod("crasher", ["sh", "-c", "echo started; exit 1"]));
    const restartTimes: number[] = [Date.now()];
    let last = 0;
    await eventually(async () => {
      const p = await getPod("crasher");
      const count = p.status?.containerStatuses?.[0]?.restartCount ?? 0;
      if (count > last) {
        restartTimes.push(Date.now());
        last = count;
      }
      if (count < 3) throw new Error(`restartCount ${count}`);
    }, 90_000);
    // As the kubelet: the 1st restart at once (t0 is the apply: the pod's start is in it), then
    // 10 s, then 20 s.
    const [t0 = 0, t1 = 0, t2 = 0, t3 = 0] = restartTimes;
    expect(t1 - t0).toBeLessThan(8_000);
    expect(t2 - t1).toBeGreaterThan(8_000);
    expect(t3 - t2).toBeGreaterThan(t2 - t1);
    expect(t3 - t2).toBeGreaterThan(15_000);
    const p = await getPod("crasher");
    const waiting = p.status?.containerStatuses?.[0]?.state?.waiting;
    expect(["CrashLoopBackOff", undefined]).toContain(waiting?.reason);
    const got = await cluster.skiff(["get", "pod", "crasher"]);
    expect(got.stdout).toMatch(/crasher\s+\d\/1\s+(CrashLoopBackOff|Error|Running)\s+[2-9]/);
  });

  it("a pod that fits no node stays Pending with the reason, and runs once a node with room joins", async () => {
    const big = busyboxPod("big", ["sleep", "3600"], { resources: { requests: { cpu: "50" } } });
    await apply({ ...big, spec: { ...big.spec, nodeSelector: { size: "huge" } } });
    await eventually(async () => {
      const p = await getPod("big");
      const cond = p.status?.conditions?.find((c) => c.type === "PodScheduled");
      if (cond?.status !== "False") throw new Error("not yet marked unschedulable");
      expect(cond.reason).toBe("Unschedulable");
      expect(cond.message).toMatch(/0\/2 nodes are available/);
    });
    const desc = await cluster.skiff(["describe", "pod", "big"]);
    expect(desc.stdout).toMatch(/0\/2 nodes are available/);
    const agent = cluster.addAgent(["--labels", "size=huge", "--cpu", "64"]);
    await eventually(async () => {
      const p = await getPod("big");
      if (p.status?.phase !== "Running") throw new Error(`phase ${p.status?.phase}`);
      expect(p.spec.nodeName).toBe(agent.name);
    }, 30_000);
  });
});

export { TEST_IMAGE };
