// What every chaos scenario shares: the figures it prints, a loop that samples on a fixed period,
// the workloads it runs, and small reads of the cluster (pods, nodes, this run's containers).
import { setTimeout as sleep } from "node:timers/promises";
import { isTerminalPhase, type Node, type Pod } from "@skiff/api";
import { DockerRuntime, type ContainerInfo } from "@skiff/agent";
import type { SkiffClient } from "@skiff/client";
import { TEST_IMAGE } from "../support/cluster.js";

export { sleep };

/** What the samplers need of a cluster: one server (TestCluster) or three on etcd (HaCluster). */
export interface ChaosCluster {
  client: SkiffClient;
  agents: { name: string }[];
}
export const IMAGE_V1 = TEST_IMAGE;
export const IMAGE_V2 = "skiff-test/busybox:2";

export const isReady = (p: Pod) => p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
/** A pod that counts towards a workload: not being deleted, not finished. */
export const isLive = (p: Pod) => !p.metadata.deletionTimestamp && !isTerminalPhase(p.status?.phase);
export const imageOf = (p: Pod) => p.spec.containers[0]?.image;

export function nodeReady(node: Node): string | undefined {
  return node.status?.conditions?.find((c) => c.type === "Ready")?.status;
}

/** Seconds with two decimals: the unit every figure is printed in. */
export const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** A scenario's figures: what it checked and the numbers, printed as one block. */
export class Figures {
  private readonly rows: [string, string][] = [];
  constructor(readonly title: string) {}

  add(label: string, value: string | number): this {
    this.rows.push([label, String(value)]);
    return this;
  }

  print(): string {
    const width = Math.max(...this.rows.map(([l]) => l.length));
    const text = [`chaos ${this.title}`, ...this.rows.map(([l, v]) => `  ${l.padEnd(width)}  ${v.replace(/\n/g, `\n  ${" ".repeat(width)}  `)}`)].join("\n");
    console.log(`${text}\n`);
    return text;
  }
}

/** Runs `sample` every `periodMs` (measured from one start to the next) until stopped; counts the samples that threw. */
export function every(periodMs: number, sample: () => Promise<void>): { stop(): Promise<void>; readonly errors: number } {
  let stopped = false;
  let errors = 0;
  const loop = (async () => {
    while (!stopped) {
      const started = Date.now();
      await sample().catch(() => errors++);
      await sleep(Math.max(0, periodMs - (Date.now() - started)));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
    },
    get errors() {
      return errors;
    },
  };
}

export interface DeploymentShape {
  replicas: number;
  image?: string;
  maxSurge?: number | string;
  maxUnavailable?: number | string;
  /** The pod's one container; default: sleep. */
  container?: Record<string, unknown>;
}

export function deployment(name: string, shape: DeploymentShape) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name },
    spec: {
      replicas: shape.replicas,
      selector: { matchLabels: { app: name } },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: shape.maxSurge ?? 1, maxUnavailable: shape.maxUnavailable ?? 1 } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          terminationGracePeriodSeconds: 1,
          containers: [{ name: "main", image: shape.image ?? IMAGE_V1, command: ["sleep", "3600"], ...shape.container }],
        },
      },
    },
  };
}

/** Retries `check` every `periodMs` until it returns a value other than undefined; throws after `timeoutMs`. */
export async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>, periodMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = `: ${(err as Error).message}`;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${secs(timeoutMs)} waiting for ${what}${last}`);
    await sleep(periodMs);
  }
}

/** Until the Deployment has `replicas` updated, available pods and has seen its latest spec. */
export async function waitRolledOut(c: ChaosCluster, name: string, replicas: number, timeoutMs: number): Promise<void> {
  await until(`deployment ${name} to roll out`, timeoutMs, async () => {
    const d = await c.client.deployments.get(name);
    const s = d.status;
    const done = s?.availableReplicas === replicas && s.updatedReplicas === replicas && s.replicas === replicas && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
    return done ? true : undefined;
  }, 200);
}

export async function podsOf(c: ChaosCluster, app: string): Promise<Pod[]> {
  return (await c.client.pods.list({ labelSelector: `app=${app}` })).items;
}

/** Docker's view: every container of this run's nodes (through the engine API, not the CLI). */
export class Containers {
  private readonly rt = new DockerRuntime();
  constructor(private readonly c: ChaosCluster) {}

  async all(): Promise<ContainerInfo[]> {
    const lists = await Promise.all(this.c.agents.map((a) => this.rt.listContainers({ "skiff.node": a.name })));
    return lists.flat();
  }

  /** App containers (not a pod's infra container) of the pods whose names start with `prefix`. */
  async apps(prefix: string): Promise<ContainerInfo[]> {
    return (await this.all()).filter((x) => x.labels["skiff.container"] !== "POD" && (x.labels["skiff.pod.name"] ?? "").startsWith(prefix));
  }
}

/** Running containers that claim the same pod (by namespace/name, or by uid) as another running one. */
export function duplicates(running: ContainerInfo[]): string[] {
  const found: string[] = [];
  for (const key of ["name", "uid"] as const) {
    const by = new Map<string, ContainerInfo[]>();
    for (const x of running) {
      const id = key === "name" ? `${x.labels["skiff.pod.namespace"]}/${x.labels["skiff.pod.name"]}/${x.labels["skiff.container"]}` : `${x.labels["skiff.pod.uid"]}/${x.labels["skiff.container"]}`;
      by.set(id, [...(by.get(id) ?? []), x]);
    }
    for (const [id, xs] of by) if (xs.length > 1) found.push(`${key} ${id}: ${xs.map((x) => `${x.name} on ${x.labels["skiff.node"]}`).join(", ")}`);
  }
  return found;
}

/** `n` distinct integers drawn from [lo, hi], ascending. */
export function distinctSorted(n: number, lo: number, hi: number): number[] {
  const pool = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [pool[i], pool[j]] = [pool[j] as number, pool[i] as number];
  }
  return pool.slice(0, n).sort((a, b) => a - b);
}

export const randomBetween = (lo: number, hi: number) => lo + Math.random() * (hi - lo);
