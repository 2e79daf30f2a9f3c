/**
 * Pool summaries (issue 18), only when a scenario declares
 * `mechanism.rewards.pool`: the tokens paid to a group, a population or an
 * operator, and what the pool paid over the run.
 */
import type { PoolLedger } from '../market/pool-ledger.js';
import type { PoolOutcome } from '../results/run-result.js';

/** The outcome field the sum reads. */
interface PoolHolder {
  readonly poolPayout: number | null;
}

/** The members' payouts summed in their order, as `{ poolPayout }`, or nothing without a pool. */
export function poolPayoutOf(members: readonly PoolHolder[]): { poolPayout?: number } {
  if (!members.some((o) => o.poolPayout !== null)) return {};
  return { poolPayout: members.reduce((s, o) => s + (o.poolPayout ?? 0), 0) };
}

/** The run's pool, as `{ pool }`, or nothing without one. */
export function runPoolOf(pool: PoolLedger | null): { pool?: PoolOutcome } {
  return pool === null ? {} : { pool: { emissionPaid: pool.emissionPaid, epochs: pool.epochs } };
}
