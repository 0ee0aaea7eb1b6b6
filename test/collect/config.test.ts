// The configuration file: auditd's keys with auditd's values, auspex's keys,
// and for every kind of mistake an error naming the file, line and key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CollectError, logConfigFor, parseCollectConfig } from '../../src/collect/index.js';
import { parseIdFile } from '../../src/interpret/index.js';
import { repoRoot } from '../helpers/paths.js';

const env = { groupId: (n: string) => (n === 'adm' ? 4 : undefined) };

test('defaults: auditd\'s, and a log only where auspex is the audit daemon', () => {
  const { config } = parseCollectConfig('', 'c.conf', env);
  assert.equal(config.source.kind, 'auto');
  assert.equal(logConfigFor(config, 'unicast')?.file, '/var/log/audit/audit.log');
  assert.equal(logConfigFor(config, 'multicast'), undefined);
  assert.equal(config.log.flush, 'incremental_async');
  assert.equal(config.log.freq, 50);
  assert.equal(config.log.maxLogFileMb, 8);
  assert.equal(config.log.numLogs, 5);
});

test('Debian\'s auditd.conf is accepted as it is, unused keys with a warning', () => {
  const text = `# comment
local_events = yes
write_logs = yes
log_file = /var/log/audit/audit.log
log_group = adm
log_format = ENRICHED
flush = INCREMENTAL_ASYNC
freq = 50
max_log_file = 8
num_logs = 5
priority_boost = 4
name_format = NONE
max_log_file_action = ROTATE
space_left = 75
space_left_action = SYSLOG
verify_email = yes
action_mail_acct = root
admin_space_left = 50
admin_space_left_action = SUSPEND
disk_full_action = SUSPEND
disk_error_action = SUSPEND
use_libwrap = yes
tcp_listen_queue = 5
tcp_max_per_addr = 1
tcp_client_max_idle = 0
transport = TCP
krb5_principal = auditd
distribute_network = no
q_depth = 2000
overflow_action = SYSLOG
max_restarts = 10
plugin_dir = /etc/audit/plugins.d
end_of_event_timeout = 2
`;
  const r = parseCollectConfig(text, '/etc/audit/auditd.conf', env);
  const log = logConfigFor(r.config, 'multicast');
  assert.equal(log?.format, 'enriched');
  assert.equal(log?.group, 4);
  assert.deepEqual(log?.adminSpaceLeftAction, { kind: 'suspend' });
  assert.equal(r.warnings.length, 15);
  assert.match(r.warnings[0] ?? '', /^\/etc\/audit\/auditd.conf:2: local_events: /);
});

const bad: Array<[string, string, RegExp]> = [
  ['max_log_file = 8M', 'max_log_file', /c.conf:1: max_log_file: '8M' is not a whole number of megabytes/],
  ['max_log_fle = 8', 'max_log_fle', /c.conf:1: max_log_fle: unknown key \(did you mean max_log_file\?\)/],
  ['flush = sometimes', 'flush', /flush: 'sometimes' is not one of none, incremental, incremental_async, data, sync/],
  ['space_left = 120%', 'space_left', /space_left: percentages must be below 100/],
  ['disk_full_action = email', 'disk_full_action', /disk_full_action: email is not supported/],
  ['space_left_action = exec script.sh', 'space_left_action', /exec needs an absolute path/],
  ['log_group = nosuchgroup', 'log_group', /log_group: no group named 'nosuchgroup'/],
  ['log_file = audit.log', 'log_file', /log_file: 'audit.log' is not an absolute path/],
  ['source = netlink', 'source', /source: 'netlink' is not one of auto, multicast, unicast, stdin, file:PATH/],
  ['enrich_bpf = maybe', 'enrich_bpf', /enrich_bpf: 'maybe' is not yes or no/],
  ['freq = 0\nflush = incremental', 'freq', /c.conf:1: freq: flush = incremental needs freq of 1 or more/],
  ['num_logs = 1\nmax_log_file_action = rotate', 'num_logs', /c.conf:1: num_logs: max_log_file_action = rotate needs num_logs of 2 or more/],
  ['name_format = user', 'name_format', /name_format = user needs a 'name = \.\.\.' line/],
  ['freq = 5\nfreq = 6', 'freq', /c.conf:2: freq: set again \(first set on line 1\)/],
  ['end_of_event_timeout = 0', 'end_of_event_timeout', /0 is outside 1..3600 seconds/],
];

for (const [text, key, message] of bad) {
  test(`bad configuration names the key: ${text.replace('\n', '; ')}`, () => {
    assert.throws(() => parseCollectConfig(text, 'c.conf', env), (e: unknown) => {
      assert.ok(e instanceof CollectError);
      assert.equal(e.key, key);
      assert.match(e.message, message);
      return true;
    });
  });
}

test('a line without = is an error with its line number', () => {
  assert.throws(() => parseCollectConfig('\n\nflush incremental', 'c.conf', env), /c.conf:3: missing '='/);
});

test('command-line settings win over the file', () => {
  const { config } = parseCollectConfig('write_logs = no\nlog_format = raw', 'c.conf', env, { logFile: '/tmp/x.log', logFormat: 'enriched', source: { kind: 'stdin' } });
  assert.equal(logConfigFor(config, 'stdin')?.file, '/tmp/x.log');
  assert.equal(logConfigFor(config, 'stdin')?.format, 'enriched');
  assert.equal(config.source.kind, 'stdin');
});

test('the shipped configurations parse without warnings; the plugin gives auditd at most two arguments', () => {
  const groups = parseIdFile(readFileSync('/etc/group', 'latin1'));
  const hostEnv = { groupId: (n: string) => [...groups].find(([, name]) => name === n)?.[0] };
  for (const f of ['packaging/collect.conf', 'packaging/auditd-plugin/collect-plugin.conf']) {
    const r = parseCollectConfig(readFileSync(join(repoRoot, f), 'utf8'), f, hostEnv);
    assert.deepEqual(r.warnings, [], f);
  }
  const plugin = readFileSync(join(repoRoot, 'packaging', 'auditd-plugin', 'auspex.conf'), 'utf8');
  const args = /^args = (.*)$/m.exec(plugin)?.[1]?.split(/\s+/) ?? [];
  assert.ok(args.length <= 2, 'auditd 3.0.9 (audispd-pconfig.c args_parser) keeps two');
  assert.match(plugin, /^format = string$/m);
});
