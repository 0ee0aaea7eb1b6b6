// jsonEventText writes exactly what asciiJson (JSON.stringify, then every
// character outside printable ASCII as \uXXXX) writes for an event: on the
// corpus logs' events, and on made-up events whose strings hold quotes,
// backslashes, control characters, non-ASCII text, lone surrogates and
// field names that JavaScript orders first (array indexes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { EventAssembler } from '../../src/events/index.js';
import type { AuditEvent } from '../../src/events/index.js';
import { RecordReader } from '../../src/format/index.js';
import { asciiJson, eventToJson, jsonEventText } from '../../src/output/index.js';
import type { JsonEvent } from '../../src/output/index.js';
import { corpusFile, haveCorpus } from '../helpers/paths.js';

function eventsOf(path: string): AuditEvent[] {
  const events: AuditEvent[] = [];
  const a = new EventAssembler({ policy: 'kernel', timeoutSec: 2, maxInFlight: 1000, onEvent: (e) => events.push(e) });
  const r = new RecordReader({ file: path, onRecord: (rec) => a.push(rec), onDiagnostic: () => undefined });
  r.push(readFileSync(path));
  r.end();
  a.flush();
  return events;
}

test('corpus events: jsonEventText equals asciiJson', (t) => {
  if (!haveCorpus()) return t.skip('corpus not found beside the repository');
  for (const log of ['raw.log', 'enriched.log']) {
    for (const e of eventsOf(corpusFile(log))) {
      const json = eventToJson(e, (_r, fields) => fields.map((f) => `${f.value}\u00e9\u0007`));
      assert.equal(jsonEventText(json), asciiJson(json));
    }
  }
});

const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom('"', '\\', '\n', '\u001b', '\u007f', '\ud800', '\udfff', 'a', '=', '1') }));
const dict = fc.dictionary(fc.oneof(text, fc.nat(20).map(String)), text);
const record = fc.record({
  type: text,
  type_num: fc.integer(),
  raw: text,
  fields: dict,
  source: fc.record({ file: text, line: fc.nat() }),
}, { requiredKeys: ['type', 'type_num', 'raw', 'fields', 'source'] });

test('made-up events: jsonEventText equals asciiJson', () => {
  fc.assert(
    fc.property(
      fc.record({ id: text, node: fc.option(text), time: text, sec: fc.nat(), milli: fc.nat(999), serial: fc.nat() }),
      fc.array(fc.tuple(record, fc.option(dict), fc.option(dict)), { maxLength: 4 }),
      fc.option(fc.record({ argc: fc.option(fc.integer()), argv: fc.array(text, { maxLength: 4 }) })),
      (head, recs, execve) => {
        const e: JsonEvent = {
          ...head,
          records: recs.map(([r, interpreted, enriched]) => ({
            ...r,
            ...(interpreted === null ? {} : { interpreted }),
            ...(enriched === null ? {} : { enriched }),
          })),
          ...(execve === null ? {} : { execve }),
        };
        assert.equal(jsonEventText(e), asciiJson(e));
      },
    ),
    { numRuns: 500 },
  );
});
