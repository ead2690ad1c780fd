// The operator worked example (examples/operators/website, docs/tutorial-operator.md) on a real
// cluster: a server, two agents on Docker, and the website operator as its own process. Apply the
// CRD and a Website: a page on every node's NodePort; change replicas and message: converged
// within 5 s; kill -9 the operator and start it again: nothing it owns is written; delete the
// Website: everything it made goes (garbage collection through the ownerReferences).
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiObject, Deployment } from "@skiff/api";
import { NotFoundError } from "@skiff/api";
import { TestCluster, eventually } from "./support/cluster.js";
import { NODE_FLAGS } from "../packages/cli/src/node-flags.js";
import { REPO } from "./support/skiff.js";

type Website = ApiObject<{ image: string; replicas?: number; message?: string }, { observedGeneration?: number; readyReplicas?: number; url?: string; conditions?: { type: string; status: string }[] }>;

const DIR = join(REPO, "examples/operators/website");
const OPERATOR = join(REPO, "examples/dist/operators/website/main.js");
const CONVERGE_BOUND_MS = 5_000;

class OperatorProcess {
  child?: ChildProcess;
  logs = "";
  constructor(private readonly env: Record<string, string>) {}

  start(): void {
    this.logs = "";
    const child = spawn(process.execPath, [...NODE_FLAGS, OPERATOR], { env: { ...process.env, ...this.env, SKIFF_LOG_LEVEL: "debug" }, stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    child.stdout?.on("data", (d) => (this.logs += d));
    child.stderr?.on("data", (d) => (this.logs += d));
  }

  async kill(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill(signal);
    await exited;
  }
}

let cluster: TestCluster;
let operator: OperatorProcess;
const sites = () => cluster.client.custom<Website>("examples.skiff.dev", "v1", "websites");
const context = () => `--- operator\n${operator?.logs}\n--- server (tail)\n${cluster?.server.logs.slice(-4000)}`;

async function ok(args: string[], input?: string): Promise<string> {
  const r = await cluster.skiff(args, input);
  expect(r.code, `skiff ${args.join(" ")}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

/** What every node's NodePort answers, `tries` times each (each connection may reach another pod). */
async function pages(nodePort: number, tries = 2): Promise<string[]> {
  const out: string[] = [];
  for (const agent of cluster.agents) {
    for (let i = 0; i < tries; i++) {
      const res = await fetch(`http://${agent.address}:${nodePort}/`, { signal: AbortSignal.timeout(3_000) });
      out.push(`${agent.name} ${res.status} ${(await res.text()).replace(/\s+/g, " ").trim()}`);
    }
  }
  return out;
}

const nodePortOf = async () => (await cluster.client.services.get("hello")).spec?.ports?.[0]?.nodePort ?? 0;

/** The resourceVersions of the Website and of everything it owns. */
async function versions(): Promise<Record<string, string | undefined>> {
  const c = cluster.client;
  const [site, cm, dep, svc] = await Promise.all([sites().get("hello"), c.configMaps.get("hello"), c.deployments.get("hello"), c.services.get("hello")]);
  return { Website: site.metadata.resourceVersion, ConfigMap: cm.metadata.resourceVersion, Deployment: dep.metadata.resourceVersion, Service: svc.metadata.resourceVersion };
}

/** Poll `check` every 100 ms (60 s at most); the time it first held, from performance.now(). */
async function until(check: () => Promise<{ ok: boolean; seen: string }>): Promise<number> {
  const deadline = performance.now() + 60_000;
  let seen = "";
  for (;;) {
    try {
      const r = await check();
      if (r.ok) return performance.now();
      seen = r.seen;
    } catch (err) {
      seen = (err as Error).message;
    }
    if (performance.now() > deadline) throw new Error(`not converged after 60 s: ${seen}\n${context()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const gone = async (get: () => Promise<unknown>) => {
  const err = await get().then(() => undefined, (e: unknown) => e);
  if (!(err instanceof NotFoundError)) throw new Error(`still there (${String(err ?? "found")})`);
};

beforeAll(async () => {
  cluster = await TestCluster.start({ agents: 2 });
  operator = new OperatorProcess(cluster.env);
  operator.start(); // before the CRD: it waits for the kind to exist
}, 120_000);

afterAll(async () => {
  await operator?.kill();
  await cluster?.dispose();
});

describe("the website operator", () => {
  it("applying the CRD and then a Website brings a working page on every node's NodePort", async () => {
    expect(await ok(["apply", "-f", join(DIR, "crd.yaml")])).toBe("customresourcedefinition.apiextensions.k8s.io/websites.examples.skiff.dev created\n");
    await eventually(async () => expect((await cluster.skiff(["get", "websites"])).code).toBe(0), 30_000);
    expect(await ok(["apply", "-f", join(DIR, "website.yaml")])).toBe("website.examples.skiff.dev/hello created\n");

    const nodePort = await eventually(async () => {
      const port = await nodePortOf();
      expect(port).toBeGreaterThanOrEqual(30000);
      return port;
    }, 60_000, context);
    await eventually(async () => {
      for (const line of await pages(nodePort)) expect(line).toMatch(/ 200 .*Hello from the website operator/);
    }, 90_000, context);
    const site = await eventually(async () => {
      const s = await sites().get("hello");
      expect(s.status?.readyReplicas).toBe(2);
      expect(s.status?.conditions?.map((c) => `${c.type}=${c.status}`)).toEqual(["Ready=True", "Progressing=False"]);
      return s;
    }, 60_000, context);
    expect(site.status?.url).toMatch(new RegExp(`^http://127\\.[0-9.]+:${nodePort}/$`));
    // The printer columns of the CRD.
    expect(await ok(["get", "websites"])).toMatch(new RegExp(`^NAME +REPLICAS +READY +URL +AGE\\nhello +2 +2 +http://[0-9.]+:${nodePort}/ `));
    // Everything it made is controlled by the Website.
    for (const obj of [await cluster.client.configMaps.get("hello"), await cluster.client.deployments.get("hello"), await cluster.client.services.get("hello")]) {
      expect(obj.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: "Website", name: "hello", uid: site.metadata.uid, controller: true })]);
    }
  }, 300_000);

  it(`changing spec.replicas and spec.message converges within ${CONVERGE_BOUND_MS / 1000} s`, async () => {
    const nodePort = await nodePortOf();
    const site = await sites().get("hello");
    const started = performance.now();
    const updated = await sites().update({ ...site, spec: { image: site.spec?.image ?? "", replicas: 3, message: "Changed by the test" } });
    // Converged: the Deployment asks for 3, the Website's status has seen the change, and every
    // node's NodePort serves the new message. Then, separately, the third pod Ready (a container
    // start on this machine's Docker, whatever the operator does).
    const converged = await until(async () => {
      const [dep, now, answers] = await Promise.all([cluster.client.deployments.get("hello"), sites().get("hello"), pages(nodePort, 3)]);
      const ok = dep.spec.replicas === 3 && now.status?.observedGeneration === updated.metadata.generation && answers.every((a) => / 200 .*Changed by the test/.test(a));
      return { ok, seen: `replicas ${dep.spec.replicas}; status ${JSON.stringify(now.status)}; pages ${JSON.stringify(answers)}` };
    });
    const ready = await until(async () => {
      const now = await sites().get("hello");
      return { ok: now.status?.readyReplicas === 3 && now.status?.conditions?.[0]?.status === "True", seen: JSON.stringify(now.status) };
    });
    const ms = (t: number) => Math.round(t - started);
    console.log(`website operator: replicas 2 -> 3 and a new message converged in ${ms(converged)} ms (bound ${CONVERGE_BOUND_MS} ms); 3/3 Ready after ${ms(ready)} ms`);
    expect(ms(converged)).toBeLessThan(CONVERGE_BOUND_MS);
    expect((await cluster.client.configMaps.get("hello")).data?.["index.html"]).toContain("Changed by the test");
  }, 180_000);

  it("killed (SIGKILL) and started again, the operator writes nothing that was already right", async () => {
    // Converged and quiet: the Deployment's status no longer moves.
    await eventually(async () => {
      const dep = (await cluster.client.deployments.get("hello")) as Deployment;
      expect([dep.status?.readyReplicas, dep.status?.updatedReplicas, dep.status?.replicas]).toEqual([3, 3, 3]);
      expect((await sites().get("hello")).status?.conditions?.map((c) => c.status)).toEqual(["True", "False"]);
    }, 30_000, context);
    await operator.kill("SIGKILL");
    const before = await versions();
    operator.start();
    // A positive signal that it looked: its first reconcile of default/hello after the restart.
    const lines = () => operator.logs.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as { msg: string; website?: string; writes?: number });
    const first = await eventually(async () => {
      const found = lines().find((l) => l.msg === "reconciled" && l.website === "default/hello");
      if (!found) throw new Error("no reconcile of default/hello yet");
      return found;
    }, 30_000, context);
    expect(first.writes).toBe(0);
    expect(lines().filter((l) => l.msg === "wrote")).toEqual([]);
    expect(await versions()).toEqual(before);
  });

  it("deleting the Website removes everything it made", async () => {
    await ok(["delete", "website", "hello"]);
    const c = cluster.client;
    await eventually(async () => {
      await gone(() => c.configMaps.get("hello"));
      await gone(() => c.deployments.get("hello"));
      await gone(() => c.services.get("hello"));
      const owned = (await c.replicaSets.list({ namespace: "default" })).items.filter((rs) => rs.metadata.labels?.["examples.skiff.dev/website"] === "hello");
      expect(owned.map((o) => o.metadata.name)).toEqual([]);
      const pods = (await c.pods.list({ namespace: "default", labelSelector: "examples.skiff.dev/website=hello" })).items;
      expect(pods.map((p) => p.metadata.name)).toEqual([]);
    }, 60_000, context);
    expect(operator.logs).toContain("website operator: caches synced"); // it was running all along
  });
});
