// What each action of a pod's sequence leaves behind when it is done or fails: the agent's
// records (backoff.ts reads them), the pod's Events, and a log line for a failure.
import type { Logger } from "pino";
import type { ExecutionHooks } from "./executor.js";
import { actionEvent } from "./events.js";
import type { Records } from "./records.js";

type PodEvent = { type: "Normal" | "Warning"; reason: string; message: string };

export function actionOutcomes(uid: string, o: { records: Records; log: Logger; clock: () => Date; emit: (event: PodEvent | undefined) => void }): ExecutionHooks {
  return {
    succeeded: (a) => {
      o.records.succeeded(a);
      o.emit(actionEvent(a));
    },
    failed: (a, error) => {
      const record = o.records.failed(a, error, o.clock().getTime());
      o.emit({ type: "Warning", reason: "Failed", message: `Error: ${record?.message ?? String(error)}` });
      const what =
        a.type === "stop" || a.type === "remove" || a.type === "removeVolume"
          ? a.name
          : a.type === "writeVolume"
            ? `writing volume ${a.write.volume}`
            : `${a.type} ${"container" in a ? a.container : "infra"}`;
      o.log.warn({ pod: uid, err: error, retries: record?.failures }, `${what} failed: ${record?.message ?? String(error)}`);
    },
    written: (a, infraId) => o.records.written.set(`${uid}/${a.write.volume}`, { infraId, hash: a.write.hash, slot: a.write.slot }),
    warning: (reason, message) => {
      o.log.warn({ pod: uid }, message);
      o.emit({ type: "Warning", reason, message });
    },
  };
}
