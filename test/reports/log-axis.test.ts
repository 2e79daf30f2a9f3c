import { describe, expect, it } from 'vitest';
import { onLogAxis } from '../../reports/figures/declared/log-axis.js';

describe('intervals on a log axis', () => {
  it('cuts an interval that reaches zero or below at an axis set half a decade under the smallest positive value', () => {
    const shown = onLogAxis([
      { mean: 0.1, ci_low: -0.05, ci_high: 0.25 },
      { mean: 10, ci_low: 8, ci_high: 12 },
    ]);
    const floor = 0.1 / Math.sqrt(10);
    expect(shown.domain).toEqual([floor, 12]);
    expect(shown.records[0]!['ci_low']).toBe(floor);
    expect(shown.records[1]).toEqual({ mean: 10, ci_low: 8, ci_high: 12 });
    expect(shown.sentence).toMatch(/bottom of the logarithmic axis/);
  });

  it('says nothing when every interval is positive', () => {
    const shown = onLogAxis([{ mean: 2, ci_low: 1, ci_high: 3 }]);
    expect(shown.sentence).toBeNull();
    expect(shown.domain).toEqual([1 / Math.sqrt(10), 3]);
  });
});
