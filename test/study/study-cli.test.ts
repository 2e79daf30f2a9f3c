/**
 * `poq-sim exploit`, `sensitivity` and `tune` end to end through the built
 * CLI, on small scenarios: the answers they must give (the deepest misreport
 * pays without audits and no factor pays with heavy ones; a parameter the
 * model ignores has no index; a recommendation meets its thresholds),
 * identical folders for 1 and 2 workers, a killed study resumed with nothing
 * lost or run twice, and located errors for bad sections.
 */
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExploitFile, SensitivityFile, TuneFile } from '../../sim/study/study-results.js';
import { cli, expectSameFolders, pointFiles, startCli, waitFor, workspace, writeScenario } from '../experiment/sweep-helpers.js';

const dir = workspace('study');

const NETWORK = `profile: paper-rtx4090
demand: { mode: rounds }
stop: { requests: 400 }
network:
  inference:
    - { name: honest, model: { llama-3.2-3b: 1, gemma-2-2b: 1 }, count: 4 }
    - { name: misreporters, model: tinyllama-1.1b, count: 2, behaviour: { kind: misreport-cost, factor: 0.5 } }
  evaluators:
    - { model: sts-distilroberta, count: 4 }
mechanism:
  evaluatorsPerRound: 3
  rewards: { alpha: 1, beta: 0.5, cost: { signal: request } }
  audits: { probability: 0, slash: 2, tolerance: 0.1, measurementNoise: 0 }
  stake: { initial: 1000000 }
`;

const EXPLOIT = `name: small-exploit
seed: 11
${NETWORK}exploit:
  families:
    - name: misreport
      population: misreporters
      parameters:
        - { path: network.inference.1.behaviour.factor, name: factor, range: [0.1, 1] }
  mechanisms:
    - { name: no-audits, set: { mechanism.audits.probability: 0 } }
    - { name: heavy-audits, set: { mechanism.audits.probability: 0.6, mechanism.audits.slash: 4 } }
  search: { candidates: 6, eta: 3, replications: 2, zoomRounds: 1 }
  confirmation: { halfWidth: 0.01, minReplications: 4, maxReplications: 8 }
`;

const SENSITIVITY = `name: small-sensitivity
seed: 12
${NETWORK.replace('count: 2, behaviour', 'count: 0, behaviour')}sensitivity:
  parameters:
    - { path: mechanism.rewards.alpha, name: alpha, range: [0.5, 1.5] }
    - { path: mechanism.rewards.beta, name: beta, range: [0, 1] }
    - { path: mechanism.audits.slash, name: slash, range: [0.5, 4] }
  metrics:
    - { metric: mean_reward, population: honest }
  sobol: { samples: 16 }
  morris: { trajectories: 4, levels: 4 }
  replications: 1
  bootstrap: 200
`;

const TUNE = `name: small-tune
seed: 13
${EXPLOIT.split('\n')
  .slice(2)
  .join('\n')
  .replace(/ {2}mechanisms:\n(?: {4}- .*\n)+/, '')}tune:
  parameters:
    - { path: mechanism.rewards.beta, name: beta, range: [0.25, 1] }
    - { path: mechanism.audits.probability, name: audit_probability, range: [0, 0.8] }
  objective: { metric: mean_profit, population: honest, goal: maximize }
  constraints:
    - { exploitability: misreport, max: 0 }
  candidates: 6
  replications: 2
  deviations: 3
  confirmation: { minReplications: 4, maxReplications: 8 }
`;

const files = {
  exploit: writeScenario(dir, 'exploit.yaml', EXPLOIT),
  sensitivity: writeScenario(dir, 'sensitivity.yaml', SENSITIVITY),
  tune: writeScenario(dir, 'tune.yaml', TUNE),
};

function study(kind: keyof typeof files, out: string, ...args: string[]) {
  const result = cli([kind, files[kind], '--out', out, '--no-report', '--quiet', ...args]);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result;
}

const readStudy = <T>(out: string): T => JSON.parse(readFileSync(join(out, 'study.json'), 'utf8')) as T;

describe('poq-sim exploit', () => {
  const reference = join(dir, 'exploit-1');
  beforeAll(() => study('exploit', reference, '--workers', '1'));

  it('finds the deepest misreport without audits, and the audits’ tolerance as the best an attacker can do under heavy ones', () => {
    const file = readStudy<ExploitFile>(reference);
    const [free, audited] = file.searches;
    expect(free!.mechanism).toBe('no-audits');
    expect(free!.best.factor as number).toBeLessThan(0.35);
    expect(free!.gain.ci![0]).toBeGreaterThan(0);
    expect(free!.regret).toBe(free!.gain.mean);
    // Reports within 10% of the (noiseless) re-measurement are never flagged: only a misreport inside the tolerance pays.
    expect(audited!.best.factor as number).toBeGreaterThan(0.9);
    expect(audited!.gain.mean).toBeLessThan(free!.gain.mean / 4);
    expect(audited!.searchGain).toBeGreaterThanOrEqual(audited!.gain.ci![0] - 0.05);
    expect(file.exploitability.map((e) => e.mechanism)).toEqual(['no-audits', 'heavy-audits']);
    expect(free!.gain.replications).toBeGreaterThanOrEqual(4);
    expect(free!.gain.replications).toBeLessThanOrEqual(8);
  });

  it('records every evaluation in the trajectory table, and the folder a study writes', () => {
    expect(readdirSync(reference).sort()).toEqual(
      ['manifest.json', 'points', 'profile.yaml', 'study-plan.json', 'study.json', 'trajectory.csv', 'trajectory.parquet'].sort(),
    );
    const lines = readFileSync(join(reference, 'trajectory.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('mechanism,family,step,stage,round,rung,candidate,replications,mean,ci_low,ci_high,kept,factor');
    const stages = new Set(lines.slice(1).map((line) => line.split(',')[3]));
    expect([...stages].sort()).toEqual(['confirmation', 'halving', 'zoom']);
    const manifest = JSON.parse(readFileSync(join(reference, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ tool: 'poq-sim', format: 'poq-sim/study/v1', kind: 'exploit', resumed: false });
    expect(pointFiles(reference).length).toBe(manifest.counts.points);
  });

  it('writes identical results with 2 workers', () => {
    const other = join(dir, 'exploit-2');
    study('exploit', other, '--workers', '2');
    expectSameFolders(reference, other, expect);
  });

  it('resumes a killed study with nothing lost or run twice', async () => {
    const out = join(dir, 'exploit-killed');
    const running = startCli(['exploit', files.exploit, '--out', out, '--no-report', '--workers', '1']);
    await waitFor(() => pointFiles(out).length >= 3, 'three points on disk');
    running.child.kill('SIGKILL');
    await running.ended;
    expect(existsSync(join(out, 'manifest.json'))).toBe(false);
    const kept = pointFiles(out).length;
    const refused = cli(['exploit', files.exploit, '--out', out, '--no-report']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/unfinished poq-sim study folder.*--resume/);
    study('exploit', out, '--resume', '--workers', '2');
    expectSameFolders(reference, out, expect);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.resumed).toBe(true);
    expect(kept).toBeGreaterThanOrEqual(3);
  });

  it('renders its report with poq-sim report, and names the field of a broken study.json', () => {
    const copy = join(dir, 'exploit-report');
    cpSync(reference, copy, { recursive: true });
    const rendered = cli(['report', copy, '--formats', 'svg']);
    expect(rendered.status).toBe(0);
    const index = JSON.parse(readFileSync(join(copy, 'figures', 'figures.json'), 'utf8')) as { figures: { id: string }[] };
    expect(index.figures.map((f) => f.id)).toEqual(['exploitability', 'exploit-search']);
    const markdown = readFileSync(join(copy, 'report.md'), 'utf8');
    expect(markdown).toMatch(/no-audits: exploitability \d\.\d{4} \[/);
    expect(readFileSync(join(copy, 'tables', 'exploit.tex'), 'utf8')).toContain('\\toprule');
    const broken = readFileSync(join(copy, 'study.json'), 'utf8').replace('"kind": "exploit"', '"kind": "exploits"');
    writeFileSync(join(copy, 'study.json'), broken);
    const refused = cli(['report', copy]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/study\.json:\d+:\d+: kind: /);
  });

  it('refuses to resume into the folder of another study', () => {
    const result = cli(['exploit', files.exploit, '--out', join(dir, 'exploit-1'), '--resume', '--set', 'mechanism.rewards.alpha=2']);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/holds points of a different study/);
  });

  it('reports a bad family at its line, and writes nothing', () => {
    const bad = writeScenario(
      dir,
      'bad-exploit.yaml',
      EXPLOIT.replace('network.inference.1.behaviour.factor', 'network.inference.1.behaviour.facter'),
    );
    const out = join(dir, 'bad-out');
    const result = cli(['exploit', bad, '--out', out]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/bad-exploit\.yaml:\d+:\d+.*exploit\.families\[0\]\.parameters\[0\]\.path.*factor/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
    const checked = cli(['check', bad]);
    expect(checked.status).toBe(2);
    expect(checked.stderr).toMatch(/bad-exploit\.yaml:\d+:\d+.*exploit\.families\[0\]\.parameters\[0\]\.path/);
    expect(cli(['check', files.exploit]).stdout).toMatch(/exploit: 1 deviation family \(misreport\) × 2 mechanisms/);
    const noPopulation = writeScenario(dir, 'bad-population.yaml', EXPLOIT.replace('population: misreporters', 'population: misreporter'));
    const second = cli(['exploit', noPopulation, '--out', out]);
    expect(second.status).toBe(2);
    expect(second.stderr).toMatch(/exploit\.families\[0\]\.population.*no population "misreporter"/);
  });
});

describe('poq-sim sensitivity', () => {
  const out = join(dir, 'sensitivity');
  beforeAll(() => study('sensitivity', out, '--workers', '2'));

  it('gives a parameter the model ignores no index, and the reward rule’s weights most of the variance', () => {
    const file = readStudy<SensitivityFile>(out);
    const sobol = new Map(file.sobol!.rows.map((r) => [r.parameter, r]));
    // With no misreporter and noiseless audits, nobody is ever slashed: the slash cannot matter.
    expect(Math.abs(sobol.get('slash')!.total)).toBeLessThan(1e-9);
    expect(sobol.get('alpha')!.total + sobol.get('beta')!.total).toBeGreaterThan(0.8);
    expect(sobol.get('alpha')!.total).toBeGreaterThan(0.1);
    expect(file.sobol!.points).toBe(16 * (3 + 2));
    const morris = new Map(file.morris!.rows.map((r) => [r.parameter, r]));
    expect(morris.get('slash')!.muStar).toBe(0);
    expect(morris.get('alpha')!.mu).toBeGreaterThan(0); // more α, more reward
    expect(morris.get('beta')!.mu).toBeLessThan(0); // more β, less
    expect(file.morris!.points).toBe(4 * (3 + 1));
  });

  it('writes identical results with 1 worker', () => {
    const other = join(dir, 'sensitivity-1');
    study('sensitivity', other, '--workers', '1');
    expectSameFolders(out, other, expect);
  });

  it('writes the indices as a tidy table', () => {
    const lines = readFileSync(join(out, 'indices.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('method,metric,parameter,index,value,ci_low,ci_high');
    expect(lines).toHaveLength(1 + 3 * 2 + 3 * 3);
  });
});

describe('poq-sim tune', () => {
  const out = join(dir, 'tune');
  beforeAll(() => study('tune', out, '--workers', '2'));

  it('recommends the robust candidate with the best worst-case objective, confirmed on fresh seeds', () => {
    const file = readStudy<TuneFile>(out);
    const robust = file.candidates.filter((c) => c.robust);
    expect(robust.length).toBeGreaterThan(0);
    for (const candidate of robust)
      for (const environment of candidate.environments) for (const check of environment.constraints) expect(check.met).toBe(true);
    const best = Math.max(...robust.map((c) => c.worstObjective));
    const recommendation = file.recommendation!;
    expect(file.candidates[recommendation.candidate]!.worstObjective).toBe(best);
    const confirmation = recommendation.confirmation[0]!;
    expect(confirmation.objective.replications).toBeGreaterThanOrEqual(4);
    const exploitability = confirmation.constraints[0]!;
    expect(exploitability.kind).toBe('exploitability');
    expect(recommendation.confirmed).toBe(exploitability.met);
    // Misreporting pays without audits, so a robust setting audits.
    expect(recommendation.values.audit_probability as number).toBeGreaterThan(0);
  });

  it('writes identical results with 1 worker', () => {
    const other = join(dir, 'tune-1');
    study('tune', other, '--workers', '1');
    expectSameFolders(out, other, expect);
  });

  it('marks the Pareto front: no candidate is better on both objective and exploitability than one on it', () => {
    const file = readStudy<TuneFile>(out);
    for (const a of file.candidates.filter((c) => c.paretoOptimal))
      for (const b of file.candidates)
        expect(b.worstObjective > a.worstObjective && b.worstExploitability! < a.worstExploitability!).toBe(false);
    const lines = readFileSync(join(out, 'candidates.csv'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1 + file.candidates.length * 2);
  });
});
