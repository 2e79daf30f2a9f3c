/**
 * Sweep benchmarks: the paper baseline (5,000 rounds a run) over a grid of
 * β × α, one replication per point, on 1 and 2 worker threads; and a tenth
 * of the points, to show that memory does not grow with the number of
 * points (results stream to disk).
 */

function grid(betas: number, alphas: number): string {
  const values = (n: number, low: number, high: number) =>
    Array.from({ length: n }, (_, i) => Number((low + ((high - low) * i) / (n - 1)).toFixed(6)));
  return `extends: paper-baseline
name: bench-sweep
reference: null
replications: 1
sweep:
  method: grid
  parameters:
    - { path: mechanism.rewards.beta, values: [${values(betas, 0, 1).join(', ')}] }
    - { path: mechanism.rewards.alpha, values: [${values(alphas, 0.25, 2.5).join(', ')}] }
`;
}

export interface SweepCase {
  readonly name: string;
  readonly description: string;
  readonly workers: number;
  readonly yaml: () => string;
}

export const SWEEP_CASES: readonly SweepCase[] = [
  { name: 'sweep-2000-1w', description: '2,000-point sweep of the paper baseline, 1 worker thread', workers: 1, yaml: () => grid(40, 50) },
  { name: 'sweep-2000-2w', description: '2,000-point sweep of the paper baseline, 2 worker threads', workers: 2, yaml: () => grid(40, 50) },
  { name: 'sweep-200-2w', description: '200-point sweep of the paper baseline, 2 worker threads', workers: 2, yaml: () => grid(20, 10) },
];
