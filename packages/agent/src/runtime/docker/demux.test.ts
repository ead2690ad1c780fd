import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FrameDecoder } from "./demux.js";

function frame(stream: 1 | 2, text: string): Buffer {
  const data = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(data.length, 4);
  return Buffer.concat([header, data]);
}

describe("FrameDecoder", () => {
  it("splits frames that share a chunk, and labels stdout and stderr", () => {
    const d = new FrameDecoder();
    const frames = d.push(Buffer.concat([frame(1, "out\n"), frame(2, "err\n")]));
    expect(frames.map((f) => [f.stream, f.data.toString()])).toEqual([
      ["stdout", "out\n"],
      ["stderr", "err\n"],
    ]);
    expect(d.leftover).toBe(0);
  });

  it("gives the same frames however the bytes are cut into chunks", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom<1 | 2>(1, 2), fc.string()), { maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1 }),
        (msgs, cuts) => {
          const bytes = Buffer.concat(msgs.map(([s, t]) => frame(s, t)));
          const d = new FrameDecoder();
          const got: string[] = [];
          for (let at = 0, i = 0; at < bytes.length; i++) {
            const n = cuts[i % cuts.length] ?? 1;
            for (const f of d.push(bytes.subarray(at, at + n))) got.push(`${f.stream}:${f.data.toString()}`);
            at += n;
          }
          expect(got).toEqual(msgs.map(([s, t]) => `${s === 1 ? "stdout" : "stderr"}:${t}`));
          expect(d.leftover).toBe(0);
        },
      ),
    );
  });
});
