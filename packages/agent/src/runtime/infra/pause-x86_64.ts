// The pause program for x86-64, as machine code (assembled by hand, checked with llvm-mc).
// Syscalls: number in eax, arguments in rdi, rsi, rdx, r10; `syscall` clobbers rcx and r11 only.
//
// Why handlers at all: PID 1 of a PID namespace gets no default action for signals it has not
// handled, so SIGTERM would be ignored and `docker stop` would wait its whole grace period.
// Why SA_RESTORER: kernels before 5.x refuse to deliver a signal on x86-64 without a restorer
// (the address the handler returns to). Our handler never returns, so any address will do:
// we pass the handler itself.

export const PAUSE_X86_64: readonly number[] = [
  // _start: build a struct kernel_sigaction on the stack, last field first.
  0x48, 0x8d, 0x05, 0x35, 0x00, 0x00, 0x00, // 0x00 lea rax, [rip+0x35]  rax = &handler (0x3c)
  0x6a, 0x00, //                               0x07 push 0                sa_mask = {} (8 bytes)
  0x50, //                                     0x09 push rax              sa_restorer = handler
  0x68, 0x00, 0x00, 0x00, 0x04, //             0x0a push 0x04000000       sa_flags = SA_RESTORER
  0x50, //                                     0x0f push rax              sa_handler = handler
  // rt_sigaction(SIGTERM, &act, NULL, sizeof(sigset_t))
  0xbf, 0x0f, 0x00, 0x00, 0x00, //             0x10 mov edi, 15           SIGTERM
  0x48, 0x89, 0xe6, //                         0x15 mov rsi, rsp          act = the struct above
  0x31, 0xd2, //                               0x18 xor edx, edx          oldact = NULL
  0x41, 0xba, 0x08, 0x00, 0x00, 0x00, //       0x1a mov r10d, 8           sigsetsize = 8
  0xb8, 0x0d, 0x00, 0x00, 0x00, //             0x20 mov eax, 13           rt_sigaction
  0x0f, 0x05, //                               0x25 syscall
  // rt_sigaction(SIGINT, ...): rsi, rdx and r10 survive the syscall
  0xbf, 0x02, 0x00, 0x00, 0x00, //             0x27 mov edi, 2            SIGINT
  0xb8, 0x0d, 0x00, 0x00, 0x00, //             0x2c mov eax, 13           rt_sigaction
  0x0f, 0x05, //                               0x31 syscall
  // loop: sleep until a signal arrives; go back to sleep if it was not ours
  0xb8, 0x22, 0x00, 0x00, 0x00, //             0x33 mov eax, 34           pause
  0x0f, 0x05, //                               0x38 syscall
  0xeb, 0xf7, //                               0x3a jmp -9                back to 0x33
  // handler: exit_group(0)
  0x31, 0xff, //                               0x3c xor edi, edi          status 0
  0xb8, 0xe7, 0x00, 0x00, 0x00, //             0x3e mov eax, 231          exit_group
  0x0f, 0x05, //                               0x43 syscall
];
