// The smallest useful ELF executable: a 64-byte file header, one 56-byte program header that maps
// the whole file at LOAD_ADDRESS, then the machine code. No sections, no libc, no dynamic loader:
// the kernel maps the segment and jumps to e_entry. pause-*.ts hold the code for each CPU.

/** Where the file is mapped in memory: the traditional base of a non-PIE executable. */
export const LOAD_ADDRESS = 0x40_0000;
export const ELF_HEADER_SIZE = 64;
export const PROGRAM_HEADER_SIZE = 56;

/** e_machine values of the CPUs skiff ships a pause program for. */
export const EM_X86_64 = 62;
export const EM_AARCH64 = 183;

/** The program's first instruction sits right after the two headers. */
export const ENTRY = LOAD_ADDRESS + ELF_HEADER_SIZE + PROGRAM_HEADER_SIZE;

// Little-endian integers of 2, 4 and 8 bytes, as every field below is.
const u16 = (n: number) => [n & 0xff, (n >>> 8) & 0xff];
const u32 = (n: number) => [...u16(n & 0xffff), ...u16(n >>> 16)];
const u64 = (n: number) => [...u32(n % 2 ** 32), ...u32(Math.floor(n / 2 ** 32))];

/** A static executable for `machine` whose code (position-independent) starts at ENTRY. */
export function elfExecutable(machine: number, code: readonly number[]): Buffer {
  const fileSize = ELF_HEADER_SIZE + PROGRAM_HEADER_SIZE + code.length;

  const elfHeader = [
    0x7f, 0x45, 0x4c, 0x46, //  e_ident[0..3]  magic: 0x7f 'E' 'L' 'F'
    2, //                       EI_CLASS       ELFCLASS64: 64-bit addresses and offsets
    1, //                       EI_DATA        ELFDATA2LSB: little-endian
    1, //                       EI_VERSION     EV_CURRENT
    0, //                       EI_OSABI       System V (Linux accepts it)
    0, 0, 0, 0, 0, 0, 0, 0, //  EI_ABIVERSION 0, then padding up to 16 bytes
    ...u16(2), //               e_type         ET_EXEC: a fixed-address executable
    ...u16(machine), //         e_machine      62 x86-64, 183 AArch64
    ...u32(1), //               e_version      EV_CURRENT
    ...u64(ENTRY), //           e_entry        virtual address of the first instruction
    ...u64(ELF_HEADER_SIZE), // e_phoff        program headers follow this header
    ...u64(0), //               e_shoff        no section headers: the kernel never reads them
    ...u32(0), //               e_flags        none defined for these CPUs
    ...u16(ELF_HEADER_SIZE), // e_ehsize       64
    ...u16(PROGRAM_HEADER_SIZE), // e_phentsize 56
    ...u16(1), //               e_phnum        one program header
    ...u16(0), //               e_shentsize    no sections...
    ...u16(0), //               e_shnum        ...none at all
    ...u16(0), //               e_shstrndx     SHN_UNDEF: no section names
  ];

  const programHeader = [
    ...u32(1), //               p_type         PT_LOAD: map this part of the file
    ...u32(5), //               p_flags        PF_R | PF_X: readable and executable, not writable
    ...u64(0), //               p_offset       from the file's first byte (headers included)...
    ...u64(LOAD_ADDRESS), //    p_vaddr        ...to this address, so ENTRY lands on the code
    ...u64(LOAD_ADDRESS), //    p_paddr        unused on Linux; by convention the same
    ...u64(fileSize), //        p_filesz       the whole file
    ...u64(fileSize), //        p_memsz        no .bss: memory size equals file size
    ...u64(0x1000), //          p_align        page size; p_vaddr ≡ p_offset modulo this
  ];

  return Buffer.from([...elfHeader, ...programHeader, ...code]);
}
