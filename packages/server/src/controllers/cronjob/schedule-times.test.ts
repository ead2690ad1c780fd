import { describe, expect, it } from "vitest";
import { parseSchedule } from "@skiff/api";
import { earliestTime, formatInZone, jobNameFor, mostRecentScheduleTime } from "./schedule-times.js";

const t = (iso: string) => new Date(iso);
const everyMinute = parseSchedule("* * * * *", "UTC");

describe("mostRecentScheduleTime", () => {
  it("none yet: nothing due", () => {
    expect(mostRecentScheduleTime(t("2026-01-01T00:00:00Z"), t("2026-01-01T00:00:59Z"), everyMinute)).toEqual({ missed: 0 });
  });

  it.each([1, 2, 37, 100, 101])("counts %i missed minutes exactly, the latest one due", (n) => {
    const due = mostRecentScheduleTime(t("2026-01-01T00:00:00Z"), new Date(Date.parse("2026-01-01T00:00:00Z") + n * 60_000 + 5_000), everyMinute);
    expect(due.missed).toBe(n);
    expect(due.time).toEqual(new Date(Date.parse("2026-01-01T00:00:00Z") + n * 60_000));
  });

  it("estimates past 100 from the interval, and still finds the exact latest time of an uneven schedule", () => {
    const firstTwoDays = parseSchedule("0 0 1,2 * *", "UTC"); // 1 day apart, then a month
    const due = mostRecentScheduleTime(t("2020-01-01T12:00:00Z"), t("2026-06-20T00:00:00Z"), firstTwoDays);
    expect(due.time).toEqual(t("2026-06-02T00:00:00Z"));
    expect(due.missed).toBeGreaterThan(100);
  });
});

describe("the helpers", () => {
  it("earliestTime: lastScheduleTime, else creation, never before now - startingDeadlineSeconds", () => {
    const now = t("2026-01-01T10:00:00Z");
    expect(earliestTime("2026-01-01T09:00:00Z", "2025-01-01T00:00:00Z", undefined, now)).toEqual(t("2026-01-01T09:00:00Z"));
    expect(earliestTime(undefined, "2025-01-01T00:00:00Z", undefined, now)).toEqual(t("2025-01-01T00:00:00Z"));
    expect(earliestTime("2026-01-01T09:00:00Z", undefined, 60, now)).toEqual(t("2026-01-01T09:59:00Z"));
  });

  it("jobNameFor: minutes since the epoch, as Kubernetes names them", () => {
    expect(jobNameFor("hello", t("2026-01-01T00:01:00Z"))).toBe("hello-29453761");
  });

  it("formatInZone: RFC 3339 with the zone's offset, Z for UTC", () => {
    expect(formatInZone(t("2026-07-01T07:00:00Z"), "Europe/Paris")).toBe("2026-07-01T09:00:00+02:00");
    expect(formatInZone(t("2026-07-01T07:00:00Z"), "UTC")).toBe("2026-07-01T07:00:00Z");
    expect(formatInZone(t("2026-07-01T07:00:00Z"), "America/New_York")).toBe("2026-07-01T03:00:00-04:00");
  });
});
