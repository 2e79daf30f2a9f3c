/**
 * The event calendar: a min-heap of pending events ordered by
 * (time, priority, insertion sequence). The heap is 4-ary: half the depth
 * of a binary heap, and a node's four children sit next to each other in
 * memory, which matters more than comparisons once thousands of events are
 * pending.
 *
 * Events are stored as parallel typed arrays rather than objects so that
 * scheduling and popping allocate nothing; the arrays double when full.
 * Priority and sequence are packed into one float64 "order" key
 * (priority · 2^44 + sequence), exact while priority < 512 and fewer than
 * 2^44 events have been scheduled, so a comparison is two float compares.
 *
 * `pop()` does not restructure the heap at once: it leaves the popped
 * event's root slot vacant, and most handlers schedule an event right away,
 * which then drops into the root and sifts down: one pass instead of a
 * sift-down for the pop and a sift-up for the push. The vacancy is filled
 * from the last leaf only if the next call is not a push. Events still come
 * out in exactly (time, priority, sequence) order: the keys decide, not the
 * heap's internal arrangement.
 */

const SEQUENCE_SPAN = 2 ** 44;
export const MAX_PRIORITY = 511;

export class Calendar {
  private times: Float64Array;
  private orders: Float64Array;
  private types: Int32Array;
  private payloads: Int32Array;
  private count = 0;
  private sequence = 0;
  /** True when the root slot holds an event already popped, to be replaced by the next push. */
  private rootVacant = false;

  /** Fields of the event most recently removed by `pop()`. */
  poppedTime = 0;
  poppedType = 0;
  poppedPayload = 0;

  constructor(initialCapacity = 1024) {
    const capacity = Math.max(4, initialCapacity);
    this.times = new Float64Array(capacity);
    this.orders = new Float64Array(capacity);
    this.types = new Int32Array(capacity);
    this.payloads = new Int32Array(capacity);
  }

  get size(): number {
    return this.rootVacant ? this.count - 1 : this.count;
  }

  /** Time of the earliest pending event, or +Infinity when empty. */
  peekTime(): number {
    if (this.rootVacant) this.fillVacantRoot();
    return this.count > 0 ? this.times[0]! : Number.POSITIVE_INFINITY;
  }

  push(time: number, priority: number, type: number, payload: number): void {
    const order = priority * SEQUENCE_SPAN + this.sequence++;
    if (this.rootVacant) {
      this.rootVacant = false;
      this.siftDown(0, time, order, type, payload);
      return;
    }
    if (this.count === this.times.length) this.grow();
    const times = this.times;
    const orders = this.orders;
    const types = this.types;
    const payloads = this.payloads;
    // Sift the hole up from the end, moving parents down, then write once.
    let hole = this.count++;
    while (hole > 0) {
      const parent = (hole - 1) >> 2;
      const parentTime = times[parent]!;
      if (parentTime < time || (parentTime === time && orders[parent]! < order)) break;
      times[hole] = parentTime;
      orders[hole] = orders[parent]!;
      types[hole] = types[parent]!;
      payloads[hole] = payloads[parent]!;
      hole = parent;
    }
    times[hole] = time;
    orders[hole] = order;
    types[hole] = type;
    payloads[hole] = payload;
  }

  /** Removes the earliest event into `poppedTime/Type/Payload`. Returns false when empty. */
  pop(): boolean {
    if (this.rootVacant) this.fillVacantRoot();
    if (this.count === 0) return false;
    this.poppedTime = this.times[0]!;
    this.poppedType = this.types[0]!;
    this.poppedPayload = this.payloads[0]!;
    this.rootVacant = true;
    return true;
  }

  /** Moves the last leaf into the vacant root and sifts it down. */
  private fillVacantRoot(): void {
    this.rootVacant = false;
    const last = --this.count;
    if (last === 0) return;
    this.siftDown(0, this.times[last]!, this.orders[last]!, this.types[last]!, this.payloads[last]!);
  }

  /** Places an event at `hole` or below it, moving the smallest child up while it is earlier than the event. */
  private siftDown(hole: number, time: number, order: number, type: number, payload: number): void {
    const times = this.times;
    const orders = this.orders;
    const types = this.types;
    const payloads = this.payloads;
    const count = this.count;
    for (;;) {
      const first = 4 * hole + 1;
      if (first >= count) break;
      let child = first;
      let childTime = times[first]!;
      let childOrder = orders[first]!;
      const end = first + 4 < count ? first + 4 : count;
      for (let c = first + 1; c < end; c++) {
        const t = times[c]!;
        if (t < childTime || (t === childTime && orders[c]! < childOrder)) {
          child = c;
          childTime = t;
          childOrder = orders[c]!;
        }
      }
      if (time < childTime || (time === childTime && order < childOrder)) break;
      times[hole] = childTime;
      orders[hole] = childOrder;
      types[hole] = types[child]!;
      payloads[hole] = payloads[child]!;
      hole = child;
    }
    times[hole] = time;
    orders[hole] = order;
    types[hole] = type;
    payloads[hole] = payload;
  }

  clear(): void {
    this.count = 0;
    this.rootVacant = false;
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    this.times = copyInto(new Float64Array(capacity), this.times);
    this.orders = copyInto(new Float64Array(capacity), this.orders);
    this.types = copyInto(new Int32Array(capacity), this.types);
    this.payloads = copyInto(new Int32Array(capacity), this.payloads);
  }
}

function copyInto<T extends Float64Array | Int32Array>(target: T, source: T): T {
  target.set(source);
  return target;
}
