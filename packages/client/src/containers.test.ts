// logs and exec against a real server with no agent: what the server answers before it would
// reach a node (the happy paths need an agent and Docker: see test/ for those).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NotFoundError, UnavailableError, ValidationError, type Pod } from "@skiff/api";
import { serve } from "@skiff/server";
import { SkiffClient } from "./client.js";
import { logsRequest } from "./containers.js";

let dataDir: string;
let server: { address: string; close(): Promise<void> };
let client: SkiffClient;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "skiff-client-containers-"));
  server = await serve({ dataDir, listen: "127.0.0.1:0", logLevel: "silent", insecure: true });
  client = new SkiffClient({ server: server.address, insecure: true });
  // No nodes: the scheduler leaves these pending.
  await client.pods.create(pod("single", ["app"]));
  await client.pods.create(pod("pair", ["app", "sidecar"]));
});

afterAll(async () => {
  client?.close();
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function pod(name: string, containers: string[]) {
  return {
    metadata: { name, namespace: "default" },
    spec: { containers: containers.map((c) => ({ name: c, image: "busybox" })) },
  } as unknown as Pod;
}

async function drain(chunks: AsyncIterable<Buffer>): Promise<string> {
  let out = "";
  for await (const c of chunks) out += c.toString();
  return out;
}

describe("logs and exec, answered by the server", () => {
  it("fills in the wire defaults: namespace default, every line", () => {
    expect(logsRequest({ pod: "web" })).toEqual({ namespace: "default", pod: "web", container: "", follow: false, tailLines: -1, previous: false });
  });

  it("reports a missing pod as NotFoundError", async () => {
    await expect(drain(client.logs({ pod: "nope" }))).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.exec({ pod: "nope", command: ["true"] })).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.pods.exec("nope", { command: ["true"] })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("reports a missing container as NotFoundError", async () => {
    await expect(drain(client.pods.logs("single", { container: "other" }))).rejects.toBeInstanceOf(NotFoundError);
  });

  it("asks which container when there are several", async () => {
    const err = await drain(client.logs({ pod: "pair" })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toMatch(/app, sidecar/);
  });

  it("says the pod is not on a node yet, not that the server is unreachable", async () => {
    const err = await client.exec({ pod: "single", command: ["true"] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnavailableError);
    expect((err as Error).message).toMatch(/not scheduled/);
    expect((err as Error).message).not.toMatch(/cannot reach the skiff server/);
    const logsErr = await drain(client.logs({ pod: "single", follow: true })).catch((e: unknown) => e);
    expect((logsErr as Error).message).toMatch(/not scheduled/);
  });

  it("still says the server is unreachable when it is", async () => {
    const down = new SkiffClient({ server: "127.0.0.1:1" });
    try {
      const err = await drain(down.logs({ pod: "single" })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnavailableError);
      expect((err as Error).message).toMatch(/cannot reach the skiff server/);
      const execErr = await down.exec({ pod: "single", command: ["true"] }).catch((e: unknown) => e);
      expect((execErr as Error).message).toMatch(/cannot reach the skiff server/);
    } finally {
      down.close();
    }
  });

  it("ends at once when the signal is already aborted", async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(drain(client.logs({ pod: "nope", signal: ac.signal }))).resolves.toBe("");
  });
});
