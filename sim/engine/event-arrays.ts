/**
 * Events as parallel typed arrays (time, order, type, payload), the storage
 * of every tier of the calendar, and the sort that turns a bucket of them
 * into a batch.
 */

export class EventArrays {
  times: Float64Array;
  orders: Float64Array;
  types: Int32Array;
  payloads: Int32Array;

  constructor(capacity: number) {
    this.times = new Float64Array(capacity);
    this.orders = new Float64Array(capacity);
    this.types = new Int32Array(capacity);
    this.payloads = new Int32Array(capacity);
  }

  get capacity(): number {
    return this.times.length;
  }

  /** Grows (by doubling) to hold at least `capacity` events, keeping the first `keep`. */
  ensure(capacity: number, keep: number): void {
    if (capacity <= this.times.length) return;
    let length = this.times.length * 2;
    while (length < capacity) length *= 2;
    this.times = grown(this.times, length, keep);
    this.orders = grown(this.orders, length, keep);
    this.types = grown(this.types, length, keep);
    this.payloads = grown(this.payloads, length, keep);
  }

  /** Copies event `from` of `source` into slot `to`. */
  copyFrom(source: EventArrays, from: number, to: number): void {
    this.times[to] = source.times[from]!;
    this.orders[to] = source.orders[from]!;
    this.types[to] = source.types[from]!;
    this.payloads[to] = source.payloads[from]!;
  }
}

/** Buckets of the counting sort larger than this are sorted by heapsort rather than insertion. */
const INSERTION_LIMIT = 32;
/** Scratch for the counting sort: where each bucket ends, and each event's bucket. */
let bucketEnds = new Int32Array(256);
let bucketOfEvent = new Int32Array(256);

/**
 * Sorts the first `m` events of `source` into `target` by (time, order): a
 * counting sort on time into m buckets of equal width (stable, and linear
 * for times spread over their range), then each bucket by insertion, or by
 * heapsort when it is crowded (many events at one time, say).
 */
export function sortEventsByTime(source: EventArrays, m: number, target: EventArrays): void {
  target.ensure(m, 0);
  const times = source.times;
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < m; i++) {
    const time = times[i]!;
    if (time < low) low = time;
    if (time > high) high = time;
  }
  // A bucket index monotone in time, so that buckets are in order between themselves.
  const scale = high > low && high - low < Number.POSITIVE_INFINITY ? m / (high - low) : 0;
  if (bucketEnds.length < m + 1) {
    bucketEnds = new Int32Array(2 * m + 1);
    bucketOfEvent = new Int32Array(2 * m + 1);
  }
  const ends = bucketEnds;
  const bucketOfEach = bucketOfEvent;
  ends.fill(0, 0, m + 1);
  const last = m - 1;
  for (let i = 0; i < m; i++) {
    const bucket = bucketOf(times[i]!, low, scale, last);
    bucketOfEach[i] = bucket;
    ends[bucket + 1]!++;
  }
  for (let b = 0; b < m; b++) ends[b + 1]! += ends[b]!;
  for (let i = 0; i < m; i++) target.copyFrom(source, i, ends[bucketOfEach[i]!]!++);
  // ends[b] now holds the end of bucket b, which is where bucket b + 1 begins.
  let begin = 0;
  for (let b = 0; b < m; b++) {
    const end = ends[b]!;
    if (end - begin > INSERTION_LIMIT) heapsortRange(target, begin, end);
    else if (end - begin > 1) insertionSortRange(target, begin, end);
    begin = end;
  }
}

/** The counting sort's bucket of a time; all in bucket 0 when the times do not spread (one time, or infinite ones). */
function bucketOf(time: number, low: number, scale: number, last: number): number {
  if (scale === 0) return 0;
  const bucket = Math.floor((time - low) * scale);
  return bucket < last ? bucket : last;
}

/** Whether event a comes after event b. */
function after(events: EventArrays, a: number, b: number): boolean {
  const ta = events.times[a]!;
  const tb = events.times[b]!;
  return ta > tb || (ta === tb && events.orders[a]! > events.orders[b]!);
}

/** Sorts events [begin, end) by (time, order), by insertion: for the few events of one bucket. */
function insertionSortRange(events: EventArrays, begin: number, end: number): void {
  const { times, orders, types, payloads } = events;
  for (let i = begin + 1; i < end; i++) {
    if (!after(events, i - 1, i)) continue;
    const time = times[i]!;
    const order = orders[i]!;
    const type = types[i]!;
    const payload = payloads[i]!;
    let j = i - 1;
    while (j >= begin && (times[j]! > time || (times[j]! === time && orders[j]! > order))) {
      times[j + 1] = times[j]!;
      orders[j + 1] = orders[j]!;
      types[j + 1] = types[j]!;
      payloads[j + 1] = payloads[j]!;
      j--;
    }
    times[j + 1] = time;
    orders[j + 1] = order;
    types[j + 1] = type;
    payloads[j + 1] = payload;
  }
}

/** Sorts events [begin, end) by (time, order) in place, in O(n log n) whatever their arrangement. */
function heapsortRange(events: EventArrays, begin: number, end: number): void {
  const n = end - begin;
  for (let root = (n >> 1) - 1; root >= 0; root--) siftDownLatest(events, begin, root, n);
  for (let last = n - 1; last > 0; last--) {
    swap(events, begin, begin + last);
    siftDownLatest(events, begin, 0, last);
  }
}

/** Sift-down in a binary heap with the latest event on top, over events [base, base + size). */
function siftDownLatest(events: EventArrays, base: number, root: number, size: number): void {
  for (;;) {
    let latest = root;
    const left = 2 * root + 1;
    if (left < size && after(events, base + left, base + latest)) latest = left;
    if (left + 1 < size && after(events, base + left + 1, base + latest)) latest = left + 1;
    if (latest === root) return;
    swap(events, base + root, base + latest);
    root = latest;
  }
}

function swap(events: EventArrays, a: number, b: number): void {
  swapIn(events.times, a, b);
  swapIn(events.orders, a, b);
  swapIn(events.types, a, b);
  swapIn(events.payloads, a, b);
}

function swapIn(array: Float64Array | Int32Array, a: number, b: number): void {
  const value = array[a]!;
  array[a] = array[b]!;
  array[b] = value;
}

/** A copy of the first `keep` elements of `array` in a new array of `length`. */
function grown<T extends Float64Array | Int32Array>(array: T, length: number, keep: number): T {
  const copy = new (array.constructor as new (length: number) => T)(length);
  copy.set(array.subarray(0, keep));
  return copy;
}
