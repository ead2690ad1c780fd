// Structured logs (pino), one child logger per component. SKIFF_TRACE=api,watch (or "all")
// turns on step-by-step traces for the named components, for a person watching one loop.
import { pino, type Logger } from "pino";
import { isTraced } from "@skiff/api";

export type { Logger };


export function createLogger(level = process.env.SKIFF_LOG_LEVEL ?? "info"): Logger {
  // Logs go to stderr so that stdout stays free for what a command prints.
  return pino({ level, base: { pid: process.pid } }, pino.destination(2));
}

export function componentLogger(root: Logger, component: string): Logger {
  const child = root.child({ component });
  if (isTraced(component)) child.level = "trace";
  return child;
}
