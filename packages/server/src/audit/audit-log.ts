// The audit log file (`skiff server --audit-log PATH`): one JSON line per record, appended at
// once (a record is written before the answer it describes is on its way), rotated by size:
// PATH -> PATH.1 -> ... -> PATH.<backups>, the oldest dropped, as logrotate's `size` rule does.
import { closeSync, existsSync, fstatSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import type { Logger } from "../log.js";
import { audited, auditRecord, type AuditInput, type AuditLevel } from "./audit-event.js";

export interface AuditLogOptions {
  path: string;
  level?: AuditLevel;
  /** Rotate when the file would pass this size (default 100 MiB, Kubernetes' --audit-log-maxsize 100). */
  maxBytes?: number;
  /** Rotated files kept (default 5). */
  backups?: number;
}

export class AuditLog {
  readonly level: AuditLevel;
  private fd: number;
  private size: number;
  private readonly maxBytes: number;
  private readonly backups: number;

  constructor(
    private readonly options: AuditLogOptions,
    private readonly log?: Logger,
  ) {
    this.level = options.level ?? "write";
    this.maxBytes = options.maxBytes ?? 100 * 1024 * 1024;
    this.backups = Math.max(1, options.backups ?? 5);
    this.fd = openSync(options.path, "a", 0o600);
    this.size = fstatSync(this.fd).size;
  }

  /** Write the record of one request, if the level asks for it. */
  record(input: AuditInput): void {
    if (!audited(this.level, input.attributes)) return;
    const line = `${JSON.stringify(auditRecord(input))}\n`;
    try {
      if (this.size > 0 && this.size + Buffer.byteLength(line) > this.maxBytes) this.rotate();
      this.size += writeSync(this.fd, line);
    } catch (err) {
      this.log?.error({ err, path: this.options.path }, "cannot write the audit log");
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  private rotate(): void {
    closeSync(this.fd);
    const p = this.options.path;
    rmSync(`${p}.${this.backups}`, { force: true });
    for (let i = this.backups - 1; i >= 1; i--) if (existsSync(`${p}.${i}`)) renameSync(`${p}.${i}`, `${p}.${i + 1}`);
    renameSync(p, `${p}.1`);
    this.fd = openSync(p, "a", 0o600);
    this.size = 0;
  }
}
