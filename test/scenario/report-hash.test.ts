/**
 * The report section changes no result: a scenario with and without one has
 * the same scenarioHash, seeds and result files, the same experiment hash,
 * and a killed sweep resumes after its figures are edited.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planExperiment } from '../../sim/experiment/plan.js';
import { loadScenarioText } from '../../sim/scenario/load.js';
import { cli, cliAsync, SMALL_SWEEP, workspace, writeScenario } from '../experiment/sweep-helpers.js';

const dir = workspace('report-hash');

// report: null drops the section paper-baseline declares, so the first run has none.
const RUN = `extends: paper-baseline
name: report-hash
reference: null
stop: { requests: 200 }
report: null
`;

const runReport = `report:
  standard: [reward-by-group]
  figures:
    - { id: reward-by-model, title: Reward by model, mark: bar, x: model, y: mean_reward }
`;

const sweepReport = (colour: string) => `report:
  figures:
    - { id: reward-by-beta, title: Reward against beta, x: beta, colour: ${colour}, y: mean_reward }
`;

describe('the report section and the hashes', () => {
  it('a run with and without a report section writes byte-identical summary.json and the same scenarioHash', () => {
    const folders = [RUN, RUN.replace('report: null\n', '') + runReport].map((yaml, i) => {
      const out = join(dir, `run-${i}`);
      const result = cli(['run', writeScenario(dir, `run-${i}.yaml`, yaml), '--out', out, '--no-report', '--quiet']);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      return out;
    });
    const [plain, declared] = folders.map((out) => readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(declared).toBe(plain);
    expect(readFileSync(join(folders[1]!, 'nodes.csv'), 'utf8')).toBe(readFileSync(join(folders[0]!, 'nodes.csv'), 'utf8'));
    const manifests = folders.map((out) => JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')));
    expect(manifests[1].scenarioHash).toBe(manifests[0].scenarioHash);
    // The section is kept in the manifest, where `poq-sim report` reads it.
    expect(manifests[0].resolvedScenario.report).toBeUndefined();
    expect(manifests[1].resolvedScenario.report.figures[0].id).toBe('reward-by-model');
  });

  it('a sweep with and without a report section has the same experiment hash and seeds', () => {
    const file = join(dir, 'inline.yaml');
    const plain = planExperiment(loadScenarioText(SMALL_SWEEP, file));
    const declared = planExperiment(loadScenarioText(SMALL_SWEEP + sweepReport('k'), file));
    expect(declared.hash).toBe(plain.hash);
    expect(declared.base.hash).toBe(plain.base.hash);
    expect(declared.context.rootSeed).toBe(plain.context.rootSeed);
    const edited = planExperiment(loadScenarioText(SMALL_SWEEP + sweepReport('k').replace('Reward against', 'Mean reward against'), file));
    expect(edited.hash).toBe(plain.hash);
  });

  it('a killed sweep resumes after its report section is edited', async () => {
    const scenario = writeScenario(dir, 'sweep.yaml', SMALL_SWEEP + sweepReport('k'));
    const out = join(dir, 'killed');
    const child = cliAsync(['sweep', scenario, '--out', out, '--workers', '1', '--no-progress', '--no-report']);
    const points = join(out, 'points');
    const done = () => (existsSync(points) ? readdirSync(points).filter((f) => f.endsWith('.json')).length : 0);
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (done() < 1) return;
        clearInterval(timer);
        child.kill('SIGKILL');
        resolve();
      }, 5);
      child.on('exit', () => {
        clearInterval(timer);
        reject(new Error('the sweep ended before it could be killed'));
      });
    });
    await new Promise((resolve) => child.on('exit', resolve));
    const survivors = done();
    expect(survivors).toBeLessThan(8);
    writeFileSync(scenario, SMALL_SWEEP + sweepReport('k').replace('Reward against beta', 'What β costs'));
    const resumed = cli(['sweep', scenario, '--out', out, '--workers', '1', '--no-progress', '--no-report', '--resume']);
    expect(resumed.stderr).toBe('');
    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`resumed: ${survivors} points already done`));
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).resolvedScenario.report.figures[0].title).toBe('What β costs');
  });
});
