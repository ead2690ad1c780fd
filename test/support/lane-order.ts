// The order in which the e2e lanes take their files: longest first, so that the two lanes end
// together (a short file is what fills the gap at the end). vitest's own order runs the longest
// first only once its cache knows the durations; a fresh clone (CI) has none, so the table below
// stands in: seconds per file, of a full `npm test` (test/LANES.md). Other projects keep vitest's order.
import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/** Seconds of the lane files that take longest; a file not listed counts as UNLISTED. */
export const SECONDS: Record<string, number> = {
  "test/graceful-termination.test.ts": 76,
  "test/pods.test.ts": 61,
  "test/workloads.test.ts": 57,
  "test/disruption.test.ts": 55,
  "test/dashboard.test.ts": 52,
  "test/ha-etcd-quorum.test.ts": 51,
  "test/sim.test.ts": 46,
  "test/rbac.test.ts": 46,
  "test/services.test.ts": 38,
  "test/jobs.test.ts": 36,
  "test/node-failure.test.ts": 36,
  "test/config.test.ts": 35,
  "test/pod-features.test.ts": 34,
  "test/kubectl.test.ts": 33,
  "test/probes.test.ts": 31,
  "test/daemonset.test.ts": 31,
  "test/ha-leader-agents.test.ts": 29,
};
const UNLISTED = 15;

export function laneSequencer(laneProject: string) {
  return class LaneSequencer extends BaseSequencer {
    override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
      const sorted = await super.sort(files);
      const root = this.ctx.config.root;
      const seconds = (spec: TestSpecification) => {
        const file = relative(root, spec.moduleId);
        // The last run's duration on this machine, when the cache has one; else the table's.
        const last = this.ctx.cache.getFileTestResults(`${spec.project.name}:${file}`)?.duration;
        return last ? last / 1000 : (SECONDS[file] ?? UNLISTED);
      };
      const lanes = sorted.filter((s) => s.project.name === laneProject).sort((a, b) => seconds(b) - seconds(a));
      // The lane files take the places they had, in the new order: the projects' order stays.
      return sorted.map((s) => (s.project.name === laneProject ? lanes.shift()! : s));
    }
  };
}
