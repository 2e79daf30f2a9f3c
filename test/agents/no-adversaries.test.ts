/** With no adversaries declared, the behaviour and defence layers add no draws and change nothing. */
import { describe, expect, it } from 'vitest';
import { nodesCsv, summaryFile } from '../../sim/results/run-files.js';
import { resolveText } from '../helpers.js';
import { runScenario } from '../../sim/run/run-scenario.js';
import { network } from '../network.js';

const plain = network({ inference: ['- { name: extra, model: big, count: 2 }'] });
const inert = network({
  inference: ['- { name: extra, model: big, count: 2, behaviour: [] }'],
  mechanism: [
    'audits: { probability: 0 }',
    'commitReveal: { enabled: false }',
    'reputation: { ejectBelow: 0 }',
    'evaluatorSelection: { policy: uniform }',
    'routing: { policy: uniform }',
  ],
});

describe('no adversaries', () => {
  it('declared-but-inert behaviours and defences give byte-identical results', () => {
    const a = resolveText(plain);
    const b = resolveText(inert);
    const ra = runScenario(a);
    const rb = runScenario(b);
    const strip = (json: string) => json.replace(/"scenarioHash": "[0-9a-f]+"/, '');
    expect(strip(JSON.stringify(summaryFile(rb, b), null, 2))).toBe(strip(JSON.stringify(summaryFile(ra, a), null, 2)));
    expect(nodesCsv(rb)).toBe(nodesCsv(ra));
    expect(ra.populations.every((p) => p.twin === null && !p.adversarial)).toBe(true);
    expect(ra.adversaries.rewardShare).toBe(0);
  });
});
