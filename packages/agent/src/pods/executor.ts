// Applies one pod's actions to the runtime, in order: the thin, effectful half of reconcile.
// It decides nothing: what to do came from reconcile, what a config holds from translate.
import { traceLatency, traceStep, type Container, type Pod, type Service } from "@skiff/api/core";
import type { Logger } from "pino";
import type { Mount, Runtime } from "../runtime/runtime.js";
import { ContainerConfigError, type Configs } from "./configs.js";
import { resolveEnv } from "./env.js";
import { prepareHostPath } from "./host-path.js";
import { claimMounts, claimProblem } from "./claims.js";
import { INFRA_CONTAINER, podNamespace, podUid } from "./labels.js";
import type { Action, PreStop } from "./reconcile.js";
import { runProbe } from "./probes/prober.js";
import { containerConfig, infraConfig } from "./translate.js";
import { appMounts, managedVolumes } from "./volumes.js";
import type { PodNetwork } from "./pod-network.js";
import { serviceEnv } from "./service-env.js";
import type { Limiter } from "./limiter.js";

export interface ExecutorContext {
  runtime: Runtime;
  nodeName: string;
  hostIP?: string;
  infraImage: string;
  log: Logger;
  /** The ConfigMaps and Secrets as the pass that planned these actions saw them. */
  configs: Configs;
  /** The node's capacity: limits a container does not set, for resourceFieldRef. */
  capacity: { cpuMilli: number; memoryBytes: number };
  /** The node's bridge network, once made: new infra containers join it. */
  network?: PodNetwork;
  /** The Services as they are now: their variables go into new containers (with the network's node index). */
  services?: readonly Service[];
  /** `namespace/name` of the pod whose sequence this is, for SKIFF_TRACE=latency. */
  pod?: string;
  /** Bounds the pods creating and starting containers at once (PodManager's maxParallelStarts). */
  starts?: Limiter;
  /** The pod's ServiceAccount token mount (serviceaccount/pod-tokens.ts), once its token is written; absent: none. */
  serviceAccountMount?: (pod: Pod) => Promise<Mount | undefined>;
  /** Milliseconds since the epoch (tests pass their own); the time a preStop hook took comes off the grace period. */
  clock?: () => number;
}

type PodAction = Exclude<Action, { type: "pull" }>;

/** What the executor tells its owner, so the owner can keep the errors a status shows. */
export interface ExecutionHooks {
  succeeded(action: PodAction): void;
  failed(action: PodAction, error: unknown): void;
  /** A volume's files were written through infra container `infraId`. */
  written?(action: Extract<PodAction, { type: "writeVolume" }>, infraId: string): void;
  /** Something a person should see about the pod (keys of an envFrom source left out...). */
  warning?(reason: string, message: string): void;
}

/** Does the container's environment ask for the pod's IP (known once the infra container runs)? */
const needsPodIP = (spec: Container | undefined) => (spec?.env ?? []).some((e) => e.valueFrom?.fieldRef?.fieldPath.startsWith("status.podIP"));

/**
 * An app container can be created while its infra container starts: it names the infra
 * container's namespaces, which must exist (they do: created) but need not run until the app
 * starts. Starting the infra container is the slowest step of a pod (Docker sets up its
 * network), so the create is no longer waiting behind it (issue 18) — unless the container's
 * environment needs the pod's IP.
 */
function createsDuringInfraStart(batch: readonly PodAction[], a: PodAction): boolean {
  const [first] = batch;
  if (batch.length !== 1 || first?.type !== "start" || first.container !== INFRA_CONTAINER || first.containerId) return false;
  return a.type === "createContainer" && !a.infraId && !needsPodIP(a.pod.spec.containers.find((c) => c.name === a.container));
}

/**
 * Runs of consecutive stops (or removes) go together: a pod's containers stop in parallel, as
 * kubelet's do. The first app container's create goes with the start of the infra container made
 * in the same sequence (createsDuringInfraStart).
 */
function batches(actions: readonly PodAction[]): PodAction[][] {
  const out: PodAction[][] = [];
  for (const a of actions) {
    const last = out.at(-1);
    const joins = last && (((a.type === "stop" || a.type === "remove") && last[0]?.type === a.type) || createsDuringInfraStart(last, a));
    if (joins) last.push(a);
    else out.push([a]);
  }
  return out;
}

const STARTING: ReadonlySet<PodAction["type"]> = new Set(["createInfra", "createContainer", "start"]);

/**
 * Runs one pod's sequence. Stops at the first failure: what follows depends on it (no start
 * without the create), and the next reconcile pass plans again from what Docker then shows.
 * From its first create or start to its end the sequence holds a place in `ctx.starts`: stops
 * before that take none, and a pod's containers come up together once it has one.
 */
export async function runSequence(actions: readonly PodAction[], ctx: ExecutorContext, hooks: ExecutionHooks): Promise<void> {
  let release: (() => void) | undefined;
  try {
    await runBatches(actions, ctx, hooks, async () => {
      if (ctx.starts) release ??= await ctx.starts.acquire();
    });
  } finally {
    release?.();
  }
}

async function runBatches(actions: readonly PodAction[], ctx: ExecutorContext, hooks: ExecutionHooks, beforeStarting: () => Promise<void>): Promise<void> {
  // Ids of containers created in this sequence, by `container#attempt`: later actions refer to them.
  const created = new Map<string, string>();
  for (const batch of batches(actions)) {
    if (batch.some((a) => STARTING.has(a.type))) await beforeStarting();
    const results = await Promise.allSettled(batch.map((a) => apply(a, ctx, created, hooks)));
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

const podKey = (pod: Pod) => `${podNamespace(pod)}/${pod.metadata.name}`;

const infraOf = (created: Map<string, string>) => [...created].find(([k]) => k.startsWith(`${INFRA_CONTAINER}#`))?.[1];

/**
 * Makes one app container: its hostPath volumes checked (or made), its environment resolved
 * (the pod's IP is the infra container's, started by now), then, once created, the symlinks of
 * its subPath mounts put in its own layer before it starts.
 */
async function createApp(pod: Pod, spec: Container, infraId: string, attempt: number, backoffStep: number, ctx: ExecutorContext, hooks: ExecutionHooks): Promise<string> {
  const { runtime } = ctx;
  const mounts = appMounts(pod, spec, ctx.nodeName);
  const claimProblemNow = claimProblem(pod, spec, ctx.configs);
  if (claimProblemNow) throw new ContainerConfigError(claimProblemNow);
  const claims = claimMounts(pod, spec, ctx.configs, ctx.nodeName);
  const tokenMount = await ctx.serviceAccountMount?.(pod);
  if (tokenMount) claims.mounts.push(tokenMount);
  for (const check of [...mounts.hostPaths, ...claims.hostPaths]) await prepareHostPath(check);
  for (const v of claims.volumes) await runtime.ensureVolume(v.name, { labels: v.labels });
  const podIP = needsPodIP(spec) ? (await runtime.inspectContainer(infraId))?.ipAddress : undefined;
  const services = ctx.network ? serviceEnv(ctx.services ?? [], podNamespace(pod), ctx.network.nodeIndex) : undefined;
  const env = resolveEnv({
    pod,
    container: spec,
    configs: ctx.configs,
    nodeName: ctx.nodeName,
    capacity: ctx.capacity,
    ...(podIP ? { podIP } : {}),
    ...(ctx.hostIP ? { hostIP: ctx.hostIP } : {}),
    ...(services ? { serviceEnv: services } : {}),
  });
  // The plan checked the configs; one that vanished since is the same error, a pass later.
  if (!env.ok) throw new ContainerConfigError(env.message);
  for (const w of env.warnings) hooks.warning?.("InvalidEnvironmentVariableNames", w);
  const config = containerConfig(pod, spec, ctx.nodeName, infraId, attempt, { backoffStep, resolved: env, claimMounts: claims.mounts });
  const id = await runtime.createContainer(config);
  for (const link of mounts.links) {
    const slash = link.path.replace(/\/+$/, "").lastIndexOf("/");
    const file = { path: link.path.slice(slash + 1), data: Buffer.alloc(0), mode: 0o777, type: "symlink" as const, linkTarget: link.target };
    // Into the link's directory if the image has it; else from the root, the engine making the missing directories.
    await runtime
      .putFiles(id, link.path.slice(0, slash) || "/", [file])
      .catch(() => runtime.putFiles(id, "/", [{ ...file, path: link.path.replace(/^\/+/, "") }]));
  }
  return id;
}

/** As kubelet: whatever the hook took, the container still gets at least this long after SIGTERM. */
const MIN_GRACE_AFTER_HOOK_SECONDS = 2;

/**
 * Runs a container's preStop hook (exec in the container, or an HTTP GET), for at most the grace
 * period, and returns what is left of the period for SIGTERM (kubelet's killContainer). A hook
 * that fails is reported (FailedPreStopHook) and the container is stopped all the same.
 */
export async function runPreStop(preStop: PreStop, containerId: string, graceSeconds: number, ctx: Pick<ExecutorContext, "runtime" | "clock">, hooks: Pick<ExecutionHooks, "warning">): Promise<number> {
  const clock = ctx.clock ?? (() => Date.now());
  const started = clock();
  const subject = { runtime: ctx.runtime, container: preStop.container, containerId, podIP: preStop.podIP };
  // A handler has the shape of a probe's (exec or httpGet), so the prober runs it.
  const outcome = await runProbe(preStop.handler, subject, Math.max(1, graceSeconds) * 1000);
  if (outcome.result !== "success") {
    const how = preStop.handler.exec ? `Exec lifecycle hook (${JSON.stringify(preStop.handler.exec.command ?? [])})` : "HTTP lifecycle hook";
    hooks.warning?.("FailedPreStopHook", `${how} for Container "${preStop.container.name}" failed: ${outcome.output || outcome.result}`);
  }
  const elapsed = Math.floor((clock() - started) / 1000);
  return Math.max(MIN_GRACE_AFTER_HOOK_SECONDS, graceSeconds - elapsed);
}

async function apply(a: PodAction, ctx: ExecutorContext, created: Map<string, string>, hooks: ExecutionHooks): Promise<void> {
  const { runtime, log } = ctx;
  switch (a.type) {
    case "prepareVolumes":
      for (const v of managedVolumes(a.pod, ctx.nodeName)) {
        await runtime.ensureVolume(v.dockerName, v.tmpfs ? { labels: v.labels, tmpfs: v.tmpfs } : { labels: v.labels });
      }
      return;
    case "writeVolume": {
      const infraId = a.infraId ?? infraOf(created);
      if (!infraId) throw new Error(`bug: no infra container to write volume ${a.write.volume} through`);
      await runtime.putFiles(infraId, a.write.dir, a.write.entries);
      hooks.written?.(a, infraId);
      log.debug({ pod: a.podUid, volume: a.write.volume }, "wrote volume files");
      return;
    }
    case "removeVolume":
      await runtime.removeVolume(a.name);
      log.debug({ volume: a.name }, "removed volume");
      return;
    case "createInfra": {
      const options = { attempt: a.attempt, ...(ctx.hostIP ? { hostIP: ctx.hostIP } : {}), ...(ctx.network ? { network: ctx.network } : {}) };
      const config = infraConfig(a.pod, ctx.nodeName, ctx.infraImage, options);
      created.set(`${INFRA_CONTAINER}#${a.attempt}`, await runtime.createContainer(config));
      traceLatency("infra created", podKey(a.pod));
      agentStep(ctx, a.podUid, "container created", `infra container (holds the pod's network) ${config.name}${a.attempt > 0 ? `, attempt ${a.attempt}: the last one is gone` : ""}`);
      log.debug({ container: config.name }, "created infra container");
      return;
    }
    case "createContainer": {
      const spec = a.pod.spec.containers.find((c) => c.name === a.container);
      const infraId = a.infraId ?? infraOf(created);
      if (!spec || !infraId) throw new Error(`bug: nothing to create ${a.container} from (spec or infra container missing)`);
      if (podUid(a.pod) !== a.podUid) throw new Error(`bug: pod ${a.podUid} has uid ${podUid(a.pod)}`);
      created.set(`${a.container}#${a.attempt}`, await createApp(a.pod, spec, infraId, a.attempt, a.backoffStep, ctx, hooks));
      traceLatency("app created", podKey(a.pod), { container: a.container });
      agentStep(ctx, a.podUid, "container created", `${a.container} (image ${spec.image ?? "?"})${a.attempt > 0 ? `, attempt ${a.attempt}: restarting it after it ended` : ": the pod needs it and Docker has none"}`);
      log.debug({ container: a.container, attempt: a.attempt }, "created container");
      return;
    }
    case "start": {
      const id = a.containerId ?? created.get(`${a.container}#${a.attempt}`);
      if (!id) throw new Error(`bug: no container ${a.container}#${a.attempt} to start`);
      await runtime.startContainer(id);
      if (ctx.pod) traceLatency(a.container === INFRA_CONTAINER ? "infra started" : "app started", ctx.pod, { container: a.container });
      agentStep(ctx, a.podUid, "container running", `${a.container === INFRA_CONTAINER ? "infra container" : a.container} started (docker ${id.slice(0, 12)})`);
      log.debug({ container: a.container, attempt: a.attempt, id: id.slice(0, 12) }, "started container");
      return;
    }
    case "stop": {
      const grace = a.preStop && a.graceSeconds > 0 ? await runPreStop(a.preStop, a.containerId, a.graceSeconds, ctx, hooks) : a.graceSeconds;
      agentStep(ctx, a.podUid, "container stopping", `${shortName(a.name)}: ${a.message ?? "its pod is no longer assigned to this node, or is being deleted"} (SIGTERM, ${grace}s grace)`);
      await runtime.stopContainer(a.containerId, grace);
      agentStep(ctx, a.podUid, "container stopped", `${shortName(a.name)} (docker ${a.containerId.slice(0, 12)}, ${a.name})`);
      log.debug({ container: a.name, grace }, "stopped container");
      return;
    }
    case "remove":
      await runtime.removeContainer(a.containerId);
      log.debug({ container: a.name }, "removed container");
      return;
  }
}

/** One of the agent's steps for `skiff trace`, about the pod of this sequence (named by ctx.pod). */
function agentStep(ctx: ExecutorContext, podUid: string, step: string, detail: string): void {
  const [namespace, name] = (ctx.pod ?? "/").split("/") as [string, string];
  traceStep({ component: "agent", node: ctx.nodeName, kind: "Pod", ...(namespace ? { namespace } : {}), name: name || podUid, uid: podUid, step, detail });
}

/** The pod's name for a container (`web`, or "infra container"), from its Docker name `skiff_<node>_<ns>_<pod>_<container>_<attempt>` (labels.ts). */
function shortName(dockerName: string): string {
  const container = dockerName.startsWith("skiff_") ? (dockerName.split("_").at(-2) ?? dockerName) : dockerName;
  return container === INFRA_CONTAINER ? "infra container" : container;
}
