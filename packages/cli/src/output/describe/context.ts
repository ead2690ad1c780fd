import type { Endpoints, Event, Pod, ReplicaSet } from "@skiff/api";

/** What a describer may need beyond the object itself. */
export interface DescribeContext {
  /** The clock, for ages (tests pass a fixed one). */
  now: number;
  /** Every pod, for the kinds that sum theirs (a node). Absent: those sections are left out. */
  pods?: readonly Pod[];
  /** The events in the objects' namespaces: each object shows those about it. Absent: no section. */
  events?: readonly Event[];
  /** The ReplicaSets in a Deployment's namespace, for its OldReplicaSets and NewReplicaSet. */
  replicaSets?: readonly ReplicaSet[];
  /** The Endpoints in a Service's namespace, for its Endpoints line. */
  endpoints?: readonly Endpoints[];
}
