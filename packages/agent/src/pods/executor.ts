// Applies one pod's actions to the runtime, in order: the thin, effectful half of reconcile.
// It decides nothing: what to do came from reconcile, what a config holds from translate.
import type { Logger } from "pino";
import type { Runtime } from "../runtime/runtime.js";
import { INFRA_CONTAINER } from "./labels.js";
import type { Action } from "./reconcile.js";
import { containerConfig, infraConfig } from "./translate.js";

export interface ExecutorContext {
  runtime: Runtime;
  nodeName: string;
  hostIP?: string;
  infraImage: string;
  log: Logger;
}

type PodAction = Exclude<Action, { type: "pull" }>;

/** What the executor tells its owner, so the owner can keep the errors a status shows. */
export interface ExecutionHooks {
  succeeded(action: PodAction): void;
  failed(action: PodAction, error: unknown): void;
}

/** Runs of consecutive stops (or removes) go together: a pod's containers stop in parallel, as kubelet's do. */
function batches(actions: readonly PodAction[]): PodAction[][] {
  const out: PodAction[][] = [];
  for (const a of actions) {
    const last = out.at(-1);
    const joins = last && (a.type === "stop" || a.type === "remove") && last[0]?.type === a.type;
    if (joins) last.push(a);
    else out.push([a]);
  }
  return out;
}

/**
 * Runs one pod's sequence. Stops at the first failure: what follows depends on it (no start
 * without the create), and the next reconcile pass plans again from what Docker then shows.
 */
export async function runSequence(actions: readonly PodAction[], ctx: ExecutorContext, hooks: ExecutionHooks): Promise<void> {
  // Ids of containers created in this sequence, by `container#attempt`: later actions refer to them.
  const created = new Map<string, string>();
  for (const batch of batches(actions)) {
    const results = await Promise.allSettled(batch.map((a) => apply(a, ctx, created)));
    let failed = false;
    results.forEach((r, i) => {
      const action = batch[i]!;
      if (r.status === "fulfilled") hooks.succeeded(action);
      else {
        failed = true;
        hooks.failed(action, r.reason);
      }
    });
    if (failed) return;
  }
}

async function apply(a: PodAction, ctx: ExecutorContext, created: Map<string, string>): Promise<void> {
  const { runtime, log } = ctx;
  switch (a.type) {
    case "createInfra": {
      const options = ctx.hostIP ? { attempt: a.attempt, hostIP: ctx.hostIP } : { attempt: a.attempt };
      const config = infraConfig(a.pod, ctx.nodeName, ctx.infraImage, options);
      created.set(`${INFRA_CONTAINER}#${a.attempt}`, await runtime.createContainer(config));
      log.debug({ container: config.name }, "created infra container");
      return;
    }
    case "createContainer": {
      const spec = a.pod.spec.containers.find((c) => c.name === a.container);
      const infraId = a.infraId ?? [...created].find(([k]) => k.startsWith(`${INFRA_CONTAINER}#`))?.[1];
      if (!spec || !infraId) throw new Error(`bug: nothing to create ${a.container} from (spec or infra container missing)`);
      const config = containerConfig(a.pod, spec, ctx.nodeName, infraId, a.attempt, { backoffStep: a.backoffStep });
      created.set(`${a.container}#${a.attempt}`, await runtime.createContainer(config));
      log.debug({ container: config.name }, "created container");
      return;
    }
    case "start": {
      const id = a.containerId ?? created.get(`${a.container}#${a.attempt}`);
      if (!id) throw new Error(`bug: no container ${a.container}#${a.attempt} to start`);
      await runtime.startContainer(id);
      log.debug({ container: a.container, attempt: a.attempt, id: id.slice(0, 12) }, "started container");
      return;
    }
    case "stop":
      await runtime.stopContainer(a.containerId, a.graceSeconds);
      log.debug({ container: a.name, grace: a.graceSeconds }, "stopped container");
      return;
    case "remove":
      await runtime.removeContainer(a.containerId);
      log.debug({ container: a.name }, "removed container");
      return;
  }
}
