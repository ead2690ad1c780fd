// Which scheduled time a CronJob should run now, and how many it missed (Kubernetes' cronjob
// controller, mostRecentScheduleTime). Pure: the schedule and the clock come in.
//
//   earliest = lastScheduleTime, or the CronJob's creation; with startingDeadlineSeconds, never
//              earlier than now - startingDeadlineSeconds (older runs are too late anyway)
//   the most recent scheduled time in (earliest, now] is the one to run; the others are missed
//
// Up to 100 missed times are counted exactly by walking the schedule. Past that, as Kubernetes
// does, the count is estimated from the interval between two runs (a controller down for a
// year must not walk half a million minutes), and the CronJob gets a TooManyMissedTimes warning.
import type { Schedule } from "@skiff/api";

export const MAX_MISSED = 100;

export interface MostRecent {
  /** The latest scheduled time not after now, later than the earliest; undefined when none. */
  time?: Date;
  /** How many scheduled times fell in (earliest, now], this one included. */
  missed: number;
}

export function mostRecentScheduleTime(earliest: Date, now: Date, schedule: Schedule): MostRecent {
  let t = schedule.next(earliest);
  if (t > now) return { missed: 0 };
  let missed = 1;
  for (;;) {
    const next = schedule.next(t);
    if (next > now) return { time: t, missed };
    if (missed > MAX_MISSED) break;
    t = next;
    missed++;
  }
  // Too many to walk: estimate the count from the interval, then find the last time by walking
  // back from now, further each time nothing is found (an uneven schedule: `0 0 1,2 * *`).
  const t1 = schedule.next(earliest);
  const interval = Math.max(schedule.next(t1).getTime() - t1.getTime(), 1000);
  const estimated = Math.max(Math.floor((now.getTime() - t1.getTime()) / interval) + 1, missed);
  for (let back = 2 * interval; ; back *= 2) {
    const from = new Date(Math.max(t.getTime(), now.getTime() - back));
    let latest: Date | undefined;
    for (let s = schedule.next(from); s <= now; s = schedule.next(s)) latest = s;
    if (latest || from.getTime() === t.getTime()) return { time: latest ?? t, missed: estimated };
  }
}

/** The earliest time a run may still be owed from (see above). */
export function earliestTime(lastScheduleTime: string | undefined, created: string | undefined, startingDeadlineSeconds: number | undefined, now: Date): Date {
  let earliest = new Date(lastScheduleTime ?? created ?? now.toISOString());
  if (startingDeadlineSeconds !== undefined) {
    const deadline = new Date(now.getTime() - startingDeadlineSeconds * 1000);
    if (deadline > earliest) earliest = deadline;
  }
  return earliest;
}

/** A Job's name for a scheduled time: `<cronjob>-<minutes since the epoch>`, so a run is made once. */
export function jobNameFor(cronJob: string, scheduled: Date): string {
  return `${cronJob}-${Math.floor(scheduled.getTime() / 60_000)}`;
}

/** RFC 3339 in `timeZone` (`2026-03-01T09:00:00+01:00`), as Kubernetes writes the scheduled-timestamp annotation. */
export function formatInZone(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: "longOffset" })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  // `GMT+01:00`, or `GMT` alone for a zero offset, which RFC 3339 (as Go formats it) writes `Z`.
  const offset = (parts.timeZoneName ?? "GMT").replace("GMT", "");
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset === "" || offset === "+00:00" ? "Z" : offset}`;
}
