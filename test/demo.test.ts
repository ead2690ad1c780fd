// `npm run demo` (scripts/demo.sh, after setup) ends with the web page answered by at least 2
// different pods on different nodes, and works when run twice in a row. Here it runs with its
// own HOME, client config, cluster folder, port and node names; `skiff down` removes it after.
// Like every e2e test it cannot share Docker with another cluster that is up (a demo started by
// hand): both would claim the same node subnets and NodePort 30080 on 127.0.0.2-4.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, REPO, skiff, tempDir } from "./support/skiff.js";

let dir: { path: string; remove(): Promise<void> } | undefined;
let env: Record<string, string> = {};

function demo(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", [join(REPO, "scripts/demo.sh")], { cwd: REPO, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

function answered(output: string): { pods: number; nodes: number } {
  const m = /(\d+) different pods on (\d+) different nodes answered/.exec(output);
  return { pods: Number(m?.[1] ?? 0), nodes: Number(m?.[2] ?? 0) };
}

afterAll(async () => {
  if (!dir) return;
  await skiff(["down", "--dir", join(dir.path, "cluster")], { env });
  await dir.remove();
});

describe("npm run demo", () => {
  it("starts 3 nodes, applies examples/demo/, and the NodePort is answered by pods on different nodes; twice", async () => {
    dir = await tempDir("demo");
    env = {
      HOME: dir.path,
      SKIFF_CONFIG: join(dir.path, "config"),
      SKIFF_SERVER: "",
      SKIFF_DEMO_DIR: join(dir.path, "cluster"),
      SKIFF_DEMO_PORT: String(await freePort()),
      SKIFF_DEMO_KUBE_PORT: String(await freePort()),
      SKIFF_DEMO_NODE_PREFIX: `demo${Math.random().toString(16).slice(2, 6)}`,
    };
    const first = await demo();
    expect(first.code, first.output).toBe(0);
    expect(first.output).toContain(`${env.SKIFF_DEMO_NODE_PREFIX}-3`);
    expect(first.output).toMatch(/deployment\.apps\/web created/);
    expect(first.output).toMatch(/statefulset\.apps\/db created/);
    expect(first.output).toMatch(/db-1\s+1\/1\s+Running/);
    expect(answered(first.output).pods, first.output).toBeGreaterThanOrEqual(2);
    expect(answered(first.output).nodes, first.output).toBeGreaterThanOrEqual(2);
    expect(first.output).toContain("Stop it all with");

    const second = await demo();
    expect(second.code, second.output).toBe(0);
    expect(second.output).toContain("already up");
    expect(second.output).toMatch(/deployment\.apps\/web unchanged/);
    expect(answered(second.output).pods, second.output).toBeGreaterThanOrEqual(2);
    expect(answered(second.output).nodes, second.output).toBeGreaterThanOrEqual(2);
  }, 300_000);
});
