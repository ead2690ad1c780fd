// skiff drain NODE [--force] [--ignore-daemonsets] [--grace-period N] [--timeout 60s]
// [--disable-eviction]: cordon the node, then evict every pod bound to it (in every namespace) but
// the DaemonSets', through the Eviction API so that PodDisruptionBudgets hold (a refused eviction
// is asked again every 5 s: drain-evict.ts), and wait until they are gone, as `kubectl drain`
// does. --disable-eviction deletes them instead, budgets or not.
import type { Argv, CommandModule } from "yargs";
import { NotFoundError, parseDuration, sleep, type Pod } from "@skiff/api";
import type { SkiffClient } from "@skiff/client";
import { withClient, type GlobalArgs } from "../context.js";
import { planDrain, podKey, setUnschedulable } from "../drain.js";
import { blockedMessage, evictAll } from "../drain-evict.js";
import { UserError } from "../errors.js";
import { humanDuration } from "../output/age.js";

interface DrainArgs extends GlobalArgs {
  node: string;
  force: boolean;
  ignoreDaemonsets: boolean;
  gracePeriod: number;
  timeout: string;
  disableEviction: boolean;
}

/** How often to look whether the deleted pods are gone. */
const POLL_MS = 500;

export const drainCommand: CommandModule<GlobalArgs, DrainArgs> = {
  command: "drain <node>",
  describe: "Cordon a node and evict its pods (within their disruption budgets), so their controllers recreate them elsewhere",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional("node", { type: "string", demandOption: true, describe: "The node's name" })
      .option("force", { type: "boolean", default: false, describe: "Also delete pods no controller manages (they are not recreated)" })
      .option("ignore-daemonsets", { type: "boolean", default: false, describe: "Leave the pods of DaemonSets running (they would be made again on this node)" })
      .option("grace-period", {
        type: "number",
        default: -1,
        describe: "Seconds each pod is given to stop (-1: the pod's own terminationGracePeriodSeconds; 0: removed at once)",
      })
      .option("timeout", { type: "string", default: "60s", describe: "How long to wait for the pods to be evicted and gone (0s: forever)" })
      .option("disable-eviction", { type: "boolean", default: false, describe: "Delete the pods instead of evicting them: PodDisruptionBudgets are not checked" })
      .example("skiff drain n1", "")
      .example("skiff drain n1 --force --timeout 2m", "") as unknown as Argv<DrainArgs>,
  handler: async (args) => {
    const timeoutMs = parseDuration(args.timeout, "--timeout");
    if (!Number.isInteger(args.gracePeriod) || args.gracePeriod < -1) throw new UserError(`--grace-period must be a whole number of seconds, or -1 (got ${args.gracePeriod})`);
    // As kubectl drain: sent as the delete's gracePeriodSeconds when given (-1: each pod's own).
    const grace = args.gracePeriod >= 0 ? { gracePeriodSeconds: args.gracePeriod } : {};
    await withClient(args, async (client) => {
      const changed = await setUnschedulable(client, args.node, true);
      process.stdout.write(`node/${args.node} ${changed ? "cordoned" : "already cordoned"}\n`);

      const plan = planDrain((await client.pods.list()).items, args.node);
      const unmanaged = plan.unmanaged.map(podKey).join(", ");
      if (plan.unmanaged.length && !args.force) {
        throw new UserError(`unable to drain node "${args.node}": cannot delete Pods declare no controller (use --force to override): ${unmanaged}`);
      }
      const daemons = plan.daemonSetPods.map(podKey).join(", ");
      if (plan.daemonSetPods.length && !args.ignoreDaemonsets) {
        throw new UserError(`unable to drain node "${args.node}": cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): ${daemons}`);
      }
      if (plan.unmanaged.length) process.stderr.write(`Warning: deleting Pods that declare no controller: ${unmanaged}\n`);
      if (plan.daemonSetPods.length) process.stderr.write(`Warning: ignoring DaemonSet-managed Pods: ${daemons}\n`);

      const deadline = timeoutMs > 0 ? Date.now() + timeoutMs : Infinity;
      let gone: Pod[];
      if (args.disableEviction) {
        gone = [];
        for (const pod of plan.pods) {
          process.stdout.write(`deleting pod ${podKey(pod)}\n`);
          try {
            await client.pods.delete(pod.metadata.name, { namespace: pod.metadata.namespace, ...grace });
          } catch (err) {
            if (!(err instanceof NotFoundError)) throw err; // gone already: that is what we wanted
          }
          gone.push(pod);
        }
      } else {
        const outcome = await evictAll(plan.pods, deadline, {
          evict: async (pod) => void (await client.pods.evict(pod.metadata.name, { namespace: pod.metadata.namespace, deleteOptions: grace })),
          sleep: (ms) => sleep(ms),
          now: () => Date.now(),
          out: (line) => process.stdout.write(`${line}\n`),
          err: (line) => process.stderr.write(`${line}\n`),
        });
        if (outcome.blocked.length) {
          throw new UserError(`unable to drain node "${args.node}": timed out after ${humanDuration(timeoutMs)}: ${blockedMessage(outcome.blocked)}`);
        }
        gone = outcome.evicted;
      }
      const verb = args.disableEviction ? "deleted" : "evicted";
      const left = await waitUntilGone(client, gone, deadline, (pod) => process.stdout.write(`pod/${pod.metadata.name} ${verb}\n`));
      if (left.length) {
        throw new UserError(
          `unable to drain node "${args.node}": timed out after ${humanDuration(timeoutMs)} waiting for pods to be deleted: ${left.map(podKey).join(", ")}`,
        );
      }
      process.stdout.write(`node/${args.node} drained\n`);
    });
  },
};

/**
 * Poll until each pod is gone (not found, or replaced by a new pod of the same name: another uid),
 * calling `onGone` for each as it goes. Returns the pods still there at `deadline` (Infinity: no
 * limit), which the evictions share.
 */
async function waitUntilGone(client: SkiffClient, pods: Pod[], deadline: number, onGone: (pod: Pod) => void): Promise<Pod[]> {
  let waiting = pods;
  for (;;) {
    const still: Pod[] = [];
    for (const pod of waiting) {
      if (await exists(client, pod)) still.push(pod);
      else onGone(pod);
    }
    waiting = still;
    if (waiting.length === 0 || Date.now() >= deadline) return waiting;
    await sleep(Math.min(POLL_MS, Math.max(0, deadline - Date.now())));
  }
}

async function exists(client: SkiffClient, pod: Pod): Promise<boolean> {
  try {
    const now = await client.pods.get(pod.metadata.name, { namespace: pod.metadata.namespace });
    return now.metadata.uid === pod.metadata.uid;
  } catch (err) {
    if (err instanceof NotFoundError) return false;
    throw err;
  }
}
