// Sigma documents made from `ausearch -i` output instead of from auspex's own
// record decoding: the reference tool's interpretation (hex strings decoded,
// syscall names, split execve arguments) turned into the same SigmaRecord
// shape, so a rule can be evaluated on both and the results compared. Events
// are split on ausearch's `----` lines and identified by their serial.
import type { SigmaRecord } from '../../src/detect/index.js';

export interface OracleEvent {
  readonly serial: number;
  readonly records: SigmaRecord[];
}

const HEADER = /^type=(\S+) msg=audit\([^)]*:(\d+)\) : ?/;

/** Splits `name=value name=value` where values may hold spaces (a new field starts at ` name=`). */
function fieldsOf(body: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let text = body.trim();
  // A user message's own fields sit inside msg='...'.
  text = text.replace(/ msg='/, ' ').replace(/'$/, '');
  const parts = text.split(/ (?=[A-Za-z0-9_\[\]-]+=)/);
  for (const p of parts) {
    const eq = p.indexOf('=');
    if (eq <= 0) continue;
    out.push([p.slice(0, eq), p.slice(eq + 1)]);
  }
  return out;
}

function add(map: Map<string, string[]>, name: string, value: string): void {
  const l = map.get(name);
  if (l === undefined) map.set(name, [value]);
  else l.push(value);
}

function execveDoc(lines: Array<Array<[string, string]>>, index: number): SigmaRecord {
  const args = new Map<number, string>();
  const pieces = new Map<number, Map<number, string>>();
  let argc: string | undefined;
  for (const fields of lines) {
    for (const [name, value] of fields) {
      if (name === 'argc') argc = value;
      const whole = /^a(\d+)$/.exec(name);
      if (whole !== null) args.set(Number(whole[1]), value);
      const piece = /^a(\d+)\[(\d+)\]$/.exec(name);
      if (piece !== null) {
        const n = Number(piece[1]);
        if (!pieces.has(n)) pieces.set(n, new Map());
        pieces.get(n)?.set(Number(piece[2]), value);
      }
    }
  }
  for (const [n, parts] of pieces) args.set(n, [...parts].sort((a, b) => a[0] - b[0]).map((p) => p[1]).join(''));
  const argv: string[] = [];
  for (const [n, v] of args) argv[n] = v;
  for (let i = 0; i < argv.length; i++) argv[i] ??= '';
  const map = new Map<string, string[]>([['type', ['EXECVE']]]);
  if (argc !== undefined) map.set('argc', [argc]);
  argv.forEach((a, i) => map.set(`a${i}`, [a]));
  return { type: 'EXECVE', index, fields: map, texts: [...argv, argv.join(' ')] };
}

function recordDoc(type: string, fields: Array<[string, string]>, index: number): SigmaRecord {
  const map = new Map<string, string[]>();
  const texts: string[] = [];
  for (const [name, raw] of fields) {
    let value = raw;
    if (value === '(null)') continue;
    // -i prints SYSCALL arguments as 0x...; the raw log (what Sigma rules are written for) has bare hex.
    if (type === 'SYSCALL' && /^a[0-3]$/.test(name)) value = value.replace(/^0x/, '');
    add(map, name, value);
    texts.push(value);
  }
  if (type === 'SYSCALL') {
    const sc = map.get('syscall')?.[0];
    if (sc !== undefined && !/^\d+$/.test(sc)) add(map, 'SYSCALL', sc);
  }
  map.set('type', [type]);
  return { type, index, fields: map, texts };
}

export function oracleEvents(text: string): OracleEvent[] {
  const out: OracleEvent[] = [];
  for (const block of text.split(/^----$/m)) {
    const lines = block.split('\n').filter((l) => HEADER.test(l));
    if (lines.length === 0) continue;
    let serial = 0;
    const records: SigmaRecord[] = [];
    const execve: Array<Array<[string, string]>> = [];
    let execveIndex = -1;
    lines.forEach((line, i) => {
      const m = HEADER.exec(line) as RegExpExecArray;
      const type = m[1] as string;
      serial = Number(m[2]);
      const fields = fieldsOf(line.slice(m[0].length));
      if (type === 'EOE') return;
      if (type === 'EXECVE') {
        if (execveIndex < 0) execveIndex = i;
        execve.push(fields);
        return;
      }
      records.push(recordDoc(type, fields, i));
    });
    if (execve.length > 0) records.push(execveDoc(execve, execveIndex));
    out.push({ serial, records });
  }
  return out;
}
