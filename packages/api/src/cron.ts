// A CronJob's schedule: five cron fields or one of Kubernetes' macros, in a time zone. The
// parsing and the arithmetic are the cron-parser library's (a maintained parser, not a regex);
// this file only holds Kubernetes' rules around it (its parser is robfig/cron's ParseStandard):
//
//   exactly five fields: minute hour day-of-month month day-of-week (cron-parser would also take
//     a sixth, seconds, field: Kubernetes refuses it, and so do we)
//   macros @yearly @annually @monthly @weekly @daily @midnight @hourly
//   no `TZ=` or `CRON_TZ=` prefix: the time zone is spec.timeZone
//   when both day fields are restricted, either may match (classic cron)
//   only *, ?, numbers, names (jan, mon), ranges, lists and steps: not the library's extensions
//     L, W, # and H, which Kubernetes' parser does not know
import { createRequire } from "node:module";
import type { CronExpressionParser as Parser } from "cron-parser";

// Loaded on the first schedule parsed, not at import: cron-parser brings luxon (a few hundred ms
// and some MB), which every process importing @skiff/api paid for, though only the server's
// CronJob controller and validation of a CronJob use it (issue 18: lean agent and CLI).
let parser: typeof Parser | undefined;
const cronParser = (): typeof Parser => (parser ??= (createRequire(import.meta.url)("cron-parser") as { CronExpressionParser: typeof Parser }).CronExpressionParser);

const MACROS: Readonly<Record<string, string>> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

const FIELD_NAMES = ["minute", "hour", "day-of-month", "month", "day-of-week"];

export interface Schedule {
  /** The first scheduled time strictly after `after`. */
  next(after: Date): Date;
}

/** Thrown for a schedule or time zone that cannot be used; the message names no field. */
export class ScheduleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScheduleError";
  }
}

/** The five-field form of `schedule`, or the reason it is not one. */
function fiveFields(schedule: string): string {
  const text = schedule.trim();
  if (/^(CRON_)?TZ=/.test(text)) throw new ScheduleError("cannot use TZ or CRON_TZ in schedule, use the timeZone field instead");
  if (text.startsWith("@")) {
    const expanded = MACROS[text.toLowerCase()];
    if (!expanded) throw new ScheduleError(`unknown macro "${text}": use one of ${Object.keys(MACROS).join(", ")}`);
    return expanded;
  }
  const fields = text.split(/\s+/).filter((f) => f !== "");
  if (fields.length !== 5) {
    throw new ScheduleError(`must have 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}`);
  }
  fields.forEach((field, i) => {
    for (const item of field.split(",")) {
      const [range = "", step, extra] = item.split("/");
      const atoms = range.split("-");
      const ok = extra === undefined && (step === undefined || /^\d+$/.test(step)) && atoms.length <= 2 && atoms.every((a) => /^(\*|\?|\d+|[a-z]{3})$/i.test(a));
      if (!ok) throw new ScheduleError(`"${item}" in the ${FIELD_NAMES[i]} field: use numbers, names, *, ?, ranges (a-b), lists (a,b) and steps (*/n)`);
    }
  });
  return fields.join(" ");
}

/** Is `zone` a time zone name this runtime knows (IANA, `Europe/Paris`, `UTC`)? */
export function isValidTimeZone(zone: string): boolean {
  if (zone === "" || zone.toLowerCase() === "local") return false; // Kubernetes refuses "Local"
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The server's own time zone: what Kubernetes uses for a CronJob without spec.timeZone. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/** Parse `schedule` evaluated in `timeZone`; throws ScheduleError with a readable reason. */
export function parseSchedule(schedule: string, timeZone: string): Schedule {
  if (!isValidTimeZone(timeZone)) throw new ScheduleError(`unknown time zone "${timeZone}"`);
  const expression = fiveFields(schedule);
  let parsed: ReturnType<typeof Parser.parse>;
  try {
    parsed = cronParser().parse(expression, { tz: timeZone, strict: false });
  } catch (e) {
    throw new ScheduleError(e instanceof Error ? e.message : String(e));
  }
  return {
    next(after: Date): Date {
      parsed.reset(after);
      return parsed.next().toDate();
    },
  };
}

/** The problem with `schedule`, or undefined when it parses (time zone checked separately). */
export function checkSchedule(schedule: string): string | undefined {
  try {
    parseSchedule(schedule, "UTC");
    return undefined;
  } catch (e) {
    return e instanceof ScheduleError ? e.message : String(e);
  }
}
