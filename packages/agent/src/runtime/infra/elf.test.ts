import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { EM_AARCH64, EM_X86_64, LOAD_ADDRESS } from "./elf.js";
import { pauseProgram } from "./pause.js";

/** Reads back the fields a kernel looks at, the way the kernel's ELF loader does. */
function parse(elf: Buffer) {
  return {
    magic: elf.subarray(0, 4).toString("latin1"),
    class: elf[4],
    data: elf[5],
    type: elf.readUInt16LE(16),
    machine: elf.readUInt16LE(18),
    entry: Number(elf.readBigUInt64LE(24)),
    phoff: Number(elf.readBigUInt64LE(32)),
    ehsize: elf.readUInt16LE(52),
    phentsize: elf.readUInt16LE(54),
    phnum: elf.readUInt16LE(56),
    ph: {
      type: elf.readUInt32LE(64),
      flags: elf.readUInt32LE(68),
      offset: Number(elf.readBigUInt64LE(72)),
      vaddr: Number(elf.readBigUInt64LE(80)),
      filesz: Number(elf.readBigUInt64LE(96)),
      memsz: Number(elf.readBigUInt64LE(104)),
      align: Number(elf.readBigUInt64LE(112)),
    },
  };
}

describe.each([
  ["x86_64", EM_X86_64],
  ["aarch64", EM_AARCH64],
])("the %s pause program", (arch, machine) => {
  const elf = pauseProgram(arch);
  const h = parse(elf);

  it("is a 64-bit little-endian executable for its CPU", () => {
    expect(h.magic).toBe("\x7fELF");
    expect([h.class, h.data, h.type]).toEqual([2, 1, 2]);
    expect(h.machine).toBe(machine);
    expect([h.ehsize, h.phoff, h.phentsize, h.phnum]).toEqual([64, 64, 56, 1]);
  });

  it("loads the whole file, read+execute, with the entry point inside the code", () => {
    expect(h.ph).toMatchObject({ type: 1, flags: 5, offset: 0, vaddr: LOAD_ADDRESS, align: 0x1000 });
    expect(h.ph.filesz).toBe(elf.length);
    expect(h.ph.memsz).toBe(elf.length);
    expect(h.entry).toBe(LOAD_ADDRESS + 120);
    expect(h.entry).toBeLessThan(h.ph.vaddr + h.ph.filesz);
  });

  it("is a few hundred bytes at most", () => {
    expect(elf.length).toBeLessThan(300);
  });
});

// The x86-64 program can run right here when the test machine is one: it must wait, then exit 0
// on SIGTERM (a normal process, not PID 1, but the handler is what we are checking).
describe.runIf(process.platform === "linux" && process.arch === "x64")("running the x86-64 pause program", () => {
  it.each(["SIGTERM", "SIGINT"] as const)("waits until %s, then exits with code 0", async (signal) => {
    const dir = mkdtempSync(join(tmpdir(), "skiff-pause-"));
    try {
      const path = join(dir, "pause");
      writeFileSync(path, pauseProgram("x86_64"));
      chmodSync(path, 0o755);
      const child = spawn(path, { stdio: "ignore" });
      const exited = new Promise<[number | null, string | null]>((resolve) => child.on("exit", (code, sig) => resolve([code, sig])));
      // Its handlers for SIGTERM (15) and SIGINT (2) are in place and it sleeps: in pause(), the
      // only call that blocks. Had it been going to exit instead, it would have done so by now.
      await vi.waitFor(() => {
        const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
        expect(status).toMatch(/^State:\s+S/m);
        const caught = BigInt(`0x${/^SigCgt:\s+(\w+)/m.exec(status)?.[1] ?? "0"}`);
        expect(caught & ((1n << 14n) | (1n << 1n))).toBe((1n << 14n) | (1n << 1n));
      }, { timeout: 5_000, interval: 10 });
      expect(child.exitCode).toBeNull(); // still waiting
      child.kill(signal);
      expect(await exited).toEqual([0, null]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
