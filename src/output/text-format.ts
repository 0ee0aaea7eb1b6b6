// `ausearch --format text`: each event libauparse makes of an ausearch event
// as one English sentence from its normalised parts ("At 15:27:33 11/23/26
// root successfully opened-file /etc/shadow using cat"), byte for byte
// ausearch 3.0.9's, quirks included (no "using" after an action starting
// with `e`, a trailing space after the object). Values come escaped for the
// terminal by the interpreter, as ausearch's escape mode does; the few
// strings auparse prints unescaped (a field name, a logged op) are escaped too.
import type { AuditEvent } from '../events/index.js';
import { libauditTypeName } from '../format/index.js';
import { Normalizer, createAuparseInterpreter } from '../normalize/index.js';
import type { NormalizedFormatOptions } from './csv-format.js';
import { createDateTimeFormatter } from './local-time.js';
import type { EventFormatter } from './text-sink.js';

export function createTextFormatter(options: NormalizedFormatOptions = {}): EventFormatter<AuditEvent> {
  const norm = new Normalizer(createAuparseInterpreter(options.interpret));
  const au = norm.cursor;
  const d = norm.result;
  const escape = au.interpreter.escape;
  const dateTime = createDateTimeFormatter();

  return (event, out) => {
    norm.forEachEvent(event, (e) => {
      const dt = dateTime(e.sec);
      const when = `${dt.slice(9)} ${dt.slice(0, 8)}`;
      const type = au.getType();
      // As ausearch: a failed normalisation still prints what little is known.
      norm.normalize('no-attrs');
      let line = e.node !== undefined ? `On ${au.interpretField() ?? '(null)'} at ${when} ` : `At ${when} `;
      let id = -2;
      if (norm.seek(d.subjPrimary) === 1) {
        const subj = au.interpretField() ?? '(null)';
        id = au.getFieldInt();
        line += subj === 'unset' ? 'system' : subj;
      }
      if (norm.seek(d.subjSecondary) === 1) {
        const uid = au.getFieldInt();
        if (uid !== id && id !== -2 && uid !== -1) line += `, acting as ${au.interpretField() ?? '(null)'},`;
      }
      if (norm.seek(d.results) === 1) {
        const item = au.interpretField() ?? '(null)';
        const ok = item === 'yes' || item.startsWith('suc') || (item === 'allow' && au.getFieldKind() === 'seccomp');
        line += ok ? ' successfully ' : ' unsuccessfully ';
      } else line += ' ';
      const action = d.action;
      line += `${action ?? 'did-unknown'} `;
      if (norm.seek(d.objPrimary) === 1) {
        // An AVC object gets words of its own (and, as in ausearch, only those unless a kind below applies).
        let val = action !== undefined && action.includes('violated') ? 'accessing ' : undefined;
        const kind = au.getFieldKind();
        if (kind === 'escaped-file') val = au.interpretRealpath();
        else if (kind === 'sockaddr') val = au.interpretSockPart('laddr=') ?? au.interpretSockPart('fam=');
        else if (libauditTypeName(type) === 'CONFIG_CHANGE') {
          val = action === 'set' || action === 'seccomp-logging' ? escape(au.getFieldName() ?? '(null)') : au.interpretField();
        }
        line += `${val ?? au.interpretField() ?? '(null)'} `;
      }
      if (norm.seek(d.obj2) === 1) {
        const val = au.getFieldKind() === 'escaped-file' ? au.interpretRealpath() : au.interpretField();
        line += `to ${val ?? '(null)'} `;
      }
      // ausearch leaves out "using" after ended-session, by testing the first letter.
      if (d.how !== undefined && action !== undefined && !action.startsWith('e')) line += `using ${d.how}`;
      out.write(`${line}\n`);
    });
  };
}
