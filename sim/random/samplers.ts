/**
 * Random variate samplers. A sampler holds a distribution's parameters and
 * draws from whichever stream of its bank it is given, so one sampler
 * serves every node running the same model: per-node state is only a
 * stream index. Nothing is allocated per draw.
 */
import type { StreamBank } from './streams.js';

export interface Sampler {
  sample(stream: number): number;
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
    private readonly bank: StreamBank,
    private readonly min: number,
    max: number,
  ) {
    this.width = max - min;
  }
  sample(stream: number): number {
    return this.min + this.width * this.bank.uniform(stream);
  }
}

export class ExponentialSampler implements Sampler {
  constructor(
    private readonly bank: StreamBank,
    private readonly mean: number,
  ) {}
  sample(stream: number): number {
    return -this.mean * Math.log(this.bank.openUniform(stream));
  }
}

export class NormalSampler implements Sampler {
  constructor(
    private readonly bank: StreamBank,
    private readonly mean = 0,
    private readonly sd = 1,
  ) {}
  sample(stream: number): number {
    return this.mean + this.sd * this.bank.standardNormal(stream);
  }
}

export class LognormalSampler implements Sampler {
  constructor(
    private readonly bank: StreamBank,
    private readonly meanLog: number,
    private readonly sdLog: number,
  ) {}
  sample(stream: number): number {
    return Math.exp(this.meanLog + this.sdLog * this.bank.standardNormal(stream));
  }
}

/** Marsaglia and Tsang (2000); shapes below 1 use the u^(1/shape) boost. */
export class GammaSampler implements Sampler {
  private readonly d: number;
  private readonly c: number;
  private readonly boost: number;
  constructor(
    private readonly bank: StreamBank,
    shape: number,
    private readonly scale: number,
  ) {
    const effectiveShape = shape < 1 ? shape + 1 : shape;
    this.boost = shape < 1 ? 1 / shape : 0;
    this.d = effectiveShape - 1 / 3;
    this.c = 1 / Math.sqrt(9 * this.d);
  }
  sample(stream: number): number {
    const bank = this.bank;
    const d = this.d;
    let x: number;
    let v: number;
    for (;;) {
      do {
        x = bank.standardNormal(stream);
        v = 1 + this.c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = bank.openUniform(stream);
      if (u < 1 - 0.0331 * x * x * x * x) break;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) break;
    }
    let value = d * v * this.scale;
    if (this.boost !== 0) value *= Math.pow(bank.openUniform(stream), this.boost);
    return value;
  }
}

/**
 * Beta by Cheng's rejection algorithms (1978): BB when both shapes exceed 1,
 * BC otherwise, as in R's rbeta. About a third of the cost of the ratio of
 * two gammas, and it stays exact for shapes below 1.
 */
export class BetaSampler implements Sampler {
  private readonly small: number;
  private readonly large: number;
  private readonly sum: number;
  private readonly firstIsSmall: boolean;
  private readonly useBB: boolean;
  private readonly beta: number;
  private readonly gamma: number;
  private readonly k1: number;
  private readonly k2: number;

  constructor(
    private readonly bank: StreamBank,
    alpha: number,
    betaShape: number,
  ) {
    const small = Math.min(alpha, betaShape);
    const large = Math.max(alpha, betaShape);
    this.small = small;
    this.large = large;
    this.sum = small + large;
    this.firstIsSmall = alpha === small;
    this.useBB = small > 1;
    if (this.useBB) {
      this.beta = Math.sqrt((this.sum - 2) / (2 * small * large - this.sum));
      this.gamma = small + 1 / this.beta;
      this.k1 = 0;
      this.k2 = 0;
    } else {
      this.beta = 1 / small;
      const delta = 1 + large - small;
      this.k1 = (delta * (0.0138889 + 0.0416667 * small)) / (large * this.beta - 0.777778);
      this.k2 = 0.25 + (0.5 + 0.25 / delta) * small;
      this.gamma = 0;
    }
  }

  sample(stream: number): number {
    return this.useBB ? this.sampleBB(stream) : this.sampleBC(stream);
  }

  private sampleBB(stream: number): number {
    const bank = this.bank;
    const a = this.small;
    const b = this.large;
    const alpha = this.sum;
    let w: number;
    for (;;) {
      const u1 = bank.uniform(stream) || Number.MIN_VALUE;
      const u2 = bank.uniform(stream);
      const v = this.beta * Math.log(u1 / (1 - u1));
      w = a * Math.exp(v);
      if (!Number.isFinite(w)) w = Number.MAX_VALUE;
      const z = u1 * u1 * u2;
      const r = this.gamma * v - 1.3862944;
      const s = a + r - w;
      if (s + 2.609438 >= 5 * z) break;
      const t = Math.log(z);
      if (s > t) break;
      if (r + alpha * Math.log(alpha / (b + w)) >= t) break;
    }
    return this.firstIsSmall ? w / (b + w) : b / (b + w);
  }

  private sampleBC(stream: number): number {
    const bank = this.bank;
    const a = this.small;
    const b = this.large;
    const alpha = this.sum;
    let w: number;
    for (;;) {
      const u1 = bank.uniform(stream) || Number.MIN_VALUE;
      const u2 = bank.uniform(stream);
      let z: number;
      if (u1 < 0.5) {
        const y = u1 * u2;
        z = u1 * y;
        if (0.25 * u2 + z - y >= this.k1) continue;
      } else {
        z = u1 * u1 * u2;
        if (z <= 0.25) {
          w = b * Math.exp(this.beta * Math.log(u1 / (1 - u1)));
          if (!Number.isFinite(w)) w = Number.MAX_VALUE;
          break;
        }
        if (z >= this.k2) continue;
      }
      const v = this.beta * Math.log(u1 / (1 - u1));
      w = b * Math.exp(v);
      if (!Number.isFinite(w)) w = Number.MAX_VALUE;
      if (alpha * (Math.log(alpha / (a + w)) + v) - 1.3862944 >= Math.log(z)) break;
    }
    return this.firstIsSmall ? a / (a + w) : w / (a + w);
  }
}

export class WeibullSampler implements Sampler {
  private readonly inverseShape: number;
  constructor(
    private readonly bank: StreamBank,
    shape: number,
    private readonly scale: number,
  ) {
    this.inverseShape = 1 / shape;
  }
  sample(stream: number): number {
    return this.scale * Math.pow(-Math.log(this.bank.openUniform(stream)), this.inverseShape);
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
    private readonly bank: StreamBank,
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
      (scaled[l] < 1 ? small : large).push(l);
    }
    for (const i of large) this.probability[i] = 1;
    for (const i of small) this.probability[i] = 1;
  }
  sample(stream: number): number {
    const n = this.probability.length;
    const scaled = this.bank.uniform(stream) * n;
    const column = Math.floor(scaled);
    return scaled - column < this.probability[column]! ? column : this.alias[column]!;
  }
}

/** Resamples measured values uniformly with replacement. */
export class EmpiricalSampler implements Sampler {
  private readonly values: Float64Array;
  constructor(
    private readonly bank: StreamBank,
    values: readonly number[],
  ) {
    if (values.length === 0) throw new RangeError('an empirical distribution needs at least one value');
    this.values = Float64Array.from(values);
  }
  sample(stream: number): number {
    return this.values[Math.floor(this.bank.uniform(stream) * this.values.length)]!;
  }
}

/** Draws from a categorical over explicit values rather than indices. */
export class ValuesSampler implements Sampler {
  private readonly index: CategoricalSampler;
  constructor(
    bank: StreamBank,
    private readonly values: readonly number[],
    weights: readonly number[],
  ) {
    this.index = new CategoricalSampler(bank, weights);
  }
  sample(stream: number): number {
    return this.values[this.index.sample(stream)]!;
  }
}
