// Docker multiplexes stdout and stderr on one connection when the container has no TTY: each
// frame is an 8-byte header [stream, 0, 0, 0, size (4 bytes, big-endian)] then `size` bytes of
// output. Stream 1 is stdout, 2 is stderr. Frames may be split across chunks, or share one.

export interface Frame {
  stream: "stdout" | "stderr";
  data: Buffer;
}

const HEADER = 8;

export class FrameDecoder {
  private pending: Buffer = Buffer.alloc(0);

  /** Feeds one chunk; returns the frames it completed. */
  push(chunk: Buffer): Frame[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const frames: Frame[] = [];
    while (this.pending.length >= HEADER) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < HEADER + size) break;
      const stream = this.pending[0] === 2 ? "stderr" : "stdout";
      frames.push({ stream, data: this.pending.subarray(HEADER, HEADER + size) });
      this.pending = this.pending.subarray(HEADER + size);
    }
    return frames;
  }

  /** Bytes of an unfinished frame left when the stream ended (0 when it ended cleanly). */
  get leftover(): number {
    return this.pending.length;
  }
}
