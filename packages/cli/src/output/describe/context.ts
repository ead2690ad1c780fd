import type { Pod } from "@skiff/api";

/** What a describer may need beyond the object itself. */
export interface DescribeContext {
  /** The clock, for ages (tests pass a fixed one). */
  now: number;
  /** Every pod, for the kinds that sum theirs (a node). Absent: those sections are left out. */
  pods?: readonly Pod[];
}
