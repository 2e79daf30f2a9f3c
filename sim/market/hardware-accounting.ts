/**
 * A role's energy and hardware cost accounting (issue 17), kept only when
 * a scenario uses tiers, regions or a cost measure: what a job costs in the
 * mechanism's chosen measure, its USD cost, and per node the running sums
 * from which its energy and costs over the run are computed at the end.
 *
 * A job draws its tier's busy power over its billed time; the node draws
 * idle power over the rest of the run. A job's energy is priced at the
 * region's price at the instant it is paid (the round's settlement).
 */
import type { ElectricityPrices } from './electricity-price.js';

export type CostMeasure = 'usd' | 'latency' | 'energy';

const MEASURE_USD = 0;
const MEASURE_LATENCY = 1;
const MEASURE_ENERGY = 2;
/** W × ms × USD/kWh → USD: a kWh is 3.6e9 W·ms. */
const WMS_PER_KWH = 3.6e9;

export interface HardwareAccountingSetup {
  readonly measure: CostMeasure;
  /** Rental or amortized price per ms, busy or idle. */
  readonly costUsdPerMs: Float64Array;
  readonly busyWatts: Float64Array;
  readonly idleWatts: Float64Array;
  /** Index of the node's region in `prices`, or −1 when it has none (energy unpriced). */
  readonly region: Int32Array;
  /** The node whose physical server it is: itself, or a Sybil part's first identity. */
  readonly server: Int32Array;
  readonly prices: ElectricityPrices;
}

/** A node's energy and costs over a run. */
export interface NodeHardwareCost {
  readonly energyKwh: number;
  readonly energyCostUsd: number;
  /** Rental or amortization over the whole run. */
  readonly hardwareCostUsd: number;
  /** hardwareCostUsd + energyCostUsd. */
  readonly totalCostUsd: number;
}

export class HardwareAccounting {
  /** The USD cost of the job last charged. */
  lastUsd = 0;
  private readonly measure: number;
  private readonly busyMs: Float64Array;
  /** Σ billed ms × the price it was charged at (USD/kWh × ms). */
  private readonly busyPricedMs: Float64Array;

  constructor(private readonly setup: HardwareAccountingSetup) {
    this.measure = setup.measure === 'usd' ? MEASURE_USD : setup.measure === 'latency' ? MEASURE_LATENCY : MEASURE_ENERGY;
    this.busyMs = new Float64Array(setup.costUsdPerMs.length);
    this.busyPricedMs = new Float64Array(setup.costUsdPerMs.length);
  }

  /** Charges `node` a job billed `billedMs` at `nowMs`; returns its cost in the measure and keeps its USD cost in `lastUsd`. */
  charge(node: number, billedMs: number, nowMs: number): number {
    const setup = this.setup;
    const region = setup.region[node]!;
    const price = region < 0 ? 0 : setup.prices.priceAt(region, nowMs);
    const busyWatts = setup.busyWatts[node]!;
    const usd = billedMs * setup.costUsdPerMs[node]! + (busyWatts * billedMs * price) / WMS_PER_KWH;
    this.lastUsd = usd;
    this.busyMs[node]! += billedMs;
    this.busyPricedMs[node]! += billedMs * price;
    if (this.measure === MEASURE_USD) return usd;
    return this.measure === MEASURE_LATENCY ? billedMs : (busyWatts * billedMs) / 1000;
  }

  /** The USD a report claims: the true USD cost scaled by reported / true in the measure (in USD, the report itself). */
  reportedUsd(trueCost: number, reportedCost: number): number {
    if (this.measure === MEASURE_USD) return reportedCost;
    return trueCost > 0 ? this.lastUsd * (reportedCost / trueCost) : this.lastUsd;
  }

  /**
   * A node's energy and costs over its time in the market, [`fromMs`,
   * `toMs`] (the whole run, unless it joined or left during it: issue 18's
   * entry and exit): busy power over its billed time; and, for the node
   * that owns its physical server, idle power over the rest and the
   * hardware's price over all of it. The other identities of a Sybil part
   * share that server: they add only their busy energy, so one machine is
   * paid for once.
   */
  totals(node: number, fromMs: number, toMs: number): NodeHardwareCost {
    if (this.setup.server[node] !== node) {
      const busyWatts = this.setup.busyWatts[node]!;
      const busyCostUsd = (busyWatts * this.busyPricedMs[node]!) / WMS_PER_KWH;
      return {
        energyKwh: (busyWatts * this.busyMs[node]!) / WMS_PER_KWH,
        energyCostUsd: busyCostUsd,
        hardwareCostUsd: 0,
        totalCostUsd: busyCostUsd,
      };
    }
    const server = this.serverTotals();
    return this.costOver(
      node,
      this.busyMs[node]!,
      this.busyPricedMs[node]!,
      server.busyMs[node]!,
      server.busyPricedMs[node]!,
      fromMs,
      toMs,
    );
  }

  /** The node's billed time so far, and that time weighted by the electricity price it was charged at. */
  busySoFar(node: number): { readonly busyMs: number; readonly busyPricedMs: number } {
    return { busyMs: this.busyMs[node]!, busyPricedMs: this.busyPricedMs[node]! };
  }

  /**
   * What a node costs over [`fromMs`, `toMs`] when its jobs take `busyMs`
   * of it, charged at `busyPricedMs` (ms × USD/kWh): its own busy energy,
   * and its server's idle energy and hardware price over the interval. The
   * cost of one epoch, or of an epoch expected (entry and exit).
   */
  costOver(
    node: number,
    busyMs: number,
    busyPricedMs: number,
    serverBusyMs: number,
    serverBusyPricedMs: number,
    fromMs: number,
    toMs: number,
  ): NodeHardwareCost {
    const setup = this.setup;
    const region = setup.region[node]!;
    const busyWatts = setup.busyWatts[node]!;
    const busyKwh = (busyWatts * busyMs) / WMS_PER_KWH;
    const busyCostUsd = (busyWatts * busyPricedMs) / WMS_PER_KWH;
    const spanMs = toMs - fromMs;
    const idleMs = Math.max(0, spanMs - serverBusyMs);
    const idleWatts = setup.idleWatts[node]!;
    // Idle time is priced at the interval's price integral less what busy time was charged at: exact when jobs do not overlap.
    const integral =
      region < 0 || idleMs === 0 ? 0 : setup.prices.integralMs(region, toMs) - (fromMs === 0 ? 0 : setup.prices.integralMs(region, fromMs));
    const idlePricedMs = region < 0 || idleMs === 0 ? 0 : Math.max(0, integral - serverBusyPricedMs);
    const energyKwh = busyKwh + (idleWatts * idleMs) / WMS_PER_KWH;
    const energyCostUsd = busyCostUsd + (idleWatts * idlePricedMs) / WMS_PER_KWH;
    const hardwareCostUsd = setup.costUsdPerMs[node]! * spanMs;
    return { energyKwh, energyCostUsd, hardwareCostUsd, totalCostUsd: hardwareCostUsd + energyCostUsd };
  }

  /** The mean electricity price of the node's region over [`fromMs`, `toMs`], USD/kWh (0 without a region). */
  meanPrice(node: number, fromMs: number, toMs: number): number {
    const region = this.setup.region[node]!;
    if (region < 0 || !(toMs > fromMs)) return 0;
    return (this.setup.prices.integralMs(region, toMs) - this.setup.prices.integralMs(region, fromMs)) / (toMs - fromMs);
  }

  private serverSums: { busyMs: Float64Array; busyPricedMs: Float64Array } | undefined;

  /** Busy time and priced busy time summed per physical server, once, after the run. */
  private serverTotals(): { busyMs: Float64Array; busyPricedMs: Float64Array } {
    if (this.serverSums) return this.serverSums;
    const n = this.busyMs.length;
    const sums = { busyMs: new Float64Array(n), busyPricedMs: new Float64Array(n) };
    for (let i = 0; i < n; i++) {
      const server = this.setup.server[i]!;
      sums.busyMs[server]! += this.busyMs[i]!;
      sums.busyPricedMs[server]! += this.busyPricedMs[i]!;
    }
    this.serverSums = sums;
    return sums;
  }
}
