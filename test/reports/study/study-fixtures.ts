/**
 * Study folders for the report tests, written from TypeScript objects typed
 * by sim/study/study-results.ts (the contract the study commands write), as
 * `poq-sim exploit | sensitivity | tune` lay them out: manifest.json,
 * study.json and trajectory.csv. The numbers are shaped like a real small
 * study's (a misreport that pays without audits and not with heavy ones, an
 * ignored parameter, a recommendation that meets its bound).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import type { FigureDraft, FigureOutcome } from '../../../reports/figures/figure.js';
import type { ExploitFile, SensitivityFile, TuneFile } from '../../../sim/study/study-results.js';
import { temporaryFolder } from '../folders.js';

const factor = { name: 'factor', path: 'network.inference.1.behaviour.factor', range: [0.1, 1], scale: 'linear', integer: false } as const;
const boost = { name: 'boost', path: 'network.inference.1.behaviour.boost', range: [0, 0.2], scale: 'linear', integer: false } as const;

const base = { format: 'poq-sim/study/v1', question: 'Does any misreport pay?', points: 40, runs: 160, batches: 6 } as const;

export const EXPLOIT: ExploitFile = {
  ...base,
  kind: 'exploit',
  scenario: 'small-exploit',
  methods: ['Common random numbers: each candidate runs on the seeds of every other.', 'Confirmation replications the search never used.'],
  metric: 'twin_gain_per_round',
  mechanisms: [
    { name: 'no-audits', set: { 'mechanism.audits.probability': 0 } },
    { name: 'heavy-audits', set: { 'mechanism.audits.probability': 0.6 } },
  ],
  searches: [
    search('misreport', 'no-audits', [factor], { factor: 0.155 }, 0.336, [0.325, 0.347]),
    search('inflate', 'no-audits', [boost], { boost: 0.18 }, 0.12, [0.1, 0.14]),
    search('misreport', 'heavy-audits', [factor], { factor: 0.912 }, 0.044, [0.037, 0.051]),
    search('inflate', 'heavy-audits', [boost], { boost: 0.01 }, -0.2, [-0.25, -0.15]),
  ],
  exploitability: [
    { mechanism: 'no-audits', family: 'misreport', gain: { mean: 0.336, ci: [0.325, 0.347], replications: 8 } },
    { mechanism: 'heavy-audits', family: 'misreport', gain: { mean: 0.044, ci: [0.037, 0.051], replications: 8 } },
  ],
};

function search(
  family: string,
  mechanism: string,
  parameters: ExploitFile['searches'][number]['parameters'],
  best: Record<string, number>,
  gain: number,
  ci: readonly [number, number],
): ExploitFile['searches'][number] {
  return {
    family,
    mechanism,
    population: family === 'misreport' ? 'misreporters' : 'inflaters',
    parameters,
    best,
    gain: { mean: gain, ci, replications: 8 },
    searchGain: gain + 0.01,
    honestProfit: { mean: 0.5, ci: [0.48, 0.52], replications: 8 },
    regret: Math.max(0, gain),
    regretRelative: Math.max(0, gain) / 0.5,
    evaluations: 16,
    stoppedBy: 'half-width',
  };
}

/** trajectory.csv of EXPLOIT: four halving evaluations per search and the winner's confirmation (not drawn as a search point). */
export function exploitTrajectory(): string {
  const header = 'mechanism,family,step,stage,round,rung,candidate,replications,mean,ci_low,ci_high,kept,factor,boost';
  const lines = EXPLOIT.searches.flatMap((s, k) => {
    const name = s.parameters[0]!.name;
    const at = (x: number) => (name === 'factor' ? `${x},` : `,${x}`);
    const rows = [0.2, 0.4, 0.6, 0.8].map(
      (x, i) =>
        `${s.mechanism},${s.family},${k},halving,0,0,${i},2,${s.gain.mean - 0.05 * i},${s.gain.mean - 0.05 * i - 0.02},${s.gain.mean - 0.05 * i + 0.02},${i < 2},${at(x * (name === 'factor' ? 1 : 0.2))}`,
    );
    return [
      ...rows,
      `${s.mechanism},${s.family},${k},confirmation,1,0,0,8,${s.gain.mean},${s.gain.ci![0]},${s.gain.ci![1]},true,${at(s.best[name] as number)}`,
    ];
  });
  return [header, ...lines].join('\n') + '\n';
}

const alpha = { name: 'alpha', path: 'mechanism.rewards.alpha', range: [0.5, 1.5], scale: 'linear', integer: false } as const;
const beta = { name: 'beta', path: 'mechanism.rewards.beta', range: [0, 1], scale: 'linear', integer: false } as const;
const slash = { name: 'slash', path: 'mechanism.audits.slash', range: [0.5, 4], scale: 'linear', integer: false } as const;
const REWARD = 'mean_reward · population honest';
const LATENCY = 'mean_latency_s · run';

export const SENSITIVITY: SensitivityFile = {
  ...base,
  kind: 'sensitivity',
  scenario: 'small-sensitivity',
  question: null,
  methods: ['Sobol indices: Saltelli sampling; bootstrap percentile CIs.', 'Morris elementary effects; bootstrap CIs of μ*.'],
  parameters: [alpha, beta, slash],
  metrics: [
    { id: REWARD, metric: 'mean_reward', group: { population: 'honest' } },
    { id: LATENCY, metric: 'mean_latency_s', group: {} },
  ],
  replications: 1,
  sobol: {
    samples: 16,
    points: 80,
    variance: { [REWARD]: 0.02, [LATENCY]: 0.5 },
    rows: [
      { metric: REWARD, parameter: 'alpha', first: 0.7, firstCi: [0.23, 1.1], total: 0.8, totalCi: [0.38, 1.05] },
      { metric: REWARD, parameter: 'beta', first: 0.19, firstCi: [-0.1, 0.55], total: 0.28, totalCi: [0.17, 0.52] },
      { metric: REWARD, parameter: 'slash', first: 0, firstCi: [0, 0], total: 0, totalCi: [0, 0] },
      { metric: LATENCY, parameter: 'alpha', first: 0.05, firstCi: [0, 0.1], total: 0.06, totalCi: [0.02, 0.1] },
      { metric: LATENCY, parameter: 'beta', first: 0.02, firstCi: [0, 0.05], total: 0.03, totalCi: [0.01, 0.06] },
      { metric: LATENCY, parameter: 'slash', first: 0.85, firstCi: [0.7, 0.95], total: 0.9, totalCi: [0.8, 0.98] },
    ],
  },
  morris: {
    trajectories: 4,
    levels: 4,
    delta: 2 / 3,
    points: 16,
    rows: [
      { metric: REWARD, parameter: 'alpha', mu: 0.73, muStar: 0.73, muStarCi: [0.73, 0.73], sigma: 2e-16 },
      { metric: REWARD, parameter: 'beta', mu: -0.43, muStar: 0.43, muStarCi: [0.43, 0.43], sigma: 1.4e-16 },
      { metric: REWARD, parameter: 'slash', mu: 0, muStar: 0, muStarCi: [0, 0], sigma: 0 },
      { metric: LATENCY, parameter: 'alpha', mu: 0.1, muStar: 0.12, muStarCi: [0.08, 0.16], sigma: 0.05 },
      { metric: LATENCY, parameter: 'beta', mu: 0.05, muStar: 0.06, muStarCi: [0.03, 0.09], sigma: 0.02 },
      { metric: LATENCY, parameter: 'slash', mu: 1.2, muStar: 1.2, muStarCi: [1, 1.4], sigma: 0.4 },
    ],
  },
};

export function sensitivityTrajectory(): string {
  const rows = [0, 1, 2, 3].map((i) => `sobol,${i},${i},${REWARD},${0.2 + 0.1 * i},,,1,${0.5 + 0.25 * i},${0.25 * i},2`);
  return ['design,row,point_id,metric,mean,ci_low,ci_high,replications,alpha,beta,slash', ...rows].join('\n') + '\n';
}

const OBJECTIVE = 'mean_profit · population honest';
const EXPLOIT_ID = 'exploitability misreport';
const LATENCY_ID = 'mean_latency_s · run';

/** One environment of a candidate: objective, exploitability ≤ 0, latency ≤ 2. */
function environment(
  name: string,
  objective: number,
  exploitability: number,
  latency: number,
): TuneFile['candidates'][number]['environments'][number] {
  const exploit = {
    id: EXPLOIT_ID,
    kind: 'exploitability',
    estimate: { mean: exploitability, ci: [exploitability - 0.01, exploitability + 0.01], replications: 2 },
    deviation: { factor: 0.1 },
    min: null,
    max: 0,
    met: exploitability + 0.01 <= 0,
  } as const;
  const slow = {
    id: LATENCY_ID,
    kind: 'metric',
    estimate: { mean: latency, ci: [latency - 0.1, latency + 0.1], replications: 2 },
    min: null,
    max: 2,
    met: latency + 0.1 <= 2,
  } as const;
  return {
    environment: name,
    objective: { mean: objective, ci: [objective - 0.02, objective + 0.02], replications: 2 },
    constraints: [exploit, slow],
    feasible: exploit.met && slow.met,
  };
}

function candidate(
  id: number,
  beta: number,
  audit: number,
  envs: TuneFile['candidates'][number]['environments'],
  paretoOptimal: boolean,
): TuneFile['candidates'][number] {
  const met = envs.filter((e) => e.feasible).length;
  const exploits = envs.map((e) => e.constraints.find((c) => c.kind === 'exploitability')!.estimate.mean);
  return {
    candidate: id,
    values: { beta, audit_probability: audit },
    environments: envs,
    robust: met === envs.length,
    environmentsMet: met,
    worstObjective: Math.min(...envs.map((e) => e.objective.mean)),
    worstExploitability: Math.max(0, ...exploits),
    paretoOptimal,
  };
}

export const TUNE: TuneFile = {
  ...base,
  kind: 'tune',
  scenario: 'small-tune',
  question: 'Which audit rate keeps misreporting unprofitable?',
  methods: ['Candidates: a Sobol sequence over the ranges.', 'A threshold is met only when the whole 95% interval lies within it.'],
  parameters: [
    { ...beta, range: [0.25, 1] },
    { name: 'audit_probability', path: 'mechanism.audits.probability', range: [0, 0.8], scale: 'linear', integer: false },
  ],
  objective: { id: OBJECTIVE, goal: 'maximize' },
  environments: ['as-written', 'busy'],
  candidates: [
    candidate(0, 0.25, 0, [environment('as-written', 0.67, 0.18, 1.2), environment('busy', 0.6, 0.2, 1.5)], true),
    candidate(1, 0.625, 0.4, [environment('as-written', 0.58, -0.5, 1.2), environment('busy', 0.55, -0.4, 2.5)], false),
    candidate(2, 0.4375, 0.6, [environment('as-written', 0.62, -0.9, 1.0), environment('busy', 0.6, -0.8, 1.4)], true),
    candidate(3, 0.9, 0.7, [environment('as-written', 0.51, -1, 1.0), environment('busy', 0.5, -1, 1.1)], false),
  ],
  recommendation: {
    candidate: 2,
    values: { beta: 0.4375, audit_probability: 0.6 },
    confirmation: [environment('as-written', 0.627, -0.925, 1.05), environment('busy', 0.61, -0.8, 1.3)],
    confirmed: true,
    rejected: [],
  },
};

export function tuneTrajectory(): string {
  return (
    [
      'environment,family,step,stage,round,rung,candidate,replications,mean,ci_low,ci_high,kept,factor',
      'as-written,misreport,0,halving,0,0,0,2,-0.9,-1.0,-0.8,true,0.15',
    ].join('\n') + '\n'
  );
}

/** A study folder in a fresh temporary folder: manifest.json, study.json (a StudyFile, or any JSON for the error tests) and trajectory.csv. */
export function writeStudyFolder(study: unknown, trajectory: string): string {
  const dir = join(temporaryFolder('poq-study-report-'), 'study');
  mkdirSync(dir);
  const kind = (study as { kind?: unknown }).kind;
  const manifest = {
    tool: 'poq-sim',
    format: 'poq-sim/study/v1',
    kind,
    version: '0.1.0',
    createdAt: '2026-12-02T00:00:00Z',
    scenarioFile: 'study.yaml',
    studyHash: 'abc',
    executor: 'inline',
    resumed: false,
  };
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(dir, 'study.json'), `${JSON.stringify(study, null, 2)}\n`);
  writeFileSync(join(dir, 'trajectory.csv'), trajectory);
  return dir;
}

/** A drawn figure's Vega-Lite spec as its builder made it (panels at 150 pt), unrendered. */
export function specOf(outcome: FigureOutcome | undefined): TopLevelSpec & Record<string, unknown> {
  if (!outcome || !('layout' in outcome)) throw new Error(`not a drawn figure: ${JSON.stringify(outcome)}`);
  const draft: FigureDraft = outcome;
  return (draft.layout.kind === 'single' ? draft.layout.spec : draft.layout.spec(150)) as TopLevelSpec & Record<string, unknown>;
}

/** Every inline data row of a spec's layers, panels and their layers, with the mark type drawing it. */
export function layerData(spec: unknown): { mark: string; values: Record<string, unknown>[] }[] {
  const out: { mark: string; values: Record<string, unknown>[] }[] = [];
  const walk = (node: unknown, inherited: Record<string, unknown>[] | null) => {
    if (node === null || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    const values = (n['data'] as { values?: Record<string, unknown>[] } | undefined)?.values ?? inherited;
    const mark = n['mark'];
    if (mark !== undefined && values) out.push({ mark: typeof mark === 'string' ? mark : String((mark as { type: string }).type), values });
    for (const key of ['layer', 'hconcat', 'vconcat', 'concat']) (n[key] as unknown[] | undefined)?.forEach((child) => walk(child, values));
  };
  walk(spec, null);
  return out;
}
