/** A swept mapping is said in words in captions and headings, never as JSON. */
import { describe, expect, it } from 'vitest';
import { valueLabel } from '../../reports/figures/value-label.js';

describe('valueLabel', () => {
  it('names a mapping by its kind or rule, with its other fields in parentheses', () => {
    expect(valueLabel('{"kind":"intermittent","probability":0.3,"attack":{"kind":"boost","amount":0.3}}')).toBe(
      'intermittent (probability 0.3, attack boost (amount 0.3))',
    );
    expect(valueLabel({ rule: 'trimmed-mean', trimFraction: 0.25 })).toBe('trimmed-mean (trimFraction 0.25)');
    expect(valueLabel({ rule: 'median' })).toBe('median');
    expect(valueLabel({ a: 1, b: 'x' })).toBe('a 1, b x');
  });

  it('leaves scalars and text that is not JSON as they are', () => {
    expect(valueLabel(0.05)).toBe('0.05');
    expect(valueLabel('median')).toBe('median');
    expect(valueLabel('{not json')).toBe('{not json');
    expect(valueLabel(null)).toBe('–');
  });
});
