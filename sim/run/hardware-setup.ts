/**
 * The energy and cost accounting of a role's nodes, built from a resolved
 * scenario (sim/market/hardware-accounting.ts), and each node's cost rate
 * per millisecond in the chosen cost measure, from which its expected cost
 * follows. Null when the scenario uses no tier, region or measure of its
 * own: the market then costs jobs exactly as before these existed.
 */
import { ElectricityPrices, type RegionPrice } from '../market/electricity-price.js';
import { type CostMeasure, HardwareAccounting } from '../market/hardware-accounting.js';
import { hardwareAccountingOn } from '../scenario/hardware-accounting-checks.js';
import type { RegionSpec } from '../scenario/hardware-schema.js';
import type { ResolvedNode, ResolvedScenario } from '../scenario/resolved.js';

export interface RoleHardware {
  readonly accounting: HardwareAccounting;
  /** Cost per billed ms in the measure, at the region's mean price: what an expected cost assumes. */
  readonly ratePerMs: Float64Array;
}

function regionPrice(spec: RegionSpec): RegionPrice {
  const price = spec.electricityUsdPerKwh;
  return typeof price === 'number' ? { hourly: new Array<number>(24).fill(price), utcOffsetHours: 0 } : price;
}

export function costMeasure(resolved: ResolvedScenario): CostMeasure {
  return resolved.scenario.mechanism.rewards.cost.measure ?? 'usd';
}

export function roleHardware(resolved: ResolvedScenario, nodes: readonly ResolvedNode[]): RoleHardware | null {
  if (!hardwareAccountingOn(resolved)) return null;
  const regions = resolved.scenario.regions ?? {};
  const regionIds = Object.keys(regions);
  const prices = new ElectricityPrices(regionIds.map((id) => regionPrice(regions[id]!)));
  const region = Int32Array.from(nodes, (node) => (node.region === undefined ? -1 : regionIds.indexOf(node.region)));
  const busyWatts = Float64Array.from(nodes, (node) => node.powerWatts?.busy ?? 0);
  const idleWatts = Float64Array.from(nodes, (node) => node.powerWatts?.idle ?? 0);
  const costUsdPerMs = Float64Array.from(nodes, (node) => node.costUsdPerMs);
  const measure = costMeasure(resolved);
  const ratePerMs = Float64Array.from(nodes, (_, i) => {
    if (measure === 'latency') return 1;
    if (measure === 'energy') return busyWatts[i]! / 1000;
    const meanPrice = region[i]! < 0 ? 0 : prices.meanPrice(region[i]!);
    return costUsdPerMs[i]! + (busyWatts[i]! * meanPrice) / 3.6e9;
  });
  const server = Int32Array.from(nodes, (node) => node.server);
  return { accounting: new HardwareAccounting({ measure, costUsdPerMs, busyWatts, idleWatts, region, server, prices }), ratePerMs };
}
