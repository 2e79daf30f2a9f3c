/**
 * The market draws for honest nodes (no behaviour declared) straight from
 * their role's samplers, with parameters from their record, instead of
 * calling the node object (see RoleNodes in role.ts). Forcing every node through
 * its object must change nothing.
 */
import { describe, expect, it } from 'vitest';
import { marketSetup } from '../../sim/run/build-market.js';
import { StreamBank } from '../../sim/random/streams.js';
import { network } from '../network.js';
import { resolveText, settlementsOf } from '../helpers.js';

const yaml = network({
  rounds: 3000,
  k: 3,
  demand: '{ mode: poisson, ratePerSecond: 40 }',
  inference: ['- { name: cheats, model: small, count: 2, behaviour: { kind: misreport-cost, factor: 0.5 } }'],
  evaluators: ['- { name: boosters, model: good, count: 3, behaviour: { kind: boost, amount: 0.2 } }'],
  mechanism: ['audits: { probability: 0.2 }'],
});

describe('honest nodes', () => {
  it('settle exactly as when every draw goes through the node objects', () => {
    const direct = settlementsOf(yaml);
    const throughObjects = settlementsOf(yaml, (setup) => ({
      ...setup,
      inference: { ...setup.inference, honest: new Uint8Array(setup.inference.honest.length) },
      evaluators: { ...setup.evaluators, honest: new Uint8Array(setup.evaluators.honest.length) },
    }));
    const resolved = resolveText(yaml);
    const setup = marketSetup(resolved, new StreamBank(resolved.scenario.seed));
    // Both paths are exercised: most nodes are honest, the adversaries are not.
    expect(setup.inference.honest.reduce((a, b) => a + b, 0)).toBe(8);
    expect(setup.evaluators.honest.reduce((a, b) => a + b, 0)).toBe(10);
    expect(direct).toHaveLength(3000);
    expect(direct).toEqual(throughObjects);
  });
});
