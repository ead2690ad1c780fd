// Image pulls run beside the pod sequences: a slow image holds up only the containers that need
// it, and the pass after the pull creates them. One pull per image at a time; the outcome goes
// into the records (back-off, ErrImagePull) and becomes kubelet's Pulling/Pulled/Failed events.
import type { Logger } from "pino";
import type { Runtime } from "../runtime/runtime.js";
import type { Records } from "./records.js";

export interface PullsOptions {
  runtime: Runtime;
  records: Records;
  clock: () => Date;
  log: Logger;
  /** An event for every pod using the image. */
  emit: (image: string, type: "Normal" | "Warning", reason: string, message: string) => void;
  /** A pull ended: plan again. */
  done: () => void;
}

export class Pulls {
  private readonly running = new Map<string, Promise<void>>();

  constructor(private readonly options: PullsOptions) {}

  inFlight(): Promise<void>[] {
    return [...this.running.values()];
  }

  pull(image: string, signal: AbortSignal): void {
    if (this.running.has(image)) return;
    const { runtime, records, clock, log, emit } = this.options;
    records.pulling(image);
    log.debug({ image }, "pulling image");
    const started = clock().getTime();
    emit(image, "Normal", "Pulling", `Pulling image "${image}"`);
    const run = runtime
      .pullImage(image, signal)
      .then(
        () => {
          records.pulled(image, clock().getTime());
          log.info({ image }, "pulled image");
          const took = ((clock().getTime() - started) / 1000).toFixed(3);
          emit(image, "Normal", "Pulled", `Successfully pulled image "${image}" in ${took}s`);
        },
        (error: unknown) => {
          const r = records.pullFailed(image, error, clock().getTime());
          log.warn({ image, failures: r.failures }, `pulling image failed: ${r.message}`);
          emit(image, "Warning", "Failed", `Failed to pull image "${image}": ${r.message}`);
        },
      )
      .finally(() => {
        this.running.delete(image);
        this.options.done();
      });
    this.running.set(image, run);
  }
}
