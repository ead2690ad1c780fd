import { describe, expect, it } from "vitest";
import { formatTable, TableWriter } from "./table.js";

describe("formatTable", () => {
  it("aligns columns with three spaces and leaves the last column unpadded", () => {
    const text = formatTable(["NAME", "READY", "STATUS"], [
      ["web-1", "1/1", "Running"],
      ["a-much-longer-name", "0/1", "Pending"],
    ]);
    expect(text).toBe(
      "NAME                 READY   STATUS\n" +
        "web-1                1/1     Running\n" +
        "a-much-longer-name   0/1     Pending\n",
    );
  });

  it("prints nothing for no rows and no header", () => {
    expect(formatTable(undefined, [])).toBe("");
  });
});

describe("TableWriter", () => {
  it("prints the header once and keeps rows printed later aligned with it", () => {
    const w = new TableWriter(["NAME", "STATUS"]);
    expect(w.format([["a-long-name", "Running"]])).toBe("NAME          STATUS\na-long-name   Running\n");
    expect(w.format([["b", "Pending"]])).toBe("b             Pending\n");
  });
});
