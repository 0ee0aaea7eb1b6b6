// The web UI end to end, in Debian's Chromium driven by playwright-core:
// `auspex serve` over a store of both sample logs, the page opened at the
// address it prints. Checked against the logs themselves and ausearch: the
// token leaves the address, the timeline zooms to a dragged range, the table
// is virtualised, a key search lists ausearch's events, an event shows the
// log's own lines beside their interpretation and its process tree, the
// io_uring and BPF pages show the logs' ops and programs, dark and light
// switch; a file named `<img src=x onerror=alert(1)>` shows as text and runs
// nothing (no dialog, no element made from it, no CSP violation). Screenshots
// go to test-output/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { repoRoot } from '../helpers/paths.js';
import { havePeer, runPeer } from '../helpers/run.js';
import { apiGet, sampleEnriched, sampleRaw, serveLogs } from '../server/serve-fixture.js';
import type { Served } from '../server/serve-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const missing = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (apt-get install chromium; .ci/run does it as root)`;
if (missing !== false) process.stdout.write(`# skipping the browser tests: ${missing}\n`);

const OUT = join(repoRoot, 'test-output');
const LOGS = [sampleRaw, sampleEnriched];
const LINES = LOGS.flatMap((f) => readFileSync(f, 'utf8').split('\n').filter((l) => l.length > 0));
const idOf = (line: string): string => (/msg=audit\(([0-9.]+:\d+)\)/.exec(line) as RegExpExecArray)[1] as string;
const ALL_IDS = new Set(LINES.map(idOf));

let s: Served;
let ctx: BrowserContext;
let page: Page;
let profile: string;
const dialogs: string[] = [];
const problems: string[] = [];

before(async () => {
  if (missing !== false) return;
  mkdirSync(OUT, { recursive: true });
  s = await serveLogs(LOGS);
  profile = mkdtempSync(join(tmpdir(), 'auspex-chromium-'));
  ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1400, height: 900 },
    colorScheme: 'light',
  });
  page = ctx.pages()[0] ?? (await ctx.newPage());
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/the server responded with a status of 400/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
});

after(async () => {
  if (missing !== false) return;
  await ctx.close();
  await s.close();
  rmSync(profile, { recursive: true, force: true });
});

async function shot(name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: join(OUT, `ui-${name}.png`), fullPage });
}

/** The id column of the table rows in the DOM. */
async function rowIds(): Promise<string[]> {
  return page.locator('.vbody .vrow > :nth-child(2)').allTextContents();
}

/** Waits until the page says it has `n` events. */
// (Waits use locators: a string predicate would need eval, which the page's CSP forbids.)
async function waitTotal(n: number): Promise<void> {
  await page.locator('[data-testid=total]', { hasText: new RegExp(`^${n} events$`) }).waitFor();
}

async function waitUrl(re: RegExp): Promise<void> {
  for (let i = 0; i < 100 && !re.test(page.url()); i++) await page.waitForTimeout(50);
  assert.match(page.url(), re);
}

test('the page takes the token from the address, drops it, and shows the store', { skip: missing }, async () => {
  await page.goto(s.server.url);
  await page.waitForSelector('[data-testid=timeline] canvas');
  // The timeline, the table's total and the status line fill in as their
  // answers come: wait for each (a timeout fails the test) before asserting.
  for (let i = 0; i < 100 && /token/.test(page.url()); i++) await page.waitForTimeout(50);
  assert.doesNotMatch(page.url(), /token/, 'the token left the address bar');
  await waitTotal(ALL_IDS.size);
  assert.equal(await page.textContent('[data-testid=total]'), `${ALL_IDS.size} events`);
  await page.locator('[data-testid=status]', { hasText: new RegExp(`^${ALL_IDS.size} events`) }).waitFor();
  await shot('events');
});

test('the table renders only the rows in view and scrolls to the oldest event', { skip: missing }, async () => {
  const shown = await rowIds();
  assert.ok(shown.length > 10 && shown.length < ALL_IDS.size, `${shown.length} rows in the DOM for ${ALL_IDS.size} events`);
  const newest = [...ALL_IDS].sort((a, b) => Number(b.split(':')[0]) - Number(a.split(':')[0]) || Number(b.split(':')[1]) - Number(a.split(':')[1]))[0] as string;
  assert.equal(shown[0], newest.split(':')[1]);
  await page.locator('.vbody').hover();
  await page.mouse.wheel(0, 100_000);
  await page.locator('.vbody .vrow > :nth-child(2)', { hasText: /^276$/ }).waitFor();
  assert.ok((await rowIds()).length < ALL_IDS.size);
  await page.mouse.wheel(0, -100_000);
  await page.locator('.vbody .vrow > :nth-child(2)', { hasText: new RegExp(`^${newest.split(':')[1]}$`) }).waitFor();
});

test('dragging across the timeline zooms to that range', { skip: missing }, async () => {
  const over = await page.$('[data-testid=timeline] .u-over');
  const box = await over?.boundingBox();
  assert.ok(box !== null && box !== undefined);
  // The first half of the span: the raw log's run (the enriched one came 3 s later).
  await page.mouse.move(box.x + 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  await waitUrl(/from=\d+&to=\d+/);
  const hash = new URLSearchParams(new URL(page.url()).hash.split('?')[1]);
  const from = Number(hash.get('from'));
  const to = Number(hash.get('to'));
  const inRange = [...ALL_IDS].filter((id) => {
    const ms = Number((id.split(':')[0] as string).replace('.', ''));
    return ms >= from && ms < to;
  });
  assert.ok(inRange.length > 0 && inRange.length < ALL_IDS.size);
  await waitTotal(inRange.length);
  await shot('zoomed');
  await page.click('text=show all time');
  await waitTotal(ALL_IDS.size);
});

test('a key search lists the events ausearch finds', { skip: missing }, async () => {
  await page.fill('[data-testid=criteria]', '-k auspex-test-shadow');
  await page.click('[data-testid=search]');
  const want = havePeer('ausearch')
    ? [...new Set(LOGS.flatMap((f) => runPeer('ausearch', ['-if', f, '--raw', '-k', 'auspex-test-shadow']).stdout.toString().split('\n').filter((l) => l !== '').map(idOf)))]
    : [...new Set(LINES.filter((l) => l.includes('key="auspex-test-shadow"')).map(idOf))];
  await waitTotal(want.length);
  assert.deepEqual((await rowIds()).sort(), want.map((id) => id.split(':')[1]).sort());
  assert.match(page.url(), /#\/events\?q=-k\+auspex-test-shadow/);
  await shot('search-key');
});

test('an event shows the log\'s lines beside their interpretation, and its process tree', { skip: missing }, async () => {
  await page.click('.vbody .vrow');
  await page.waitForSelector('[data-testid=record]');
  const id = ((await page.textContent('[data-testid=event-id]')) ?? '').replace('event ', '');
  const lines = LINES.filter((l) => idOf(l) === id);
  assert.ok(lines.length > 0, id);
  // The line as logged; an ENRICHED line's tail (after 0x1D) is shown as the enriched column.
  assert.deepEqual(await page.locator('[data-testid=raw]').allTextContents(), lines.map((l) => l.split('\x1D')[0]));
  // The SYSCALL record's syscall field: 257 as logged, openat interpreted.
  const syscall = await page.locator('[data-testid=record][data-type=SYSCALL] tr[data-field=syscall] td').allTextContents();
  const enriched = (lines[0] as string).includes('\x1D');
  assert.deepEqual(syscall, ['syscall', '257', 'openat', ...(enriched ? ['openat'] : [])]);
  await page.waitForSelector('[data-testid=proc-self]');
  const pid = (/ pid=(\d+) /.exec(lines[0] as string) as RegExpExecArray)[1] as string;
  assert.match((await page.textContent('[data-testid=proc-self]')) ?? '', new RegExp(`^${pid} cat /usr/bin/cat`));
  const ppid = (/ ppid=(\d+) /.exec(lines[0] as string) as RegExpExecArray)[1] as string;
  assert.ok((await page.locator('[data-testid=proc-ancestor]').allTextContents()).some((t) => t.startsWith(`${ppid} bash`)));
  await shot('event', true);
});

test('a file named <img src=x onerror=alert(1)> is shown as text and runs nothing', { skip: missing }, async () => {
  const name = '<img src=x onerror=alert(1)>';
  await page.goto(`${s.base}#/events?text=${encodeURIComponent('onerror')}`);
  await page.waitForSelector('.vbody .vrow');
  const ids = await rowIds();
  assert.ok(ids.length > 0);
  let found = false;
  for (let i = 0; i < ids.length; i++) {
    await page.goto(`${s.base}#/events?text=onerror`);
    await page.waitForSelector('.vbody .vrow');
    await page.click(`.vbody .vrow >> nth=${i}`);
    await page.waitForSelector('[data-testid=record]');
    const cells = await page.locator('[data-testid=interpreted]').allTextContents();
    if (cells.some((c) => c.endsWith(`/${name}`))) {
      found = true;
      await shot('hostile-name', true);
      break;
    }
  }
  assert.ok(found, 'an event shows the file name');
  // The same text typed into the search bar comes back in an error message, as text.
  await page.goto(`${s.base}#/events`);
  await page.fill('[data-testid=criteria]', name);
  await page.click('[data-testid=search]');
  await page.waitForSelector('[data-testid=error]');
  assert.match((await page.textContent('[data-testid=error]')) ?? '', /'<img' is not an option/);
  const dom = await page.evaluate(`({
    imgs: document.querySelectorAll('img').length,
    handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
  })`);
  assert.deepEqual(dom, { imgs: 0, handlers: 0 });
  assert.deepEqual(dialogs, [], 'no script ran');
});

test('the io_uring page shows the logs\' ops by executable and by op', { skip: missing }, async () => {
  await page.click('[data-testid=nav-uring]');
  await page.waitForSelector('[data-testid=uring-by-op] tbody tr');
  const report = (await apiGet(s, 'reports/uring')).body as { by_op: Array<{ op: number; name: string; ops: number }>; totals: { ops: number } };
  // Every URINGOP line is one op.
  assert.equal(report.totals.ops, LINES.filter((l) => / uring_op=\d+ /.test(l)).length);
  const rows: string[][] = [];
  for (const tr of await page.locator('[data-testid=uring-by-op] tbody tr').all()) rows.push((await tr.locator('td').allTextContents()).slice(0, 3));
  assert.deepEqual(rows, report.by_op.map((o) => [String(o.op), o.name, String(o.ops)]));
  assert.ok((await page.$$('[data-testid=uring-by-exe] tbody tr')).length > 0);
  assert.ok((await page.$$('[data-testid=uring-creds] tbody tr')).length > 0, 'the personality ops ran with other credentials');
  await shot('uring', true);
});

test('the BPF page draws one lifetime bar per program the logs loaded', { skip: missing }, async () => {
  await page.click('[data-testid=nav-bpf]');
  await page.waitForSelector('[data-testid=bpf-program]');
  const loads = LINES.filter((l) => / op=LOAD/.test(l)).map((l) => (/prog-id=(\d+)/.exec(l) as RegExpExecArray)[1]);
  const unloads = LINES.filter((l) => / op=UNLOAD/.test(l)).length;
  const bars: Array<[string | undefined, string | null]> = [];
  for (const el of await page.locator('[data-testid=bpf-program]').all()) {
    bars.push([((await el.locator('.label').textContent()) ?? '').split(' ')[1], await el.getAttribute('data-state')]);
  }
  assert.deepEqual(bars.map((b) => b[0]), loads);
  assert.equal(bars.filter((b) => b[1] === 'unloaded').length, unloads);
  await shot('bpf');
});

test('dark and light switch, and the other pages load', { skip: missing }, async () => {
  const bg = (): Promise<string> => page.evaluate('getComputedStyle(document.body).backgroundColor');
  const light = await bg();
  await page.click('[data-testid=theme]');
  await page.locator('html[data-theme=dark]').waitFor({ state: 'attached' });
  const dark = await bg();
  assert.notEqual(dark, light);
  const lum = (c: string): number => (c.match(/\d+/g) ?? []).slice(0, 3).map(Number).reduce((a, b) => a + b, 0);
  assert.ok(lum(dark) < lum(light));
  await page.click('[data-testid=nav-events]');
  await page.waitForSelector('[data-testid=timeline] canvas');
  await shot('events-dark');
  await page.click('[data-testid=nav-containers]');
  // Mainline kernels log no container IDs: every event counts as "none".
  assert.match((await page.textContent('[data-testid=containers] tbody')) ?? '', new RegExp(`^none${ALL_IDS.size}`));
  await page.click('[data-testid=nav-summary]');
  await page.waitForSelector('[data-testid=summary-page] table');
  // aureport's summary text (the API's, itself compared with aureport in test/server) shown as it is.
  const api = (await apiGet(s, 'reports/summary')).body as { aureport_summary: string | null };
  assert.equal(await page.textContent('[data-testid=aureport-summary] pre'), api.aureport_summary);
  await page.locator('[data-testid=aureport-summary]').scrollIntoViewIfNeeded();
  await shot('summary');
  await page.click('[data-testid=theme]');
  await page.locator('html[data-theme=light]').waitFor({ state: 'attached' });
});

test('a page opened without the token says where to find it; nothing went wrong on the way', { skip: missing }, async () => {
  const other = await ctx.newPage();
  await other.goto(s.base);
  assert.match((await other.textContent('[role=alert]')) ?? '', /No access token/);
  await other.close();
  assert.deepEqual(problems, [], 'no script errors, no CSP violations');
  assert.deepEqual(dialogs, []);
});
