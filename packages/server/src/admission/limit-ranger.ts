// LimitRanger as a plugin of the admission chain: its defaults are a mutating step (before the
// mutating webhooks, so that a webhook sees the pod's resources as they will be), its bounds a
// validating step (after them, so that a webhook cannot patch a pod past a LimitRange). New pods
// and claims only, as Kubernetes' LimitRanger: an update is not held to a range made since. The
// decisions are quota/limit-ranger.ts (pure); this file reads the namespace's LimitRanges once
// per request.
import type { LimitRange, PersistentVolumeClaim, Pod } from "@skiff/api";
import { applyDefaults, checkRequestsWithinLimits, claimViolations, podViolations, refuse } from "../quota/limit-ranger.js";
import type { AdmissionPlugin, AdmissionReads, AdmissionRequest } from "./request.js";

// One read of the namespace's ranges serves both steps of one request.
const rangesRead = new WeakMap<AdmissionRequest, Promise<LimitRange[]>>();

function rangesFor(request: AdmissionRequest, reads: AdmissionReads): Promise<LimitRange[]> {
  let ranges = rangesRead.get(request);
  if (!ranges) {
    ranges = reads.list("LimitRange", { namespace: request.object.metadata.namespace ?? "default" }).then((r) => r.items as LimitRange[]);
    rangesRead.set(request, ranges);
  }
  return ranges;
}

export const limitRangerPlugin: AdmissionPlugin = {
  name: "LimitRanger",
  handles: ({ object, operation, subresource }) =>
    operation === "CREATE" && subresource === "" && object.metadata.namespace !== undefined && (object.kind === "Pod" || object.kind === "PersistentVolumeClaim"),
  async mutate(object, request, reads) {
    if (object.kind !== "Pod") return object;
    const ranges = await rangesFor(request, reads);
    return ranges.length === 0 ? object : applyDefaults(object as Pod, ranges);
  },
  async validate(object, request, reads) {
    const ranges = await rangesFor(request, reads);
    if (object.kind === "PersistentVolumeClaim") {
      if (ranges.length > 0) refuse(object as PersistentVolumeClaim, claimViolations(object as PersistentVolumeClaim, ranges));
      return;
    }
    const pod = object as Pod;
    if (ranges.length === 0) return;
    checkRequestsWithinLimits(pod);
    refuse(pod, podViolations(pod, ranges));
  },
};
