import type { IKeyValue } from "etcd3";
import { describe, expect, it } from "vitest";
import { commitOutcome, type KeyStates } from "./etcd-commit-outcome.js";

/** A stored key-value: created at `create`, last written at `mod`, written `version` times. */
function kv(value: string, create: number, mod: number, version = 1): IKeyValue {
  return { key: Buffer.from("k"), value: Buffer.from(value), create_revision: String(create), mod_revision: String(mod), version: String(version), lease: "0" };
}
const states = (entries: [string, IKeyValue | undefined][]): KeyStates => new Map(entries);
const writes = (entries: [string, string | undefined][]) => new Map(entries.map(([k, v]) => [k, v === undefined ? undefined : Buffer.from(v)]));

describe("commitOutcome (a commit whose txn answer was lost)", () => {
  const before = states([["/a", kv("a1", 5, 5)], ["/b", undefined]]);
  const ours = writes([["/a", "a2"], ["/b", "b1"]]);

  it("made: every key holds our write, all at one new revision", () => {
    expect(commitOutcome(before, ours, states([["/a", kv("a2", 5, 9, 2)], ["/b", kv("b1", 9, 9)]]))).toEqual({ made: true, revision: 9 });
  });

  it("not proven made when our values sit at different revisions, or a key did not move", () => {
    expect(commitOutcome(before, ours, states([["/a", kv("a2", 5, 9, 2)], ["/b", kv("b1", 10, 10)]]))).toBeUndefined();
    expect(commitOutcome(states([["/a", kv("a2", 5, 5)]]), writes([["/a", "a2"]]), states([["/a", kv("a2", 5, 5)]]))).toBeUndefined();
  });

  it("not made: exactly one write since our read, and it is not ours (its compares can never hold again)", () => {
    expect(commitOutcome(before, ours, states([["/a", kv("other", 5, 7, 2)], ["/b", undefined]]))).toEqual({ made: false });
  });

  it("not made: a key we deleted is still the same key, moved on", () => {
    expect(commitOutcome(before, writes([["/a", undefined]]), states([["/a", kv("other", 5, 7, 2)]]))).toEqual({ made: false });
  });

  it("unknown: two or more writes since our read (ours may have been the first), or the key was deleted and made again", () => {
    expect(commitOutcome(before, ours, states([["/a", kv("other", 5, 8, 3)], ["/b", undefined]]))).toBeUndefined();
    expect(commitOutcome(before, ours, states([["/a", kv("other", 8, 8, 1)], ["/b", undefined]]))).toBeUndefined();
  });

  it("unknown: a commit of deletes only, whose keys are gone (ours, or another writer's)", () => {
    expect(commitOutcome(before, writes([["/a", undefined]]), states([["/a", undefined]]))).toBeUndefined();
  });
});
