/**
 * poq-sim and the SimPy reference agree on a tiny instance of the identical
 * model (the full comparison, with timings, is `npm run bench:compare`).
 * The comparison is skipped, with a line saying so, when /usr/bin/python3
 * cannot import simpy; CI installs python3-simpy3 so that it runs there.
 */
import { describe, expect, it } from 'vitest';
import { compareStatistics, prepare, PYTHON, runPoqSim, runSimpy } from './compare/compare-engines.js';
import { DEFAULT_SIZE, referenceSpec } from './compare/reference-spec.js';
import { resolveText } from '../helpers.js';
import { hasSystemProgram } from '../system-programs.js';

const HAS_SIMPY = hasSystemProgram(PYTHON, 'python3-simpy3', 'the comparison with the SimPy reference', ['-c', 'import simpy']);

describe('the SimPy reference model', () => {
  it.skipIf(!HAS_SIMPY)('agrees with poq-sim on mean time in system and mean reward per group', () => {
    const replications = 5;
    const size = { ...DEFAULT_SIZE, requests: 1_500 };
    const { yaml, scenarioFile, spec } = prepare({ size, replications, seed: 3 });
    const poqSim = runPoqSim(yaml, scenarioFile, replications);
    const simpy = runSimpy(spec);

    // Both count model-level events the same way: one arrival, one inference and K evaluations per request.
    const expectedEvents = replications * size.requests * (2 + spec.k);
    expect(poqSim.events).toBe(expectedEvents);
    expect(simpy.events).toBe(expectedEvents);
    // poq-sim's own calendar: an arrival, an inference completion and the round's last evaluation per request.
    expect(poqSim.internalEvents).toBe(replications * size.requests * 3);

    const comparisons = compareStatistics(poqSim, simpy, 0.001);
    expect(comparisons.map((c) => c.statistic)).toContain('mean time in system (ms)');
    expect(comparisons).toHaveLength(1 + 5 + 3);
    for (const c of comparisons) expect(c.agrees, `${c.statistic}: poq-sim ${c.poqSim}, SimPy ${c.simpy}, p = ${c.pValue}`).toBe(true);
  });

  it('refuses a scenario using a mechanism the reference does not model', () => {
    const resolved = resolveText(`
name: median
profile: paper-rtx4090
demand: { mode: poisson, ratePerSecond: 5 }
stop: { requests: 10 }
network:
  inference: [{ model: llama-3.2-3b, count: 2 }]
  evaluators: [{ model: ce-minilm, count: 3 }]
mechanism: { evaluatorsPerRound: 3, consensus: { rule: median } }
`);
    expect(() => referenceSpec(resolved, 2)).toThrow('mechanism.consensus');
  });
});
