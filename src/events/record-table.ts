// The records waiting in the assembly window, as columns (typed arrays and
// plain arrays of shared strings and chunk buffers) indexed by a slot number,
// not as one object per record: objects that live for the window's length
// outlast a young-generation collection, get copied and promoted, and the
// collector's work dominated the search. Records become AuditRecord objects
// only when a reader of a handed-out event asks for them.
import { AuditRecord } from '../format/index.js';
import type { ParsedRecord } from '../format/index.js';

const NONE = -1;

export class RecordTable {
  #capacity = 0;
  #chunk: (Buffer | undefined)[] = [];
  /** Records pushed as objects (push(AuditRecord)) are kept as they are. */
  #object: (AuditRecord | undefined)[] = [];
  #typeName: string[] = [];
  #node: (string | undefined)[] = [];
  #file: string[] = [];
  #start: Int32Array = new Int32Array(0);
  #end: Int32Array = new Int32Array(0);
  #body: Int32Array = new Int32Array(0);
  #gs: Int32Array = new Int32Array(0);
  #type: Int32Array = new Int32Array(0);
  #milli: Int32Array = new Int32Array(0);
  #sec: Float64Array = new Float64Array(0);
  #serial: Float64Array = new Float64Array(0);
  #lineNo: Float64Array = new Float64Array(0);
  /** The caller's number for the memory the record lies in (see EventAssembler.oldestTag). */
  #tag: Float64Array = new Float64Array(0);
  /** The next record of the same event, or NONE. */
  #next: Int32Array = new Int32Array(0);
  /** Free slots, used last-in first-out (recently used memory is warm). */
  #free: Int32Array = new Int32Array(0);
  #freeCount = 0;

  constructor(initialCapacity = 1024) {
    this.#grow(initialCapacity);
  }

  /** A slot holding the parsed record's values; `tag` names the memory it lies in. */
  addParsed(p: ParsedRecord, tag: number): number {
    const i = this.#take();
    this.#tag[i] = tag;
    this.#chunk[i] = p.bytes;
    this.#start[i] = p.start;
    this.#end[i] = p.end;
    this.#body[i] = p.body;
    this.#gs[i] = p.gs;
    this.#type[i] = p.type;
    this.#typeName[i] = p.typeName;
    this.#node[i] = p.node;
    this.#sec[i] = p.sec;
    this.#milli[i] = p.milli;
    this.#serial[i] = p.serial;
    this.#file[i] = p.file;
    this.#lineNo[i] = p.lineNo;
    return i;
  }

  /** A slot holding a record object, handed back as it is. */
  addObject(r: AuditRecord): number {
    const i = this.#take();
    this.#tag[i] = 0;
    this.#object[i] = r;
    return i;
  }

  tag(i: number): number {
    return this.#tag[i] as number;
  }

  next(i: number): number {
    return this.#next[i] as number;
  }

  setNext(i: number, next: number): void {
    this.#next[i] = next;
  }

  /** The record in slot `i` as an object (made now unless it was pushed as one). */
  record(i: number): AuditRecord {
    const o = this.#object[i];
    if (o !== undefined) return o;
    return new AuditRecord(this.#chunk[i] as Buffer, this.#start[i] as number, this.#end[i] as number, this.#body[i] as number, this.#gs[i] as number,
      this.#type[i] as number, this.#typeName[i] as string, this.#node[i], this.#sec[i] as number, this.#milli[i] as number,
      this.#serial[i] as number, this.#file[i] as string, this.#lineNo[i] as number);
  }

  /** Frees the chain of slots starting at `first` (following next()). */
  freeChain(first: number): void {
    for (let i = first; i !== NONE; ) {
      const n = this.#next[i] as number;
      this.#chunk[i] = undefined; // let the chunk go once its last record has
      this.#object[i] = undefined;
      this.#free[this.#freeCount++] = i;
      i = n;
    }
  }

  #take(): number {
    if (this.#freeCount === 0) this.#grow(this.#capacity * 2);
    const i = this.#free[--this.#freeCount] as number;
    this.#next[i] = NONE;
    return i;
  }

  #grow(capacity: number): void {
    const old = this.#capacity;
    const grown = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(capacity);
      b.set(a);
      return b;
    };
    const i32 = (n: number): Int32Array => new Int32Array(n);
    const f64 = (n: number): Float64Array => new Float64Array(n);
    this.#start = grown(this.#start, i32);
    this.#end = grown(this.#end, i32);
    this.#body = grown(this.#body, i32);
    this.#gs = grown(this.#gs, i32);
    this.#type = grown(this.#type, i32);
    this.#milli = grown(this.#milli, i32);
    this.#next = grown(this.#next, i32);
    this.#sec = grown(this.#sec, f64);
    this.#serial = grown(this.#serial, f64);
    this.#lineNo = grown(this.#lineNo, f64);
    this.#tag = grown(this.#tag, f64);
    for (let i = old; i < capacity; i++) {
      this.#chunk.push(undefined);
      this.#object.push(undefined);
      this.#typeName.push('');
      this.#node.push(undefined);
      this.#file.push('');
    }
    // The free list holds only free slots: the new ones, highest first so the lowest is taken first.
    const free = new Int32Array(capacity);
    free.set(this.#free.subarray(0, this.#freeCount));
    for (let i = capacity - 1; i >= old; i--) free[this.#freeCount++] = i;
    this.#free = free;
    this.#capacity = capacity;
  }
}

export const NO_RECORD = NONE;
