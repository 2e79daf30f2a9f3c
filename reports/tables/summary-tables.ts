/**
 * The summary tables of each kind of folder: for a run, the reward table
 * (reward-table.ts, the same rows the CLI prints) and the
 * evaluators' accuracy; for a sweep, its parameters, the mean reward of
 * every group at every point and the run-level metrics; for a calibration,
 * what was measured beside what was fitted.
 */
import { moments } from '../../sim/random/distribution.js';
import type { CalibrationFolder, ExperimentFolder, ResultsFolder, RunFolder, SweepSummaryRow } from '../folder/results-folder.js';
import { fittedDistribution } from '../figures/calibration-histograms.js';
import { orderedModels, type Role, sweepGroupLabel, sweepGroupRows } from '../figures/groups.js';
import { parameterTitle, parameterValues } from '../figures/sweep-parameters.js';
import { fixed, REWARD_TABLE_HEADERS, rewardRowCells, rewardRows } from './reward-table.js';
import type { Table } from './table.js';
import { studyTables } from '../study/study-tables.js';
import { describeIntervals } from '../../sim/results/interval-method.js';

const right = (header: string) => ({ header, align: 'right' as const });
const left = (header: string) => ({ header, align: 'left' as const });

function runTables(folder: RunFolder): Table[] {
  const { summary } = folder;
  const rewardColumns = REWARD_TABLE_HEADERS.map((header, i) => (i < 2 || header === '95% CI' ? left(header) : right(header)));
  const rows = rewardRows(summary);
  const hasPublished = rows.some((row) => row.published !== null);
  const keep = rewardColumns.map((_, i) => hasPublished || i < rewardColumns.length - 2);
  const tables: Table[] = [
    {
      id: 'reward',
      title: 'Mean reward per round',
      caption:
        `Mean reward per round of each inference model and evaluator with its 95% confidence interval; inference models’ consensus quality (the normalized consensus score that entered the reward) and true answer quality, evaluators’ agreement with the consensus; mean normalized cost (${summary.scenario}, seed ${summary.seed}, ${summary.requestsSettled.toLocaleString('en-US')} rounds)` +
        `; ${describeIntervals(summary.statistics)}` +
        (hasPublished ? `; published: ${summary.reference!.citation}; Δ: simulated minus published.` : '.'),
      columns: rewardColumns.filter((_, i) => keep[i]),
      rows: rows.map((row) => rewardRowCells(row).filter((_, i) => keep[i])),
    },
  ];
  const evaluators = summary.groups.filter((group) => group.role === 'evaluator');
  if (evaluators.length > 0) {
    const profile = folder.profile;
    tables.push({
      id: 'evaluators',
      title: 'Evaluator accuracy',
      caption: `Pearson correlation of each evaluator’s scores with true quality, simulated and as the profile records it, and with the LLM judge. Consensus: mean absolute error ${fixed(summary.consensus.meanAbsoluteError)}, correlation ${fixed(summary.consensus.correlation)}.`,
      columns: [left('evaluator'), right('r with truth (simulated)'), right('r with truth (profile)'), right('r with judge (profile)')],
      rows: evaluators.map((group) => {
        const entry = profile?.evaluatorModels[group.model];
        return [
          group.model,
          fixed(group.correlationWithTruth ?? null, 2),
          fixed(entry?.scoreModel.correlation.value ?? null, 2),
          fixed(entry?.judgeCorrelation?.value ?? null, 2),
        ];
      }),
    });
  }
  return tables;
}

/** "0.623 ± 0.004": the mean and the half-width of its 95% interval (intervals over replications are symmetric). */
function meanWithHalfWidth(row: SweepSummaryRow | undefined): string {
  if (!row || row.mean === null) return '–';
  if (row.ciLow === null || row.ciHigh === null) return fixed(row.mean);
  return `${fixed(row.mean)} ± ${((row.ciHigh - row.ciLow) / 2).toFixed(3)}`;
}

function experimentTables(folder: ExperimentFolder): Table[] {
  return [parametersTable(folder), sweepRewardTable(folder), runMetricsTable(folder)].filter(
    (table): table is Table => table !== undefined,
  );
}

function parametersTable(folder: ExperimentFolder): Table {
  return {
    id: 'parameters',
    title: 'Swept parameters',
    caption: 'The parameters the sweep varies: their column in the tables, the scenario path they set and the values visited.',
    columns: [left('parameter'), left('scenario path'), left('values')],
    rows: folder.parameters.map((p) => [p.name, p.path, parameterValues(folder, p).map(String).join(', ')]),
  };
}

/** The mean reward of every group at every point; none when summary.csv has no group rewards. */
function sweepRewardTable(folder: ExperimentFolder): Table | undefined {
  const rows = sweepGroupRows(folder.summary.filter((row) => row.metric === 'mean_reward'));
  if (rows.length === 0) return undefined;
  const groups = (['inference', 'evaluator'] as Role[]).flatMap((role) =>
    orderedModels(folder, role, rows.filter((r) => r.role === role).map(sweepGroupLabel)).map((label) => ({ role, label })),
  );
  const index = new Map(rows.map((row) => [`${row.pointId}|${row.role}|${sweepGroupLabel(row)}`, row]));
  return {
    id: 'sweep-reward',
    title: 'Mean reward per point',
    caption:
      'Mean reward per round of every group at every point of the sweep, over the replications, ± the half-width of its 95% confidence interval.',
    columns: [...pointColumns(folder), ...groups.map((g) => right(g.label))],
    rows: pointRows(folder, (pointId) => groups.map((g) => meanWithHalfWidth(index.get(`${pointId}|${g.role}|${g.label}`)))),
  };
}

/** The run-level metrics worth a column, at every point; none when summary.csv has none of them. */
function runMetricsTable(folder: ExperimentFolder): Table | undefined {
  const runLevel = folder.summary.filter((row) => row.level === 'run');
  const interesting = [
    'adversary_reward_share',
    'consensus_mae',
    'consensus_correlation',
    'audit_detection_rate',
    'audit_false_positive_rate',
    'mean_response_ms',
  ];
  const metrics = [...new Set(runLevel.map((row) => row.metric))]
    .filter((m) => interesting.includes(m))
    .sort((a, b) => interesting.indexOf(a) - interesting.indexOf(b));
  if (metrics.length === 0) return undefined;
  const index = new Map(runLevel.map((row) => [`${row.pointId}|${row.metric}`, row]));
  return {
    id: 'sweep-run-metrics',
    title: 'Run-level metrics per point',
    caption: 'Run-level metrics at every point of the sweep, over the replications, ± the half-width of their 95% confidence intervals.',
    columns: [...pointColumns(folder), ...metrics.map(right)],
    rows: pointRows(folder, (pointId) => metrics.map((m) => meanWithHalfWidth(index.get(`${pointId}|${m}`)))),
  };
}

/** The first columns of a per-point table: the point's id, then one per swept parameter. */
function pointColumns(folder: ExperimentFolder): Table['columns'] {
  return [right('point'), ...folder.parameters.map((p) => right(parameterTitle(p, folder)))];
}

/** One row per point of the sweep, in order: its id, the value of each parameter ('–' where unset), then the cells of `rest`. */
function pointRows(folder: ExperimentFolder, rest: (pointId: number) => string[]): string[][] {
  const names = folder.parameters.map((p) => p.name);
  const points = [...new Map(folder.summary.map((row) => [row.pointId, row.parameters])).entries()].sort((a, b) => a[0] - b[0]);
  return points.map(([pointId, values]) => [String(pointId), ...names.map((name) => String(values[name] ?? '–')), ...rest(pointId)]);
}

function calibrationTables(folder: CalibrationFolder): Table[] {
  const cells = new Map<string, { role: string; model: string; task: string; metric: string; values: number[] }>();
  for (const m of folder.measurements) {
    const key = `${m.role}|${m.model}|${m.task}|${m.metric}`;
    const cell = cells.get(key) ?? { role: m.role, model: m.model, task: m.task, metric: m.metric, values: [] };
    cell.values.push(m.value);
    cells.set(key, cell);
  }
  const significant = (value: number | null) => (value === null ? '–' : Number(value.toPrecision(4)).toString().replace('-', '−'));
  return [
    {
      id: 'calibration',
      title: 'Measured against fitted',
      caption:
        'For every model, task and metric measured: the number of measurements, their mean and standard deviation, and the family, mean and standard deviation of the distribution fitted into profile.yaml.',
      columns: [
        left('role'),
        left('model'),
        left('task'),
        left('metric'),
        right('n'),
        right('mean'),
        right('sd'),
        left('fitted family'),
        right('fitted mean'),
        right('fitted sd'),
      ],
      rows: [...cells.values()].map((cell) => {
        const n = cell.values.length;
        const mean = cell.values.reduce((a, b) => a + b, 0) / n;
        const sd = n > 1 ? Math.sqrt(cell.values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : null;
        const fit = fittedDistribution(folder.profile, cell.role, cell.model, cell.task, cell.metric);
        const fitted = fit ? moments(fit) : null;
        return [
          cell.role,
          cell.model,
          cell.task,
          cell.metric,
          String(n),
          significant(mean),
          significant(sd),
          fit?.family ?? '–',
          significant(fitted?.mean ?? null),
          significant(fitted ? Math.sqrt(fitted.variance) : null),
        ];
      }),
    },
  ];
}

export function summaryTables(folder: ResultsFolder): Table[] {
  switch (folder.kind) {
    case 'run':
      return runTables(folder);
    case 'experiment':
      return experimentTables(folder);
    case 'calibration':
      return calibrationTables(folder);
    case 'study':
      return studyTables(folder.study);
  }
}
