// Helpers for the command tests: run `skiff ...` in-process and capture what it prints, against a
// real server in this process (LevelDB in a temp dir, a free port).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { vi } from "vitest";
import type { Node, NodeStatus } from "@skiff/api";
import { serve } from "@skiff/server";
import { SkiffClient } from "@skiff/client";
import { run } from "./cli.js";

type ServeOptions = Parameters<typeof serve>[0];

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `skiff ...args` and capture what it prints. */
export async function skiff(...args: string[]): Promise<Captured> {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    const code = await run(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

export interface TestServer {
  address: string;
  client: SkiffClient;
  /** `skiff ...args --server <this server>`. */
  at(...args: string[]): Promise<Captured>;
  /** Write a node's status, as its agent would (the API keeps users' hands off status). */
  reportStatus(node: string, status: NodeStatus): Promise<void>;
  /** Write any object's status straight to the store, as its controller would. */
  writeStatus(kind: string, name: string, status: unknown, namespace?: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A server with no agents. Node objects created by a test have no agent behind them: the node
 * lifecycle loop would mark them NotReady and fail their pods, so its deadlines are made long.
 * No controllers run (unless `controllers` says which): the tests write the ReplicaSets, statuses
 * and events a controller would, and a real one would overwrite them.
 */
export async function startServer(options: { controllers?: ServeOptions["controllers"] } = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), "skiff-cli-cmd-"));
  vi.stubEnv("SKIFF_CONFIG", join(dir, "no-config"));
  vi.stubEnv("SKIFF_SERVER", "");
  // Security is not what these tests are about: a plaintext server, and a CLI told so.
  vi.stubEnv("SKIFF_INSECURE", "1");
  const server = await serve({ dataDir: join(dir, "data"), listen: "127.0.0.1:0", logLevel: "silent", lifecycle: { heartbeatPeriodMs: 60_000, evictionTimeoutMs: 600_000 }, controllers: options.controllers ?? [], insecure: true });
  const client = new SkiffClient({ server: server.address, insecure: true });
  return {
    address: server.address,
    client,
    at: (...args) => skiff(...args, "--server", server.address),
    reportStatus: async (name, status) => {
      const node = (await server.store.get({ kind: "Node", name })) as Node | undefined;
      if (!node) throw new Error(`no node ${name}`);
      await server.store.update({ ...node, status });
    },
    writeStatus: async (kind, name, status, namespace = "default") => {
      const obj = await server.store.get({ kind, namespace, name });
      if (!obj) throw new Error(`no ${kind} ${namespace}/${name}`);
      await server.store.update({ ...obj, status });
    },
    close: async () => {
      client.close();
      await server.close();
      vi.unstubAllEnvs();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
