// The audit control requests, one method each, over an AuditSocket: status,
// settings, features, rule add/delete/list, trim, make-equiv, user messages.
// Rules go in and out as struct audit_rule_data bytes (rules/ makes and reads them).
import { AUDIT_FEATURES_SIZE, decodeFeatures, decodeStatus, encodeFeatures, encodeStatus } from './audit-status.js';
import type { AuditFeatures, AuditStatus, StatusChange } from './audit-status.js';
import { KernelError } from './kernel-error.js';
import { AuditSocket } from './netlink-socket.js';
import type { AuditSocketOptions } from './netlink-socket.js';

/** Control message types (linux/audit.h). */
export const AUDIT_MSG = {
  GET: 1000, SET: 1001, USER: 1005, SIGNAL_INFO: 1010, ADD_RULE: 1011, DEL_RULE: 1012, LIST_RULES: 1013,
  TRIM: 1014, MAKE_EQUIV: 1015, SET_FEATURE: 1018, GET_FEATURE: 1019,
} as const;

export class AuditControl {
  readonly #sock: AuditSocket;

  private constructor(sock: AuditSocket) {
    this.#sock = sock;
  }

  static open(options: AuditSocketOptions = {}): AuditControl {
    return new AuditControl(AuditSocket.open(options));
  }

  getStatus(): AuditStatus {
    const r = this.#sock.request(AUDIT_MSG.GET, Buffer.alloc(0), 'reply', 'Error sending status request');
    const reply = r.replies.find((m) => m.type === AUDIT_MSG.GET);
    if (reply === undefined) throw new KernelError('E_KERNEL_PROTOCOL', 'AUDIT_GET: no status in the reply');
    return decodeStatus(reply.payload);
  }

  /** AUDIT_SET; returns the ACK value (the old count for resets of lost/backlog_wait_time_actual). */
  setStatus(change: StatusChange, what = 'Error sending status change'): number {
    return this.#sock.request(AUDIT_MSG.SET, encodeStatus(change), 'ack', what).ackValue;
  }

  getFeatures(): AuditFeatures {
    const r = this.#sock.request(AUDIT_MSG.GET_FEATURE, Buffer.alloc(AUDIT_FEATURES_SIZE), 'reply', 'Error getting feature');
    const reply = r.replies.find((m) => m.type === AUDIT_MSG.GET_FEATURE);
    if (reply === undefined) throw new KernelError('E_KERNEL_PROTOCOL', 'AUDIT_GET_FEATURE: no features in the reply');
    return decodeFeatures(reply.payload);
  }

  setFeatures(f: AuditFeatures): void {
    this.#sock.request(AUDIT_MSG.SET_FEATURE, encodeFeatures(f), 'ack', 'Error setting feature');
  }

  /** Every rule the kernel holds, in list order, as audit_rule_data payloads. */
  listRules(): Buffer[] {
    const r = this.#sock.request(AUDIT_MSG.LIST_RULES, Buffer.alloc(0), 'multi', 'Error sending rule list data request');
    return r.replies.filter((m) => m.type === AUDIT_MSG.LIST_RULES).map((m) => m.payload);
  }

  addRule(rule: Uint8Array): void {
    this.#sock.request(AUDIT_MSG.ADD_RULE, rule, 'ack', 'Error sending add rule data request');
  }

  /** The kernel finds the rule to delete by comparing the whole body (fields, values, strings, mask). */
  deleteRule(rule: Uint8Array): void {
    this.#sock.request(AUDIT_MSG.DEL_RULE, rule, 'ack', 'Error sending delete rule data request');
  }

  trim(): void {
    this.#sock.request(AUDIT_MSG.TRIM, Buffer.alloc(0), 'ack', 'Error sending trim subtrees command');
  }

  makeEquivalent(mount: string, subtree: string): void {
    const a = Buffer.from(mount);
    const b = Buffer.from(subtree);
    const payload = Buffer.alloc(8 + a.length + b.length);
    payload.writeUInt32LE(a.length, 0);
    payload.writeUInt32LE(b.length, 4);
    a.copy(payload, 8);
    b.copy(payload, 8 + a.length);
    this.#sock.request(AUDIT_MSG.MAKE_EQUIV, payload, 'ack', 'Error sending make_equivalent command');
  }

  /** A user-space message (AUDIT_USER...): the kernel logs it with the sender's credentials. */
  sendUserMessage(type: number, text: string): void {
    this.#sock.request(type, Buffer.from(`${text}\0`), 'ack', 'Error sending user message');
  }

  /** Any request, for callers that need one this class has no method for. */
  get socket(): AuditSocket {
    return this.#sock;
  }

  close(): void {
    this.#sock.close();
  }
}
