// The resource quota controller: keeps each ResourceQuota's status.used (Kubernetes' resource quota controller).
export { resourceQuotaController, reconcileResourceQuota, COUNTED_KINDS, RESYNC_MS } from "./resourcequota-controller.js";
