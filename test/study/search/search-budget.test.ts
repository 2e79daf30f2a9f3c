/**
 * What the search asks of its evaluator: exactly the replications it counts,
 * each replication of a candidate once and in order (a candidate keeps what
 * it has), the search's below the confirmation's offset, ids in creation
 * order, one evaluator call per batch; and the options it refuses.
 */
import { describe, expect, it } from 'vitest';
import { type SearchOptions, searchNoisy, searchReplicationsBound } from '../../../sim/study/search/search-noisy.js';
import { evaluator, options, range } from './noisy-objectives.js';

const concave = (x: readonly number[]) => -((x[0]! - 0.3) ** 2);

describe('the search’s budget', () => {
  it('counts exactly the replications it requests, one batch per evaluator call', async () => {
    const logged = evaluator(concave, 0.05);
    const result = await searchNoisy(options([range(0, 1)]), logged.evaluate);
    expect(result.evaluations).toBe(logged.spent());
    expect(result.batches).toBe(logged.batches.length);
    expect(new Set(result.trajectory.map((e) => e.step))).toEqual(new Set(logged.batches.map((_, i) => i)));
  });

  it('asks for each replication of a candidate once, in order, and keeps the search below the confirmation offset', async () => {
    const opts = options([range(0, 1), range(0, 1)]);
    const logged = evaluator((x) => -((x[0]! - 0.3) ** 2) - (x[1]! - 0.6) ** 2, 0.05);
    const result = await searchNoisy(opts, logged.evaluate);
    const search = new Map<number, number>();
    const confirmation = new Map<number, number>();
    for (const r of logged.batches.flat()) {
      const fresh = r.firstReplication >= opts.confirmation.replicationOffset;
      const had = fresh ? (confirmation.get(r.candidate) ?? opts.confirmation.replicationOffset) : (search.get(r.candidate) ?? 0);
      expect(r.firstReplication).toBe(had);
      (fresh ? confirmation : search).set(r.candidate, had + r.replications);
    }
    expect(Math.max(...search.values())).toBe(searchReplicationsBound(opts));
    expect([...confirmation.keys()]).toEqual([result.best.candidate]);
    expect(confirmation.get(result.best.candidate)! - opts.confirmation.replicationOffset).toBe(result.best.replications);
    // Ids are given in creation order: 0, 1, 2, … with none skipped.
    const ids = [...search.keys()].sort((a, b) => a - b);
    expect(ids).toEqual(ids.map((_, i) => i));
  });

  it('spends nothing on a lone survivor: 16 candidates, eta 3, 2 replications cost 16×2 + 5×4 before confirmation', async () => {
    const logged = evaluator(concave, 0.05);
    const opts = options([range(0, 1)], { zoomRounds: 0 });
    const result = await searchNoisy(opts, logged.evaluate);
    expect(result.evaluations - result.best.replications).toBe(16 * 2 + 5 * 4);
    expect(searchReplicationsBound(opts)).toBe(6);
    expect(searchReplicationsBound({ initialCandidates: 27, eta: 3, initialReplications: 2 })).toBe(18);
    expect(searchReplicationsBound({ initialCandidates: 1, eta: 3, initialReplications: 2 })).toBe(2);
  });

  it('doubles confirmation batches until the cap, and says so', async () => {
    const logged = evaluator(concave, 0.05);
    const confirmation = { halfWidth: 1e-6, relativeHalfWidth: null, minReplications: 5, maxReplications: 33, replicationOffset: 1000 };
    const result = await searchNoisy(options([range(0, 1)], { confirmation }), logged.evaluate);
    const sizes = logged.batches
      .flat()
      .filter((r) => r.firstReplication >= 1000)
      .map((r) => r.replications);
    expect(sizes).toEqual([5, 5, 10, 13]);
    expect(result.stoppedBy).toBe('max-replications');
    expect(result.best.replications).toBe(33);
  });

  it('stops confirming at a relative half-width', async () => {
    const confirmation = { halfWidth: null, relativeHalfWidth: 0.5, minReplications: 4, maxReplications: 4000, replicationOffset: 1000 };
    const result = await searchNoisy(options([range(0, 1)], { confirmation }), evaluator((x) => 1 + concave(x), 0.5).evaluate);
    const [low, high] = result.best.ci!;
    expect(result.stoppedBy).toBe('half-width');
    expect((high - low) / 2).toBeLessThanOrEqual(0.5 * Math.abs(result.best.mean));
    expect(result.best.replications).toBeLessThan(4000);
  });
});

describe('the options the search refuses', () => {
  const refused: Array<[string, Partial<SearchOptions>, RegExp]> = [
    ['eta 1', { eta: 1 }, /eta must be an integer of at least 2/],
    ['a fractional eta', { eta: 2.5 }, /eta must be an integer/],
    ['no candidates', { initialCandidates: 0 }, /at least one candidate/],
    ['no replications', { initialReplications: 0 }, /initialReplications/],
    ['negative zoom rounds', { zoomRounds: -1 }, /zoomRounds/],
    ['no dimensions', { dimensions: [] }, /at least one dimension/],
    ['an empty choice', { dimensions: [{ kind: 'choice', count: 0 }] }, /choice/],
    ['a reversed range', { dimensions: [range(1, 0)] }, /high ≥ low/],
    ['a log range from 0', { dimensions: [{ kind: 'range', low: 0, high: 1, integer: false, scale: 'log' }] }, /low > 0/],
    ['fractional integer bounds', { dimensions: [range(0.5, 3, true)] }, /integer bounds/],
  ];
  for (const [what, override, message] of refused) {
    it(`refuses ${what}`, async () => {
      await expect(searchNoisy(options([range(0, 1)], override), evaluator(concave, 0.05).evaluate)).rejects.toThrow(message);
    });
  }

  it('refuses a confirmation that could reuse the search’s seeds, or that cannot make a CI', async () => {
    const base = options([range(0, 1)]).confirmation;
    const { evaluate } = evaluator(concave, 0.05);
    await expect(searchNoisy(options([range(0, 1)], { confirmation: { ...base, replicationOffset: 5 } }), evaluate)).rejects.toThrow(
      /replicationOffset must be a whole number ≥ 6/,
    );
    await expect(searchNoisy(options([range(0, 1)], { confirmation: { ...base, minReplications: 1 } }), evaluate)).rejects.toThrow(
      /minReplications ≥ 2/,
    );
    await expect(searchNoisy(options([range(0, 1)], { confirmation: { ...base, halfWidth: -1 } }), evaluate)).rejects.toThrow(/positive/);
  });

  it('refuses an evaluator’s answer of the wrong shape or with a non-finite value', async () => {
    const opts = options([range(0, 1)]);
    await expect(
      searchNoisy(opts, async (requests) => requests.slice(1).map((r) => Array<number>(r.replications).fill(0))),
    ).rejects.toThrow(/results for 16 requests/);
    await expect(searchNoisy(opts, async (requests) => requests.map(() => [0]))).rejects.toThrow(
      /1 values for candidate 0's 2 replications/,
    );
    await expect(
      searchNoisy(opts, async (requests) => requests.map((r) => Array<number>(r.replications).fill(Number.NaN))),
    ).rejects.toThrow(/returned NaN for candidate 0, replication 0/);
  });
});
