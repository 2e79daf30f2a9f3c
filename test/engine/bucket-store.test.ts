import { describe, expect, it } from 'vitest';
import { BucketStore } from '../../sim/engine/bucket-store.js';
import { EventArrays } from '../../sim/engine/event-arrays.js';

function drain(store: BucketStore, bucket: number): number[] {
  const target = new EventArrays(1);
  const n = store.drainInto(bucket, target);
  return Array.from(target.payloads.subarray(0, n));
}

describe('BucketStore', () => {
  it('keeps each bucket in the order its events were added, across chunks', () => {
    const store = new BucketStore(8);
    const expected: number[][] = Array.from({ length: 8 }, () => []);
    for (let i = 0; i < 1000; i++) {
      const bucket = (i * 7) % 8;
      store.add(bucket, i, i, 0, i);
      expected[bucket]!.push(i);
    }
    expect(store.events).toBe(1000);
    for (let bucket = 0; bucket < 8; bucket++) {
      expect(store.sizeOf(bucket)).toBe(expected[bucket]!.length);
      expect(drain(store, bucket)).toEqual(expected[bucket]);
      expect(store.sizeOf(bucket)).toBe(0);
    }
    expect(store.events).toBe(0);
  });

  it('reuses emptied chunks: filling and emptying buckets in turn keeps every event intact', () => {
    const store = new BucketStore(4);
    let payload = 0;
    for (let round = 0; round < 50; round++) {
      const added: number[] = [];
      const count = 1 + ((round * 37) % 90);
      for (let i = 0; i < count; i++) {
        store.add(round % 4, payload, payload, round, payload);
        added.push(payload++);
      }
      expect(drain(store, round % 4)).toEqual(added);
    }
    expect(store.events).toBe(0);
  });
});
