// The BPF inventory for people: one line per program, the ones the kernel
// holds without a LOAD record in the logs called out. Log strings escaped.
import { escapeForTerminal, utf8Text } from '../output/index.js';
import type { BpfInventory, InventoryEntry } from './bpf-inventory.js';

const esc = (s: string | null): string => (s === null ? '-' : escapeForTerminal(s, 'tty'));

function line(p: InventoryEntry): string {
  const who = p.loader === null ? 'loader unknown' : `loaded by ${esc(p.loader.exe)} pid ${p.loader.pid ?? '-'} uid ${p.loader.uid ?? '-'} auid ${p.loader.auid ?? '-'}`;
  const when = `load ${p.loadedAt ?? (p.noLoadRecord ? 'NOT IN THE LOGS' : 'before the logs')} unload ${p.unloadedAt ?? '-'}`;
  const now = p.live === null ? '' : p.live ? ` | loaded now (since ${p.liveLoadTime ?? '?'}, uid ${p.liveUid ?? '?'})` : ' | not loaded now';
  const what = `${esc(p.name)} ${esc(p.type)} tag ${esc(p.tag)}`;
  return `  ${String(p.id).padStart(6)}  ${what}  ${who}  ${when}${now}${p.noLoadRecord ? '  <- no LOAD record: loaded while audit was off, before the logs, or bpf() not audited' : ''}`;
}

export function formatInventoryText(inv: BpfInventory): string {
  const out = [`BPF programs: ${inv.loads} loads, ${inv.unloads} unloads in the logs; ${inv.stillLoadedInLog} still loaded at their end`];
  if (inv.loadedWithoutRecord !== null) out.push(`loaded now without a LOAD record in the logs: ${inv.loadedWithoutRecord}`);
  out.push(...inv.programs.map(line));
  return `${out.join('\n')}\n`;
}

export function inventoryJson(inv: BpfInventory): Record<string, unknown> {
  return {
    ...inv,
    programs: inv.programs.map((p) => ({ ...p, loader: p.loader === null ? null : { ...p.loader, exe: p.loader.exe === null ? null : utf8Text(p.loader.exe), comm: p.loader.comm === null ? null : utf8Text(p.loader.comm) } })),
  };
}
