import { describe, expect, it } from "vitest";
import { FakeRuntime } from "../runtime/fake/fake-runtime.js";
import { Records } from "./records.js";

describe("Records", () => {
  it("forgets the images and failures of pods no longer desired, and keeps an image being pulled", async () => {
    const records = new Records();
    await records.learnImages(new FakeRuntime(), ["web:1", "web:2", "job:1"]);
    records.pulling("job:2");
    records.failures.set("gone-uid/main", { reason: "CreateContainerError", message: "no", failures: 1, lastFailureAt: 0, reported: false });
    records.failures.set("kept-uid/main", { reason: "CreateContainerError", message: "no", failures: 1, lastFailureAt: 0, reported: false });

    records.prune(new Set(["kept-uid"]), new Set(["web:2"]));

    expect([...records.images.keys()].sort()).toEqual(["job:2", "web:2"]);
    expect([...records.failures.keys()]).toEqual(["kept-uid/main"]);
  });
});
