// The host side of `auspex collect`: streams, daemon messages on stderr, the
// group lookup for log_group, the interpreter for ENRICHED logs (this host's
// users, groups and interfaces, re-read when /etc/passwd or /etc/group
// change) and the enrichment of JSON events (procfs, bpf(2), the container-ID
// registry).
import type { CollectorHost } from '../collect/index.js';
import { createBpfProbe, createEnricher, createLiveNames, createProcSource, parseRegistry } from '../enrich/index.js';
import { createFieldInterpreter, createFileProtocolDb, createSysfsInterfaceDb, parseIdFile } from '../interpret/index.js';
import type { CommandIo } from './command-io.js';
import { listDir, readText } from './host-files.js';
import { AUSPEX_VERSION } from './version.js';

export function collectHost(io: CommandIo): CollectorHost {
  const names = createLiveNames();
  return {
    stdin: io.stdin,
    stdout: io.stdout,
    notice: (m) => void io.stderr.write(`auspex collect: ${m}\n`),
    version: `auspex-${AUSPEX_VERSION}`,
    configEnv: {
      groupId: (name) => {
        for (const [gid, n] of parseIdFile(readText('/etc/group') ?? '')) if (n === name) return gid;
        return undefined;
      },
    },
    interpreter: () => createFieldInterpreter({
      users: names,
      protocols: createFileProtocolDb(readText),
      interfaces: createSysfsInterfaceDb(readText, listDir),
      escape: 'raw',
      uringOp: 'number',
    }),
    enricher: (config) => {
      const syscalls = createFieldInterpreter({ escape: 'raw' });
      const cache = new Map<string, string | undefined>();
      const e = config.enrich;
      return createEnricher(e, {
        names,
        proc: createProcSource(),
        syscallName: (arch, nr) => {
          const k = `${arch}:${nr}`;
          if (!cache.has(k)) {
            const name = syscalls.interpretField(1300, 'syscall', nr, { arch, syscall: nr });
            cache.set(k, /^[a-z_0-9]+$/.test(name) ? name : undefined);
          }
          return cache.get(k);
        },
        bpf: e.bpf ? createBpfProbe(() => readText('/proc/uptime')) : undefined,
        registry: () => parseRegistry(readText(e.containerRegistry)),
      });
    },
  };
}
