// Hostile records never break the normaliser: corpus lines (RAW and ENRICHED)
// with bytes inserted, fields cut, words duplicated, keys and AVC prose made
// up go through --format csv and text without a throw, one CSV row per event
// auparse makes, every row as wide as the header.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { RecordReader } from '../../src/format/index.js';
import { EventAssembler } from '../../src/events/index.js';
import { createCsvFormatter, createTextFormatter, StringSink } from '../../src/output/index.js';
import { corpusFile, haveCorpus } from '../helpers/paths.js';
import { csvCells } from './harness.js';

const lines = haveCorpus()
  ? [...readFileSync(corpusFile('raw.log'), 'latin1').split('\n'), ...readFileSync(corpusFile('enriched.log'), 'latin1').split('\n')].filter((l) => l !== '')
  : ['type=SYSCALL msg=audit(1700000000.002:3): arch=c000003e syscall=2 success=yes exit=3 auid=0 uid=0 ses=1 key=(null)'];

const WORDS = ['=', ' ', "'", '(', ')', ':', ',', '"', 'msg=', "msg='", 'key=', 'nametype=', 'name=', 'avc:', '{', '}', 'x=', '\x01', '\x1d', '0x', 'ff'];
const mutated = fc
  .tuple(fc.constantFrom(...lines), fc.nat(), fc.nat(), fc.constantFrom(...WORDS), fc.string({ maxLength: 6 }))
  .map(([l, at, cut, word, junk]) => {
    const body = l.indexOf('): ') + 3;
    const p = body + (at % Math.max(1, l.length - body + 1));
    const q = Math.min(l.length, p + (cut % 12));
    return l.slice(0, p) + word + junk + l.slice(q);
  });
const special = fc.constantFrom(
  'type=AVC msg=audit(1700000000.001:900): avc:  denied  { read write open } for  pid=1 comm="x" scontext=a tcontext=b tclass=file',
  `type=AVC msg=audit(1700000000.001:901): avc:  denied  { ${'p '.repeat(200)}} for pid=1`,
  'type=SYSCALL msg=audit(1700000000.001:902): arch=c000003e syscall=2 success=no exit=-2 auid=0 uid=0 ses=1 key=6B3101783202',
  'type=SYSCALL msg=audit(1700000000.001:903): arch=c000003e syscall=2 success=no exit=-2 auid=0 uid=0 ses=1 key=Z',
  'type=USER_DEVICE msg=audit(1700000000.001:904): pid=1 uid=0 auid=0 ses=1 msg=\'op=\x1b[2J device="x" res=success\'',
  'type=CONFIG_CHANGE msg=audit(1700000000.001:905): auid=0 ses=1 op=set audit_enabled=1 old=1 res=1',
);
const eventLines = fc.array(fc.oneof({ weight: 4, arbitrary: mutated }, { weight: 2, arbitrary: fc.constantFrom(...lines) }, { weight: 1, arbitrary: special }), {
  minLength: 1,
  maxLength: 12,
});

function run(input: string): { csv: string; text: string } {
  const csvOut = new StringSink();
  const textOut = new StringSink();
  const csv = createCsvFormatter({ extra: { keys: true, labels: true, obj2: true, time: true } });
  const text = createTextFormatter();
  const assembler = new EventAssembler({
    policy: 'ausearch',
    timeoutSec: 2,
    maxInFlight: 100,
    onEvent: (e) => {
      csv(e, csvOut);
      text(e, textOut);
    },
  });
  const reader = new RecordReader({ file: 'fuzz.log', onRecord: (r) => assembler.push(r), onDiagnostic: () => undefined });
  reader.push(Buffer.from(input, 'latin1'));
  reader.end();
  assembler.flush();
  return { csv: csvOut.text, text: textOut.text };
}

test('mutated records: csv and text never throw, rows keep the header width', () => {
  fc.assert(
    fc.property(eventLines, (ls) => {
      const { csv, text } = run(`${ls.join('\n')}\n`);
      const rows = csv.split('\n').filter((r) => r !== '');
      if (rows.length === 0) return;
      const width = csvCells(rows[0] as string).length;
      for (const row of rows.slice(1)) {
        // A row auparse could not normalise is short and empty after SERIAL_NUM, as ausearch's.
        const n = csvCells(row).length;
        assert.ok(n === width || (n < width && row.endsWith(',,,,,,,,,,,,')), `row width ${n} of ${width}: ${row}`);
      }
      assert.equal(text.split('\n').length - 1, rows.length - 1, 'one text line per CSV row');
    }),
    { numRuns: 400 },
  );
});
