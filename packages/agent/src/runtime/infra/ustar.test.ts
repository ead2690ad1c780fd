import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { tar } from "./ustar.js";

const field = (block: Buffer, offset: number, width: number) =>
  block.subarray(offset, offset + width).toString("latin1").replace(/\0.*$/s, "");

describe("tar (ustar writer)", () => {
  const data = Buffer.from("#!/bin/true\n");
  const archive = tar([{ name: "pause", mode: 0o755, data }]);
  const header = archive.subarray(0, 512);

  it("is whole 512-byte blocks: header, padded data, two zero blocks", () => {
    expect(archive.length).toBe(512 * 4);
    expect(archive.subarray(512, 512 + data.length)).toEqual(data);
    expect(archive.subarray(1024).every((b) => b === 0)).toBe(true);
  });

  it("writes name, mode, size, type and the ustar magic", () => {
    expect(field(header, 0, 100)).toBe("pause");
    expect(parseInt(field(header, 100, 8), 8)).toBe(0o755);
    expect(parseInt(field(header, 124, 12), 8)).toBe(data.length);
    expect(field(header, 156, 1)).toBe("0");
    expect(field(header, 257, 6)).toBe("ustar");
  });

  it("has a checksum equal to the sum of the header's bytes, the checksum field counted as spaces", () => {
    const copy = Buffer.from(header);
    copy.write("        ", 148, 8, "latin1");
    const sum = copy.reduce((a, b) => a + b, 0);
    expect(parseInt(field(header, 148, 8), 8)).toBe(sum);
  });

  it("writes directories with a trailing slash and no data", () => {
    const dir = tar([{ name: "tmp", mode: 0o1777, type: "directory" }]);
    expect(field(dir, 0, 100)).toBe("tmp/");
    expect(field(dir, 156, 1)).toBe("5");
    expect(dir.length).toBe(512 * 3);
  });

  it("refuses names that do not fit the 100-byte field", () => {
    expect(() => tar([{ name: "x".repeat(101), mode: 0o644 }])).toThrow(/longer than 100 bytes/);
  });

  it.runIf(spawnSync("tar", ["--version"]).status === 0)("is read back by the system's tar", () => {
    const listing = spawnSync("tar", ["-tvf", "-"], { input: archive, encoding: "utf8" });
    expect(listing.status).toBe(0);
    expect(listing.stdout).toMatch(/^-rwxr-xr-x root\/root\s+12 .* pause$/m);
  });
});
