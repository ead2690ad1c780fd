// The stream bridge with a fake call: messages in order, errors mapped, cancelling on abort or break.
import { EventEmitter } from "node:events";
import { status, type ClientReadableStream } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { iterateStream } from "./stream.js";

class FakeCall extends EventEmitter {
  cancelled = false;
  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    setImmediate(() => this.emit("error", Object.assign(new Error("cancelled"), { code: status.CANCELLED, details: "Cancelled on client" })));
  }
}

const opened = (call: FakeCall) => async () => call as unknown as ClientReadableStream<string>;

async function collect(it: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const m of it) out.push(m);
  return out;
}

describe("iterateStream", () => {
  it("yields the messages in order until the stream ends", async () => {
    const call = new FakeCall();
    setImmediate(() => {
      call.emit("data", "a");
      call.emit("data", "b");
      call.emit("end");
    });
    expect(await collect(iterateStream(opened(call), (e) => e))).toEqual(["a", "b"]);
  });

  it("throws the mapped error of a failed stream", async () => {
    const call = new FakeCall();
    setImmediate(() => call.emit("error", Object.assign(new Error("x"), { code: status.NOT_FOUND, details: "x" })));
    await expect(collect(iterateStream(opened(call), () => new Error("mapped")))).rejects.toThrow("mapped");
  });

  it("cancels the call and ends quietly when the signal aborts", async () => {
    const call = new FakeCall();
    const ac = new AbortController();
    setImmediate(() => {
      call.emit("data", "a");
      ac.abort();
    });
    expect(await collect(iterateStream(opened(call), (e) => e, ac.signal))).toEqual(["a"]);
    expect(call.cancelled).toBe(true);
  });

  it("cancels a call whose signal aborted while it was being opened", async () => {
    const call = new FakeCall();
    const ac = new AbortController();
    const start = async () => {
      ac.abort(); // Ctrl-C during the connect
      return call as unknown as ClientReadableStream<string>;
    };
    expect(await collect(iterateStream(start, (e) => e, ac.signal))).toEqual([]);
    expect(call.cancelled).toBe(true);
  });

  it("cancels the call when the loop breaks", async () => {
    const call = new FakeCall();
    setImmediate(() => call.emit("data", "a"));
    for await (const _ of iterateStream(opened(call), (e) => e)) break;
    expect(call.cancelled).toBe(true);
  });
});
