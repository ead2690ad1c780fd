// The load of R6: create, scale, update and delete of Deployments, Services and ConfigMaps at a
// fixed rate, over small pools of names so that the cluster's size stays bounded. One operation
// at a time per name; a tick whose names are all busy is skipped and counted.
import type { TestCluster } from "../support/cluster.js";
import { deployment, sleep } from "./harness.js";

const POOLS = { Deployment: 5, Service: 15, ConfigMap: 40 } as const;
type Kind = keyof typeof POOLS;

/** Operations at a fixed rate over pools of names; one operation at a time per name. */
export class Churn {
  ops = 0;
  skipped = 0;
  /** Time spent running (the pauses for levels at rest left out). */
  activeMs = 0;
  readonly byOp: Record<string, number> = {};
  readonly errors: Record<string, number> = {};
  readonly latencies: number[] = [];
  /** "Kind/name" of each object the churn made and did not delete, with its replicas. */
  private readonly exists = new Map<string, number>();
  private readonly busy = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  private serial = 0;

  constructor(
    private readonly c: TestCluster,
    private readonly opsPerSecond: number,
  ) {}

  /** Run for `durationMs`, then wait for every operation's answer. */
  async run(durationMs: number): Promise<void> {
    const started = Date.now();
    const end = started + durationMs;
    const period = 1000 / this.opsPerSecond;
    for (let next = Date.now(); next < end; next += period) {
      await sleep(Math.max(0, next - Date.now()));
      const picked = this.pick();
      if (!picked || this.inFlight.size >= 4 * this.opsPerSecond) {
        this.skipped++;
        continue;
      }
      const [kind, name] = picked;
      this.busy.add(name);
      const op = this.operate(kind, name).finally(() => {
        this.busy.delete(name);
        this.inFlight.delete(op);
      });
      this.inFlight.add(op);
    }
    await Promise.all(this.inFlight);
    this.activeMs += Date.now() - started;
  }

  /** Delete every object of the churn's pools (their pods and ReplicaSets follow, by owner). */
  async clear(): Promise<void> {
    for (const kind of Object.keys(POOLS)) {
      for (const o of (await this.c.client.list(kind)).items) {
        if (o.metadata.name.startsWith("churn-")) await this.c.client.delete(kind, o.metadata.name).catch(() => undefined);
      }
    }
    this.exists.clear();
  }

  /** A kind at random, and a name of its pool that no operation holds (a few tries). */
  private pick(): [Kind, string] | undefined {
    const kinds = Object.keys(POOLS) as Kind[];
    for (let i = 0; i < 10; i++) {
      const kind = kinds[Math.floor(Math.random() * kinds.length)] as Kind;
      const name = `churn-${kind.toLowerCase()}-${Math.floor(Math.random() * POOLS[kind])}`;
      if (!this.busy.has(name)) return [kind, name];
    }
    return undefined;
  }

  private async operate(kind: Kind, name: string): Promise<void> {
    const replicas = this.exists.get(`${kind}/${name}`);
    const roll = Math.random();
    const op = replicas === undefined ? "create" : roll < 0.3 ? "delete" : kind === "Deployment" && roll < 0.65 ? "scale" : "update";
    const key = `${op} ${kind}`;
    this.byOp[key] = (this.byOp[key] ?? 0) + 1;
    this.ops++;
    const n = ++this.serial;
    const started = Date.now();
    try {
      if (op === "delete") {
        await this.c.client.delete(kind, name);
        this.exists.delete(`${kind}/${name}`);
      } else if (op === "scale") {
        const next = (((replicas ?? 0) + 1) % 3);
        await this.c.client.deployments.scale(name, next);
        this.exists.set(`${kind}/${name}`, next);
      } else {
        const size = kind === "Deployment" ? (replicas ?? 1) : 0;
        await this.c.client.apply([object(kind, name, n, size)]);
        this.exists.set(`${kind}/${name}`, size);
      }
    } catch (err) {
      const why = `${key}: ${(err as Error).name}`;
      this.errors[why] = (this.errors[why] ?? 0) + 1;
    }
    this.latencies.push(Date.now() - started);
  }
}

/** The `n`th version of a pooled object (an update changes its template, ports or data). */
function object(kind: Kind, name: string, n: number, replicas: number): unknown {
  if (kind === "ConfigMap") return { apiVersion: "v1", kind, metadata: { name }, data: { version: String(n), payload: "x".repeat(n % 512) } };
  if (kind === "Service") {
    return {
      apiVersion: "v1",
      kind,
      metadata: { name, labels: { version: String(n) } },
      spec: { selector: { app: `churn-deployment-${n % POOLS.Deployment}` }, ports: [{ name: "http", port: 80 + (n % 5), targetPort: 8080 }] },
    };
  }
  return deployment(name, { replicas, maxSurge: 1, maxUnavailable: 1, container: { env: [{ name: "VERSION", value: String(n) }] } });
}
