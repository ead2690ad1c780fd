// pods/: the node agent's pod lifecycle. Pure decisions (translate, plan, reconcile, status,
// backoff) and the thin loop that applies them through a Runtime (PodManager).
export { PodManager, type PodManagerOptions } from "./pod-manager.js";
export { dnsConfig, portBindings, hostPortsStatus, CLUSTER_DOMAIN, type PodNetwork } from "./pod-network.js";
export { serviceEnv } from "./service-env.js";
export { containerHealth, type ContainerHealth, type ContainerProbes, type ProbeKind } from "./probes/probe-state.js";
export { reconcile, actionsFor, type Action, type ReconcileInput } from "./reconcile.js";
export { planNode, planPod, type NodePlan, type PlanInput, type PodPlan, type ContainerEntry } from "./pod-plan.js";
export type { AgentView, ContainerPlan, SandboxPlan } from "./plan.js";
export { podStatus, statusFromPlan, terminatedState, type PodStatusInput } from "./status.js";
export { phaseOf } from "./phase.js";
export {
  backoffDelayMs,
  crashDelayMs,
  crashRestartAt,
  nextBackoffStep,
  pullRetryAt,
  failureRetryAt,
  failureKey,
  BACKOFF_INITIAL_MS,
  BACKOFF_MAX_MS,
  BACKOFF_RESET_MS,
  type FailureRecord,
  type ImageRecord,
} from "./backoff.js";
export {
  infraConfig,
  containerConfig,
  containerSpecHash,
  infraSpecHash,
  podHostname,
  DEFAULT_GRACE_SECONDS,
  type InfraOptions,
  type ContainerOptions,
} from "./translate.js";
export {
  LABELS,
  INFRA_CONTAINER,
  containerName,
  nodeSelector,
  identify,
  podUid,
  podNamespace,
  type ContainerIdentity,
} from "./labels.js";
