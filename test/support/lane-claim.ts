// Which lane this test file runs in, when its project runs several files at once. A lane is held
// by listening on an abstract unix socket named for it (Linux): only one process can, and the
// kernel lets go of it when the process ends, however it ends. vitest's own VITEST_POOL_ID cannot
// say it: after an earlier project (the unit tests) it gives two files running at once the same
// id (vitest 4.1).
import { createServer, type Server } from "node:net";

// Kept so that the listening socket, and with it the lane, lasts as long as the process.
let held: Server | undefined;

/** This process's lane, 1..lanes: the first one no other process holds; waits while all are held. */
export async function claimLane(lanes: number, timeoutMs = 60_000): Promise<number> {
  // Once per process: every cluster the file starts stays in its lane.
  if (process.env.SKIFF_TEST_LANE) return Number(process.env.SKIFF_TEST_LANE);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (let lane = 1; lane <= lanes; lane++) {
      const server = await listen(`\0skiff-test-lane-${lane}`);
      if (server) {
        held = server.unref();
        process.env.SKIFF_TEST_LANE = String(lane);
        return lane;
      }
    }
    // A file that has just ended may still be exiting: its lane is free in a moment.
    if (Date.now() > deadline) throw new Error(`every test lane of 1-${lanes} is held: more e2e files at once than SKIFF_TEST_LANES?`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function listen(path: string): Promise<Server | undefined> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", (err: NodeJS.ErrnoException) => (err.code === "EADDRINUSE" ? resolve(undefined) : reject(err)));
    server.listen({ path }, () => resolve(server));
  });
}
