// Runs one probe, the effectful part: an HTTP GET or a TCP connect from the agent's process to
// the pod's IP, or a command inside the container (the engine's exec). Decides nothing: the
// outcome goes to the state machine (probe-state.ts).
import { request } from "node:http";
import { connect } from "node:net";
import type { Container, Probe } from "@skiff/api/core";
import type { Runtime } from "../../runtime/runtime.js";
import type { ProbeOutcome } from "./probe-state.js";
import { httpSuccess, httpTarget, tcpTarget, type HttpTarget } from "./targets.js";

export interface ProbeSubject {
  runtime: Runtime;
  container: Container;
  containerId: string;
  /** The pod's IP (its infra container's), the default host of httpGet and tcpSocket. */
  podIP: string | undefined;
}

/** Enough of a body to see that the server answered; the rest is not read (as kubelet's 10 KiB). */
const MAX_BODY = 10 * 1024;

export function runProbe(probe: Probe, subject: ProbeSubject, timeoutMs: number): Promise<ProbeOutcome> {
  const { container, podIP } = subject;
  if (probe.exec) return execProbe(subject, probe.exec.command ?? [], timeoutMs);
  if (probe.httpGet) {
    if ((probe.httpGet.scheme ?? "HTTP") !== "HTTP") return Promise.resolve({ result: "error", output: "only scheme HTTP is supported" });
    const target = httpTarget(probe.httpGet, container, podIP);
    return target.ok ? httpProbe(target.value, timeoutMs) : Promise.resolve({ result: "error", output: target.message });
  }
  if (probe.tcpSocket) {
    const target = tcpTarget(probe.tcpSocket, container, podIP);
    return target.ok ? tcpProbe(target.value.host, target.value.port, timeoutMs) : Promise.resolve({ result: "error", output: target.message });
  }
  return Promise.resolve({ result: "error", output: "the probe has no handler (exec, httpGet or tcpSocket)" });
}

async function execProbe(subject: ProbeSubject, command: string[], timeoutMs: number): Promise<ProbeOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ProbeOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ result: "failure", output: `command ${JSON.stringify(command.join(" "))} timed out` }), timeoutMs);
  });
  const run = subject.runtime.exec(subject.containerId, command).then(
    (r): ProbeOutcome => ({ result: r.exitCode === 0 ? "success" : "failure", output: `${r.stdout}${r.stderr}`.trim() }),
    (error: unknown): ProbeOutcome => ({ result: "error", output: error instanceof Error ? error.message : String(error) }),
  );
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function httpProbe(t: HttpTarget, timeoutMs: number): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const { Host: hostHeader, ...headers } = t.headers;
    const req = request({ host: t.host, port: t.port, path: t.path, method: "GET", headers: hostHeader ? { ...headers, Host: hostHeader } : headers, timeout: timeoutMs, agent: false });
    const timer = setTimeout(() => fail("context deadline exceeded (Client.Timeout exceeded while awaiting headers)"), timeoutMs);
    let done = false;
    function finish(outcome: ProbeOutcome): void {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.destroy();
      resolve(outcome);
    }
    function fail(why: string): void {
      finish({ result: "failure", output: `Get "${t.url}": ${why}` });
    }
    req.on("response", (res) => {
      const status = res.statusCode ?? 0;
      let read = 0;
      res.on("data", (chunk: Buffer) => {
        read += chunk.length;
        if (read >= MAX_BODY) res.destroy();
      });
      const end = () => finish(httpSuccess(status) ? { result: "success", output: "" } : { result: "failure", output: `HTTP probe failed with statuscode: ${status}` });
      res.on("end", end);
      res.on("close", end);
    });
    req.on("error", (error) => fail(error.message));
    req.end();
  });
}

function tcpProbe(host: string, port: number, timeoutMs: number): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const where = `dial tcp ${host}:${port}`;
    const timer = setTimeout(() => finish({ result: "failure", output: `${where}: i/o timeout` }), timeoutMs);
    function finish(outcome: ProbeOutcome): void {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    }
    socket.once("connect", () => finish({ result: "success", output: "" }));
    socket.once("error", (error) => finish({ result: "failure", output: `${where}: ${error.message}` }));
  });
}
