// The parts of an -i line that depend on the event alone — `node=NAME ` and
// `DATE TIME.mmm:SERIAL) ` — made once per event and copied for each of its
// records (an event's records all repeat them; a SYSCALL event has 4 or more).
import { LocalDateCache } from './local-date.js';
import { OutputBuffer } from './output-buffer.js';

export interface EventStamp {
  readonly node: string | undefined;
  readonly sec: number;
  readonly milli: number;
  readonly serial: number;
}

export class EventStampBytes {
  readonly #dates = new LocalDateCache();
  readonly #stamp = new OutputBuffer(64);
  #sec = Number.NaN;
  #milli = Number.NaN;
  #serial = Number.NaN;
  readonly #node = new OutputBuffer(64);
  #nodeName: string | undefined;

  /** Appends `node=NAME `. */
  writeNode(node: string, out: OutputBuffer): void {
    if (node !== this.#nodeName) {
      this.#nodeName = node;
      this.#node.clear();
      this.#node.latin1(`node=${node} `);
    }
    out.copy(this.#node.dataView, 0, this.#node.len);
  }

  /** Appends the event's time as strftime("%x %T") in local time, `.mmm:SERIAL) `. */
  writeStamp(event: EventStamp, out: OutputBuffer): void {
    const s = this.#stamp;
    if (event.sec !== this.#sec || event.milli !== this.#milli || event.serial !== this.#serial) {
      this.#sec = event.sec;
      this.#milli = event.milli;
      this.#serial = event.serial;
      s.clear();
      s.latin1(this.#dates.format(event.sec));
      s.byte(46);
      s.decimal(event.milli, 3);
      s.byte(58);
      s.decimal(event.serial);
      s.byte(41);
      s.byte(32);
    }
    out.copy(s.dataView, 0, s.len);
  }
}
