import { describe, expect, it } from "vitest";
import { History, type Change } from "./history.js";

const change = (revision: number): Change => ({ revision, events: [] });

describe("History", () => {
  it("finds changes by revision and forgets the oldest beyond its capacity", () => {
    const history = new History(3, 0);
    for (let r = 1; r <= 5; r++) history.append(change(r));
    expect(history.compacted).toBe(2);
    expect(history.latest).toBe(5);
    expect(history.at(2)).toBeUndefined();
    expect(history.at(3)?.revision).toBe(3);
    expect(history.at(5)?.revision).toBe(5);
    expect(history.at(6)).toBeUndefined();
  });

  it("can start after revisions it never had", () => {
    const history = new History(10, 41);
    expect(history.latest).toBe(41);
    history.append(change(42));
    expect(history.at(42)?.revision).toBe(42);
    expect(history.at(41)).toBeUndefined();
  });

  it("refuses a revision out of sequence", () => {
    const history = new History(3, 0);
    expect(() => history.append(change(2))).toThrow(/expected revision 1/);
  });

  it("stays correct past its internal compaction", () => {
    const history = new History(100, 0);
    for (let r = 1; r <= 5000; r++) history.append(change(r));
    expect(history.compacted).toBe(4900);
    for (const r of [4901, 4950, 5000]) expect(history.at(r)?.revision).toBe(r);
  });
});
