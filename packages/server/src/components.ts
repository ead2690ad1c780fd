// Everything long-lived in the server is a component with start(signal). They run side by
// side; if one fails, the others are stopped and the failure is reported once, with its name.
import type { Logger } from "./log.js";

export interface Component {
  name: string;
  /** Runs until the signal aborts; a rejection means the component cannot go on. */
  start(signal: AbortSignal): Promise<void>;
}

export class ComponentError extends Error {
  constructor(
    readonly component: string,
    cause: unknown,
  ) {
    super(`${component} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "ComponentError";
  }
}

export function runComponents(components: Component[], signal: AbortSignal, log: Logger) {
  const stop = new AbortController();
  const all = AbortSignal.any([signal, stop.signal]);
  let reject!: (err: ComponentError) => void;
  const failed = new Promise<never>((_, r) => (reject = r));
  failed.catch(() => undefined); // observed by whoever awaits it; never an unhandled rejection
  const stopped = Promise.all(
    components.map((c) =>
      // Each its own signal, derived from `all` (AbortSignal.any adds no listener to its sources):
      // what one component hangs on its signal is counted against that component alone, so Node's
      // MaxListenersExceededWarning still tells a real leak.
      c.start(AbortSignal.any([all])).catch((err: unknown) => {
        if (all.aborted) return;
        const error = new ComponentError(c.name, err);
        log.error({ err, component: c.name }, "component failed; stopping the others");
        stop.abort();
        reject(error);
      }),
    ),
  ).then(() => undefined);
  return { failed, stopped };
}
