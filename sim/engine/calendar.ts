/**
 * The event calendar: pending events ordered by (time, priority, insertion
 * sequence), in two tiers. Events up to a cutoff time sit in a min-heap;
 * later ones are appended, unsorted, to a far buffer. When the heap runs
 * dry, one pass over the far buffer moves its earliest slice (about a
 * sixteenth of its time range) into the heap and raises the cutoff. Every heap event is then no later than the cutoff and
 * every far event later, so the heap's minimum is the calendar's.
 *
 * Why: in a market most events are scheduled far ahead (inference takes
 * seconds while requests arrive every few microseconds), and in a single
 * heap of tens of thousands of events each of them sinks to its bottom
 * levels, a chain of cache misses. Appending is sequential, the far pass
 * streams through memory, and the heap stays small enough to stay in
 * cache. The slice adapts: a pass that moves too few events (under 1/64 of
 * the buffer) widens the next one, one that moves too many narrows it.
 *
 * The heap is 4-ary: half the depth of a binary heap, and a node's four
 * children sit next to each other in memory.
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
const INITIAL_SLICES = 16;
const MAX_SLICES = 1024;

export class Calendar {
  private times: Float64Array;
  private orders: Float64Array;
  private types: Int32Array;
  private payloads: Int32Array;
  private count = 0;
  private sequence = 0;
  /** True when the root slot holds an event already popped, to be replaced by the next push. */
  private rootVacant = false;
  /** Events later than this wait in the far buffer; the heap holds the rest. */
  private cutoff = Number.NEGATIVE_INFINITY;
  private farTimes: Float64Array;
  private farOrders: Float64Array;
  private farTypes: Int32Array;
  private farPayloads: Int32Array;
  private farCount = 0;
  private farMin = Number.POSITIVE_INFINITY;
  private farMax = Number.NEGATIVE_INFINITY;
  /** The next refill moves events within (far time range) / slices of the earliest. */
  private slices = INITIAL_SLICES;

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
    this.farTimes = new Float64Array(capacity);
    this.farOrders = new Float64Array(capacity);
    this.farTypes = new Int32Array(capacity);
    this.farPayloads = new Int32Array(capacity);
  }

  get size(): number {
    return (this.rootVacant ? this.count - 1 : this.count) + this.farCount;
  }

  /** Time of the earliest pending event, or +Infinity when empty. */
  peekTime(): number {
    if (this.rootVacant) this.fillVacantRoot();
    if (this.count === 0) this.refill();
    return this.count > 0 ? this.times[0]! : Number.POSITIVE_INFINITY;
  }

  push(time: number, priority: number, type: number, payload: number): void {
    const order = priority * SEQUENCE_SPAN + this.sequence++;
    if (time > this.cutoff) {
      this.pushFar(time, order, type, payload);
      return;
    }
    this.pushNear(time, order, type, payload);
  }

  private pushFar(time: number, order: number, type: number, payload: number): void {
    if (this.farCount === this.farTimes.length) this.growFar();
    const at = this.farCount++;
    this.farTimes[at] = time;
    this.farOrders[at] = order;
    this.farTypes[at] = type;
    this.farPayloads[at] = payload;
    if (time < this.farMin) this.farMin = time;
    if (time > this.farMax) this.farMax = time;
  }

  private pushNear(time: number, order: number, type: number, payload: number): void {
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
    if (this.count === 0) {
      this.refill();
      if (this.count === 0) return false;
    }
    this.poppedTime = this.times[0]!;
    this.poppedType = this.types[0]!;
    this.poppedPayload = this.payloads[0]!;
    this.rootVacant = true;
    return true;
  }

  /**
   * With the heap empty: moves the far events up to a new cutoff into the
   * heap (at least the earliest one) and adapts the width of the next slice.
   */
  private refill(): void {
    const n = this.farCount;
    if (n === 0) return;
    let cutoff = this.farMin + (this.farMax - this.farMin) / this.slices;
    if (!(cutoff < Number.POSITIVE_INFINITY)) cutoff = this.farMin;
    const farTimes = this.farTimes;
    const farOrders = this.farOrders;
    const farTypes = this.farTypes;
    const farPayloads = this.farPayloads;
    let moved = 0;
    let remaining = n;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    // The far buffer is unordered: a moved event's slot is filled with the last one, so kept events are only read.
    let i = 0;
    while (i < remaining) {
      const time = farTimes[i]!;
      if (time <= cutoff) {
        if (moved === this.times.length) this.grow();
        this.times[moved] = time;
        this.orders[moved] = farOrders[i]!;
        this.types[moved] = farTypes[i]!;
        this.payloads[moved] = farPayloads[i]!;
        moved++;
        const last = --remaining;
        farTimes[i] = farTimes[last]!;
        farOrders[i] = farOrders[last]!;
        farTypes[i] = farTypes[last]!;
        farPayloads[i] = farPayloads[last]!;
      } else {
        if (time < min) min = time;
        if (time > max) max = time;
        i++;
      }
    }
    this.farCount = remaining;
    this.farMin = min;
    this.farMax = max;
    this.cutoff = cutoff;
    this.count = moved;
    this.heapify();
    if (moved * 64 < n && this.slices > 1) this.slices >>= 1;
    else if (moved * 8 > n && this.slices < MAX_SLICES) this.slices <<= 1;
  }

  /** Restores heap order over the whole array, bottom-up (Floyd). */
  private heapify(): void {
    for (let hole = (this.count - 2) >> 2; hole >= 0; hole--) {
      this.siftDown(hole, this.times[hole]!, this.orders[hole]!, this.types[hole]!, this.payloads[hole]!);
    }
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

  private growFar(): void {
    this.farTimes = doubled(this.farTimes);
    this.farOrders = doubled(this.farOrders);
    this.farTypes = doubled(this.farTypes);
    this.farPayloads = doubled(this.farPayloads);
  }

  private grow(): void {
    this.times = doubled(this.times);
    this.orders = doubled(this.orders);
    this.types = doubled(this.types);
    this.payloads = doubled(this.payloads);
  }
}

/** A copy of `array` with twice its length. */
function doubled<T extends Float64Array | Int32Array>(array: T): T {
  const copy = new (array.constructor as new (length: number) => T)(array.length * 2);
  copy.set(array);
  return copy;
}
