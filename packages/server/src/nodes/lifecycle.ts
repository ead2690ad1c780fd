// The node lifecycle loop: notice silent nodes (NotReady), then fail their pods after the
// eviction timeout so that their controllers replace them on healthy nodes.
import { ConflictError, type Node, type Pod } from "@skiff/api";
import type { Store } from "@skiff/store";
import type { Logger } from "../log.js";
import type { Dispatcher } from "./dispatcher.js";
import { evictedStatus, planLifecycle } from "./lifecycle-plan.js";

export class NodeLifecycle {
  constructor(
    private readonly store: Store,
    private readonly dispatcher: Dispatcher,
    private readonly log: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async start(signal: AbortSignal): Promise<void> {
    // Check twice per heartbeat period: a node is noticed within half a period of its deadline.
    const every = Math.max(50, Math.floor(this.dispatcher.config.heartbeatPeriodMs / 2));
    while (!signal.aborted) {
      try {
        await this.pass();
      } catch (err) {
        this.log.warn({ err }, "node lifecycle pass failed; retrying");
      }
      await sleep(every, signal);
    }
  }

  async pass(): Promise<void> {
    const nodes = (await this.store.list("Node")).items as Node[];
    const pods = (await this.store.list("Pod")).items as Pod[];
    const sessions = this.dispatcher.sessions;
    const now = this.clock();
    const plan = planLifecycle(nodes, pods, (n) => sessions.lastHeard(n), now.getTime(), this.dispatcher.config);
    for (const node of plan.notReady) await this.dispatcher.setReady(node.metadata.name, false);
    for (const pod of plan.evict) {
      try {
        await this.store.update(evictedStatus(pod, now));
        this.log.info({ pod: `${pod.metadata.namespace}/${pod.metadata.name}`, node: pod.spec.nodeName }, "pod failed: its node is lost");
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err; // changed meanwhile: the next pass looks again
      }
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
