/** Every shipped scenario opens with the question it answers, and resolves against its profile. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../sim/scenario/load.js';
import { resolveScenario } from '../../sim/scenario/resolve.js';
import { ROOT } from '../helpers.js';

const directory = join(ROOT, 'scenarios');
const files = readdirSync(directory).filter((file) => file.endsWith('.yaml'));

describe('shipped scenarios', () => {
  it.each(files)('%s opens with a comment block saying what question it answers, and resolves', (file) => {
    const text = readFileSync(join(directory, file), 'utf8');
    const comment = text.split('\n').filter((line, i, lines) => lines.slice(0, i + 1).every((l) => l.startsWith('#')));
    expect(comment.length, `${file} must open with a comment block`).toBeGreaterThanOrEqual(5);
    expect(comment.join('\n')).toMatch(/question|Question/);
    const resolved = resolveScenario(loadScenarioFile(join(directory, file)));
    expect(resolved.inferenceNodes.length).toBeGreaterThan(0);
    expect(resolved.evaluatorNodes.length).toBeGreaterThanOrEqual(resolved.scenario.mechanism.evaluatorsPerRound);
  });
});
