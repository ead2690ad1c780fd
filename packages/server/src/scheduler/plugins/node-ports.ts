// NodePorts: a host port can be published by one pod per node (per protocol and address).
import { podHostPorts, portsConflict } from "../resources.js";
import { fit, unfit, type FilterPlugin } from "../types.js";

export const PORTS_IN_USE = "node(s) didn't have free ports for the requested pod ports";

export const nodePorts: FilterPlugin = {
  name: "NodePorts",
  filter(pod, node) {
    const wanted = podHostPorts(pod);
    if (wanted.length === 0 || node.usedPorts.length === 0) return fit;
    const clash = wanted.some((want) => node.usedPorts.some((used) => portsConflict(want, used)));
    return clash ? unfit(PORTS_IN_USE) : fit;
  },
};
