// Whether a Service sends traffic to pods it should not (R3): requests one after another through
// a node's NodePort, each answered with the name of the pod that served it, and the Service's
// Endpoints every 100 ms. Both are counted per phase of the scenario, which the scenario moves on.
import type { TestCluster } from "../support/cluster.js";
import { every, sleep } from "./harness.js";

export type Phase = "beforeEviction" | "cut" | "healed";

export class ServiceTraffic {
  phase: Phase = "beforeEviction";
  readonly requests: Record<Phase | "failed", number> = { beforeEviction: 0, cut: 0, healed: 0, failed: 0 };
  /** Requests answered by one of the watched pods, after they were failed. */
  readonly staleAnswers: Record<Exclude<Phase, "beforeEviction">, string[]> = { cut: [], healed: [] };
  /** When a watched pod last answered while cut off after its eviction (0: never). */
  lastStaleAfterEviction = 0;
  endpointSamples = 0;
  /** Endpoints samples, after healing, that list a watched pod's IP. */
  staleEndpointsHealed = 0;
  private sending = false;
  private sender?: Promise<void>;
  private endpoints?: { stop(): Promise<void> };

  constructor(
    private readonly c: TestCluster,
    private readonly service: string,
    private readonly url: string,
    private readonly stale: { names: Set<string>; ips: Set<string> },
  ) {}

  /** One request: the name of the pod that answered. */
  async ask(): Promise<string> {
    return (await (await fetch(this.url, { signal: AbortSignal.timeout(2_000) })).text()).trim();
  }

  start(): void {
    this.sending = true;
    this.sender = this.send();
    this.endpoints = every(100, async () => {
      const ep = await this.c.client.endpoints.get(this.service).catch(() => undefined);
      this.endpointSamples++;
      const ips = (ep?.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip));
      if (this.phase === "healed" && ips.some((ip) => this.stale.ips.has(ip))) this.staleEndpointsHealed++;
    });
  }

  async stop(): Promise<void> {
    this.sending = false;
    await this.sender;
    await this.endpoints?.stop();
  }

  private async send(): Promise<void> {
    while (this.sending) {
      const at = this.phase;
      try {
        const who = await this.ask();
        this.requests[at]++;
        if (!this.stale.names.has(who) || at === "beforeEviction") continue;
        this.staleAnswers[at].push(who);
        if (at === "cut") this.lastStaleAfterEviction = Date.now();
      } catch {
        this.requests.failed++;
        await sleep(50);
      }
    }
  }
}
