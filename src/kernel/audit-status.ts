// struct audit_status (AUDIT_GET reply, AUDIT_SET request) and struct
// audit_features (AUDIT_GET_FEATURE / AUDIT_SET_FEATURE), little-endian u32s.
// Pure.

export interface AuditStatus {
  readonly mask: number;
  readonly enabled: number;
  readonly failure: number;
  readonly pid: number;
  readonly rateLimit: number;
  readonly backlogLimit: number;
  readonly lost: number;
  readonly backlog: number;
  readonly featureBitmap: number;
  readonly backlogWaitTime: number;
  /** Absent from kernels older than 5.9 (their reply is shorter). */
  readonly backlogWaitTimeActual?: number;
}

const STATUS_FIELDS = ['mask', 'enabled', 'failure', 'pid', 'rateLimit', 'backlogLimit', 'lost', 'backlog', 'featureBitmap', 'backlogWaitTime', 'backlogWaitTimeActual'] as const;
export const AUDIT_STATUS_SIZE = STATUS_FIELDS.length * 4;

export function decodeStatus(payload: Buffer): AuditStatus {
  const get = (i: number): number => (payload.length >= (i + 1) * 4 ? payload.readUInt32LE(i * 4) : 0);
  const status: Record<string, number> = {};
  STATUS_FIELDS.forEach((name, i) => {
    if (name !== 'backlogWaitTimeActual' || payload.length >= AUDIT_STATUS_SIZE) status[name] = get(i);
  });
  return status as unknown as AuditStatus;
}

export type StatusChange = Partial<Omit<AuditStatus, 'mask' | 'featureBitmap'>> & { readonly mask: number };

export function encodeStatus(change: StatusChange): Buffer {
  const out = Buffer.alloc(AUDIT_STATUS_SIZE);
  STATUS_FIELDS.forEach((name, i) => {
    const v = (change as Record<string, number | undefined>)[name];
    if (v !== undefined) out.writeUInt32LE(v >>> 0, i * 4);
  });
  return out;
}

export interface AuditFeatures {
  readonly version: number;
  readonly mask: number;
  readonly features: number;
  readonly lock: number;
}

export const AUDIT_FEATURES_SIZE = 16;

export function decodeFeatures(payload: Buffer): AuditFeatures {
  const get = (i: number): number => (payload.length >= (i + 1) * 4 ? payload.readUInt32LE(i * 4) : 0);
  return { version: get(0), mask: get(1), features: get(2), lock: get(3) };
}

export function encodeFeatures(f: AuditFeatures): Buffer {
  const out = Buffer.alloc(AUDIT_FEATURES_SIZE);
  [f.version, f.mask, f.features, f.lock].forEach((v, i) => out.writeUInt32LE(v >>> 0, i * 4));
  return out;
}
