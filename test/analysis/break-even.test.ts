import { describe, expect, it } from 'vitest';
import { breakEven } from '../../sim/analysis/break-even.js';
import { StreamBank } from '../../sim/random/streams.js';

describe('break-even', () => {
  it('finds where a noisy linear gain crosses zero, with a confidence interval around the truth', () => {
    // gain = 0.3 − 1.2·p: crosses at p* = 0.25.
    const bank = new StreamBank(3);
    const stream = bank.stream('t', 'noise');
    const observations = [0, 0.1, 0.2, 0.3, 0.4, 0.5].flatMap((x) =>
      Array.from({ length: 10 }, () => ({ x, y: 0.3 - 1.2 * x + 0.02 * bank.standardNormal(stream) })),
    );
    const result = breakEven(observations, 1000);
    expect(result.crossing!).toBeCloseTo(0.25, 2);
    expect(result.ci95![0]).toBeLessThan(0.25);
    expect(result.ci95![1]).toBeGreaterThan(0.25);
    expect(result.ci95![1] - result.ci95![0]).toBeLessThan(0.02);
    expect(result.rSquared).toBeGreaterThan(0.95);
  });

  it('is deterministic for a seed', () => {
    const observations = [0, 1, 2].flatMap((x) => [
      { x, y: 1 - x + 0.1 },
      { x, y: 1 - x - 0.1 },
    ]);
    expect(breakEven(observations, 200, 5)).toEqual(breakEven(observations, 200, 5));
  });

  it('refuses a single parameter value', () => {
    expect(() =>
      breakEven([
        { x: 1, y: 0 },
        { x: 1, y: 1 },
      ]),
    ).toThrow(RangeError);
  });
});
