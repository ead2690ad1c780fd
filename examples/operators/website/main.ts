// The website operator as its own process: `npm run operator` (or `skiff up --with-operator`).
// It connects as the CLI does (SKIFF_SERVER, else the config file, SKIFF_CONFIG naming another)
// and runs until SIGINT or SIGTERM. Kill it at any moment: started again, it lists everything
// and changes only what is not already right.
import { SkiffError } from "@skiff/api";
import { SkiffClient, jsonLog, runController } from "@skiff/client";
import { websiteController } from "./controller.js";

const log = jsonLog("website-operator");
const client = new SkiffClient();
const stop = new AbortController();
process.once("SIGINT", () => stop.abort());
process.once("SIGTERM", () => stop.abort());

try {
  await client.health();
} catch (err) {
  // The SDK's errors are named classes with readable messages (e.g. the server is not running).
  process.stderr.write(err instanceof SkiffError ? `error: ${err.message}\n` : `${String(err)}\n`);
  process.exit(1);
}
log.info({ server: client.server }, "website operator starting");
await runController(websiteController, { client, log, signal: stop.signal, onSynced: () => process.stdout.write("website operator: caches synced\n") });
client.close();
