import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Unit tests import packages from source, so they run without a build; e2e tests run the
// built `skiff` binary as real processes and share one Docker engine, so they run one file at a time.
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

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["packages/*/src/**/*.test.ts", "examples/**/*.test.ts"], exclude: ["**/node_modules/**", "examples/dist/**"], testTimeout: 20_000, env },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          env,
          include: ["test/**/*.test.ts"],
          setupFiles: ["test/support/dispose-leftovers.ts"],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
