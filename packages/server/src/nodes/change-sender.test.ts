import { describe, expect, it, vi } from "vitest";
import { BATCH_MAX, ChangeSender } from "./change-sender.js";

const log = { warn: vi.fn() };

/** Turns of the event loop (setImmediate stays real), until `check` passes; vi.waitFor would advance the fake timers. */
async function turns(check: () => void, max = 200): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      check();
      return;
    } catch (err) {
      if (i >= max) throw err;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}


describe("ChangeSender", () => {
  it("sends a lone change with no timer running, and what comes while it is on its way in the next message", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "setInterval"] }); // a timer-driven batch would never fire
    try {
      const sent: number[][] = [];
      let release!: () => void;
      const sender = new ChangeSender<number>((batch) => {
        sent.push(batch);
        return sent.length === 1 ? new Promise<void>((r) => (release = r)) : Promise.resolve();
      }, log);
      sender.push([1]);
      await turns(() => expect(sent).toEqual([[1]]));
      sender.push([2]);
      sender.push([3, 4]);
      expect(sent).toEqual([[1]]);
      release();
      await turns(() => expect(sent).toEqual([[1], [2, 3, 4]]));
    } finally {
      vi.useRealTimers();
    }
  });

  it("cuts a burst into messages of at most BATCH_MAX", async () => {
    const sent: number[][] = [];
    const sender = new ChangeSender<number>(async (batch) => void sent.push(batch), log);
    sender.push(Array.from({ length: BATCH_MAX * 2 + 1 }, (_, i) => i));
    await sender.drained();
    expect(sent.map((b) => b.length)).toEqual([BATCH_MAX, BATCH_MAX, 1]);
    expect(sent.flat()).toEqual(Array.from({ length: BATCH_MAX * 2 + 1 }, (_, i) => i));
  });

  it("sends nothing more on a stream whose send failed", async () => {
    const send = vi.fn().mockRejectedValueOnce(new Error("stream closed")).mockResolvedValue(undefined);
    const sender = new ChangeSender<number>(send, log);
    sender.push([1]);
    await sender.drained();
    sender.push([2]);
    await sender.drained();
    expect(send).toHaveBeenCalledTimes(1);
    expect(log.warn).toHaveBeenCalled();
  });
});
