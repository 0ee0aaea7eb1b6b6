// The assembler's open and waiting events as columns indexed by an event
// number (see record-table.ts for why not objects), the index of open events
// by serial (open addressing over typed arrays: a Map with numeric keys
// above 2^30 boxes every key), and a heap of free ausearch array slots.
// Internal to events/: the columns are read and written by the assembler.

export const NONE = -1;

export const FOREIGN = 1;
export const ENRICHED = 2;
export const COMPLETE = 4;
/** Still in the by-age queue (which drops complete events only when they reach its front). */
export const IN_AGE = 16;
/** Handed out: the number is free once it has also left the by-age queue. */
export const HANDED_OUT = 32;

export class EventTable {
  capacity = 0;
  node: (string | undefined)[] = [];
  sec: Float64Array = new Float64Array(0);
  serial: Float64Array = new Float64Array(0);
  /** Opening order, and events handed out before the opening. */
  seq: Float64Array = new Float64Array(0);
  handedOutBefore: Float64Array = new Float64Array(0);
  milli: Int32Array = new Int32Array(0);
  firstType: Int32Array = new Int32Array(0);
  /** The index ausearch's event array would give it: the lowest one free. */
  slot: Int32Array = new Int32Array(0);
  /** First and last record slot (record-table.ts chains them). */
  head: Int32Array = new Int32Array(0);
  tail: Int32Array = new Int32Array(0);
  /** The next open event with the same serial, or NONE. */
  nextSame: Int32Array = new Int32Array(0);
  flags: Uint8Array = new Uint8Array(0);
  /** The callers' marks, ORed over the event's records. */
  marks: Uint8Array = new Uint8Array(0);
  #free: Int32Array = new Int32Array(0);
  #freeCount = 0;

  constructor(initialCapacity = 256) {
    this.#grow(initialCapacity);
  }

  take(): number {
    if (this.#freeCount === 0) this.#grow(this.capacity * 2);
    return this.#free[--this.#freeCount] as number;
  }

  release(id: number): void {
    this.node[id] = undefined;
    this.#free[this.#freeCount++] = id;
  }

  /** Same time and node (the serial is the index's key). */
  matches(id: number, sec: number, milli: number, node: string | undefined): boolean {
    return this.sec[id] === sec && this.milli[id] === milli && this.node[id] === node;
  }

  #grow(capacity: number): void {
    const old = this.capacity;
    const f64 = (a: Float64Array): Float64Array => {
      const b = new Float64Array(capacity);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array): Int32Array => {
      const b = new Int32Array(capacity);
      b.set(a);
      return b;
    };
    this.sec = f64(this.sec);
    this.serial = f64(this.serial);
    this.seq = f64(this.seq);
    this.handedOutBefore = f64(this.handedOutBefore);
    this.milli = i32(this.milli);
    this.firstType = i32(this.firstType);
    this.slot = i32(this.slot);
    this.head = i32(this.head);
    this.tail = i32(this.tail);
    this.nextSame = i32(this.nextSame);
    const flags = new Uint8Array(capacity);
    flags.set(this.flags);
    this.flags = flags;
    const marks = new Uint8Array(capacity);
    marks.set(this.marks);
    this.marks = marks;
    for (let i = old; i < capacity; i++) this.node.push(undefined);
    const free = new Int32Array(capacity);
    free.set(this.#free.subarray(0, this.#freeCount));
    for (let i = capacity - 1; i >= old; i--) free[this.#freeCount++] = i;
    this.#free = free;
    this.capacity = capacity;
  }
}

/** Serial → first open event with it (linear probing, deletion by backward shift). */
export class SerialIndex {
  #keys: Float64Array = new Float64Array(0);
  #values: Int32Array = new Int32Array(0);
  #mask = 0;
  #size = 0;

  constructor(initialCapacity = 512) {
    this.#resize(initialCapacity);
  }

  get(serial: number): number {
    const keys = this.#keys;
    const values = this.#values;
    for (let i = this.#home(serial); ; i = (i + 1) & this.#mask) {
      const v = values[i] as number;
      if (v === NONE || keys[i] === serial) return v;
    }
  }

  set(serial: number, id: number): void {
    if ((this.#size + 1) * 2 > this.#values.length) this.#resize(this.#values.length * 2);
    const keys = this.#keys;
    const values = this.#values;
    for (let i = this.#home(serial); ; i = (i + 1) & this.#mask) {
      const v = values[i] as number;
      if (v === NONE) {
        keys[i] = serial;
        values[i] = id;
        this.#size++;
        return;
      }
      if (keys[i] === serial) {
        values[i] = id;
        return;
      }
    }
  }

  delete(serial: number): void {
    const keys = this.#keys;
    const values = this.#values;
    const mask = this.#mask;
    let i = this.#home(serial);
    for (; ; i = (i + 1) & mask) {
      const v = values[i] as number;
      if (v === NONE) return;
      if (keys[i] === serial) break;
    }
    this.#size--;
    // Move back every later entry of the run that may not stay behind the hole.
    for (let j = (i + 1) & mask; values[j] !== NONE; j = (j + 1) & mask) {
      const home = this.#home(keys[j] as number);
      const stays = i <= j ? i < home && home <= j : i < home || home <= j;
      if (stays) continue;
      keys[i] = keys[j] as number;
      values[i] = values[j] as number;
      i = j;
    }
    values[i] = NONE;
  }

  #home(serial: number): number {
    // Serials are integers up to 2^64; mix both 32-bit halves.
    const h = (serial >>> 0) ^ ((serial / 4294967296) >>> 0);
    return (Math.imul(h, 0x9e3779b1) >>> 0) & this.#mask;
  }

  #resize(capacity: number): void {
    const keys = this.#keys;
    const values = this.#values;
    this.#keys = new Float64Array(capacity);
    this.#values = new Int32Array(capacity).fill(NONE);
    this.#mask = capacity - 1;
    this.#size = 0;
    for (let i = 0; i < values.length; i++) if (values[i] !== NONE) this.set(keys[i] as number, values[i] as number);
  }
}

/** The lowest free slot first: a binary min-heap of integers. */
export class IntMinHeap {
  #items = new Int32Array(64);
  #size = 0;

  get size(): number {
    return this.#size;
  }

  push(v: number): void {
    if (this.#size === this.#items.length) {
      const grown = new Int32Array(this.#items.length * 2);
      grown.set(this.#items);
      this.#items = grown;
    }
    const a = this.#items;
    let i = this.#size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((a[parent] as number) <= v) break;
      a[i] = a[parent] as number;
      i = parent;
    }
    a[i] = v;
  }

  pop(): number {
    const a = this.#items;
    const top = a[0] as number;
    const last = a[--this.#size] as number;
    const n = this.#size;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && (a[c + 1] as number) < (a[c] as number)) c++;
      if ((a[c] as number) >= last) break;
      a[i] = a[c] as number;
      i = c;
    }
    a[i] = last;
    return top;
  }
}
