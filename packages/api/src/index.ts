// @skiff/api: the object model. Pure: no I/O, no processes, safe to use anywhere.
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
export { KINDS, lookupKind, kindInfo, DEFAULT_NAMESPACE } from "./kinds.js";
export { closest } from "./suggest.js";
export { parseFieldSelector, checkFieldSelector, matchesFieldSelector, FieldSelectorError } from "./field-selector.js";
export type { FieldRequirement } from "./field-selector.js";
export { applyPatch, jsonPatch, mergePatch, strategicMergePatch, listStrategy, InvalidPatchError, clone, deepEqual, describePath, isObject } from "./patch/index.js";
export type { PatchType, ListStrategy, JsonObject } from "./patch/index.js";
export type { KindInfo } from "./kinds.js";
export * from "./types.js";
export { validateObject } from "./validate.js";
export { parsePodStatus } from "./pod-status.js";
export type { ValidateOptions, Validated } from "./validate.js";
export { parseManifests } from "./manifest.js";
export type { ManifestDocument, ParseManifestOptions } from "./manifest.js";
export { UNSUPPORTED_FIELDS } from "./schemas/unsupported.js";
export { explainField, FieldNotFoundError } from "./schemas/explain.js";
export type { Explained, FieldDoc } from "./schemas/explain.js";
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
export { parseClientConfig, updateClientConfig, type ClientConfig, type ClientConfigChanges } from "./client-config.js";
export { serverAddresses, failoverOrder, mergeServerLists } from "./server-addresses.js";
export { formatJoinToken, parseJoinToken, newTokenId, newTokenSecret, hashSecret, secretMatches, caCertHash, formatCaCertHash, parseCaCertHash, TOKEN_ID_PATTERN } from "./join-token.js";
export type { JoinToken } from "./join-token.js";
export { isTraced, traceLatency, type LatencyStep } from "./trace.js";
export { onTraceStep, traceStep, stepSubject, storeRevisionOf, traceStepToWire, traceStepFromWire, TRACE_DETAIL_MAX, type TraceStep, type WireTraceStep } from "./trace-steps.js";
export { Story, storyOf, byTime, traceLine, TRACE_HEADER, TRACED_KINDS, type StoryRoot } from "./trace-story.js";
export { humanDuration, age } from "./printers/age.js";
export { NONE, labelString, selectorString, formatLabelSelector } from "./printers/labels.js";
export { podStatus, podReady, podRestarts, podIP } from "./printers/pod.js";
export { replicasReady, desiredReplicas, containerNames, containerImages, dataCount, nodeSelectorString, revisionController } from "./printers/workloads.js";
export { bindingRole, bindingSubjects } from "./printers/rbac.js";
export { pdbMinAvailable, pdbMaxUnavailable, pdbAllowedDisruptions } from "./printers/policy.js";
export { quotaRequestCell, quotaLimitCell, quotaResourceRows } from "./printers/limits.js";
export { QUOTA_RESOURCES } from "./schemas/limits.js";
export { leaseHolder } from "./printers/coordination.js";
export { webhookCount } from "./printers/admissionregistration.js";
export { DEFAULT_WEBHOOK_TIMEOUT_SECONDS } from "./webhook-defaults.js";
export { jobStatus, jobCompletions, jobDuration, cronJobTimeZone, cronJobSuspend, cronJobLastSchedule, cronJobActive } from "./printers/batch.js";
export { serviceClusterIP, serviceExternalIP, servicePorts, endpointList } from "./printers/network.js";
export { nodeStatus, nodeRoles, nodeAddress } from "./printers/node.js";
export { eventFirstSeen, eventLastSeen, eventCount, eventObject, eventSource } from "./printers/event.js";
export { accessModesString, volumeClaim, storagePhase, claimCapacity, claimAccessModes, storageClassName, persistentVolumeCells, claimCells, storageClassCells, volumeModeCell } from "./printers/storage.js";
export { DEFAULT_KUBE_LISTEN, kubeconfigPathFor } from "./addresses.js";
export { sleep, whenAborted, backoffDelay, Backoff, type BackoffPolicy } from "./waiting.js";
export { deepFreeze } from "./freeze.js";
export { evaluatePath, relaxedPath, renderTemplate, textOf } from "./jsonpath/evaluate.js";
export { JsonPathError, parsePath, parseTemplate, type Path as JsonPath, type TemplateNode } from "./jsonpath/parse.js";
export { setCustomResources, onCustomKindsChange, customKind, transitionRuleIssues, customKinds, customKindsRevision, lookupCustomKind, type CustomKind, type CustomVersion } from "./custom/registry.js";
export { acceptNames, type NamesVerdict } from "./custom/names.js";
export { CRD_CLEANUP_FINALIZER } from "./custom/crd-defaults.js";
export { structuralIssues } from "./custom/structural.js";
export { pruneAndDefault } from "./custom/prune.js";
export { namespacedKinds } from "./kinds.js";
export { customColumns, type CustomColumn } from "./printers/custom.js";
export { splitFieldPath, valueAtPath, withValueAtPath } from "./custom/field-path.js";
export { cidrSize, cidrsOverlap, formatCidr, inCidr, intToIpv4, ipv4ToInt, parseCidr, subnetAt, type Cidr } from "./cidr.js";
export { METRICS_API_VERSION, toUsage, usageMilliCpu, usageBytes, formatTopCpu, formatTopMemory, formatPercent, type Usage, type NodeMetrics, type PodMetrics } from "./usage.js";
export * from "./controllers/index.js";
