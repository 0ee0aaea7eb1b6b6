// Golden rules: for every line auditctl 3.0.9 ran (test/fixtures/rules), our
// parser sends the same bytes, fails with the same words, and prints the
// kernel's read-back exactly as `auditctl -l` did.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asKernelListsIt, decodeRule, encodeRule, parseCtlArgs, printRule, RULE_HEADER_SIZE } from '../../src/rules/index.js';
import type { CtlStep, RuleSpec } from '../../src/rules/index.js';
import { goldenHost, loadGolden } from './golden-fixtures.js';

const { header, cases } = loadGolden();
const host = goldenHost(header);

function ruleOf(steps: readonly CtlStep[]): RuleSpec | undefined {
  const s = steps.find((x) => x.kind === 'rule');
  return s?.kind === 'rule' ? s.rule : undefined;
}

/** The kernel's read-back has no netlink padding: compare the struct and its buf only. */
function unpadded(bytes: Buffer): string {
  const buflen = bytes.readUInt32LE(RULE_HEADER_SIZE - 4);
  return bytes.subarray(0, RULE_HEADER_SIZE + buflen).toString('hex');
}

test(`golden fixture covers at least 150 rules auditctl sent`, () => {
  assert.ok(cases.filter((c) => c.sent !== undefined).length >= 150);
  assert.match(header.auditctl, /3\.0\.9/);
});

let bytesMatched = 0;
let listingMatched = 0;
let errorsMatched = 0;
// auditctl 3.0.9 has no io_uring list ("bad keyword always,io_uring"); 4.x and
// auspex accept it. Those lines check that we do, and are kept out of the 3.0.9 comparison.
const isUring = (c: { args: string[] }): boolean => c.args.some((a) => /(^|,)io_uring(,|$)/.test(a));

for (const c of cases) {
  test(`golden.rules:${c.line} ${c.args.join(' ').slice(0, 90)}`, () => {
    const parsed = parseCtlArgs(c.args, host, {});
    if (isUring(c)) {
      assert.match(c.stderr, /bad keyword .*io_uring/);
      assert.ok(ruleOf(parsed.steps) !== undefined, 'auspex accepts the io_uring list');
      return;
    }
    const stderr = [...parsed.warnings, ...(parsed.error !== undefined ? [parsed.error.message] : [])].map((l) => `${l}\n`).join('');
    if (c.sent !== undefined) {
      const rule = ruleOf(parsed.steps);
      assert.ok(rule !== undefined, `no rule parsed: ${stderr}`);
      assert.equal(encodeRule(rule).toString('hex'), c.sent, 'bytes sent');
      bytesMatched++;
      if (c.listed !== undefined) assert.equal(unpadded(encodeRule(asKernelListsIt(rule))), c.listed, 'read-back model');
    } else {
      assert.equal(ruleOf(parsed.steps), undefined, 'auditctl sent no rule');
    }
    if (c.exit === 0 || c.sent === undefined) {
      assert.equal(stderr, c.stderr, 'messages');
      if (c.exit !== 0) errorsMatched++;
    }
    if (c.listed !== undefined && c.listing !== undefined) {
      const decoded = decodeRule(Buffer.from(c.listed, 'hex'));
      assert.ok(decoded.ok);
      assert.equal(printRule(decoded.rule, { machine: 'x86_64' }), c.listing, 'auditctl -l');
      listingMatched++;
    }
  });
}

test('golden totals', (t) => {
  t.diagnostic(`bytes equal auditctl's: ${bytesMatched}; -l lines equal: ${listingMatched}; error messages equal: ${errorsMatched}`);
  assert.equal(bytesMatched, cases.filter((c) => c.sent !== undefined).length);
  assert.equal(listingMatched, cases.filter((c) => c.listing !== undefined).length);
});
