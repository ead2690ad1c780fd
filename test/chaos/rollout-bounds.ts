// A rolling update's bounds, sampled through the API every 100 ms while it runs: never more than
// replicas + maxSurge live pods, never fewer than replicas - maxUnavailable Ready. A run of samples
// out of bounds is one episode, explained once at its start (the pods' phases and Ready reasons,
// the nodes' Ready status). No sample is taken while the server is down; those are counted.
import type { Pod } from "@skiff/api";
import { every, imageOf, isLive, isReady, nodeReady, podsOf, secs, type ChaosCluster } from "./harness.js";

export interface Limits {
  replicas: number;
  maxSurge: number;
  maxUnavailable: number;
}

interface Episode {
  fromMs: number;
  toMs: number;
  samples: number;
  what: string;
  why: string;
}

export class RolloutBounds {
  samples = 0;
  missed = 0;
  maxLive = 0;
  minReady: number;
  /** From the last sample: pods of the new image Ready, pods of another image still live. */
  newReady = 0;
  oldLive: number;
  readonly episodes: Episode[] = [];
  private open = false;
  private sampler?: { stop(): Promise<void> };
  /** Sample times are counted from here (the update), once set. */
  since = 0;

  constructor(
    private readonly c: ChaosCluster,
    private readonly app: string,
    private readonly limits: Limits,
    private readonly newImage: string,
  ) {
    this.minReady = limits.replicas;
    this.oldLive = limits.replicas;
  }

  start(): void {
    this.sampler = every(100, () => this.sample());
  }

  async stop(): Promise<void> {
    await this.sampler?.stop();
  }

  /** "from to (n samples): what; why", one line per episode. */
  get breaks(): string[] {
    return this.episodes.map((e) => `${secs(e.fromMs)} to ${secs(e.toMs)} (${e.samples} samples): ${e.what}; ${e.why}`);
  }

  private async sample(): Promise<void> {
    let pods: Pod[];
    try {
      pods = await podsOf(this.c, this.app);
    } catch {
      this.missed++;
      return;
    }
    const { replicas, maxSurge, maxUnavailable } = this.limits;
    const live = pods.filter(isLive);
    const ready = live.filter(isReady);
    this.samples++;
    this.maxLive = Math.max(this.maxLive, live.length);
    this.minReady = Math.min(this.minReady, ready.length);
    this.newReady = ready.filter((p) => imageOf(p) === this.newImage).length;
    this.oldLive = live.filter((p) => imageOf(p) !== this.newImage).length;
    const over = live.length > replicas + maxSurge ? `${live.length} live > ${replicas} + maxSurge ${maxSurge}` : "";
    const under = ready.length < replicas - maxUnavailable ? `${ready.length} ready < ${replicas} - maxUnavailable ${maxUnavailable}` : "";
    if (over || under) this.outOfBounds(this.since ? Date.now() - this.since : 0, [over, under].filter(Boolean).join(", "), pods);
    else this.open = false;
  }

  private outOfBounds(atMs: number, what: string, pods: Pod[]): void {
    const last = this.episodes.at(-1);
    if (this.open && last) {
      last.toMs = atMs;
      last.samples++;
      return;
    }
    const episode = { fromMs: atMs, toMs: atMs, samples: 1, what, why: "" };
    this.episodes.push(episode);
    this.open = true;
    this.explain(pods).then((why) => (episode.why = why), (err: unknown) => (episode.why = `(${(err as Error).message})`));
  }

  /** The pods by phase and Ready condition, and the nodes' Ready status. */
  private async explain(pods: Pod[]): Promise<string> {
    const count = new Map<string, number>();
    for (const p of pods) {
      const ready = p.status?.conditions?.find((x) => x.type === "Ready");
      const key = `${p.metadata.deletionTimestamp ? "deleting " : ""}${p.status?.phase} Ready=${ready?.status}${ready?.reason ? ` (${ready.reason})` : ""}`;
      count.set(key, (count.get(key) ?? 0) + 1);
    }
    const nodes = (await this.c.client.nodes.list()).items.map((n) => `${n.metadata.name} ${nodeReady(n)}`);
    return `pods: ${[...count].map(([k, v]) => `${v} ${k}`).join(", ")}; nodes: ${nodes.join(", ")}`;
  }
}
