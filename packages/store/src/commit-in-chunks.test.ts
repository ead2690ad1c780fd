import { describe, expect, it } from "vitest";
import { chunkOps, fitsOneCommit } from "./commit-in-chunks.js";
import { pod, ref } from "./test-store-contract.js";
import type { WriteOp } from "./types.js";

const create = (name: string, bytes = 0): WriteOp => ({ type: "create", object: { ...pod(name), data: { blob: "x".repeat(bytes) } } });
const sizes = (chunks: WriteOp[][]) => chunks.map((c) => c.length);

describe("chunkOps", () => {
  it("cuts by etcd's operation count, keeping the order", () => {
    const ops = Array.from({ length: 300 }, (_, i) => create(`p${i}`));
    const chunks = chunkOps(ops);
    expect(sizes(chunks)).toEqual([127, 127, 46]);
    expect(chunks.flat()).toEqual(ops);
  });

  it("cuts by estimated bytes", () => {
    const ops = [create("a", 400), create("b", 400), create("c", 400)];
    expect(sizes(chunkOps(ops, { maxOps: 128, maxBytes: 1_200 }))).toEqual([2, 1]);
  });

  it("gives an op too big for any chunk a chunk of its own", () => {
    const ops = [create("a"), create("huge", 5_000), create("b")];
    expect(sizes(chunkOps(ops, { maxOps: 128, maxBytes: 1_000 }))).toEqual([1, 1, 1]);
  });

  it("counts a delete as its key only", () => {
    const ops = Array.from({ length: 10 }, (_, i): WriteOp => ({ type: "delete", ref: ref(`p${i}`) }));
    expect(fitsOneCommit(ops, { maxOps: 128, maxBytes: 2_000 })).toBe(true);
    expect(fitsOneCommit([], { maxOps: 1, maxBytes: 1 })).toBe(true);
    expect(fitsOneCommit([create("a"), create("b")], { maxOps: 1, maxBytes: 10_000 })).toBe(false);
  });
});
