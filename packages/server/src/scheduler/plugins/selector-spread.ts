// SelectorSpread (a small PodTopologySpread over hostnames): replicas of one workload should not
// share a node, so that losing a node loses few of them. Pods belong together when they have the
// same controller (their ReplicaSet or StatefulSet uid); a pod without one is not spread.
import { controllerUid } from "../pod-state.js";
import type { ScorePlugin } from "../types.js";

export const selectorSpread: ScorePlugin = {
  name: "SelectorSpread",
  // Kubernetes gives topology spreading weight 2: above balance, below taint preferences.
  weight: 2,
  score(pod, node) {
    const owner = controllerUid(pod);
    if (!owner) return 100;
    const siblings = node.podsByController.get(owner) ?? 0;
    return Math.floor(100 / (1 + siblings));
  },
};
