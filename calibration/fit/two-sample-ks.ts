/**
 * Two-sample Kolmogorov–Smirnov statistic D = sup |F₁(x) − F₂(x)| over the
 * right-continuous empirical CDFs, evaluated at every distinct value so
 * ties and atoms (scores clipped to exactly 0 or 1) are handled correctly,
 * with the asymptotic p-value (Kolmogorov's distribution at
 * λ = (√nₑ + 0.12 + 0.11/√nₑ)·D, nₑ = n·m/(n + m), as in Numerical Recipes).
 * @stdlib's kstest is one-sample and assumes a continuous CDF, which an
 * atom at 1 violates.
 */

export function twoSampleKs(a: ArrayLike<number>, b: ArrayLike<number>): { statistic: number; pValue: number } {
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  const n = x.length;
  const m = y.length;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const value = Math.min(x[i]!, y[j]!);
    while (i < n && x[i] === value) i++;
    while (j < m && y[j] === value) j++;
    d = Math.max(d, Math.abs(i / n - j / m));
  }
  const effective = (n * m) / (n + m);
  const lambda = (Math.sqrt(effective) + 0.12 + 0.11 / Math.sqrt(effective)) * d;
  return { statistic: d, pValue: kolmogorovSurvival(lambda) };
}

/** P(K > λ) for Kolmogorov's distribution. */
export function kolmogorovSurvival(lambda: number): number {
  if (lambda < 1e-3) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = 2 * (k % 2 === 1 ? 1 : -1) * Math.exp(-2 * k * k * lambda * lambda);
    sum += term;
    if (Math.abs(term) < 1e-12) break;
  }
  return Math.min(1, Math.max(0, sum));
}
