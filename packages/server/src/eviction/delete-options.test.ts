import { describe, expect, it } from "vitest";
import { ValidationError } from "@skiff/api";
import { evictOptionsFromJson } from "./delete-options.js";

describe("evictOptionsFromJson", () => {
  it("reads metav1.DeleteOptions into the delete's options", () => {
    expect(evictOptionsFromJson("")).toEqual({});
    expect(evictOptionsFromJson(JSON.stringify({ propagationPolicy: "Foreground", preconditions: { uid: "u1", resourceVersion: "9" }, dryRun: ["All"] }))).toEqual({
      propagationPolicy: "Foreground",
      uid: "u1",
      resourceVersion: "9",
      dryRun: true,
    });
    expect(evictOptionsFromJson(JSON.stringify({ gracePeriodSeconds: 0 }))).toEqual({ gracePeriodSeconds: 0 });
    expect(evictOptionsFromJson(JSON.stringify({ gracePeriodSeconds: 15 }))).toEqual({ gracePeriodSeconds: 15 });
  });

  it("refuses what is not DeleteOptions, naming the field", () => {
    const issues = (json: string) => {
      try {
        evictOptionsFromJson(json);
        return [];
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        return e.issues.map((i) => i.path);
      }
    };
    expect(issues("{")).toEqual(["deleteOptions"]);
    expect(issues("[]")).toEqual(["deleteOptions"]);
    expect(issues(JSON.stringify({ preconditions: { uid: 3 }, dryRun: ["Some"] }))).toEqual(["deleteOptions.preconditions.uid", "deleteOptions.dryRun"]);
    expect(issues(JSON.stringify({ gracePeriodSeconds: -1 }))).toEqual(["deleteOptions.gracePeriodSeconds"]);
  });
});
