// A minimal tar (POSIX ustar) writer: enough to hand `docker import` a root filesystem made in
// memory. A tar file is a row of 512-byte blocks: for each entry a header block, then its data
// padded to a whole block; two zero blocks end the archive.

export interface TarEntry {
  /** Path inside the archive, without a leading slash; at most 100 bytes here. */
  name: string;
  /** Permission bits, e.g. 0o755. */
  mode: number;
  /** A file's content; omit for a directory or a symlink. */
  data?: Buffer;
  type?: "file" | "directory" | "symlink";
  /** A symlink's target, at most 100 bytes here. */
  linkname?: string;
}

const TYPEFLAG = { file: "0", symlink: "2", directory: "5" } as const;

const BLOCK = 512;

/** Writes `value` at `offset` as a NUL-terminated octal number filling `width` bytes. */
function octal(header: Buffer, offset: number, width: number, value: number): void {
  header.write(value.toString(8).padStart(width - 1, "0") + "\0", offset, width, "ascii");
}

function headerBlock(entry: TarEntry, size: number, mtime: number): Buffer {
  const name = entry.type === "directory" && !entry.name.endsWith("/") ? `${entry.name}/` : entry.name;
  if (Buffer.byteLength(name) > 100) throw new Error(`tar entry name longer than 100 bytes: ${name}`);
  const h = Buffer.alloc(BLOCK); // unused fields stay NUL
  h.write(name, 0, 100, "utf8"); //             name
  octal(h, 100, 8, entry.mode); //              mode
  octal(h, 108, 8, 0); //                       uid: root
  octal(h, 116, 8, 0); //                       gid: root
  octal(h, 124, 12, size); //                   size of the data that follows
  octal(h, 136, 12, mtime); //                  mtime, seconds since 1970
  h.write("        ", 148, 8, "ascii"); //      checksum: counted as 8 spaces while summing
  h.write(TYPEFLAG[entry.type ?? "file"], 156, 1, "ascii"); // typeflag: 0 file, 2 symlink, 5 dir
  if (entry.type === "symlink") {
    const link = entry.linkname ?? "";
    if (Buffer.byteLength(link) > 100) throw new Error(`tar symlink target longer than 100 bytes: ${link}`);
    h.write(link, 157, 100, "utf8"); //         linkname
  }
  h.write("ustar\0", 257, 6, "ascii"); //       magic
  h.write("00", 263, 2, "ascii"); //            version
  h.write("root", 265, 32, "ascii"); //         uname
  h.write("root", 297, 32, "ascii"); //         gname
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(sum.toString(8).padStart(6, "0") + "\0 ", 148, 8, "ascii"); // six digits, NUL, space
  return h;
}

/** The whole archive in one buffer. `mtime` is fixed by default so the output is reproducible. */
export function tar(entries: readonly TarEntry[], mtime = 0): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const data = entry.type === "directory" || entry.type === "symlink" ? Buffer.alloc(0) : (entry.data ?? Buffer.alloc(0));
    blocks.push(headerBlock(entry, data.length, mtime), data);
    const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
    if (pad > 0) blocks.push(Buffer.alloc(pad));
  }
  blocks.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(blocks);
}
