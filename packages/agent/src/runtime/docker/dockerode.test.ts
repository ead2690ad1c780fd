// dockerode without ssh2 at load (issue 18), and ssh:// still reaching ssh2 when used. Its own
// test file: vitest runs each file in a fresh process, so nothing else has loaded ssh2 before.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { Dockerode } from "./dockerode.js";

const require = createRequire(import.meta.url);
const ssh2Loaded = () => Object.keys(require.cache).some((file) => /[\\/]node_modules[\\/]ssh2[\\/]/.test(file));

describe("dockerode, loaded for a Unix socket", () => {
  it("does not load ssh2, and a client on a socket does not either", async () => {
    expect(Object.keys(require.cache).some((file) => /[\\/]docker-modem[\\/]/.test(file))).toBe(true);
    const docker = new Dockerode({ socketPath: "/nonexistent/skiff-test-docker.sock" });
    await expect(docker.ping()).rejects.toThrow(/ENOENT/);
    expect(ssh2Loaded()).toBe(false);
  });

  it("loads the real ssh2 when an ssh:// host is used", async () => {
    // Port 1 on loopback: refused at once, after ssh2's client has been made.
    const docker = new Dockerode({ protocol: "ssh", host: "127.0.0.1", port: 1, username: "skiff-test" } as ConstructorParameters<typeof Dockerode>[0]);
    await expect(docker.ping()).rejects.toThrow(/ECONNREFUSED/);
    expect(ssh2Loaded()).toBe(true);
  });
});
