// Limits per namespace (v1): ResourceQuota (how much a namespace may hold in total) and
// LimitRange (defaults and bounds for each container, pod or claim). Shaped as Kubernetes' JSON;
// the server enforces both at admission (docs/security.md, "Limits per namespace").
import type { ApiObject } from "../meta.js";
import type { ResourceList } from "./common.js";

export interface ResourceQuotaSpec {
  /** Resource name (`pods`, `requests.cpu`, `count/deployments.apps`) to its most. */
  hard?: ResourceList;
}

export interface ResourceQuotaStatus {
  /** The limits enforced, as last observed (spec.hard). */
  hard?: ResourceList;
  /** What the namespace uses now, per resource of `hard`. */
  used?: ResourceList;
}

export interface ResourceQuota extends ApiObject<ResourceQuotaSpec, ResourceQuotaStatus> {
  apiVersion: "v1";
  kind: "ResourceQuota";
}

export type LimitType = "Container" | "Pod" | "PersistentVolumeClaim";

export interface LimitRangeItem {
  type: LimitType;
  /** Limits given to a container that sets none (Container only). */
  default?: ResourceList;
  /** Requests given to a container that sets none (Container only). */
  defaultRequest?: ResourceList;
  min?: ResourceList;
  max?: ResourceList;
  /** Most a limit may be, as a multiple of its request. */
  maxLimitRequestRatio?: ResourceList;
}

export interface LimitRange extends ApiObject<{ limits: LimitRangeItem[] }> {
  apiVersion: "v1";
  kind: "LimitRange";
}
