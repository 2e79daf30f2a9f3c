import { describe, expect, it } from 'vitest';
import { EventArrays, sortEventsByTime } from '../../sim/engine/event-arrays.js';

/** Fills a source with (time, order) pairs, payload = index, and sorts it into a new target. */
function sorted(events: Array<[number, number]>): number[] {
  const source = new EventArrays(2);
  source.ensure(events.length, 0);
  events.forEach(([time, order], i) => {
    source.times[i] = time;
    source.orders[i] = order;
    source.types[i] = i % 5;
    source.payloads[i] = i;
  });
  const target = new EventArrays(1);
  sortEventsByTime(source, events.length, target);
  for (let i = 0; i < events.length; i++) expect(target.types[i]).toBe(target.payloads[i]! % 5);
  return Array.from(target.payloads.subarray(0, events.length));
}

function expectedOrder(events: Array<[number, number]>): number[] {
  return events
    .map(([time, order], i) => ({ time, order, i }))
    .sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.order - b.order))
    .map((e) => e.i);
}

describe('sortEventsByTime', () => {
  let state = 4242;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

  it('sorts by time, then order, for spread-out times', () => {
    const events: Array<[number, number]> = Array.from({ length: 500 }, () => [next() * 1000, Math.floor(next() * 1e6)]);
    expect(sorted(events)).toEqual(expectedOrder(events));
  });

  it('sorts a crowded bucket (hundreds of events at one time, some at another) by order', () => {
    const events: Array<[number, number]> = Array.from({ length: 400 }, (_, i) => [i % 10 === 0 ? 5 : 3, Math.floor(next() * 1e6)]);
    expect(sorted(events)).toEqual(expectedOrder(events));
  });

  it('sorts skewed times (most close together, a few far out) and infinite times', () => {
    const events: Array<[number, number]> = Array.from({ length: 300 }, (_, i) => [
      i % 50 === 0 ? 1e9 * next() : i % 77 === 0 ? Number.POSITIVE_INFINITY : next(),
      Math.floor(next() * 1e6),
    ]);
    expect(sorted(events)).toEqual(expectedOrder(events));
  });

  it('handles one event, and all events at +Infinity', () => {
    expect(sorted([[7, 1]])).toEqual([0]);
    const infinite: Array<[number, number]> = [
      [Number.POSITIVE_INFINITY, 3],
      [Number.POSITIVE_INFINITY, 1],
      [Number.POSITIVE_INFINITY, 2],
    ];
    expect(sorted(infinite)).toEqual([1, 2, 0]);
  });
});
