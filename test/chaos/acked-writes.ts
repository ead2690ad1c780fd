// Acknowledged writes through crashes: a writer applies one new ConfigMap at a time (each name
// written once) and remembers the resourceVersion and uid of every write the server acknowledged.
// A write cut off by a crash is counted, not remembered: it may or may not have been stored.
// Afterwards every acknowledged write must be there exactly as it was acknowledged.
import { sleep, type ChaosCluster } from "./harness.js";

export class AckedWrites {
  readonly acked = new Map<string, { rv: string; uid: string }>();
  unacked = 0;
  private stopped = false;
  private loop?: Promise<void>;

  constructor(
    private readonly c: ChaosCluster,
    private readonly prefix: string,
  ) {}

  start(): void {
    this.loop = (async () => {
      for (let i = 0; !this.stopped; i++) {
        const name = `${this.prefix}-${i}`;
        try {
          const [r] = await this.c.client.apply([{ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data: { i: String(i) } }]);
          if (r) this.acked.set(name, { rv: r.object.metadata.resourceVersion ?? "", uid: r.object.metadata.uid ?? "" });
        } catch {
          this.unacked++;
          await sleep(100);
        }
        await sleep(50);
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  /** The acknowledged writes that are missing now, or not as they were acknowledged. */
  async lost(): Promise<string[]> {
    const stored = new Map((await this.c.client.configMaps.list()).items.map((cm) => [cm.metadata.name, cm.metadata]));
    return [...this.acked].filter(([name, w]) => stored.get(name)?.resourceVersion !== w.rv || stored.get(name)?.uid !== w.uid).map(([name]) => name);
  }
}
