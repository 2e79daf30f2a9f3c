/**
 * The default figures of a sweep, checked as data: every swept value is in
 * some figure's rows, no figure leaves a varying parameter off its channels
 * without holding it, a metric that does not move is skipped with its
 * reason, and the number of figures is bounded. Synthetic folders are made
 * in memory (a few points, stated formulas); the shipped sweeps' folders
 * get the same checks in test/docs/documented-commands.test.ts
 * (default-figure-checks.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  defaultSweepFigures,
  MAX_DEFAULT_FIGURES,
  MAX_DEFAULTS_BESIDE_DECLARED,
} from '../../reports/figures/declared/default-declarations.js';
import { parameterTitle, parameterValueLabel } from '../../reports/figures/sweep-parameters.js';
import type { CsvValue } from '../../reports/folder/read-files.js';
import { type ExperimentFolder, type SweepParameter, type SweepSummaryRow } from '../../reports/folder/results-folder.js';
import { checkDefaults } from './default-figure-checks.js';

interface Design {
  readonly method: 'grid' | 'zip';
  readonly parameters: readonly { name: string; path: string; values: readonly CsvValue[]; type?: string }[];
}

type Values = Record<string, CsvValue>;

/** The points of crossed designs; parameters of a zip design move together. */
function points(designs: readonly Design[]): Values[] {
  return designs.reduce<Values[]>(
    (acc, design) => {
      const own =
        design.method === 'zip'
          ? design.parameters[0]!.values.map((_, i) => Object.fromEntries(design.parameters.map((p) => [p.name, p.values[i]!])))
          : design.parameters.reduce<Values[]>(
              (inner, p) => inner.flatMap((v) => p.values.map((value) => ({ ...v, [p.name]: value }))),
              [{}],
            );
      return acc.flatMap((v) => own.map((o) => ({ ...v, ...o })));
    },
    [{}],
  );
}

interface Metric {
  readonly metric: string;
  readonly level: string;
  readonly role?: string;
  readonly model?: string;
  readonly population?: string;
  readonly value: (values: Values) => number | null;
  readonly halfWidth?: number;
}

function syntheticFolder(designs: readonly Design[], metrics: readonly Metric[], network: object = {}): ExperimentFolder {
  const parameters: SweepParameter[] = designs.flatMap((design, d) =>
    design.parameters.map((p) => ({
      name: p.name,
      path: p.path,
      values: [...p.values],
      method: design.method,
      design: d,
      type: p.type ?? 'double',
    })),
  );
  const summary: SweepSummaryRow[] = points(designs).flatMap((values, pointId) =>
    metrics.map((m) => {
      const mean = m.value(values);
      const half = m.halfWidth ?? 0.001;
      return {
        pointId,
        parameters: values,
        level: m.level,
        role: m.role ?? '',
        model: m.model ?? '',
        population: m.population ?? '',
        operator: '',
        metric: m.metric,
        n: 3,
        mean,
        sd: mean === null ? null : half,
        ciLow: mean === null ? null : mean - half,
        ciHigh: mean === null ? null : mean + half,
      };
    }),
  );
  return { kind: 'experiment', dir: '/synthetic', manifest: { resolvedScenario: { network } }, profile: null, parameters, summary };
}

const num = (v: Values, name: string) => Number(v[name] ?? 0);
const REWARDS: Metric[] = [
  {
    metric: 'mean_reward',
    level: 'role-model',
    role: 'inference',
    model: 'big',
    value: (v) => 1 - num(v, 'beta') - num(v, 'malicious_fraction'),
  },
  { metric: 'mean_reward', level: 'role-model', role: 'inference', model: 'small', value: (v) => 0.8 - 0.2 * num(v, 'beta') },
  {
    metric: 'mean_reward',
    level: 'role-model',
    role: 'evaluator',
    model: 'judge',
    value: (v) => 0.3 + 0.1 * num(v, 'alpha') + num(v, 'k') / 10,
  },
];

describe('default figures of a β × α sweep', () => {
  const folder = syntheticFolder(
    [
      {
        method: 'grid',
        parameters: [
          { name: 'beta', path: 'mechanism.rewards.beta', values: [0, 0.25, 0.5, 0.75] },
          { name: 'alpha', path: 'mechanism.rewards.alpha', values: [0.5, 1, 1.5] },
        ],
      },
    ],
    [
      ...REWARDS,
      { metric: 'consensus_mae', level: 'run', value: () => 0.12 },
      { metric: 'adversary_reward_share', level: 'run', value: () => 0 },
    ],
  );

  it('draws reward against each parameter faceted by the other, and maps the two', () => {
    const { declarations } = checkDefaults(folder);
    expect(declarations.map((d) => d.id)).toEqual([
      'mean-reward-vs-beta',
      'mean-reward-vs-alpha-inference',
      'mean-reward-vs-alpha-evaluator',
      'mean-reward-map-beta-alpha-inference',
      'mean-reward-map-beta-alpha-evaluator',
    ]);
    const beta = declarations[0]!;
    expect(beta).toMatchObject({ x: 'beta', column: 'alpha', row: 'role', colour: 'model', mark: 'line' });
    expect(beta.scales?.x).toMatchObject({ title: 'β (cost weight)', type: 'linear' });
    expect(beta.hold).toBeUndefined();
    // Four values of β are too many columns for a page: rows, one figure per role.
    expect(declarations[1]).toMatchObject({ x: 'alpha', row: 'beta', colour: 'model', where: { role: 'inference' } });
    expect(declarations[3]).toMatchObject({ mark: 'heatmap', x: 'beta', y: 'alpha', column: 'model', where: { role: 'inference' } });
  });

  it('skips a constant metric and says why', () => {
    const { skipped } = defaultSweepFigures(folder);
    expect(skipped.find((s) => s.id === 'consensus-mae')?.reason).toBe('consensus_mae is 0.12 at every point of the sweep');
    expect(skipped.find((s) => s.id === 'adversary-reward-share')?.reason).toContain('is 0 at every point');
  });
});

describe('default figures of an adversarial sweep with four parameters', () => {
  const f = (v: Values) => Number(v['malicious_fraction']);
  const rule = (v: Values) => ({ mean: 1, median: 0.4, trimmed: 0.6 })[String(v['consensus']) as 'mean'] ?? 1;
  const folder = syntheticFolder(
    [
      {
        method: 'zip',
        parameters: [
          { name: 'honest_fraction', path: 'network.evaluators.0.fraction', values: [1, 0.8, 0.6] },
          { name: 'malicious_fraction', path: 'network.evaluators.1.fraction', values: [0, 0.2, 0.4] },
        ],
      },
      {
        method: 'grid',
        parameters: [
          { name: 'k', path: 'mechanism.evaluatorsPerRound', values: [1, 3, 5], type: 'int32' },
          { name: 'consensus', path: 'mechanism.consensus.rule', values: ['mean', 'median', 'trimmed'], type: 'string' },
          {
            name: 'attack',
            path: 'network.evaluators.1.behaviour',
            values: [
              '{"kind":"boost","amount":0.3}',
              '{"kind":"noise","sd":0.2}',
              '{"kind":"sabotage","amount":0.3}',
              '{"kind":"intermittent","probability":0.3,"attack":{"kind":"boost","amount":0.3}}',
            ],
            type: 'json',
          },
        ],
      },
    ],
    [
      ...REWARDS,
      { metric: 'adversary_reward_share', level: 'run', value: (v) => f(v) * (1 + 0.5 * rule(v)) },
      { metric: 'consensus_honest_mae', level: 'run', value: (v) => 0.01 + (f(v) * rule(v)) / Number(v['k']) },
      { metric: 'audit_detection_rate', level: 'run', value: (v) => 1 - 0.0001 * f(v), halfWidth: 0.002 },
      { metric: 'audit_false_positive_rate', level: 'run', value: () => null },
      {
        metric: 'twin_gain_per_round',
        level: 'population',
        role: 'evaluator',
        model: 'judge',
        population: 'ring',
        value: (v) => 0.5 * f(v) * rule(v),
      },
      {
        metric: 'twin_gain_per_round',
        level: 'population',
        role: 'evaluator',
        model: 'judge',
        population: 'honest',
        value: (v) => -0.1 * f(v),
      },
    ],
    {
      evaluators: [
        { name: 'honest', model: 'judge' },
        { name: 'ring', model: 'judge', behaviour: [{ kind: 'boost', amount: 0.3 }] },
      ],
    },
  );

  it('shows every value, holding only what it must and saying so in the id', () => {
    const { declarations } = checkDefaults(folder);
    const share = declarations.find((d) => d.id === 'adversary-reward-share-vs-malicious-fraction')!;
    // Three others and a free colour channel: all on channels, nothing held (the fewest values on columns).
    expect(share).toMatchObject({ column: 'k', row: 'consensus', colour: 'attack' });
    expect(share.hold).toBeUndefined();
    expect(share.marks).toMatchObject({ diagonal: true });
    // Rewards need colour for the models: one figure per value of the largest other, held and named.
    const rewards = declarations.filter((d) => d.id.startsWith('mean-reward-vs-malicious-fraction-inference'));
    expect(rewards.length).toBe(4);
    expect(rewards.map((d) => d.hold?.['attack'])).toContainEqual({ kind: 'noise', sd: 0.2 });
  });

  it('titles a population’s fraction by whose share it is, and labels a mapping by its kind', () => {
    const malicious = folder.parameters.find((p) => p.name === 'malicious_fraction')!;
    expect(parameterTitle(malicious, folder)).toBe('Share of evaluators in ring');
    expect(parameterValueLabel('{"kind":"boost","amount":0.3}')).toBe('boost 0.3');
    const { declarations } = defaultSweepFigures(folder);
    expect(declarations.map((d) => d.id)).toContain('mean-reward-vs-k-inference-attack-intermittent-boost-0-3-p-0-3');
    expect(declarations.map((d) => d.title)).toContain(
      'Mean reward per round of each model against K (evaluators per round), inference models, behaviour of ring boost 0.3',
    );
    // Behaviours on x are categories: points on an ordinal axis.
    const byAttack = declarations.filter((d) => d.x === 'attack');
    expect(byAttack.length).toBeGreaterThan(0);
    expect(byAttack.every((d) => d.mark === 'point' && d.scales?.x?.type === 'ordinal')).toBe(true);
    expect(declarations.every((d) => !d.title.includes('{'))).toBe(true);
  });

  it('draws the adversary’s gain over its twin, and skips the audit rates that do not move', () => {
    const { declarations, skipped } = defaultSweepFigures(folder);
    const twin = declarations.find((d) => d.id === 'twin-gain-per-round-vs-k')!;
    expect(twin.where).toEqual({ population: ['ring'] });
    expect(twin.marks).toMatchObject({ zero: true });
    expect(twin.scales?.x?.type).toBe('ordinal');
    expect(skipped.find((s) => s.id === 'audit-detection-rate')?.reason).toMatch(
      /does not move across the sweep: from 1 to 1.*widest 95% CI/,
    );
    expect(skipped.find((s) => s.id === 'audit-false-positive-rate')).toMatchObject({ applies: false });
    expect(declarations.some((d) => d.id.startsWith('audit-'))).toBe(false);
  });
});

describe('the cap on default figures', () => {
  const many = (name: string) => ({ name, path: `mechanism.${name}`, values: [1, 2, 3].map((v) => v + 0.5) });
  const folder = syntheticFolder(
    [{ method: 'grid', parameters: [many('a'), many('b'), many('c'), many('d')] }],
    REWARDS.map((m) => ({
      ...m,
      value: (v: Values) => Number(v['a']) + Number(v['b']) * Number(v['c']) - Number(v['d']) + (m.model === 'big' ? 1 : 0),
    })),
  );

  it('draws at most the cap and lists the rest by id', () => {
    const { declarations, skipped } = defaultSweepFigures(folder);
    expect(declarations.length).toBe(MAX_DEFAULT_FIGURES);
    const cap = skipped.find((s) => s.id === 'default-figures')!;
    expect(cap.reason).toMatch(/^\d+ more default figures not drawn \(at most 48: mean-reward-/);
    expect(cap.reason).toContain('report:');
  });

  it('beside declared figures draws fewer, one of each metric against each parameter before any split', () => {
    const all = defaultSweepFigures(folder).declarations;
    const { declarations, skipped } = defaultSweepFigures(folder, true);
    expect(declarations.length).toBe(MAX_DEFAULTS_BESIDE_DECLARED);
    const family = (d: (typeof all)[number]) => `${d.x}|${JSON.stringify(d.y)}`;
    const families = [...new Set(all.map(family))];
    // Every family has its first figure among the twelve when there are at most twelve families.
    expect(new Set(declarations.map(family)).size).toBe(Math.min(families.length, MAX_DEFAULTS_BESIDE_DECLARED));
    expect(skipped.find((s) => s.id === 'default-figures')!.reason).toMatch(/at most 12 beside the declared figures/);
  });
});
