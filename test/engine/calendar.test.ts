import { describe, expect, it } from 'vitest';
import { Calendar } from '../../sim/engine/calendar.js';

function drain(calendar: Calendar): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  while (calendar.pop()) out.push([calendar.poppedTime, calendar.poppedType, calendar.poppedPayload]);
  return out;
}

describe('Calendar', () => {
  it('pops events in time order', () => {
    const calendar = new Calendar(4);
    [5, 1, 4, 2, 3].forEach((time, i) => calendar.push(time, 0, 0, i));
    expect(drain(calendar).map(([time]) => time)).toEqual([1, 2, 3, 4, 5]);
  });

  it('breaks time ties by priority, then by insertion order', () => {
    const calendar = new Calendar();
    calendar.push(1, 2, 0, 100); // same time, low urgency
    calendar.push(1, 0, 0, 101);
    calendar.push(1, 1, 0, 102);
    calendar.push(1, 0, 0, 103); // same time and priority as 101: after it
    calendar.push(0.5, 9, 0, 104); // earlier time beats any priority
    expect(drain(calendar).map(([, , payload]) => payload)).toEqual([104, 101, 103, 102, 100]);
  });

  it('matches a stable sort on (time, priority, sequence) for random schedules, growing past its capacity', () => {
    const calendar = new Calendar(2);
    const expected: Array<{ time: number; priority: number; seq: number }> = [];
    let state = 12345;
    const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let seq = 0; seq < 5000; seq++) {
      const time = Math.floor(next() * 50); // many exact ties
      const priority = Math.floor(next() * 3);
      calendar.push(time, priority, seq % 7, seq);
      expected.push({ time, priority, seq });
    }
    expected.sort((a, b) => a.time - b.time || a.priority - b.priority || a.seq - b.seq);
    expect(calendar.size).toBe(5000);
    expect(drain(calendar).map(([, , payload]) => payload)).toEqual(expected.map((e) => e.seq));
  });

  it('keeps order across its tiers: events far ahead, at infinity, and pushed into a bucket already in use', () => {
    const calendar = new Calendar(2);
    // All land in the overflow at first; the first pop lays buckets over them and sorts the earliest into a batch.
    for (let i = 0; i <= 1000; i++) calendar.push(i, 0, 0, i);
    calendar.push(Number.POSITIVE_INFINITY, 0, 0, 5000);
    calendar.push(Number.POSITIVE_INFINITY, 0, 0, 5001);
    expect(calendar.pop()).toBe(true);
    expect(calendar.poppedPayload).toBe(0);
    calendar.push(0.5, 0, 0, 2000); // in the bucket in use: into the near heap
    calendar.push(1, 1, 0, 2001); // ties with a heap event, lower urgency
    calendar.push(999.5, 0, 0, 2002); // far
    const order = drain(calendar).map(([, , payload]) => payload);
    expect(order.slice(0, 4)).toEqual([2000, 1, 2001, 2]);
    expect(order.slice(-4)).toEqual([2002, 1000, 5000, 5001]);
    expect(order).toHaveLength(1000 + 3 + 2);
    expect(calendar.size).toBe(0);
  });

  it('interleaves pushes and pops correctly', () => {
    const calendar = new Calendar(2);
    calendar.push(10, 0, 1, 1);
    calendar.push(5, 0, 1, 2);
    expect(calendar.pop()).toBe(true);
    expect(calendar.poppedPayload).toBe(2);
    calendar.push(7, 0, 1, 3);
    calendar.push(7, 0, 1, 4);
    expect(drain(calendar).map(([, , payload]) => payload)).toEqual([3, 4, 1]);
    expect(calendar.pop()).toBe(false);
    expect(calendar.peekTime()).toBe(Number.POSITIVE_INFINITY);
  });

  it('matches a reference queue under random interleavings of pushes, pops, peeks and size checks', () => {
    const calendar = new Calendar(2);
    const reference: Array<{ time: number; priority: number; seq: number }> = [];
    let state = 987654;
    const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let now = 0;
    for (let seq = 0, step = 0; step < 20_000; step++) {
      const action = next();
      if (action < 0.45) {
        const time = now + Math.floor(next() * 20);
        const priority = Math.floor(next() * 3);
        calendar.push(time, priority, 0, seq);
        reference.push({ time, priority, seq: seq++ });
        reference.sort((a, b) => a.time - b.time || a.priority - b.priority || a.seq - b.seq);
      } else if (action < 0.9) {
        const expected = reference.shift();
        expect(calendar.pop()).toBe(expected !== undefined);
        if (expected) {
          expect(calendar.poppedPayload).toBe(expected.seq);
          now = expected.time;
        }
      } else if (action < 0.95) {
        expect(calendar.peekTime()).toBe(reference[0]?.time ?? Number.POSITIVE_INFINITY);
      } else {
        expect(calendar.size).toBe(reference.length);
      }
    }
    expect(drain(calendar).map(([, , payload]) => payload)).toEqual(reference.map((e) => e.seq));
  });

  it('counts a popped event as gone before anything replaces it', () => {
    const calendar = new Calendar();
    calendar.push(1, 0, 0, 1);
    calendar.push(2, 0, 0, 2);
    calendar.pop();
    expect(calendar.size).toBe(1);
    calendar.pop();
    expect(calendar.size).toBe(0);
    expect(calendar.peekTime()).toBe(Number.POSITIVE_INFINITY);
    calendar.push(3, 0, 0, 3);
    expect(calendar.size).toBe(1);
    expect(calendar.peekTime()).toBe(3);
  });

  describe('with thousands of events pending', () => {
    /** An independent reference: a binary heap of plain objects ordered by (time, priority, sequence). */
    class ReferenceQueue {
      private readonly items: Array<{ time: number; priority: number; seq: number }> = [];
      private before(a: number, b: number): boolean {
        const x = this.items[a]!;
        const y = this.items[b]!;
        return x.time < y.time || (x.time === y.time && (x.priority < y.priority || (x.priority === y.priority && x.seq < y.seq)));
      }
      private swap(a: number, b: number): void {
        [this.items[a], this.items[b]] = [this.items[b]!, this.items[a]!];
      }
      get size(): number {
        return this.items.length;
      }
      peek() {
        return this.items[0];
      }
      push(item: { time: number; priority: number; seq: number }): void {
        this.items.push(item);
        for (let i = this.items.length - 1; i > 0 && this.before(i, (i - 1) >> 1); i = (i - 1) >> 1) this.swap(i, (i - 1) >> 1);
      }
      pop() {
        const top = this.items[0];
        const last = this.items.pop()!;
        if (this.items.length > 0) {
          this.items[0] = last;
          for (let i = 0; ;) {
            let smallest = i;
            for (const c of [2 * i + 1, 2 * i + 2]) if (c < this.items.length && this.before(c, smallest)) smallest = c;
            if (smallest === i) break;
            this.swap(i, smallest);
            i = smallest;
          }
        }
        return top;
      }
    }

    /** Drives both queues with the same random operations; `delay` draws how far ahead each event is scheduled. */
    function exercise(options: { steps: number; pushShare: number; delay: (u: number) => number; seed: number; prefill: number }) {
      const calendar = new Calendar(8);
      const reference = new ReferenceQueue();
      let state = options.seed;
      const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      let now = 0;
      let seq = 0;
      const push = () => {
        const time = now + options.delay(next());
        const priority = Math.floor(next() * 3);
        calendar.push(time, priority, 0, seq);
        reference.push({ time, priority, seq: seq++ });
      };
      for (let i = 0; i < options.prefill; i++) push();
      for (let step = 0; step < options.steps; step++) {
        const action = next();
        if (action < options.pushShare) push();
        else if (action < 0.97) {
          const expected = reference.pop();
          expect(calendar.pop()).toBe(expected !== undefined);
          if (expected) {
            expect(calendar.poppedPayload).toBe(expected.seq);
            expect(calendar.poppedTime).toBe(expected.time);
            now = expected.time;
          }
        } else if (action < 0.985) expect(calendar.peekTime()).toBe(reference.peek()?.time ?? Number.POSITIVE_INFINITY);
        else expect(calendar.size).toBe(reference.size);
      }
      while (reference.size > 0) {
        expect(calendar.pop()).toBe(true);
        expect(calendar.poppedPayload).toBe(reference.pop()!.seq);
      }
      expect(calendar.pop()).toBe(false);
    }

    it('keeps exact order in a steady state of 20,000 pending events with lognormal-like delays', () => {
      exercise({ steps: 60_000, pushShare: 0.485, delay: (u) => Math.exp(4 * u) * 10, seed: 1, prefill: 20_000 });
    });

    it('keeps exact order when many events share a time and priorities decide (delays on a coarse grid)', () => {
      exercise({ steps: 40_000, pushShare: 0.485, delay: (u) => Math.floor(u * 4) * 1000, seed: 2, prefill: 5_000 });
    });

    it('keeps exact order with zero delays, tiny delays and a heavy tail mixed', () => {
      exercise({
        steps: 40_000,
        pushShare: 0.485,
        delay: (u) => (u < 0.3 ? 0 : u < 0.6 ? u * 1e-9 : u < 0.99 ? u * 50 : 1e7 * u),
        seed: 3,
        prefill: 8_000,
      });
    });

    it('keeps exact order when the event rate changes a thousandfold from one rung of buckets to the next', () => {
      // Delays alternate between a fine and a coarse scale every 5,000 steps, so each rung's buckets are sized
      // from a rate that no longer holds: far too wide, then far too narrow.
      let phase = 0;
      exercise({ steps: 60_000, pushShare: 0.485, delay: (u) => (phase++ % 10_000 < 5_000 ? u : u * 1000), seed: 4, prefill: 3_000 });
    });

    it('keeps exact order while the number pending swings between hundreds and thousands', () => {
      // Alternate growth and drain phases by biasing pushes.
      const calendar = new Calendar(8);
      const reference = new ReferenceQueue();
      let state = 77;
      const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      let now = 0;
      let seq = 0;
      for (let phase = 0; phase < 16; phase++) {
        const grow = phase % 2 === 0;
        for (let step = 0; step < 6_000; step++) {
          if (next() < (grow ? 0.8 : 0.2)) {
            const time = now + next() * 100;
            calendar.push(time, 0, 0, seq);
            reference.push({ time, priority: 0, seq: seq++ });
          } else {
            const expected = reference.pop();
            expect(calendar.pop()).toBe(expected !== undefined);
            if (expected) {
              expect(calendar.poppedPayload).toBe(expected.seq);
              now = expected.time;
            }
          }
        }
      }
      expect(calendar.size).toBe(reference.size);
    });
  });
});
