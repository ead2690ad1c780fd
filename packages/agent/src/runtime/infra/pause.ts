// The pod infra program: holds the pod's network namespace and does nothing else until it is
// told to stop. Picks the machine code for the engine's CPU.
import { EM_AARCH64, EM_X86_64, elfExecutable } from "./elf.js";
import { PAUSE_AARCH64 } from "./pause-aarch64.js";
import { PAUSE_X86_64 } from "./pause-x86_64.js";

export class UnsupportedArchitectureError extends Error {
  constructor(arch: string) {
    super(`no pause program for CPU architecture "${arch}" (skiff has x86_64 and aarch64)`);
    this.name = "UnsupportedArchitectureError";
  }
}

/** `arch` as Docker's info().Architecture or Node's process.arch says it. */
export function pauseProgram(arch: string): Buffer {
  switch (arch) {
    case "x86_64":
    case "amd64":
    case "x64":
      return elfExecutable(EM_X86_64, PAUSE_X86_64);
    case "aarch64":
    case "arm64":
      return elfExecutable(EM_AARCH64, PAUSE_AARCH64);
    default:
      throw new UnsupportedArchitectureError(arch);
  }
}
