/**
 * Hardware tiers, energy and the cost measure (issue 17), on markets small
 * enough to compute by hand: constant service times, so every job's billed
 * time, energy and price is known.
 */
import { describe, expect, it } from 'vitest';
import { ElectricityPrices } from '../../sim/market/electricity-price.js';
import { StreamBank } from '../../sim/random/streams.js';
import { marketSetup } from '../../sim/run/build-market.js';
import { honestTwin } from '../../sim/run/honest-twin.js';
import { group, resolveText, runText } from '../helpers.js';
import { handMarket as network } from './hand-market.js';

const KWH = 3.6e6; // joules

describe('energy and cost accounting', () => {
  it('adds busy energy over billed time and idle energy over the rest of the run, and amortizes a purchase over the run', () => {
    const result = runText(network());
    // Ten rounds of 500 ms inference then 100 ms evaluation, back to back.
    expect(result.virtualTimeMs).toBe(6000);
    const f = result.nodes.find((n) => n.id === 'fixed-0')!;
    // 300 W × 5 s busy + 50 W × 1 s idle; 8,766 USD over 8,766 hours is 1 USD/h, over 6 s.
    expect(f.hardwareCost!.energyKwh).toBeCloseTo((300 * 5 + 50 * 1) / KWH, 15);
    expect(f.hardwareCost!.energyCostUsd).toBeCloseTo(((300 * 5 + 50 * 1) / KWH) * 0.2, 15);
    expect(f.hardwareCost!.hardwareCostUsd).toBeCloseTo(6 / 3600, 15);
    expect(f.hardwareCost!.totalCostUsd).toBeCloseTo(6 / 3600 + (1550 / KWH) * 0.2, 15);
    // A job's USD: 0.5 s at 1 USD/h, plus 300 W × 0.5 s at 0.2 USD/kWh.
    expect(f.totalTrueCostUsd).toBeCloseTo(10 * (0.5 / 3600 + (150 / KWH) * 0.2), 15);
    const e = result.nodes.find((n) => n.id === 'judge-0')!;
    expect(e.hardwareCost!.energyKwh).toBeCloseTo((100 * 1 + 10 * 5) / KWH, 15);
    expect(e.hardwareCost!.hardwareCostUsd).toBeCloseTo((0.36 * 6) / 3600, 15);
    // Groups and the run sum their nodes.
    expect(group(result, 'judge').energyKwh).toBeCloseTo((3 * 150) / KWH, 15);
    expect(result.hardwareCosts!.totalCostUsd).toBeCloseTo(f.hardwareCost!.totalCostUsd + 3 * e.hardwareCost!.totalCostUsd, 15);
  });

  it('prices each job at its settlement’s local hour and idle time over the hours it spans', () => {
    const hourly = Array.from({ length: 24 }, (_, h) => (h + 1) / 100);
    const result = runText(`
name: time-of-day
seed: 3
profile: ../profiles/hardware.yaml
stop: { requests: 3 }
regions:
  east: { electricityUsdPerKwh: { hourly: [${hourly.join(', ')}], utcOffsetHours: 2 } }
hardware:
  big: { relativeSpeed: 1, powerWatts: { idle: 100, busy: 1000 }, costUsdPerHour: 1 }
  idler: { relativeSpeed: 1, powerWatts: { idle: 1000, busy: 1000 }, costUsdPerHour: 1 }
network:
  inference:
    - { model: hourly, count: 1, hardware: big, region: east }
  evaluators:
    - { model: instant, count: 3, hardware: idler, region: east }
`);
    // Jobs of one hour settle just after 01:00, 02:00 and 03:00 UTC: local hours 3, 4 and 5. One kWh each.
    const f = result.nodes.find((n) => n.id === 'hourly-0')!;
    expect(f.hardwareCost!.energyCostUsd).toBeCloseTo(hourly[3]! + hourly[4]! + hourly[5]!, 6);
    // An evaluator idles at 1 kW through local hours 2, 3 and 4.
    const e = result.nodes.find((n) => n.id === 'instant-0')!;
    expect(e.hardwareCost!.energyCostUsd).toBeCloseTo(hourly[2]! + hourly[3]! + hourly[4]!, 6);
  });

  it('integrates a price curve over whole days and the hours left', () => {
    const hourly = Array.from({ length: 24 }, (_, h) => h);
    const prices = new ElectricityPrices([{ hourly, utcOffsetHours: -5 }]);
    const daySum = hourly.reduce((a, b) => a + b, 0);
    // 26 hours from 00:00 UTC: one whole day, then local 19:00 and 20:00.
    expect(prices.integralMs(0, 26 * 3.6e6)).toBeCloseTo((daySum + 19 + 20) * 3.6e6, 3);
    expect(prices.priceAt(0, 0)).toBe(19);
    expect(prices.meanPrice(0)).toBe(daySum / 24);
  });

  it('pays for a Sybil part’s one machine once: its identities add only their busy energy', () => {
    const result = runText(network('', '- { model: fixed, count: 3, sybil: true, hardware: mine, region: flat }'));
    const [first, ...others] = result.nodes.filter((n) => n.role === 'inference');
    const busyMs = result.nodes.filter((n) => n.role === 'inference').reduce((a, n) => a + n.meanServiceMs * n.rounds, 0);
    expect(busyMs).toBeCloseTo(5000, 9);
    expect(first!.hardwareCost!.hardwareCostUsd).toBeCloseTo(6 / 3600, 15);
    expect(others.every((n) => n.hardwareCost!.hardwareCostUsd === 0)).toBe(true);
    // Together: 300 W over the 5 s the shared server was busy, 50 W over the 1 s it idled.
    const energy = result.nodes.filter((n) => n.role === 'inference').reduce((a, n) => a + n.hardwareCost!.energyKwh, 0);
    expect(energy).toBeCloseTo((300 * 5 + 50 * 1) / KWH, 15);
  });

  it('under batching, a job’s energy is its share of its batch’s busy time: the node’s busy energy is its busy time’s', () => {
    const result = runText(`
name: batched-energy
seed: 5
profile: ../profiles/batching.yaml
demand: { mode: poisson, ratePerSecond: 30 }
stop: { requests: 5000 }
regions:
  flat: { electricityUsdPerKwh: 0.1 }
hardware:
  box: { relativeSpeed: 1, powerWatts: { idle: 0, busy: 1000 }, costUsdPerHour: 1 }
network:
  inference:
    - { model: constant-server, count: 1, hardware: box, region: flat, batching: { policy: queued, maxSize: 4 } }
  evaluators:
    - { model: instant, count: 1, concurrency: 1000 }
mechanism:
  evaluatorsPerRound: 1
`);
    const node = result.nodes.find((n) => n.role === 'inference')!;
    expect(node.meanServiceMs).toBeLessThan(100); // jobs did share batches
    const busyMs = node.utilization * result.virtualTimeMs;
    expect(node.hardwareCost!.energyKwh).toBeCloseTo((1000 * busyMs) / 3.6e9, 12);
    expect(node.hardwareCost!.energyCostUsd).toBeCloseTo(((1000 * busyMs) / 3.6e9) * 0.1, 12);
  });

  it('keeps no accounting, and adds no column, when the scenario uses none of it', () => {
    const result = runText(`
name: plain
profile: ../profiles/hardware.yaml
stop: { requests: 5 }
network:
  inference: [{ model: fixed, count: 1 }]
  evaluators: [{ model: judge, count: 3 }]
`);
    expect(result.hardwareCosts).toBeUndefined();
    expect(result.nodes.every((n) => n.hardwareCost === undefined)).toBe(true);
    expect('energyKwh' in group(result, 'fixed')).toBe(false);
  });
});

describe('the cost measure', () => {
  const measured = (measure: string, max: number, signal = 'request') =>
    runText(
      network(`mechanism:
  rewards: { alpha: 0, beta: 1, cost: { method: fixed, min: 0, max: ${max}, signal: ${signal}, measure: ${measure} } }`),
    );

  it('latency: a job costs its billed milliseconds', () => {
    const result = measured('latency', 1000);
    expect(group(result, 'fixed').meanReward).toBeCloseTo(-0.5, 12);
    expect(group(result, 'judge').meanReward).toBeCloseTo(-0.1, 12);
  });

  it('energy: a job costs busy power × billed time in joules', () => {
    const result = measured('energy', 1000);
    expect(group(result, 'fixed').meanReward).toBeCloseTo(-0.15, 12);
    expect(group(result, 'judge').meanReward).toBeCloseTo(-0.01, 12);
  });

  it('usd (the default): billed time × hourly price plus busy energy × electricity price', () => {
    const job = 0.5 / 3600 + (150 / KWH) * 0.2;
    expect(group(measured('usd', 1e-3), 'fixed').meanReward).toBeCloseTo(-job / 1e-3, 12);
    const unnamed = runText(network(`mechanism:\n  rewards: { alpha: 0, beta: 1, cost: { method: fixed, min: 0, max: 0.001 } }`));
    expect(group(unnamed, 'fixed').meanReward).toBeCloseTo(-job / 1e-3, 12);
  });

  it('model-mean signal, cost scale and routing weights use the expected cost in the measure', () => {
    expect(group(measured('energy', 1000, 'model-mean'), 'fixed').meanReward).toBeCloseTo(-0.15, 12);
    const resolved = resolveText(network('mechanism:\n  rewards: { cost: { measure: latency } }'));
    const setup = marketSetup(resolved, new StreamBank(1));
    expect(setup.inference.expectedCostUsd[0]).toBeCloseTo(500, 9);
    expect(setup.evaluators.expectedCostUsd[0]).toBeCloseTo(100, 9);
  });

  it('energy: a misreport scales the reported joules, and audits re-measure joules', () => {
    const result = runText(
      network(
        `mechanism:
  rewards: { alpha: 0, beta: 1, cost: { method: fixed, min: 0, max: 1000, measure: energy } }
  audits: { probability: 1, measurementNoise: 0, tolerance: 0.1, slash: 0 }`,
        '- { model: fixed, count: 1, hardware: mine, region: flat, behaviour: [{ kind: misreport-cost, factor: 0.5 }] }',
      ),
    );
    const f = result.nodes.find((n) => n.id === 'fixed-0')!;
    expect(f.meanReward).toBeCloseTo(-0.075, 12);
    // Reported USD is true USD × reported / true joules.
    expect(f.totalReportedCostUsd).toBeCloseTo(0.5 * f.totalTrueCostUsd, 15);
    expect(f.audits).toBe(10);
    expect(f.flags).toBe(10);
    const honest = result.nodes.filter((n) => n.role === 'evaluator');
    expect(honest.every((n) => n.audits > 0 && n.flags === 0)).toBe(true);
  });
});

describe('tiers from the catalogue', () => {
  it('takes speed by model size from the catalogue: small evaluators compute-bound, larger LLMs bandwidth-bound', () => {
    const resolved = resolveText(
      network('', '- { model: fixed, count: 1, hardware: h100-sxm }').replace(
        '- { model: judge, count: 3, hardware: evalhw, region: flat }',
        '- { model: judge, count: 3, hardware: h100-sxm }',
      ),
    );
    // fixed has 3 billion parameters (bandwidth-bound: 3.32), judge 100 million (compute-bound: 5.99).
    expect(resolved.inferenceNodes[0]!.speedFactor).toBeCloseTo(1 / 3.32, 12);
    expect(resolved.evaluatorNodes[0]!.speedFactor).toBeCloseTo(1 / 5.99, 12);
    expect(resolved.inferenceNodes[0]!.powerWatts).toEqual({ idle: 70, busy: 700 });
    expect(resolved.inferenceNodes[0]!.costUsdPerMs).toBeCloseTo(2.99 / 3.6e6, 18);
  });

  it('a substitute runs the served model at its own speed; the mechanism and the honest twin see the claimed model’s', () => {
    const resolved = resolveText(
      network(
        'mechanism:\n  rewards: { cost: { measure: latency } }',
        '- { model: fixed, count: 1, hardware: mixed, behaviour: [{ kind: substitute-model, serve: hourly }] }',
      ).replace('hardware:\n', 'hardware:\n  mixed: { relativeSpeed: { default: 1, byModel: { fixed: 2 } }, costUsdPerHour: 1 }\n'),
    );
    const node = resolved.inferenceNodes[0]!;
    expect([node.speedFactor, node.claimedSpeedFactor]).toEqual([1, 0.5]);
    expect(marketSetup(resolved, new StreamBank(1)).inference.expectedCostUsd[0]).toBeCloseTo(500, 9);
    expect(honestTwin(resolved).inferenceNodes[0]!.speedFactor).toBe(0.5);
  });

  it('a scenario tier overrides a catalogue entry field by field, byModel before bySize', () => {
    const resolved = resolveText(
      network('', '- { model: fixed, count: 1, hardware: own }').replace(
        'hardware:\n',
        'hardware:\n  own: { catalogue: l4, purchase: {}, relativeSpeed: { default: 0.3, byModel: { fixed: 0.25 } }, powerWatts: { idle: 5, busy: 60 } }\n',
      ),
    );
    const node = resolved.inferenceNodes[0]!;
    expect(node.speedFactor).toBeCloseTo(4, 12);
    expect(node.powerWatts).toEqual({ idle: 5, busy: 60 });
    // The catalogue's purchase price (2,500 USD) over its lifetime (4 years).
    expect(node.costUsdPerMs).toBeCloseTo(2500 / (4 * 8766) / 3.6e6, 18);
  });

  it('the load estimate that refuses oversized runs uses a scenario tier’s speed', () => {
    // 1000 ms of work per request at 0.9 requests/s: stable at relative speed 2, overloaded at 0.5.
    const poisson = (speed: number) =>
      resolveText(
        network('demand: { mode: poisson, ratePerSecond: 0.9 }')
          .replace('relativeSpeed: 2,', `relativeSpeed: ${speed},`)
          .replace('stop: { requests: 10 }', 'stop: { requests: 100000 }'),
      ).memory.pendingRequests;
    expect(poisson(2)).toBeLessThan(10);
    expect(poisson(0.5)).toBeGreaterThan(1000);
  });
});
