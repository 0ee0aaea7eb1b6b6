// A profile file (`auspex uring profile --json` output) read back for
// violation checks: checked field by field, so a wrong file fails with a
// DetectError naming the field instead of flagging everything.
import { DetectError } from './detect-error.js';
import { PROFILE_VERSION } from './uring-profile.js';
import type { ProfileCredentials, ProfileOp, ProfileProgram, UringProfile } from './uring-profile.js';

type Json = unknown;

function bad(file: string, field: string, reason: string): never {
  throw new DetectError('E_PROFILE', { file, field, line: 0 }, reason);
}

function obj(v: Json, file: string, field: string): Record<string, Json> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(file, field, 'expected an object');
  return v as Record<string, Json>;
}

function arr(v: Json, file: string, field: string): Json[] {
  if (!Array.isArray(v)) bad(file, field, 'expected a list');
  return v;
}

function int(v: Json, file: string, field: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) bad(file, field, 'expected a whole number');
  return v;
}

function intOrNull(v: Json, file: string, field: string): number | null {
  return v === null ? null : int(v, file, field);
}

function str(v: Json, file: string, field: string): string {
  if (typeof v !== 'string') bad(file, field, 'expected text');
  return v;
}

/** Parses profile JSON (the whole `--json` output, or its `profile` member); throws DetectError. */
export function parseProfileJson(text: string, file: string): UringProfile {
  let root: Json;
  try {
    root = JSON.parse(text);
  } catch (e) {
    return bad(file, '', `not JSON: ${(e as Error).message}`);
  }
  let o = obj(root, file, '');
  if (o.profile !== undefined) o = obj(o.profile, file, 'profile');
  const at = (f: string): string => (root === o ? f : `profile.${f}`);
  if (o.version !== PROFILE_VERSION) bad(file, at('version'), `expected ${PROFILE_VERSION}`);
  const programs = arr(o.programs, file, at('programs')).map((pj, i): ProfileProgram => {
    const f = `${at('programs')}[${i}]`;
    const p = obj(pj, file, f);
    const ops = arr(p.ops, file, `${f}.ops`).map((oj, k): ProfileOp => {
      const of = `${f}.ops[${k}]`;
      const op = obj(oj, file, of);
      const credentials = arr(op.credentials ?? [], file, `${of}.credentials`).map((cj, n): ProfileCredentials => {
        const c = obj(cj, file, `${of}.credentials[${n}]`);
        return { uid: intOrNull(c.uid, file, `${of}.credentials[${n}].uid`), gid: intOrNull(c.gid, file, `${of}.credentials[${n}].gid`), ops: int(c.ops ?? 0, file, `${of}.credentials[${n}].ops`) };
      });
      return {
        op: int(op.op, file, `${of}.op`), name: str(op.name, file, `${of}.name`), count: int(op.count ?? 0, file, `${of}.count`),
        succeeded: int(op.succeeded ?? 0, file, `${of}.succeeded`), failed: int(op.failed ?? 0, file, `${of}.failed`),
        inline: int(op.inline ?? 0, file, `${of}.inline`), async: int(op.async ?? 0, file, `${of}.async`), credentials,
      };
    });
    const registerOps = arr(p.registerOps ?? [], file, `${f}.registerOps`).map((rj, k) => {
      const r = obj(rj, file, `${f}.registerOps[${k}]`);
      return { op: int(r.op, file, `${f}.registerOps[${k}].op`), name: str(r.name, file, `${f}.registerOps[${k}].name`), count: int(r.count ?? 0, file, `${f}.registerOps[${k}].count`) };
    });
    return {
      // The file holds UTF-8 text; events carry log bytes as latin1 strings.
      exe: p.exe === null ? null : Buffer.from(str(p.exe, file, `${f}.exe`), 'utf8').toString('latin1'),
      uid: intOrNull(p.uid, file, `${f}.uid`),
      container: str(p.container, file, `${f}.container`),
      ops, registerOps,
      ringsSetUp: int(p.ringsSetUp ?? 0, file, `${f}.ringsSetUp`),
      sqpoll: p.sqpoll === true,
      failed: int(p.failed ?? 0, file, `${f}.failed`),
    };
  });
  return {
    version: PROFILE_VERSION,
    events: int(o.events ?? 0, file, at('events')),
    first: typeof o.first === 'string' ? o.first : null,
    last: typeof o.last === 'string' ? o.last : null,
    programs,
    invisibleOps: arr(o.invisibleOps ?? [], file, at('invisibleOps')).map((x, i) => {
      const v = obj(x, file, `${at('invisibleOps')}[${i}]`);
      return { op: int(v.op, file, `${at('invisibleOps')}[${i}].op`), name: str(v.name, file, `${at('invisibleOps')}[${i}].name`) };
    }),
  };
}
