// The pause program for AArch64 (arm64), as machine code (checked with llvm-mc). Each instruction
// is 4 bytes, little-endian. Syscalls: number in x8, arguments in x0..x5, `svc #0`; only x0
// (the result) changes. AArch64 has no `pause` syscall: ppoll on no descriptors with no timeout
// waits for a signal just the same.
//
// PID 1 needs the handlers (see pause-x86_64.ts). No SA_RESTORER here: arm64 returns from
// handlers through the vDSO's trampoline, and ours never returns anyway.

export const PAUSE_AARCH64: readonly number[] = [
  // _start: struct kernel_sigaction { handler, flags, restorer, mask } on the stack (32 bytes)
  0x69, 0x02, 0x00, 0x10, // 0x00 adr x9, #0x4c             x9 = &handler
  0xe9, 0x7f, 0xbe, 0xa9, // 0x04 stp x9, xzr, [sp, #-32]!  sp -= 32; sa_handler = x9, sa_flags = 0
  0xff, 0x7f, 0x01, 0xa9, // 0x08 stp xzr, xzr, [sp, #16]   sa_restorer = 0, sa_mask = {}
  // rt_sigaction(SIGTERM, &act, NULL, sizeof(sigset_t))
  0xe0, 0x01, 0x80, 0xd2, // 0x0c mov x0, #15               SIGTERM
  0xe1, 0x03, 0x00, 0x91, // 0x10 mov x1, sp                act = the struct above
  0x02, 0x00, 0x80, 0xd2, // 0x14 mov x2, #0                oldact = NULL
  0x03, 0x01, 0x80, 0xd2, // 0x18 mov x3, #8                sigsetsize = 8
  0xc8, 0x10, 0x80, 0xd2, // 0x1c mov x8, #134              rt_sigaction
  0x01, 0x00, 0x00, 0xd4, // 0x20 svc #0
  // rt_sigaction(SIGINT, ...): x1..x3 and x8 survive the syscall
  0x40, 0x00, 0x80, 0xd2, // 0x24 mov x0, #2                SIGINT
  0x01, 0x00, 0x00, 0xd4, // 0x28 svc #0
  // loop: ppoll(NULL, 0, NULL, NULL, 0) sleeps until a signal arrives
  0x00, 0x00, 0x80, 0xd2, // 0x2c mov x0, #0                fds = NULL
  0x01, 0x00, 0x80, 0xd2, // 0x30 mov x1, #0                nfds = 0
  0x02, 0x00, 0x80, 0xd2, // 0x34 mov x2, #0                timeout = NULL: forever
  0x03, 0x00, 0x80, 0xd2, // 0x38 mov x3, #0                sigmask = NULL: keep the current one
  0x04, 0x00, 0x80, 0xd2, // 0x3c mov x4, #0                sigsetsize
  0x28, 0x09, 0x80, 0xd2, // 0x40 mov x8, #73               ppoll
  0x01, 0x00, 0x00, 0xd4, // 0x44 svc #0
  0xf9, 0xff, 0xff, 0x17, // 0x48 b #-0x1c                  back to 0x2c
  // handler: exit_group(0)
  0x00, 0x00, 0x80, 0xd2, // 0x4c mov x0, #0                status 0
  0xc8, 0x0b, 0x80, 0xd2, // 0x50 mov x8, #94               exit_group
  0x01, 0x00, 0x00, 0xd4, // 0x54 svc #0
];
