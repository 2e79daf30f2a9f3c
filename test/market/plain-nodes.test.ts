/**
 * The market draws for nodes without behaviours straight from their honest
 * model, with parameters from their record, instead of calling the node
 * object. Forcing every node through its object must change nothing.
 */
import { describe, expect, it } from 'vitest';
import { marketSetup } from '../../sim/run/build-market.js';
import { StreamBank } from '../../sim/random/streams.js';
import { network } from '../adversaries/network.js';
import { resolveText, settlementsOf } from '../helpers.js';

const yaml = network({
  rounds: 3000,
  k: 3,
  demand: '{ mode: poisson, ratePerSecond: 40 }',
  inference: ['- { name: cheats, model: small, count: 2, behaviour: { kind: misreport-cost, factor: 0.5 } }'],
  evaluators: ['- { name: boosters, model: good, count: 3, behaviour: { kind: boost, amount: 0.2 } }'],
  mechanism: ['audits: { probability: 0.2 }'],
});

describe('nodes without behaviours', () => {
  it('settle exactly as when every draw goes through the node objects', () => {
    const direct = settlementsOf(yaml);
    const throughObjects = settlementsOf(yaml, (setup) => ({
      ...setup,
      inference: { ...setup.inference, plain: new Uint8Array(setup.inference.plain.length) },
      evaluators: { ...setup.evaluators, plain: new Uint8Array(setup.evaluators.plain.length) },
    }));
    const resolved = resolveText(yaml);
    const setup = marketSetup(resolved, new StreamBank(resolved.scenario.seed));
    // Both paths are exercised: most nodes are plain, the adversaries are not.
    expect(setup.inference.plain.reduce((a, b) => a + b, 0)).toBe(8);
    expect(setup.evaluators.plain.reduce((a, b) => a + b, 0)).toBe(10);
    expect(direct).toHaveLength(3000);
    expect(direct).toEqual(throughObjects);
  });
});
