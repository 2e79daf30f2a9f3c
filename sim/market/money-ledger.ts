/**
 * Rewards and slashed stake valued in USD (issue 18), kept only when a
 * scenario declares `economics:`: per node of each role, Σ reward × token
 * price and Σ slashed × token price, both at the settlement that paid them.
 * Typed arrays written in the payment path, so nothing is allocated per round.
 */
import type { StreamBank } from '../random/streams.js';
import { TokenPrice, type TokenPriceParameters } from './token-price.js';

/** A node's running USD sums. */
export class RoleMoney {
  readonly revenueUsd: Float64Array;
  readonly slashedUsd: Float64Array;

  constructor(nodes: number) {
    this.revenueUsd = new Float64Array(nodes);
    this.slashedUsd = new Float64Array(nodes);
  }
}

export class MarketMoney {
  readonly price: TokenPrice;
  readonly inference: RoleMoney;
  readonly evaluators: RoleMoney;
  /** The price at the last settlement (the initial price before any). */
  lastPriceUsd: number;

  constructor(tokenPriceUsd: TokenPriceParameters, bank: StreamBank, inferenceNodes: number, evaluatorNodes: number) {
    // Opened only with economics on: a new key, so every other stream's draws stay as they were.
    this.price = new TokenPrice(tokenPriceUsd, bank, bank.stream('economics', 'token-price'));
    this.inference = new RoleMoney(inferenceNodes);
    this.evaluators = new RoleMoney(evaluatorNodes);
    this.lastPriceUsd = this.price.at(0);
  }

  /** Values a node's reward and the stake slashed from it at the token price of `nowMs`. */
  credit(isInference: boolean, node: number, reward: number, slashed: number, nowMs: number): void {
    const price = this.price.at(nowMs);
    this.lastPriceUsd = price;
    const role = isInference ? this.inference : this.evaluators;
    role.revenueUsd[node]! += reward * price;
    if (slashed !== 0) role.slashedUsd[node]! += slashed * price;
  }

  /** Values a pool payout (tokens) at the token price of the epoch's end, `nowMs`. */
  creditPayout(isInference: boolean, node: number, tokens: number, nowMs: number): void {
    const price = this.price.at(nowMs);
    this.lastPriceUsd = price;
    (isInference ? this.inference : this.evaluators).revenueUsd[node]! += tokens * price;
  }
}
