// Loaded before every e2e file (vitest.config.ts setupFiles). vitest does not stop a test that
// timed out, so its `finally` may never run: whatever cluster it left is disposed after the file.
import { afterAll } from "vitest";
import { TestCluster } from "./cluster.js";

afterAll(async () => {
  await Promise.all([...TestCluster.live].map((c) => c.dispose()));
}, 120_000);
