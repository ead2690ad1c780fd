import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clusterDir, DEFAULT_LOCAL_DIR, forgetPointer, pointAt, pointedDir, pointerPath, readCluster, statePath, writeCluster } from "./state.js";

let home: string;
let config: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), "skiff-state-"));
  config = join(home, "skiff", "config");
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe("the cluster the CLI points at", () => {
  it("is recorded beside the client config", () => {
    expect(pointerPath("/home/u/.skiff/config")).toBe("/home/u/.skiff/local-cluster");
  });

  it("is --dir when given, else the pointer's, else ~/.skiff/local", () => {
    expect(clusterDir(undefined, config)).toBe(DEFAULT_LOCAL_DIR);
    pointAt(config, join(home, "demo"));
    expect(pointedDir(config)).toBe(join(home, "demo"));
    expect(clusterDir(undefined, config)).toBe(join(home, "demo"));
    expect(clusterDir(join(home, "other"), config)).toBe(join(home, "other"));
  });

  it("records an absolute directory, whatever the working directory", () => {
    pointAt(config, ".skiff-local");
    expect(pointedDir(config)).toBe(join(process.cwd(), ".skiff-local"));
  });

  it("is forgotten only for the cluster it names", () => {
    pointAt(config, join(home, "demo"));
    forgetPointer(config, join(home, "other"));
    expect(pointedDir(config)).toBe(join(home, "demo"));
    forgetPointer(config, join(home, "demo"));
    expect(pointedDir(config)).toBeUndefined();
  });
});

describe("cluster.json", () => {
  it("reads back what was written, with an absolute directory", () => {
    const dir = join(home, "c");
    writeCluster({ dir, server: "127.0.0.1:7443", processes: [{ name: "server", pid: 12, log: join(dir, "server.log"), args: ["server"] }] });
    expect(readCluster(dir)).toEqual({ dir, server: "127.0.0.1:7443", processes: [{ name: "server", pid: 12, log: join(dir, "server.log"), args: ["server"] }] });
    expect(readCluster(join(home, "none"))).toBeUndefined();
  });

  it("refuses a file that is not a cluster's state, in words", () => {
    const dir = join(home, "c");
    writeCluster({ dir, server: "x", processes: [] });
    writeFileSync(statePath(dir), "{");
    expect(() => readCluster(dir)).toThrow(/is not a local cluster's state/);
    writeFileSync(statePath(dir), "{}");
    expect(() => readCluster(dir)).toThrow(/no server or processes/);
  });
});
