// SortedQueue (sorted-queue.ts) for small integers, in one Int32Array: the
// assembler's queues of event numbers. No array grows, shrinks or is sliced
// as events pass through, so the queues allocate nothing once warm.
const EMPTY = -1;

export class IntSortedQueue {
  #items = new Int32Array(1024);
  #head = 0;
  #tail = 0;
  readonly #less: (a: number, b: number) => boolean;

  constructor(less: (a: number, b: number) => boolean) {
    this.#less = less;
  }

  get size(): number {
    return this.#tail - this.#head;
  }

  /** The front item, or -1 when empty. */
  peek(): number {
    return this.#head < this.#tail ? (this.#items[this.#head] as number) : EMPTY;
  }

  /** Takes the front item; -1 when empty. */
  shift(): number {
    if (this.#head === this.#tail) return EMPTY;
    const v = this.#items[this.#head++] as number;
    if (this.#head === this.#tail) this.#head = this.#tail = 0;
    return v;
  }

  push(v: number): void {
    if (this.#tail === this.#items.length) this.#makeRoom();
    const items = this.#items;
    const tail = this.#tail;
    if (tail === this.#head || !this.#less(v, items[tail - 1] as number)) {
      items[tail] = v;
      this.#tail = tail + 1;
      return;
    }
    // Out of order: after every item it is not less than (stable for ties).
    let lo = this.#head;
    let hi = tail - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#less(v, items[mid] as number)) hi = mid;
      else lo = mid + 1;
    }
    items.copyWithin(lo + 1, lo, tail);
    items[lo] = v;
    this.#tail = tail + 1;
  }

  /** Calls `fn` on each item, front first. */
  forEach(fn: (v: number) => void): void {
    for (let i = this.#head; i < this.#tail; i++) fn(this.#items[i] as number);
  }

  #makeRoom(): void {
    const items = this.#items;
    if (this.#head * 2 >= items.length) {
      items.copyWithin(0, this.#head, this.#tail);
    } else {
      const grown = new Int32Array(items.length * 2);
      grown.set(items.subarray(this.#head, this.#tail));
      this.#items = grown;
    }
    this.#tail -= this.#head;
    this.#head = 0;
  }
}
