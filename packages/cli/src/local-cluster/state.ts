// What a local cluster of `skiff up` is on disk: one JSON file in its directory (`cluster.json`)
// listing the processes it should have, each with the arguments that start it and the pid it last
// had; and, beside the client config the CLI reads, a one-line file naming that directory, so that
// `skiff up` and `skiff down` without --dir act on the cluster the CLI points at.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { UserError } from "../errors.js";

/** One process of the cluster: the server (or one of three, with --ha), an etcd member, or the agent of node `name`. */
export interface LocalProcess {
  name: string;
  /** What it is; absent in a cluster.json from before --ha: "server" is the server, the rest agents. */
  role?: "etcd" | "server" | "agent";
  /** The pid it last had; 0 before it was ever started. */
  pid: number;
  log: string;
  /** The node's address (agents only). */
  address?: string;
  /** The `skiff` arguments that start it (the `etcd` arguments, for a member; absent in a cluster.json from before they were recorded). */
  args?: string[];
  /** A Node program run instead of `skiff` (the operator of `up --with-operator`); `args` are its own. */
  program?: string;
}

export interface LocalCluster {
  /** Absolute. */
  dir: string;
  /** The server's address, HOST:PORT; with --ha, the servers' addresses, comma-separated. */
  server: string;
  /** --ha: the etcd members' client URLs. */
  etcd?: string[];
  /** The etcd members (--ha), then the server(s), then the agents. */
  processes: LocalProcess[];
}

export const DEFAULT_LOCAL_DIR = join(homedir(), ".skiff", "local");
export const SERVER = "server";

export function isServer(p: LocalProcess): boolean {
  return p.role ? p.role === "server" : p.name === SERVER;
}

export function isEtcd(p: LocalProcess): boolean {
  return p.role === "etcd";
}


/** The name of the website operator's process (`skiff up --with-operator`). */
export const OPERATOR = "operator";

/** A node's agent: not a server, not an etcd member, not a program beside them (the operator). */
export function isAgent(p: LocalProcess): boolean {
  return !isServer(p) && !isEtcd(p) && p.program === undefined;
}

export function statePath(dir: string): string {
  return join(dir, "cluster.json");
}

export function readCluster(dir: string): LocalCluster | undefined {
  const path = statePath(dir);
  if (!existsSync(path)) return undefined;
  let cluster: LocalCluster;
  try {
    cluster = JSON.parse(readFileSync(path, "utf8")) as LocalCluster;
  } catch (err) {
    throw new UserError(`${path} is not a local cluster's state (${(err as Error).message}); remove ${dir} by hand`, { cause: err });
  }
  if (typeof cluster?.server !== "string" || !Array.isArray(cluster.processes)) {
    throw new UserError(`${path} is not a local cluster's state (no server or processes); remove ${dir} by hand`);
  }
  return { ...cluster, dir: resolve(dir) };
}

export function writeCluster(cluster: LocalCluster): void {
  mkdirSync(cluster.dir, { recursive: true });
  writeFileSync(statePath(cluster.dir), `${JSON.stringify(cluster, null, 2)}\n`);
}

/** Beside the client config (`~/.skiff/config` -> `~/.skiff/local-cluster`): the directory of the cluster `skiff up` pointed it at. */
export function pointerPath(clientConfigPath: string): string {
  return join(dirname(clientConfigPath), "local-cluster");
}

/** The cluster directory the client config's pointer names, if there is one. */
export function pointedDir(clientConfigPath: string): string | undefined {
  try {
    const dir = readFileSync(pointerPath(clientConfigPath), "utf8").trim();
    return dir === "" ? undefined : dir;
  } catch {
    return undefined;
  }
}

/** Record that the CLI (this client config) now uses the cluster in `dir`. */
export function pointAt(clientConfigPath: string, dir: string): void {
  mkdirSync(dirname(clientConfigPath), { recursive: true });
  writeFileSync(pointerPath(clientConfigPath), `${resolve(dir)}\n`);
}

/** Forget the pointer if it names `dir` (a cluster that is gone). */
export function forgetPointer(clientConfigPath: string, dir: string): void {
  if (pointedDir(clientConfigPath) === resolve(dir)) rmSync(pointerPath(clientConfigPath), { force: true });
}

/** `--dir` if given, else the cluster the client config points at, else ~/.skiff/local. Absolute. */
export function clusterDir(explicit: string | undefined, clientConfigPath: string): string {
  return resolve(explicit ?? pointedDir(clientConfigPath) ?? DEFAULT_LOCAL_DIR);
}
