// The built-in plugins, in the order Kubernetes runs its filters: cheap checks on the node first.
import type { Plugin } from "../types.js";
import { leastAllocated } from "./least-allocated.js";
import { nodePorts } from "./node-ports.js";
import { nodeReady } from "./node-ready.js";
import { nodeResourcesFit } from "./node-resources-fit.js";
import { nodeSelector } from "./node-selector.js";
import { nodeUnschedulable } from "./node-unschedulable.js";
import { selectorSpread } from "./selector-spread.js";
import { taintToleration } from "./taint-toleration.js";
import { volumeBinding, type VolumeLookup } from "./volume-binding.js";

export { leastAllocated, nodePorts, nodeReady, nodeResourcesFit, nodeSelector, nodeUnschedulable, selectorSpread, taintToleration, volumeBinding, type VolumeLookup };
export { toleratesTaint, podToleratesTaint } from "./tolerations.js";

/**
 * A fresh list of the default plugins; add your own: `[...defaultPlugins(), myPlugin]`. With
 * `volumes` (the scheduler's caches of claims, PVs and classes), pods go where their claims' data is.
 */
export function defaultPlugins(volumes?: VolumeLookup): Plugin[] {
  const filters: Plugin[] = [nodeReady, nodeUnschedulable, nodeSelector, taintToleration];
  if (volumes) filters.push(volumeBinding(volumes));
  return [...filters, nodePorts, nodeResourcesFit, leastAllocated, selectorSpread];
}
