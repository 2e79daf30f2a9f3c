import { describe, expect, it } from 'vitest';
import { Environment, type TracedEvent } from '../../sim/engine/environment.js';

describe('Environment', () => {
  it('advances the clock to each event and lets handlers schedule more', () => {
    const env = new Environment();
    const seen: Array<[number, number]> = [];
    const tick = env.defineEventType('tick', (payload) => {
      seen.push([env.now, payload]);
      if (payload < 3) env.schedule(2, tick, payload + 1);
    });
    env.schedule(1, tick, 0);
    expect(env.run()).toBe('empty');
    expect(seen).toEqual([
      [1, 0],
      [3, 1],
      [5, 2],
      [7, 3],
    ]);
    expect(env.eventsProcessed).toBe(4);
  });

  it('stops at a time limit without processing events at or after it', () => {
    const env = new Environment();
    const times: number[] = [];
    const type = env.defineEventType('e', () => times.push(env.now));
    for (const t of [1, 2, 3, 4]) env.scheduleAt(t, type);
    expect(env.run({ untilTime: 3 })).toBe('time');
    expect(times).toEqual([1, 2]);
    expect(env.now).toBe(3);
    expect(env.pending).toBe(2);
    expect(env.run()).toBe('empty');
    expect(times).toEqual([1, 2, 3, 4]);
  });

  it('stops after a number of events, and when a handler asks it to', () => {
    const env = new Environment();
    let count = 0;
    const type = env.defineEventType('e', () => {
      count++;
      if (count === 7) env.stop();
    });
    for (let i = 0; i < 10; i++) env.scheduleAt(i, type);
    expect(env.run({ maxEvents: 3 })).toBe('events');
    expect(count).toBe(3);
    expect(env.run()).toBe('stopped');
    expect(count).toBe(7);
  });

  it('refuses events in the past and unknown event types', () => {
    const env = new Environment();
    const type = env.defineEventType('e', () => {});
    env.scheduleAt(5, type);
    env.run();
    expect(() => env.scheduleAt(4, type)).toThrow(RangeError);
    expect(() => env.schedule(-1, type)).toThrow(RangeError);
    expect(() => env.schedule(1, 99)).toThrow(RangeError);
  });

  it('emits traced events to subscribers only while subscribed', () => {
    const env = new Environment();
    const type = env.defineEventType('ping', () => {});
    const traced: TracedEvent[] = [];
    env.scheduleAt(1, type, 42);
    env.scheduleAt(2, type, 43);
    const subscription = env.trace$.subscribe((event) => traced.push(event));
    env.step();
    subscription.unsubscribe();
    env.step();
    expect(traced).toEqual([{ time: 1, type: 'ping', payload: 42, index: 1 }]);
  });
});
