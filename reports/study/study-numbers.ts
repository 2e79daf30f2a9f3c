/** How a study's numbers are written in its report: estimates with their intervals, and parameter values. */
import type { Estimate } from '../../sim/study/study-results.js';

export function number(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  const fixed = x.toFixed(digits);
  return fixed.startsWith('-') ? `−${fixed.slice(1)}` : fixed;
}

export function estimateText(estimate: Estimate, digits = 4): string {
  const ci = estimate.ci ? ` [${number(estimate.ci[0], digits)}, ${number(estimate.ci[1], digits)}]` : '';
  return `${number(estimate.mean, digits)}${ci}`;
}

export function valueText(value: unknown): string {
  if (typeof value === 'number') return String(Number(value.toPrecision(3)));
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** "factor = 0.108, boost = 0.02". */
export function valuesText(values: Readonly<Record<string, unknown>>): string {
  return Object.entries(values)
    .map(([name, value]) => `${name} = ${valueText(value)}`)
    .join(', ');
}
