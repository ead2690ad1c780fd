import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { endsWith, isAlive, isRunning, stopProcess } from "./processes.js";
import type { LocalProcess } from "./state.js";

const agent: LocalProcess = { name: "node-1", pid: process.pid, log: "x.log", args: ["agent", "--name", "node-1"] };
const argv = (...args: string[]) => () => args;

describe("isRunning", () => {
  it("is the recorded process: alive, and started with its arguments", () => {
    expect(isRunning(agent, argv("/usr/bin/node", "/repo/main.js", "agent", "--name", "node-1"))).toBe(true);
  });

  it("is not a stranger that reused the pid", () => {
    expect(isRunning(agent, argv("/usr/bin/bash"))).toBe(false);
    expect(isRunning(agent, argv("/usr/bin/node", "main.js", "agent", "--name", "node-2"))).toBe(false);
  });

  it("is a program run instead of skiff (the operator) only when its command line names the program", () => {
    const operator: LocalProcess = { name: "operator", pid: process.pid, log: "o.log", args: [], program: "/repo/examples/dist/operators/website/main.js" };
    expect(isRunning(operator, argv("/usr/bin/node", "/repo/examples/dist/operators/website/main.js"))).toBe(true);
    expect(isRunning(operator, argv("/usr/bin/node", "/repo/main.js", "agent"))).toBe(false);
  });

  it("is not a zombie (killed, not yet reaped: an empty command line)", () => {
    expect(isRunning(agent, argv())).toBe(false);
    expect(isRunning({ ...agent, args: undefined }, argv())).toBe(false);
  });

  it("is the pid alone where the command line cannot be read", () => {
    expect(isRunning(agent, () => undefined)).toBe(true);
  });

  it("is never a process never started (pid 0 would be our own process group)", () => {
    expect(isAlive(0)).toBe(false);
    expect(isRunning({ ...agent, pid: 0 }, argv("agent", "--name", "node-1"))).toBe(false);
  });
});

describe("endsWith", () => {
  it("compares the tail of argv", () => {
    expect(endsWith(["node", "main.js", "server"], ["server"])).toBe(true);
    expect(endsWith(["server"], ["node", "server"])).toBe(false);
  });
});

describe("stopProcess", () => {
  it("leaves a process that is already gone alone", async () => {
    expect(await stopProcess({ ...agent, pid: 0 })).toBe(false);
  });

  it("stops a running one with SIGTERM", async () => {
    const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)", "agent"], { stdio: "ignore" });
    const exited = new Promise((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
    const p: LocalProcess = { name: "node-9", pid: child.pid!, log: "x", args: ["agent"] };
    // Running once its command line says so (a fresh child is node's, then ours): wait for that.
    for (const until = Date.now() + 5_000; !isRunning(p) && Date.now() < until; ) await new Promise((r) => setTimeout(r, 20));
    expect(isRunning(p)).toBe(true);
    expect(await stopProcess(p, 5_000)).toBe(true);
    expect(isRunning(p)).toBe(false);
    expect(await exited).toBe("SIGTERM");
  });
});
