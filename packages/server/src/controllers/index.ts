// The controllers `skiff server` runs. Each is a ControllerDefinition on the framework in
// framework/; a user's own controller is added the same way (see examples/controllers/).
import type { ControllerDefinition } from "./framework/controller.js";
import { cronJobController } from "./cronjob/index.js";
import { customResourceDefinitionController } from "./customresources/index.js";
import { daemonSetController } from "./daemonset/index.js";
import { deploymentController } from "./deployment/index.js";
import { disruptionController } from "./disruption/index.js";
import { endpointsController } from "./endpoints/index.js";
import { garbageCollector } from "./garbage-collector/index.js";
import { jobController } from "./job/index.js";
import { podGarbageCollector } from "./pod-gc/index.js";
import { replicaSetController } from "./replicaset/index.js";
import { serviceAccountController } from "./serviceaccount/index.js";
import { resourceQuotaController } from "./resourcequota/index.js";
import { statefulSetController } from "./statefulset/index.js";
import { volumeController } from "./volumes/index.js";

export function builtInControllers(): ControllerDefinition[] {
  return [deploymentController, replicaSetController, statefulSetController, daemonSetController, jobController, cronJobController, garbageCollector, podGarbageCollector, endpointsController, volumeController, disruptionController, customResourceDefinitionController, serviceAccountController, resourceQuotaController];
}

export { Controller, TerminalError } from "./framework/controller.js";
export { statefulSetController };
export type { ControllerDefinition, ReconcileContext, ReconcileResult, Watch } from "./framework/controller.js";
export { SharedInformers } from "./framework/shared-informers.js";
export type { Caches, CacheReader } from "./framework/caches.js";
export { ownedBy, selectedBy, selecting } from "./framework/lookups.js";
export { CacheLagError } from "./framework/own-writes.js";
export { WorkQueue } from "./framework/work-queue.js";
export { controllerRef, controllerOf, isControlledBy, ownerKeys, keyOf, splitKey } from "./owners.js";
