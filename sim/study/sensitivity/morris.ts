/**
 * Elementary effects (Morris 1991, "Factorial sampling plans for
 * preliminary computational experiments"): r trajectories on a p-level grid
 * of the unit cube, each moving one factor at a time by ±Δ, Δ = p / (2(p − 1)),
 * from a random base point, in a random order of the factors, each in a
 * random direction (Morris's randomized B*; not Campolongo et al. 2007's
 * spread-maximising selection). p must be even, so that Δ is p/2 grid steps. EE_i = (f(x') − f(x)) / (x'_i − x_i),
 * in units of the factor's whole range. Reported per factor: μ (mean EE),
 * μ* (mean |EE|, Campolongo, Cariboni & Saltelli 2007), σ (sample standard
 * deviation, as SALib), and a bootstrap 95% CI of μ* over trajectories.
 */
import { StreamBank } from '../../random/streams.js';
import { bootstrapReplicates, percentileInterval } from './bootstrap.js';

export interface MorrisPlan {
  readonly rows: number[][];
  readonly trajectories: number;
  readonly dimensions: number;
  readonly levels: number;
  readonly delta: number;
  /** Per trajectory, the factor moved at each step and its signed change. */
  readonly moves: ReadonlyArray<ReadonlyArray<{ readonly factor: number; readonly change: number }>>;
}

export interface MorrisEffect {
  readonly mu: number;
  readonly muStar: number;
  readonly sigma: number;
  readonly muStarCi: [number, number];
}

export function morrisPlan(trajectories: number, dimensions: number, levels: number, seed: number | string): MorrisPlan {
  if (!(Number.isInteger(trajectories) && trajectories >= 2))
    throw new RangeError(`Morris needs at least 2 trajectories (got ${trajectories})`);
  if (!(Number.isInteger(dimensions) && dimensions >= 1)) throw new RangeError('Morris needs at least one factor');
  // Δ = p / (2(p − 1)) is a whole number of grid steps (p/2) only for even p (Morris 1991, §3): odd p would leave the grid.
  if (!(Number.isInteger(levels) && levels >= 2 && levels % 2 === 0))
    throw new RangeError(`Morris needs an even number of levels, at least 2 (got ${levels})`);
  const bank = new StreamBank(seed, 'poq-sim/morris/v1');
  const stream = bank.stream('morris', 'trajectories');
  const draw = (n: number) => Math.min(n - 1, Math.floor(bank.uniform(stream) * n));
  const jump = levels / 2;
  const delta = levels / (2 * (levels - 1));
  // Coordinates are kept as level numbers 0…p−1 and divided once, so every point lies exactly on the grid.
  const onGrid = (level: readonly number[]) => level.map((k) => k / (levels - 1));
  const rows: number[][] = [];
  const moves: Array<Array<{ factor: number; change: number }>> = [];
  for (let t = 0; t < trajectories; t++) {
    const up = Array.from({ length: dimensions }, () => draw(2) === 0);
    // Base level among the lower p/2 (so that base + p/2 ≤ p − 1); a factor that moves down starts p/2 higher.
    const level = Array.from({ length: dimensions }, (_, i) => draw(jump) + (up[i] ? 0 : jump));
    const order = Array.from({ length: dimensions }, (_, i) => i);
    for (let i = dimensions - 1; i > 0; i--) {
      const j = draw(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    rows.push(onGrid(level));
    const own: Array<{ factor: number; change: number }> = [];
    for (const factor of order) {
      level[factor] = level[factor]! + (up[factor] ? jump : -jump);
      rows.push(onGrid(level));
      own.push({ factor, change: up[factor] ? delta : -delta });
    }
    moves.push(own);
  }
  return { rows, trajectories, dimensions, levels, delta, moves };
}

/** The elementary effects of each factor, one per trajectory. */
function effectsOf(plan: MorrisPlan, outputs: readonly number[]): number[][] {
  const effects = Array.from({ length: plan.dimensions }, () => new Array<number>(plan.trajectories));
  plan.moves.forEach((moves, t) => {
    const start = t * (plan.dimensions + 1);
    moves.forEach(({ factor, change }, k) => {
      effects[factor]![t] = (outputs[start + k + 1]! - outputs[start + k]!) / change;
    });
  });
  return effects;
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

export function morrisEffects(
  plan: MorrisPlan,
  outputs: readonly number[],
  options: { bootstrap?: number; seed?: number | string; level?: number } = {},
): MorrisEffect[] {
  if (outputs.length !== plan.rows.length)
    throw new RangeError(`the Morris plan has ${plan.rows.length} rows; got ${outputs.length} outputs`);
  const bad = outputs.findIndex((y) => !Number.isFinite(y));
  if (bad >= 0) throw new RangeError(`output ${bad} of the plan is not a finite number (${outputs[bad]})`);
  return effectsOf(plan, outputs).map((effects, i) => {
    const mu = mean(effects);
    const absolute = effects.map(Math.abs);
    const sigma = Math.sqrt(effects.reduce((s, e) => s + (e - mu) ** 2, 0) / (effects.length - 1));
    const replicates = bootstrapReplicates(effects.length, options.bootstrap ?? 1000, `${options.seed ?? 1}/${i}`, (rows) =>
      mean(Array.from(rows, (r) => absolute[r]!)),
    );
    return { mu, muStar: mean(absolute), sigma, muStarCi: percentileInterval(replicates, options.level) };
  });
}
