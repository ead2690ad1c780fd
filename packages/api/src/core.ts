// @skiff/api/core: the types and the pure helpers a process needs to run pods, without the
// schemas, validation, manifests and printers of the full "@skiff/api" (which re-exports all of
// this). Nothing imported here may reach zod, ajv or CEL (packages/cli/src/commands/agent-imports.test.ts
// walks the imports of the agent, which uses this alone).
export type { ApiObject, ObjectMeta, ObjectRef, OwnerReference, ManagedFieldsEntry } from "./meta.js";
export { refOf, describeRef } from "./meta.js";
export {
  SkiffError,
  NotFoundError,
  AlreadyExistsError,
  ConflictError,
  ExpiredError,
  ValidationError,
  UnavailableError,
  UnauthenticatedError,
  PermissionDeniedError,
  DisruptionBudgetError,
  DISRUPTION_BUDGET_MESSAGE,
  formatIssue,
} from "./errors.js";
export type { FieldIssue } from "./errors.js";
export { closest } from "./suggest.js";
export { parseFieldSelector, checkFieldSelector, matchesFieldSelector, FieldSelectorError } from "./field-selector.js";
export type { FieldRequirement } from "./field-selector.js";
export * from "./types.js";
export { parseQuantity, parseCpu, parseMemory, formatCpu, formatMemory } from "./quantity.js";
export { parseSelector, selectorFromLabelSelector, everything } from "./selector.js";
export type { Selector, Requirement } from "./selector.js";
export { isDns1123Label, isDns1123Subdomain, isQualifiedName, isLabelValue } from "./names.js";
export { canTransition, isTerminalPhase, transition, PHASE_ORDER, type Transition } from "./phases.js";
export { parseDuration } from "./duration.js";
export { formatPath } from "./paths.js";
export { parseSchedule, checkSchedule, isValidTimeZone, localTimeZone, ScheduleError, type Schedule } from "./cron.js";
export { podConfigRefs, configRefKey, type ConfigRef } from "./config-refs.js";
export { canonicalJson } from "./canonical-json.js";
export {
  HOSTNAME_LABEL,
  OS_LABEL,
  ARCH_LABEL,
  NODE_ROLE_LABEL_PREFIX,
  NODE_ROLE_LABEL,
  AGENT_ENDPOINT_ANNOTATION,
  SIMULATED_NODE_LABEL,
  NODE_INDEX_ANNOTATION,
  NODE_INDEX_MIN,
  NODE_INDEX_MAX,
  nodeIndexOf,
  nodeRoleNames,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  CHANGE_CAUSE_ANNOTATION,
  POD_TEMPLATE_HASH_LABEL,
  RESTARTED_AT_ANNOTATION,
  intAnnotation,
  revisionOf,
  withoutTemplateHash,
  CONTROLLER_REVISION_HASH_LABEL,
  STATEFULSET_POD_NAME_LABEL,
  CURRENT_TEMPLATE_ANNOTATION,
  controllerRevisionOf,
  formatCurrentTemplate,
  readCurrentTemplate,
  POD_TEMPLATE_GENERATION_LABEL,
  TAINT_NOT_READY,
  TAINT_UNREACHABLE,
  TAINT_DISK_PRESSURE,
  TAINT_MEMORY_PRESSURE,
  TAINT_PID_PRESSURE,
  TAINT_UNSCHEDULABLE,
  TAINT_NETWORK_UNAVAILABLE,
  daemonPodTolerations,
  withTolerations,
  JOB_CONTROLLER_UID_LABEL,
  JOB_NAME_LABEL,
  LEGACY_JOB_CONTROLLER_UID_LABEL,
  LEGACY_JOB_NAME_LABEL,
  JOB_COMPLETION_INDEX,
  JOB_COMPLETION_INDEX_ENV,
  CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION,
  CRONJOB_INSTANTIATE_ANNOTATION,
  completionIndexOf,
  generatedJobSelector,
  withGeneratedSelector,
  SCHEDULING_ANNOTATION,
  MAX_SCHEDULING_NODES,
  formatSchedulingAnnotation,
  parseSchedulingAnnotation,
  type SchedulingAnnotation,
  ENDPOINT_PORTS_ANNOTATION,
  endpointPortKey,
  formatEndpointPorts,
  readEndpointPorts,
  type EndpointPortTable,
  CONTROL_PLANE_ANNOTATION_PREFIXES,
  isControlPlaneAnnotation,
  LOCAL_VOLUME_DRIVER,
  LOCAL_STORAGE_CLASS,
  DEFAULT_CLASS_ANNOTATION,
  SELECTED_NODE_ANNOTATION,
  BIND_COMPLETED_ANNOTATION,
  BOUND_BY_CONTROLLER_ANNOTATION,
  PROVISIONED_BY_ANNOTATION,
  STORAGE_PROVISIONER_ANNOTATION,
  VOLUME_SOURCE_ANNOTATION,
  isDefaultClass,
  provisionedVolumeName,
  volumeNode,
  nodeAffinityFor,
  localDockerVolumeName,
  claimMountOf,
  formatClaimMount,
  parseClaimMount,
  type ClaimMount,
} from "./well-known/index.js";
export { controllerRef, controllerOf, isControlledBy, ownedBy } from "./owners.js";
export { templateRevisionData, revisionTemplate } from "./controller-revision.js";
export { serverAddresses, failoverOrder, mergeServerLists } from "./server-addresses.js";
export { formatJoinToken, parseJoinToken, newTokenId, newTokenSecret, hashSecret, secretMatches, caCertHash, formatCaCertHash, parseCaCertHash, TOKEN_ID_PATTERN } from "./join-token.js";
export type { JoinToken } from "./join-token.js";
export { isTraced, traceLatency, type LatencyStep } from "./trace.js";
export { onTraceStep, traceStep, stepSubject, storeRevisionOf, traceStepToWire, traceStepFromWire, TRACE_DETAIL_MAX, type TraceStep, type WireTraceStep } from "./trace-steps.js";
export { DEFAULT_WEBHOOK_TIMEOUT_SECONDS } from "./webhook-defaults.js";
export { DEFAULT_KUBE_LISTEN, kubeconfigPathFor } from "./addresses.js";
export { sleep, whenAborted, backoffDelay, Backoff, type BackoffPolicy } from "./waiting.js";
export { deepFreeze } from "./freeze.js";
export { cidrSize, cidrsOverlap, formatCidr, inCidr, intToIpv4, ipv4ToInt, parseCidr, subnetAt, type Cidr } from "./cidr.js";
export { METRICS_API_VERSION, toUsage, usageMilliCpu, usageBytes, formatTopCpu, formatTopMemory, formatPercent, type Usage, type NodeMetrics, type PodMetrics } from "./usage.js";
export * from "./controllers/index.js";
export { parseClientConfig, updateClientConfig, type ClientConfig, type ClientConfigChanges } from "./client-config.js";
