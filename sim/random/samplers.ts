/**
 * Random variate samplers over a uniform stream. Each sampler owns its
 * stream and any state (the normal sampler's spare variate), and draws
 * without allocating.
 */
import type { Rng } from './streams.js';

export interface Sampler {
  sample(): number;
}

/** A uniform on (0, 1], safe to pass to log(). */
function openUniform(rng: Rng): number {
  return 1 - rng();
}

export class ConstantSampler implements Sampler {
  constructor(private readonly value: number) {}
  sample(): number {
    return this.value;
  }
}

export class UniformSampler implements Sampler {
  private readonly width: number;
  constructor(
    private readonly rng: Rng,
    private readonly min: number,
    max: number,
  ) {
    this.width = max - min;
  }
  sample(): number {
    return this.min + this.width * this.rng();
  }
}

export class ExponentialSampler implements Sampler {
  constructor(
    private readonly rng: Rng,
    private readonly mean: number,
  ) {}
  sample(): number {
    return -this.mean * Math.log(openUniform(this.rng));
  }
}

/** Marsaglia's polar method; the second variate of each pair is kept for the next call. */
export class NormalSampler implements Sampler {
  private spare = 0;
  private hasSpare = false;
  constructor(
    private readonly rng: Rng,
    private readonly mean = 0,
    private readonly sd = 1,
  ) {}
  sample(): number {
    return this.mean + this.sd * this.standard();
  }
  standard(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.rng() - 1;
      v = 2 * this.rng() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * factor;
    this.hasSpare = true;
    return u * factor;
  }
}

export class LognormalSampler implements Sampler {
  private readonly normal: NormalSampler;
  constructor(rng: Rng, meanLog: number, sdLog: number) {
    this.normal = new NormalSampler(rng, meanLog, sdLog);
  }
  sample(): number {
    return Math.exp(this.normal.sample());
  }
}

/** Marsaglia and Tsang (2000); shapes below 1 use the u^(1/shape) boost. */
export class GammaSampler implements Sampler {
  private readonly normal: NormalSampler;
  private readonly d: number;
  private readonly c: number;
  private readonly boost: number;
  constructor(
    private readonly rng: Rng,
    shape: number,
    private readonly scale: number,
  ) {
    this.normal = new NormalSampler(rng);
    const effectiveShape = shape < 1 ? shape + 1 : shape;
    this.boost = shape < 1 ? 1 / shape : 0;
    this.d = effectiveShape - 1 / 3;
    this.c = 1 / Math.sqrt(9 * this.d);
  }
  sample(): number {
    const d = this.d;
    let x: number;
    let v: number;
    for (;;) {
      do {
        x = this.normal.standard();
        v = 1 + this.c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = openUniform(this.rng);
      if (u < 1 - 0.0331 * x * x * x * x) break;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) break;
    }
    let value = d * v * this.scale;
    if (this.boost !== 0) value *= Math.pow(openUniform(this.rng), this.boost);
    return value;
  }
}

export class BetaSampler implements Sampler {
  private readonly x: GammaSampler;
  private readonly y: GammaSampler;
  constructor(rng: Rng, alpha: number, beta: number) {
    this.x = new GammaSampler(rng, alpha, 1);
    this.y = new GammaSampler(rng, beta, 1);
  }
  sample(): number {
    const x = this.x.sample();
    const y = this.y.sample();
    const total = x + y;
    // Both gammas can underflow to 0 for tiny shapes; the midpoint is the least biased answer then.
    return total > 0 ? x / total : 0.5;
  }
}

export class WeibullSampler implements Sampler {
  private readonly inverseShape: number;
  constructor(
    private readonly rng: Rng,
    shape: number,
    private readonly scale: number,
  ) {
    this.inverseShape = 1 / shape;
  }
  sample(): number {
    return this.scale * Math.pow(-Math.log(openUniform(this.rng)), this.inverseShape);
  }
}

/**
 * Draws an index in [0, weights.length) with probability proportional to its
 * weight, in constant time (Vose's alias method).
 */
export class CategoricalSampler implements Sampler {
  private readonly probability: Float64Array;
  private readonly alias: Int32Array;
  constructor(
    private readonly rng: Rng,
    weights: readonly number[],
  ) {
    const n = weights.length;
    if (n === 0) throw new RangeError('a categorical distribution needs at least one weight');
    const total = weights.reduce((sum, w) => sum + w, 0);
    if (!(total > 0) || weights.some((w) => !(w >= 0))) {
      throw new RangeError('categorical weights must be non-negative with a positive sum');
    }
    this.probability = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = weights.map((w) => (w * n) / total);
    const small: number[] = [];
    const large: number[] = [];
    scaled.forEach((p, i) => (p < 1 ? small : large).push(i));
    while (small.length > 0 && large.length > 0) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.probability[s] = scaled[s]!;
      this.alias[s] = l;
      scaled[l] = scaled[l]! + scaled[s]! - 1;
      (scaled[l]! < 1 ? small : large).push(l);
    }
    for (const i of large) this.probability[i] = 1;
    for (const i of small) this.probability[i] = 1;
  }
  sample(): number {
    const n = this.probability.length;
    const scaled = this.rng() * n;
    const column = Math.floor(scaled);
    return scaled - column < this.probability[column]! ? column : this.alias[column]!;
  }
}

/** Resamples measured values uniformly with replacement. */
export class EmpiricalSampler implements Sampler {
  private readonly values: Float64Array;
  constructor(
    private readonly rng: Rng,
    values: readonly number[],
  ) {
    if (values.length === 0) throw new RangeError('an empirical distribution needs at least one value');
    this.values = Float64Array.from(values);
  }
  sample(): number {
    return this.values[Math.floor(this.rng() * this.values.length)]!;
  }
}

/** Draws from a categorical over explicit values rather than indices. */
export class ValuesSampler implements Sampler {
  private readonly index: CategoricalSampler;
  constructor(
    rng: Rng,
    private readonly values: readonly number[],
    weights: readonly number[],
  ) {
    this.index = new CategoricalSampler(rng, weights);
  }
  sample(): number {
    return this.values[this.index.sample()]!;
  }
}
