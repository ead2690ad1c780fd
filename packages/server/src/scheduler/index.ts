// The scheduler: the Kubernetes scheduling framework in miniature (see README.md).
export { Scheduler, DEFAULT_RETRY_INTERVAL_MS } from "./scheduler.js";
export type { SchedulerOptions } from "./scheduler.js";
export { schedule } from "./schedule.js";
export { unschedulableMessage } from "./message.js";
export { explain } from "./explain.js";
export { SCHEDULING_ANNOTATION, toAnnotation, formatAnnotation, parseSchedulingAnnotation } from "./annotation.js";
export type { SchedulingAnnotation } from "./annotation.js";
export { boundPod, unschedulablePod, POD_SCHEDULED, UNSCHEDULABLE_REASON } from "./binding.js";
export { nodeInfo, withPod, allocatableOf, isNodeReady } from "./node-info.js";
export { podRequests, podHostPorts } from "./resources.js";
export { isPending } from "./pod-state.js";
export {
  defaultPlugins,
  leastAllocated,
  nodePorts,
  nodeReady,
  nodeResourcesFit,
  nodeSelector,
  nodeUnschedulable,
  selectorSpread,
  taintToleration,
  toleratesTaint,
} from "./plugins/index.js";
export { fit, unfit, MAX_NODE_SCORE } from "./types.js";
export type { Decision, DecisionRecord, FilterPlugin, FilterResult, HostPort, NodeInfo, NodeVerdict, Plugin, Resources, ScorePlugin } from "./types.js";
export { loadSchedulerConfig, builtInPlugins, type SchedulerProfile } from "./config/load.js";
export { parseSchedulerConfig, type SchedulerConfigFile } from "./config/schema.js";
export { resolveProfile, profilePlugins, defaultProfile, type Profile } from "./config/profile.js";
export { pluginProblems, exportedPlugins } from "./config/plugin-check.js";
export { isFilterPlugin, isScorePlugin } from "./types.js";
export { addResources } from "./resources.js";
