import { describe, expect, it } from "vitest";
import { RuntimeUnavailableError } from "../errors.js";
import { engineCall, engineMessage, unreachable } from "./errors.js";
import { dockerSocketPath } from "./socket.js";

describe("engine errors", () => {
  it("takes the engine's own sentence from an HTTP error", () => {
    const err = Object.assign(new Error("(HTTP code 404) no such container - No such container: x "), {
      statusCode: 404,
      json: { message: "No such container: x" },
    });
    expect(engineMessage(err)).toBe("No such container: x");
    expect(engineMessage(new Error("(HTTP code 500) server error - boom "))).toBe("boom");
  });

  it("turns a socket that cannot be reached into RuntimeUnavailableError", async () => {
    const enoent = Object.assign(new Error("connect ENOENT /nope.sock"), { code: "ENOENT" });
    const err = unreachable(enoent, "/nope.sock");
    expect(err).toBeInstanceOf(RuntimeUnavailableError);
    expect(err?.message).toBe(
      "cannot reach Docker at /nope.sock (connect ENOENT). Is the Docker engine running? " +
        "Start it (e.g. 'sudo systemctl start docker' or 'npm run setup' as root).",
    );
    expect(err?.cause).toBe(enoent);
    await expect(engineCall("/nope.sock", () => Promise.reject(enoent))).rejects.toBeInstanceOf(RuntimeUnavailableError);
  });

  it("leaves other errors to the caller's mapping", async () => {
    const conflict = Object.assign(new Error("conflict"), { statusCode: 409 });
    expect(unreachable(conflict, "/s")).toBeUndefined();
    await expect(engineCall("/s", () => Promise.reject(conflict), () => new Error("mapped"))).rejects.toThrow("mapped");
  });
});

describe("dockerSocketPath", () => {
  it("prefers the explicit path, then DOCKER_HOST's unix path, then the usual one", () => {
    expect(dockerSocketPath("/x.sock", { DOCKER_HOST: "unix:///y.sock" })).toBe("/x.sock");
    expect(dockerSocketPath(undefined, { DOCKER_HOST: "unix:///y.sock" })).toBe("/y.sock");
    expect(dockerSocketPath(undefined, {})).toBe("/var/run/docker.sock");
    expect(() => dockerSocketPath(undefined, { DOCKER_HOST: "tcp://h:2375" })).toThrow(/not supported/);
  });
});
