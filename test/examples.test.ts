// The SDK examples (examples/*.ts, compiled by `npm run build`) run against a real server.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO, skiff, startServer, type ServerProcess, type RunResult } from "./support/skiff.js";

let server: ServerProcess;
let dispose: () => Promise<void>;
beforeAll(async () => ({ server, dispose } = await startServer()));
afterAll(async () => dispose?.());

function example(file: string, args: string[] = []): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO, "examples/dist", file), ...args], { env: { ...process.env, ...server.env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("examples", () => {
  it("create-pod creates my-pod, reads it back, and deletes it", async () => {
    const r = await example("create-pod.js");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("my-pod");
    expect((await skiff(["get", "pods", "-o", "name"], { env: server.env })).stdout).toBe("");
  });

  it("create-pod --keep leaves my-pod for the CLI to see", async () => {
    const r = await example("create-pod.js", ["--keep"]);
    expect(r.code, r.stderr).toBe(0);
    const got = await skiff(["get", "pod", "my-pod", "-o", "json"], { env: server.env });
    expect(JSON.parse(got.stdout).spec.containers[0].image).toMatch(/^nginx/);
  });

  it("create-deployment creates, scales with retry on conflict, and deletes my-deployment", async () => {
    const r = await example("create-deployment.js", ["--no-prompt"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("my-deployment");
    expect((await skiff(["get", "deploy", "-o", "name"], { env: server.env })).stdout).toBe("");
  });
});
