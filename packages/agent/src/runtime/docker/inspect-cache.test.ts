import { describe, expect, it } from "vitest";
import type { ContainerInfo } from "../runtime.js";
import { InspectCache } from "./inspect-cache.js";

const info = (id: string): ContainerInfo => ({ id, name: id, image: "i", labels: {}, state: "running", createdAt: "t" });

describe("InspectCache", () => {
  it("answers only while the list key is unchanged", () => {
    const c = new InspectCache();
    c.set("a".repeat(64), "running|Up 2 hours", info("a"));
    expect(c.get("a".repeat(64), "running|Up 2 hours")?.id).toBe("a");
    expect(c.get("a".repeat(64), "exited|Exited (1) 1 second ago")).toBeUndefined();
  });

  it("forgets a container by full or short id", () => {
    const c = new InspectCache();
    c.set("ab".repeat(32), "k", info("x"));
    c.forget("abab");
    expect(c.size).toBe(0);
  });
});
