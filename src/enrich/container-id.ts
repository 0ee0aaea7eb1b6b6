// Container identity from a process's cgroup: the runtime and container id
// (and Kubernetes pod uid) that the cgroup path names. Pure: the text of
// /proc/PID/cgroup in, a value or undefined out. Children inherit it because
// they inherit the cgroup (and the process tree copies it at fork).
import { CONTAINER_PATTERNS } from './container-patterns.table.js';
import type { ContainerRuntime } from './container-patterns.table.js';

export interface ContainerIdentity {
  readonly runtime: ContainerRuntime;
  readonly id: string;
  readonly pod?: string;
}

/** systemd escapes '-' in unit names as \x2d (machine-my\x2dbox.scope). */
function unescapeUnit(name: string): string {
  return name.replace(/\\x([0-9a-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

export function containerFromCgroup(text: string): ContainerIdentity | undefined {
  const paths = text.split('\n').map((l) => l.slice(l.indexOf(':', l.indexOf(':') + 1) + 1)).filter((p) => p.length > 1);
  for (const pattern of CONTAINER_PATTERNS) {
    for (const path of paths) {
      const m = pattern.re.exec(path);
      const id = m?.groups?.id;
      if (id === undefined) continue;
      const pod = m?.groups?.pod;
      return {
        runtime: pattern.runtime,
        id: pattern.runtime === 'systemd-nspawn' ? unescapeUnit(id) : id,
        ...(pod === undefined ? {} : { pod: pod.replace(/_/g, '-') }),
      };
    }
  }
  return undefined;
}
