// kernel/: the only code that talks to the kernel. NETLINK_AUDIT control
// requests (status, settings, rules) and the event stream, over libc through koffi.
export { AuditControl, AUDIT_MSG } from './audit-control.js';
export { libc, SYS } from './libc.js';
export type { Libc } from './libc.js';
export { AuditSocket } from './netlink-socket.js';
export type { AuditSocketOptions, ReplyShape, RequestResult } from './netlink-socket.js';
export { decodeFeatures, decodeStatus, encodeFeatures, encodeStatus, AUDIT_STATUS_SIZE, AUDIT_FEATURES_SIZE } from './audit-status.js';
export type { AuditFeatures, AuditStatus, StatusChange } from './audit-status.js';
export { KernelError } from './kernel-error.js';
export type { KernelErrorCode } from './kernel-error.js';
export { encodeNetlinkMessage, parseNetlinkMessages, NLMSG_ERROR, NLM_F_ACK, NLM_F_REQUEST } from './netlink-message.js';
export type { NetlinkMessage } from './netlink-message.js';
export { AuditEventReader } from './event-reader.js';
export type { AuditRecordMessage, EventReaderOptions, EventReaderStats } from './event-reader.js';
