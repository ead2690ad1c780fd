import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Unit tests import packages from source, so they run without a build; e2e tests run the
// built `skiff` binary as real processes and share one Docker engine: one file at a time, or two
// (two lanes, SKIFF_E2E_LANES=2) but for those that must run alone, one at a time after them
// (test/LANES.md).
import { laneSequencer } from "./test/support/lane-order.js";

const pkgs = ["proto", "api", "store", "server", "agent", "client", "cli"];
// Subpath exports (the dashboard's browser bundle takes only these files of @skiff/api) come
// first: an alias also matches the paths under it.
const subpaths = { "@skiff/api/core": "api/src/core.ts", "@skiff/api/quantity": "api/src/quantity.ts", "@skiff/api/scheduling": "api/src/well-known/scheduling.ts", "@skiff/api/trace": "api/src/trace-story.ts", "@skiff/api/controller-revision": "api/src/controller-revision.ts", "@skiff/api/usage": "api/src/usage.ts", "@skiff/client/config": "client/src/config.ts" };
const alias = Object.fromEntries([
  ...Object.entries(subpaths).map(([name, file]) => [name, fileURLToPath(new URL(`./packages/${file}`, import.meta.url))]),
  ...pkgs.map((p) => [`@skiff/${p}`, fileURLToPath(new URL(`./packages/${p}/src/index.ts`, import.meta.url))]),
]);

// Tests never read the user's ~/.skiff/config: each sets SKIFF_CONFIG for what it starts.
const env = { SKIFF_CONFIG: join(tmpdir(), "skiff-tests-have-no-config"), SKIFF_SERVER: "" };

// Files that must not run beside another e2e file: `skiff up` and docker compose clusters take the
// server's default address plan (and 127.0.0.2-4, NodePort 30080), bench and chaos measure, top
// wants a whole core for its busy pod, volumes-claims counts what is on the host's /mnt/data.
const alone = ["up", "up-ha", "operator-up", "tutorial", "demo", "compose", "compose-ha", "bench", "chaos", "top", "volumes-claims"].map((f) => `test/${f}.test.ts`);
const e2e = { env, setupFiles: ["test/support/dispose-leftovers.ts"], testTimeout: 120_000, hookTimeout: 120_000 };
// How many e2e files run at once: SKIFF_E2E_LANES=2 for two lanes. One (one file at a time) stays
// the default until two whole e2e runs in lanes in a row are green (test/LANES.md).
const LANES = Number(process.env.SKIFF_E2E_LANES || 1);
if (!(Number.isInteger(LANES) && LANES >= 1 && LANES <= 4)) throw new Error(`SKIFF_E2E_LANES=${process.env.SKIFF_E2E_LANES}: want 1..4`);

export default defineConfig({
  test: {
    sequence: { sequencer: laneSequencer("e2e") },
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["packages/*/src/**/*.test.ts", "examples/**/*.test.ts"], exclude: ["**/node_modules/**", "examples/dist/**"], testTimeout: 20_000, env },
      },
      // LANES files at a time, each in a lane of its own and so with its own address slots
      // (support/lane-claim.ts, run-network.ts), longest first; after the unit tests (groupOrder).
      {
        resolve: { alias },
        test: { ...e2e, name: "e2e", include: ["test/**/*.test.ts"], exclude: alone, env: { ...env, SKIFF_TEST_LANES: String(LANES) }, maxWorkers: LANES, sequence: { groupOrder: 1 } },
      },
      // One file at a time, alone: vitest runs a project without fileParallelism after all others.
      {
        resolve: { alias },
        test: { ...e2e, name: "e2e-alone", include: alone, fileParallelism: false },
      },
    ],
  },
});
