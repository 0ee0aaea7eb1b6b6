// A queue kept in order by a comparison, built for items that mostly arrive
// in order (audit events by time): appending in order and taking from the
// front cost O(1); an item out of order is put in place by binary search and
// a splice over the (small, in-flight) queue. Cheaper than a heap for this
// shape of input, which is the common one.
export class SortedQueue<T> {
  #items: T[] = [];
  #head = 0;
  readonly #less: (a: T, b: T) => boolean;

  constructor(less: (a: T, b: T) => boolean) {
    this.#less = less;
  }

  get size(): number {
    return this.#items.length - this.#head;
  }

  peek(): T | undefined {
    return this.#head < this.#items.length ? this.#items[this.#head] : undefined;
  }

  push(item: T): void {
    const items = this.#items;
    const n = items.length;
    if (n === this.#head || !this.#less(item, items[n - 1] as T)) {
      items.push(item);
      return;
    }
    // Out of order: after every item it is not less than (stable for ties).
    let lo = this.#head;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#less(item, items[mid] as T)) hi = mid;
      else lo = mid + 1;
    }
    items.splice(lo, 0, item);
  }

  /** Calls `fn` on each item, front first. */
  forEach(fn: (item: T) => void): void {
    const items = this.#items;
    for (let i = this.#head; i < items.length; i++) fn(items[i] as T);
  }

  shift(): T | undefined {
    const items = this.#items;
    if (this.#head >= items.length) return undefined;
    const item = items[this.#head] as T;
    items[this.#head] = undefined as T; // let it be collected
    this.#head++;
    // Reclaim the consumed front now and then (amortised O(1)).
    if (this.#head >= 1024 && this.#head * 2 >= items.length) {
      this.#items = items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }
}
