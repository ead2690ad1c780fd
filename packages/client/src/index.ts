// @skiff/client: the TypeScript SDK for the skiff API (what the `skiff` CLI is built on).
export { SkiffClient } from "./client.js";
export { mergeTraces, traceStepKey } from "./trace-merge.js";
export type {
  ClientOptions,
  ApplyOptions,
  ApplyAction,
  ApplyResult,
  ListOptions,
  ObjectList,
  DeleteOptions,
  PropagationPolicy,
  WatchOptions,
  HealthStatus,
} from "./options.js";
export { ResourceClient } from "./resource.js";
export { CustomResourceClient } from "./custom-resource.js";
export { PodClient } from "./pods.js";
export { ScalableClient, DeploymentClient, StatefulSetClient, DaemonSetClient } from "./workloads.js";
export { scale, PreconditionError } from "./scale.js";
export type { ScaleOptions } from "./scale.js";
export { followObject } from "./follow.js";
export type { FollowOptions } from "./follow.js";
export {
  rolloutStatus,
  deploymentStatus,
  statefulSetStatus,
  daemonSetStatus,
  statusViewer,
  RolloutError,
  PROGRESS_DEADLINE_EXCEEDED,
} from "./rollout.js";
export type { RolloutStatus, RolloutStatusOptions } from "./rollout.js";
// Defined in @skiff/api (well-known/, owners.ts), with every other label and annotation skiff uses;
// here too, for SDK users.
export { revisionOf, REVISION_ANNOTATION, CHANGE_CAUSE_ANNOTATION, ownedBy, controllerOf } from "@skiff/api";
export type { LogsOptions, ExecOptions, ExecResult } from "./containers.js";
export type { Draft, GetOptions } from "./resource.js";
export type { WatchEvent, WatchEventType } from "./watch.js";
export { DEFAULT_SERVER, loadConfig, resolveServer, resolveConnection, insecureFromEnv, configPath } from "./config.js";
export { channelCredentials, SERVER_CERT_NAME } from "./transport.js";
export type { ClientConfig, Connection } from "./config.js";
export { ServerError, LimitExceededError, fromGrpcError, isConnectionFailure, unreachableMessage } from "./errors.js";
export type { MapOptions } from "./errors.js";
export { retryOnConflict, DEFAULT_RETRY } from "./retry.js";
export type { Backoff } from "./retry.js";
export {
  forwardPort,
  parsePortPair,
  servicePortFor,
  serviceBackends,
  podBackend,
  PortForwardError,
} from "./port-forward.js";
export { ENDPOINT_PORTS_ANNOTATION } from "@skiff/api";
export type { ForwardOptions, Forwarder, PortPair } from "./port-forward.js";
export { TokenClient } from "./tokens.js";
export type { CreatedToken, TokenInfo, TokenUsage } from "./tokens.js";
export { UsageClient } from "./usage.js";
// Operators: a controller as its own process, on the same definition shape and work queue as the server's.
export { runController, RemoteInformers, RemoteInformer, OwnWrites, jsonLog } from "./controllers/index.js";
export type { OperatorContext, OperatorDefinition, RunControllerOptions, InformerHandlers, ObjectWriter, OperatorLog } from "./controllers/index.js";
export { TerminalError, keyOf, splitKey, ownerKeys, controllerRef, isControlledBy, NAMESPACE_INDEX, OWNER_UID_INDEX } from "@skiff/api";
export type { Watch, ReconcileResult, Caches, CacheReader } from "@skiff/api";
