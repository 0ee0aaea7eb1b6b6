// Builds the event formatter of a search from a plain configuration (what the
// options asked for) and the reading machine's names. The configuration is
// plain data so that a format worker thread can build the same formatter.
import type { AuditEvent } from '../events/index.js';
import type { OutputFormat } from '../query/index.js';
import type { AuparseInterpretOptions } from '../normalize/index.js';
import { createFieldInterpreter } from '../interpret/index.js';
import {
  createCsvFormatter, createDefaultFormatter, createInterpretFormatter, createJsonFormatter, createTextFormatter, formatRawEvent,
} from '../output/index.js';
import type { CsvExtraColumns, EscapeMode, EventFormatter } from '../output/index.js';
import type { SearchHost } from './search-host.js';

export interface FormatConfig {
  readonly output: OutputFormat;
  readonly escape: EscapeMode;
  /** --extra-keys/labels/obj2/time columns of --format csv. */
  readonly extra: CsvExtraColumns;
}

/** Interpretation options from the host: its users, groups, protocols, interfaces and machine. */
export function interpretOptions(config: FormatConfig, host: SearchHost): AuparseInterpretOptions {
  return {
    users: host.names,
    protocols: host.protocols,
    interfaces: host.interfaces,
    escape: config.escape,
    hostMachine: host.machine,
    uidOf: (n) => host.users.uidOf(n),
  };
}

/** The formatter for `config`; `onError` takes ausearch's stderr lines (csv/text "error normalizing"). */
export function createSearchFormatter(config: FormatConfig, host: SearchHost, onError: (text: string) => void): EventFormatter<AuditEvent> {
  switch (config.output) {
    case 'raw':
      return formatRawEvent;
    case 'default':
      return createDefaultFormatter(config.escape);
    case 'json': {
      // JSON escapes for itself: interpreted text stays raw here.
      const fields = createFieldInterpreter({ ...interpretOptions(config, host), escape: 'raw' });
      return createJsonFormatter((record, parsed) => fields.interpretFields(record, parsed));
    }
    case 'interpret':
      return createInterpretFormatter(interpretOptions(config, host));
    case 'csv':
      return createCsvFormatter({ extra: config.extra, interpret: interpretOptions(config, host), onError });
    case 'text':
      return createTextFormatter({ interpret: interpretOptions(config, host), onError });
  }
}
