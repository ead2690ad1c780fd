// @skiff/server: the control plane.
export { serve, ListenError } from "./serve.js";
export type { ServerOptions, RunningServer } from "./serve.js";
export { ObjectService } from "./objects/objects.js";
export { createLogger, componentLogger } from "./log.js";
export type { Logger } from "./log.js";
export { VERSION } from "./version.js";
export {
  Controller,
  TerminalError,
  SharedInformers,
  WorkQueue,
  controllerRef,
  controllerOf,
  isControlledBy,
  ownerKeys,
  keyOf,
  splitKey,
  statefulSetController,
} from "./controllers/index.js";
export { ownedBy, selectedBy, selecting } from "./controllers/index.js";
export type { ControllerDefinition, ReconcileContext, ReconcileResult, Watch, Caches, CacheReader } from "./controllers/index.js";
export { Informer, LABEL_INDEX, NAMESPACE_INDEX, NODE_INDEX, OWNER_REF_INDEX, OWNER_UID_INDEX, SELECTOR_INDEX } from "./informer/index.js";
export type { EventRecorder } from "./events/index.js";
export type { Component } from "./components.js";

// Scheduler plugins (docs/scheduler-plugins.md): the interface a plugin implements, what it is
// given, the helpers the built-in plugins use, and the pieces to test one (schedule, nodeInfo).
export {
  Scheduler,
  schedule,
  explain,
  defaultPlugins,
  builtInPlugins,
  fit,
  unfit,
  isFilterPlugin,
  isScorePlugin,
  MAX_NODE_SCORE,
  podRequests,
  podHostPorts,
  addResources,
  allocatableOf,
  isNodeReady,
  nodeInfo,
  withPod,
  toleratesTaint,
  loadSchedulerConfig,
  parseSchedulerConfig,
} from "./scheduler/index.js";
export type { Decision, FilterPlugin, FilterResult, HostPort, NodeInfo, Plugin, Resources, ScorePlugin, SchedulerOptions, SchedulerProfile } from "./scheduler/index.js";
