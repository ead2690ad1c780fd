// What an operator logs through: pino's shape (`log.info({ key }, "message")`), so a pino logger
// can be passed as is. The default writes one JSON line per message to stderr.
export interface OperatorLog {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const LEVELS = ["debug", "info", "warn", "error"] as const;

/** JSON lines on stderr, from `level` up (SKIFF_LOG_LEVEL, else info). */
export function jsonLog(name: string, level: string = process.env.SKIFF_LOG_LEVEL ?? "info"): OperatorLog {
  const min = Math.max(0, LEVELS.indexOf(level as (typeof LEVELS)[number]));
  const at = (i: number) => (obj: object, msg: string) => {
    if (i < min) return;
    process.stderr.write(`${JSON.stringify({ level: LEVELS[i], time: new Date().toISOString(), name, msg, ...obj })}\n`);
  };
  return { debug: at(0), info: at(1), warn: at(2), error: at(3) };
}
