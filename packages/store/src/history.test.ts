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

  it("forgets changes older than its window, but never below minKeep of them", () => {
    let now = 0;
    const history = new History(1_000, 0, { ms: 10_000, minKeep: 3, now: () => now });
    for (let r = 1; r <= 6; r++) {
      history.append(change(r));
      now += 1_000;
    }
    expect(history.size).toBe(6); // all younger than 10 s
    now = 20_000; // every one of them is now older than the window
    history.append(change(7));
    expect(history.size).toBe(3); // the window leaves minKeep
    expect(history.compacted).toBe(4);
    expect(history.at(5)?.revision).toBe(5);
    expect(history.at(4)).toBeUndefined();
  });

  it("holds about a window's worth under steady churn, whatever its capacity", () => {
    let now = 0;
    const history = new History(1_000_000, 0, { ms: 75_000, minKeep: 100, now: () => now });
    for (let r = 1; r <= 60_000; r++) {
      history.append(change(r));
      now += 10; // 100 revisions a second for 10 minutes
    }
    expect(history.size).toBeGreaterThanOrEqual(7_500);
    expect(history.size).toBeLessThanOrEqual(7_501);
  });
});

