// Leader election: one server of several runs the control loops (README.md).
export { leadership, type LeadershipOptions } from "./leadership.js";
export { LEADER_LEASE } from "./lease-object.js";
export { DEFAULT_ELECTION_TIMING, type ElectionTiming } from "./election-plan.js";
export type { LeaderElector } from "./elector.js";
