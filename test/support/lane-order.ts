// The order in which the e2e lanes take their files: longest first, so that the two lanes end
// together (a short file is what fills the gap at the end). vitest's own order runs the longest
// first only once its cache knows the durations; a fresh clone (CI) has none, so the table below
// stands in: seconds per file, measured in lanes (test/LANES.md). Other projects keep vitest's order.
import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/** Seconds of the lane files of 10 s or more (a run in lanes, 2026-12-07); a file not listed counts as UNLISTED. */
export const SECONDS: Record<string, number> = {
  "test/sim.test.ts": 113,
  "test/rbac.test.ts": 106,
  "test/graceful-termination.test.ts": 106,
  "test/dashboard.test.ts": 78,
  "test/workloads.test.ts": 71,
  "test/pods.test.ts": 71,
  "test/disruption.test.ts": 67,
  "test/services.test.ts": 62,
  "test/crash.test.ts": 62,
  "test/ha-etcd-quorum.test.ts": 59,
  "test/custom-resources.test.ts": 51,
  "test/jobs.test.ts": 46,
  "test/bad-input.test.ts": 45,
  "test/pod-features.test.ts": 42,
  "test/ha-leader.test.ts": 41,
  "test/config.test.ts": 39,
  "test/node-failure.test.ts": 38,
  "test/etcd-server.test.ts": 38,
  "test/kubectl.test.ts": 36,
  "test/scheduler-plugins.test.ts": 35,
  "test/cli-habits.test.ts": 34,
  "test/security.test.ts": 33,
  "test/etcd-large-commits.test.ts": 32,
  "test/probes.test.ts": 31,
  "test/services-headless.test.ts": 30,
  "test/daemonset.test.ts": 30,
  "test/statefulset.test.ts": 29,
  "test/client-node.test.ts": 28,
  "test/fuzz-grpc.test.ts": 26,
  "test/operator.test.ts": 24,
  "test/ha-leader-agents.test.ts": 22,
  "test/apply.test.ts": 22,
  "test/serviceaccounts.test.ts": 21,
  "test/namespace-limits.test.ts": 20,
  "test/trace.test.ts": 18,
  "test/admission-webhooks.test.ts": 18,
  "test/limits.test.ts": 15,
  "test/ha-servers.test.ts": 14,
  "test/runtime/docker-runtime.test.ts": 13,
  "test/ha-logs-exec.test.ts": 13,
  "test/fuzz-input.test.ts": 12,
  "test/cert-renewal.test.ts": 12,
  "test/ha-fencing.test.ts": 11,
  "test/examples.test.ts": 11,
  "test/cluster-cidr-refused.test.ts": 11,
  "test/admission-controllers.test.ts": 11,
  "test/secrets.test.ts": 10,
};
const UNLISTED = 5;

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
