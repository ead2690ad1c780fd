// reconcile(desired pods, observed containers, now) -> actions. Level-triggered and pure: it
// looks at the whole picture every time, so running it again after a crash, or twice in a row,
// asks for nothing new. The PodManager applies the actions (executor.ts).
//
// Actions of one pod are a sequence, applied in order; pods are independent of each other.
// Pulls are not part of any pod's sequence: they run in the background, and the containers
// waiting for an image are created by a later pass, once it is there.
import type { Container, LifecycleHandler, Pod } from "@skiff/api/core";
import type { ContainerInfo } from "../runtime/runtime.js";
import { INFRA_CONTAINER, identify } from "./labels.js";
import { allContainers, attemptOf, isRunning, type PodContainers } from "./observed.js";
import { planNode, type NodePlan, type PlanInput, type PodPlan } from "./pod-plan.js";
import { DEFAULT_GRACE_SECONDS } from "./translate.js";
import type { VolumeWrite } from "./volume-files.js";
import { killMessage } from "./probes/probe-state.js";
import { managedKind } from "./volumes.js";

export type Action =
  | { type: "pull"; image: string }
  /** Create the pod's infra container, attempt `attempt`. */
  | { type: "createInfra"; podUid: string; pod: Pod; attempt: number }
  /**
   * Create app container `container`. Without `infraId` it joins the infra container created
   * earlier in the same pod sequence (its id is not known before that runs).
   */
  | {
      type: "createContainer";
      podUid: string;
      pod: Pod;
      container: string;
      attempt: number;
      backoffStep: number;
      infraId?: string;
    }
  /** Start attempt `attempt` of `container`: by id, or (no id) the one created earlier in the sequence. */
  | { type: "start"; podUid: string; container: string; attempt: number; containerId?: string }
  /**
   * `message`: why, when it is not the pod's own end (a failed liveness probe). `preStop`: the
   * container's hook, run first, within the grace period (SIGTERM follows, then SIGKILL when the
   * rest of the period is over).
   */
  | { type: "stop"; podUid: string; name: string; containerId: string; graceSeconds: number; message?: string; preStop?: PreStop }
  | { type: "remove"; podUid: string; name: string; containerId: string }
  /** Make the pod's emptyDir, configMap and secret volumes (before its infra container mounts them). */
  | { type: "prepareVolumes"; podUid: string; pod: Pod }
  /** Write files through the infra container `infraId` (without it: the one started earlier in the sequence). */
  | { type: "writeVolume"; podUid: string; write: VolumeWrite; infraId?: string }
  /** Remove a volume of a pod no longer here (its containers are removed earlier in the sequence). */
  | { type: "removeVolume"; podUid: string; name: string };

/** A preStop hook to run in a container before it is stopped; `podIP` is where an httpGet goes by default. */
export interface PreStop {
  handler: LifecycleHandler;
  container: Container;
  podIP?: string;
}

export type ReconcileInput = PlanInput;

export function reconcile(input: ReconcileInput): Action[] {
  return actionsFor(planNode(input));
}

/** How many attempts of each app container stay: the current one and the one before it (`logs --previous`). */
const KEPT_ATTEMPTS = 2;

/** Collects one pod's sequence; never stops or removes a container twice. */
class Sequence {
  readonly actions: Action[] = [];
  private readonly stopped = new Set<string>();
  private readonly removed = new Set<string>();
  constructor(
    private readonly uid: string,
    private readonly graceSeconds: number,
  ) {}

  stop(c: ContainerInfo, graceSeconds = this.graceSeconds, message?: string, preStop?: PreStop): void {
    if (!isRunning(c) || this.stopped.has(c.id)) return;
    this.stopped.add(c.id);
    const action: Action = { type: "stop", podUid: this.uid, name: c.name, containerId: c.id, graceSeconds };
    if (message) action.message = message;
    if (preStop) action.preStop = preStop;
    this.actions.push(action);
  }

  remove(c: ContainerInfo, graceSeconds = this.graceSeconds): void {
    if (this.removed.has(c.id)) return;
    this.stop(c, graceSeconds);
    this.removed.add(c.id);
    this.actions.push({ type: "remove", podUid: this.uid, name: c.name, containerId: c.id });
  }
}

/**
 * Containers of a pod this node no longer runs: stopped, with the grace period their pod asked
 * for (its label; 30 s, Kubernetes' default, for a container without one), then removed. A stale
 * copy, already replaced elsewhere (`atOnce`), is killed without one, as a force-deleted pod is.
 */
function orphanActions(orphan: PodContainers, atOnce = false): Action[] {
  const seq = new Sequence(orphan.uid, DEFAULT_GRACE_SECONDS);
  const all = allContainers(orphan);
  for (const c of all) seq.stop(c, atOnce ? 0 : (identify(c)?.graceSeconds ?? DEFAULT_GRACE_SECONDS));
  for (const c of all) seq.remove(c);
  return seq.actions;
}

function startExisting(uid: string, c: ContainerInfo): Action {
  const container = identify(c)?.container ?? "";
  return { type: "start", podUid: uid, container, attempt: attemptOf(c), containerId: c.id };
}

/**
 * The grace period of a pod's containers: the one its deletion gave it (deletionGracePeriodSeconds,
 * which a second, shorter delete may have cut), else its terminationGracePeriodSeconds.
 */
export function graceSecondsOf(pod: Pod): number {
  return pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
}

function podActions(p: PodPlan, pulls: Set<string>): Action[] {
  const seq = new Sequence(p.uid, graceSecondsOf(p.pod));
  const apps = p.containers.flatMap((c) => c.attempts);
  for (const c of p.strays) seq.remove(c);
  if (p.stopping) {
    // Apps first (each after its preStop hook), then the infra container: an app shutting down
    // may still need its network. A pod failed because its node was lost has been replaced: its
    // copy here is killed at once, with no hook.
    if (isReplacedCopy(p.pod)) {
      for (const c of [...apps, ...(p.observed?.infra ?? [])]) seq.stop(c, 0);
      return seq.actions;
    }
    const podIP = p.sandbox.kind === "ready" ? p.sandbox.infra.ipAddress || p.pod.status?.podIP : p.pod.status?.podIP;
    for (const { spec, attempts } of p.containers) {
      const handler = spec.lifecycle?.preStop;
      for (const c of attempts) seq.stop(c, undefined, undefined, handler ? { handler, container: spec, ...(podIP ? { podIP } : {}) } : undefined);
    }
    for (const c of p.observed?.infra ?? []) seq.stop(c);
    return seq.actions;
  }
  if (p.finished) {
    for (const c of p.observed?.infra ?? []) seq.stop(c);
  }
  const sandbox = p.sandbox;
  let infraId: string | undefined;
  const hasVolumes = (p.pod.spec.volumes ?? []).some((v) => managedKind(v) !== undefined);
  const prepare: Action[] = hasVolumes ? [{ type: "prepareVolumes", podUid: p.uid, pod: p.pod }] : [];
  if (sandbox.kind === "create") {
    // A new sandbox is a new network: whatever ran in the old one starts again in the new one.
    for (const c of apps) seq.stop(c);
    for (const c of sandbox.stale) seq.remove(c);
    seq.actions.push(
      ...prepare,
      { type: "createInfra", podUid: p.uid, pod: p.pod, attempt: sandbox.attempt },
      { type: "start", podUid: p.uid, container: INFRA_CONTAINER, attempt: sandbox.attempt },
    );
  } else if (sandbox.kind === "start") {
    seq.actions.push(...prepare, startExisting(p.uid, sandbox.infra));
    infraId = sandbox.infra.id;
  } else if (sandbox.kind === "ready") {
    infraId = sandbox.infra.id;
    for (const c of p.observed?.infra.slice(1) ?? []) seq.remove(c);
  }
  // Files before the containers that read them (a configMap's files must be there when they start).
  for (const write of p.writes) seq.actions.push(infraId ? { type: "writeVolume", podUid: p.uid, write, infraId } : { type: "writeVolume", podUid: p.uid, write });
  for (const { spec, plan } of p.containers) {
    if (plan.kind === "pull") pulls.add(plan.image);
    if (plan.kind === "start") seq.actions.push(startExisting(p.uid, plan.current));
    if (plan.kind === "kill") seq.stop(plan.current, undefined, killMessage(spec.name, plan.probe, restartsAfterKill(p.pod)));
    if (plan.kind !== "create") continue;
    if (plan.replaces) {
      if (isRunning(plan.replaces)) seq.stop(plan.replaces);
      else seq.remove(plan.replaces); // created but never started: nothing to keep for logs
    }
    const create: Action = {
      type: "createContainer",
      podUid: p.uid,
      pod: p.pod,
      container: spec.name,
      attempt: plan.attempt,
      backoffStep: plan.step,
    };
    if (infraId) create.infraId = infraId;
    seq.actions.push(create, { type: "start", podUid: p.uid, container: spec.name, attempt: plan.attempt });
  }
  // A new attempt counts among those kept, so it keeps one old one beside it (for `logs --previous`).
  for (const { attempts, plan } of p.containers) {
    for (const c of attempts.slice(plan.kind === "create" ? KEPT_ATTEMPTS - 1 : KEPT_ATTEMPTS)) if (c !== (plan.kind === "create" ? plan.replaces : undefined)) seq.remove(c);
  }
  return seq.actions;
}

/** A container killed by a probe exits non-zero: restarted unless the policy is Never. */
const restartsAfterKill = (pod: Pod): boolean => (pod.spec.restartPolicy ?? "Always") !== "Never";

/** Actions for a node's plan: pulls first, then orphans (they free names and ports), then pods. */
export function actionsFor(plan: NodePlan): Action[] {
  const pulls = new Set<string>();
  const podSequences = plan.pods.flatMap((p) => podActions(p, pulls));
  const pullActions: Action[] = [...pulls].map((image) => ({ type: "pull", image }));
  // A volume goes after its pod's containers: the orphans' actions of the same uid come first.
  const volumes: Action[] = [...plan.orphanVolumes].flatMap(([uid, names]) => names.map((name): Action => ({ type: "removeVolume", podUid: uid, name })));
  return [...pullActions, ...plan.orphans.flatMap((o) => orphanActions(o, plan.killAtOnce.has(o.uid))), ...volumes, ...podSequences];
}

/** The server failed this pod because its node was lost (nodes/lifecycle-plan.ts): a controller has replaced it. */
const isReplacedCopy = (pod: Pod): boolean => pod.status?.phase === "Failed" && pod.status.reason === "NodeLost";
