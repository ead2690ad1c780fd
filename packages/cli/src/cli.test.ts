// The whole command line, in-process: flags, exit codes and the messages a user sees.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { run } from "./cli.js";

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

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

let dir: string;
let nowhere: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "skiff-cli-"));
  nowhere = `127.0.0.1:${await closedPort()}`;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("skiff (no server needed)", () => {
  it("rejects an unknown kind in kubectl's words", async () => {
    const r = await skiff("get", "foos", "--server", nowhere);
    expect(r).toEqual({ code: 1, stdout: "", stderr: `error: the server doesn't have a resource type "foos"\n` });
  });

  it("rejects a mistyped flag with a usage hint", async () => {
    const r = await skiff("get", "pods", "--bogus");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: Unknown argument: bogus\nSee 'skiff get --help' for usage.\n$/);
  });

  it("rejects an unknown command", async () => {
    const r = await skiff("frobnicate");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Unknown argument: frobnicate/);
  });

  it("says how to start a server when none answers", async () => {
    const r = await skiff("get", "pods", "--server", nowhere);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `cannot reach the skiff server at ${nowhere} (connection refused). Is it running? ` +
        "Start one with 'skiff server' (or 'skiff up'), or point --server / SKIFF_SERVER at it.\n",
    );
  });

  it("prints the client version even when the server is down", async () => {
    const r = await skiff("version", "--server", nowhere);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Client Version: v\d+\.\d+\.\d+\n$/);
    expect(r.stderr).toContain("cannot reach the skiff server");
  });

  it("validates every document before contacting the server, and stores nothing", async () => {
    const file = join(dir, "bad.yaml");
    writeFileSync(file, "apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n---\napiVersion: v1\nkind: Pod\nmetadata: {}\n");
    const r = await skiff("apply", "-f", file, "--server", nowhere);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`${file} (document 1): metadata.name`);
    expect(r.stderr).toContain(`${file} (document 2)`);
    expect(r.stderr).not.toContain("cannot reach");
  });

  it("needs -f for apply", async () => {
    const r = await skiff("apply");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/-f/);
  });
});
