// The audit log: who did what, on both API edges (README.md).
export { AuditLog } from "./audit-log.js";
export type { AuditLogOptions } from "./audit-log.js";
export { audited, auditRecord, httpCodeOfGrpc } from "./audit-event.js";
export type { AuditInput, AuditLevel, AuditRecord } from "./audit-event.js";
