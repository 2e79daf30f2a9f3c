/**
 * The token price rewards are paid in (issue 18): a constant, or a
 * geometric Brownian motion sampled at each settlement's virtual time. The
 * path steps with GBM's exact transition between consecutive settlements,
 * log S(t₂) − log S(t₁) ~ N((μ − σ²/2)·Δt, σ²·Δt), so its law does not
 * depend on how often it is sampled (an Euler step would). Its normals
 * come from a stream of its own, so no other stream's draws move.
 */
import type { StreamBank } from '../random/streams.js';

export interface TokenPriceGbm {
  readonly process: 'gbm';
  readonly initial: number;
  /** μ, per year. */
  readonly drift: number;
  /** σ, per √year. */
  readonly volatility: number;
}

/** USD per token: a constant, or a geometric Brownian motion. */
export type TokenPriceParameters = number | TokenPriceGbm;

/** The year GBM's drift and volatility are quoted in, as the hardware amortization's: 8766 h. */
export const YEAR_MS = 8766 * 3600 * 1000;

export class TokenPrice {
  private price: number;
  private timeMs = 0;
  private readonly driftPerMs: number;
  private readonly sdPerSqrtMs: number;

  /** @param stream  the bank's stream for the path's normals; unused for a constant price */
  constructor(
    spec: TokenPriceParameters,
    private readonly bank: StreamBank,
    private readonly stream: number,
  ) {
    const sigma = typeof spec === 'number' ? 0 : spec.volatility;
    this.price = typeof spec === 'number' ? spec : spec.initial;
    this.driftPerMs = typeof spec === 'number' ? 0 : (spec.drift - (sigma * sigma) / 2) / YEAR_MS;
    this.sdPerSqrtMs = sigma / Math.sqrt(YEAR_MS);
  }

  /** The price at `nowMs`, which never decreases from one call to the next; a path without volatility draws nothing. */
  at(nowMs: number): number {
    const dt = nowMs - this.timeMs;
    if (dt <= 0) return this.price;
    const noise = this.sdPerSqrtMs === 0 ? 0 : this.sdPerSqrtMs * Math.sqrt(dt) * this.bank.standardNormal(this.stream);
    this.price *= Math.exp(this.driftPerMs * dt + noise);
    this.timeMs = nowMs;
    return this.price;
  }
}
