import { describe, expect, it } from "vitest";
import { ConflictError, NotFoundError, UnavailableError, ValidationError } from "@skiff/api";
import { ServerError } from "@skiff/client";
import { CommandExit, report, UsageError, UserError } from "./errors.js";

describe("report", () => {
  it("prints NotFound as kubectl does, exit 1", () => {
    expect(report(new NotFoundError(`pods "x" not found`))).toEqual({
      exitCode: 1,
      text: `Error from server (NotFound): pods "x" not found\n`,
    });
  });

  it("prints a conflict, exit 1", () => {
    expect(report(new ConflictError("stale")).text).toBe("Error from server (Conflict): stale\n");
  });

  it("prints every validation issue on its own line, exit 1", () => {
    const r = report(new ValidationError([{ path: "a", message: "bad" }, { path: "b", message: "worse" }], { source: "f.yaml" }));
    expect(r).toEqual({ exitCode: 1, text: "error: f.yaml: a: bad\nerror: f.yaml: b: worse\n" });
  });

  it("prints the unreachable message as it is", () => {
    expect(report(new UnavailableError("cannot reach the skiff server at h:1 (x)."))).toEqual({
      exitCode: 1,
      text: "cannot reach the skiff server at h:1 (x).\n",
    });
  });

  it("ends with the exit code of the command exec ran, printing nothing", () => {
    expect(report(new CommandExit(42))).toEqual({ exitCode: 42, text: "" });
  });

  it("reports a user error with error:", () => {
    expect(report(new UserError(`the server doesn't have a resource type "foos"`)).text).toBe(
      `error: the server doesn't have a resource type "foos"\n`,
    );
  });

  it("turns a yargs failure into a usage hint", () => {
    expect(report(new UsageError("Unknown argument: bogus"), "get")).toEqual({ exitCode: 1, text: "error: Unknown argument: bogus\nSee 'skiff get --help' for usage.\n" });
  });

  it("reports several errors at once, one each", () => {
    const r = report(new AggregateError([new NotFoundError(`pods "a" not found`), new NotFoundError(`pods "b" not found`)]));
    expect(r.exitCode).toBe(1);
    expect(r.text).toBe(`Error from server (NotFound): pods "a" not found\nError from server (NotFound): pods "b" not found\n`);
  });

  it("calls anything unexpected a bug, exit 2, without a stack", () => {
    const r = report(new TypeError("cannot read properties of undefined"));
    expect(r.exitCode).toBe(2);
    expect(r.text).toBe("internal error (this is a bug): cannot read properties of undefined\n");
  });

  it("calls a server's internal error a bug too", () => {
    expect(report(new ServerError("INTERNAL", "boom")).exitCode).toBe(2);
    expect(report(new ServerError("UNAUTHENTICATED", "no token")).exitCode).toBe(1);
  });
});
