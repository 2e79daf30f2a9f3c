/**
 * The `report:` section checked like the rest of the scenario: every name a
 * figure uses is a sweep parameter (its column name), a group field, one of
 * the figure's metrics or time, and every metric is in the catalogue; every
 * parameter that varies is shown, held or filtered to one value, so no
 * figure silently averages over (or picks the middle of) a parameter. Runs
 * when a scenario loads for run, sweep and check, and when `poq-sim report
 * --scenario` redraws a folder, so a mistake is one located line before
 * anything runs, not a figure that is quietly wrong after.
 */
import { quoteValue } from '../input/input-error.js';
import { didYouMean } from '../input/suggest.js';
import { CHANNEL_WORDS, type FigureDeclaration, GROUP_FIELDS, type ReportSpec } from '../scenario/report-schema.js';
import { ReportFindings } from './report-findings.js';
import { checkMetricRef, metricsOf } from './report-metrics.js';
import {
  describeValues,
  isGroupField,
  isNumeric,
  parameterNamed,
  type ReportContext,
  type ReportParameter,
  takes,
  varies,
} from './report-names.js';

export { type ReportContext, type ReportParameter } from './report-names.js';
export { ReportFindings } from './report-findings.js';

const CHANNELS = ['x', 'colour', 'row', 'column'] as const;
type Channel = (typeof CHANNELS)[number];

/** One figure being checked: the declaration, where it is, and what it can name. */
interface Scope {
  readonly figure: FigureDeclaration;
  readonly base: readonly PropertyKey[];
  readonly context: ReportContext;
  readonly findings: ReportFindings;
}

/** Every figure of the section; returns the findings (throw with `throwIfAny`, print the warnings). */
export function checkReport(report: ReportSpec, context: ReportContext): ReportFindings {
  const findings = new ReportFindings(context.where);
  const ids = new Map<string, number>();
  report.figures.forEach((figure, index) => {
    const base = ['report', 'figures', index];
    const first = ids.get(figure.id);
    if (first === undefined) ids.set(figure.id, index);
    else findings.problem([...base, 'id'], `figure id "${figure.id}" is already used by report.figures[${first}]; give each figure its own id`);
    checkFigure({ figure, base, context, findings });
  });
  return findings;
}

function checkFigure(scope: Scope): void {
  checkMetrics(scope);
  const before = scope.findings.problems.length;
  const seen = new Map<string, Channel>();
  for (const channel of CHANNELS) {
    const name = scope.figure[channel];
    if (name === undefined) continue;
    const path = [...scope.base, channel];
    const earlier = seen.get(name);
    if (earlier !== undefined) scope.findings.problem(path, `${name} is already on ${earlier}; a field goes on one channel`);
    seen.set(name, channel);
    checkChannel(name, channel, path, scope);
  }
  // A misspelt channel leaves its parameter unshown: say the spelling, not that too.
  const namesKnown = scope.findings.problems.length === before;
  checkWhere(scope);
  checkHold(scope, seen);
  if (namesKnown) checkCoverage(scope);
  checkMarks(scope);
}

const yMetricCount = (figure: FigureDeclaration): number => (figure.mark === 'heatmap' ? 0 : metricsOf(figure.y).length);

/** A heatmap's y is a parameter and its value a metric; every other mark draws the metrics of y. */
function checkMetrics({ figure, base, context, findings }: Scope): void {
  // Over time, the metrics are the time series'; without one the x problem says so, and the metrics are not checked.
  const overTime = figure.x === 'time' ? context.timeseriesMetrics : null;
  if (figure.x === 'time' && overTime === null) return;
  if (figure.mark !== 'heatmap') {
    if (figure.value !== undefined) findings.problem([...base, 'value'], 'only a heatmap takes value; put the metric on y');
    const multiple = Array.isArray(figure.y);
    metricsOf(figure.y).forEach((ref, j) => checkMetricRef(ref, multiple ? [...base, 'y', j] : [...base, 'y'], overTime, findings));
    return;
  }
  for (const channel of ['x', 'y'] as const) {
    const name = figure[channel];
    if (typeof name === 'string' && parameterNamed(context, name)) continue;
    const written = typeof name === 'string' ? `"${name}" is not one` : 'a metric is not one';
    findings.problem(
      [...base, channel],
      `a heatmap's ${channel} is a sweep parameter; ${written} (${parameterList(context)})${typeof name === 'string' ? didYouMean(name, names(context)) : ''}`,
    );
  }
  if (figure.value === undefined) findings.problem([...base, 'mark'], 'a heatmap needs value: the metric each cell shows');
  else checkMetricRef(figure.value, [...base, 'value'], null, findings);
}

const names = (context: ReportContext): string[] => context.parameters.map((parameter) => parameter.name);

function parameterList(context: ReportContext): string {
  return context.parameters.length === 0 ? 'the scenario has no sweep' : `parameters: ${names(context).join(', ')}`;
}

/** What a channel may name besides a parameter, for the message that lists them. */
function otherWords(channel: Channel, figure: FigureDeclaration): string[] {
  return CHANNEL_WORDS.filter((word) => (word === 'time' ? channel === 'x' : word === 'metric' ? yMetricCount(figure) > 1 : true));
}

function checkChannel(name: string, channel: Channel, path: readonly PropertyKey[], scope: Scope): void {
  const { context, findings, figure } = scope;
  const run = context.parameters.length === 0;
  if (isGroupField(name) || (!run && parameterNamed(context, name))) return;
  if (name === 'metric' && !(run && channel === 'x')) {
    const count = yMetricCount(figure);
    if (count < 2) findings.problem(path, `"metric" draws one series per metric of y, and y names ${count}; list several metrics in y`);
    return;
  }
  if (name === 'time') {
    if (channel !== 'x') findings.problem(path, 'time goes on x only');
    else if (context.timeseriesMetrics === null)
      findings.problem(path, `x = time needs output.timeseries: the ${run ? 'run records' : 'sweep’s runs record'} no time series`);
    return;
  }
  if (run) {
    const allowed = channel === 'x' ? [...GROUP_FIELDS, 'time'] : otherWords(channel, figure);
    findings.problem(path, `the scenario has no sweep, so ${channel} takes one of ${allowed.join(', ')}, not "${name}"${didYouMean(name, allowed)}`);
    return;
  }
  const words = otherWords(channel, figure);
  findings.problem(
    path,
    `no parameter or field "${name}" (parameters: ${names(context).join(', ')}; fields: ${words.join(', ')})${didYouMean(name, [...names(context), ...words])}`,
  );
}

const notTaken = (parameter: ReportParameter, value: unknown) =>
  `${parameter.name} takes ${describeValues(parameter)}; ${quoteValue(value)} is not one of them`;

const ROLES = ['inference', 'evaluator'];

function checkWhere({ figure, base, context, findings }: Scope): void {
  for (const [key, wanted] of Object.entries(figure.where ?? {})) {
    const path = [...base, 'where', key];
    const list = Array.isArray(wanted) ? (wanted as unknown[]) : [wanted];
    const at = (j: number) => (Array.isArray(wanted) ? [...path, j] : path);
    const parameter = parameterNamed(context, key);
    if (parameter) list.forEach((value, j) => takes(parameter, value) || findings.problem(at(j), notTaken(parameter, value)));
    else if (key === 'role')
      list.forEach((value, j) => ROLES.includes(value as string) || findings.problem(at(j), `role is inference or evaluator, not ${quoteValue(value)}`));
    else if (!isGroupField(key)) {
      const candidates = [...names(context), ...GROUP_FIELDS];
      findings.problem(path, `where filters on a parameter or a group field (${candidates.join(', ')}), not "${key}"${didYouMean(key, candidates)}`);
    }
  }
}

function checkHold({ figure, base, context, findings }: Scope, onChannels: ReadonlyMap<string, Channel>): void {
  for (const [key, value] of Object.entries(figure.hold ?? {})) {
    const path = [...base, 'hold', key];
    const parameter = parameterNamed(context, key);
    if (!parameter) findings.problem(path, `hold takes a sweep parameter, not "${key}" (${parameterList(context)})${didYouMean(key, names(context))}`);
    else if (!takes(parameter, value)) findings.problem(path, notTaken(parameter, value));
    else if (onChannels.has(key) || (figure.mark === 'heatmap' && figure.y === key))
      findings.problem(path, `${key} is on ${onChannels.get(key) ?? 'y'}; a parameter on a channel is not held`);
    else if (!varies(parameter)) findings.warning(path, `${key} takes one value only (${describeValues(parameter)}); holding it changes nothing`);
  }
}

/** Whether the figure shows the parameter at one value or along a channel. */
function pinned(figure: FigureDeclaration, name: string): boolean {
  if (CHANNELS.some((channel) => figure[channel] === name) || (figure.mark === 'heatmap' && figure.y === name)) return true;
  if (figure.hold && Object.hasOwn(figure.hold, name)) return true;
  const wanted = figure.where && Object.hasOwn(figure.where, name) ? figure.where[name] : undefined;
  return wanted !== undefined && (!Array.isArray(wanted) || wanted.length === 1);
}

/** A varying parameter that the figure neither shows nor holds would be averaged over, or picked silently: refused, naming it. */
function checkCoverage({ figure, base, context, findings }: Scope): void {
  for (const parameter of context.parameters) {
    if (!varies(parameter) || pinned(figure, parameter.name)) continue;
    const zipped = context.parameters.some(
      (other) => parameter.method === 'zip' && other.design === parameter.design && other !== parameter && pinned(figure, other.name),
    );
    if (zipped) continue;
    findings.problem(
      base,
      `${parameter.name} varies (${describeValues(parameter)}) but is on no channel of this figure: put it on colour, row or column, or hold it`,
    );
  }
}

function checkMarks({ figure, base, context, findings }: Scope): void {
  const x = parameterNamed(context, figure.x);
  if (figure.marks?.breakEven && !(x && isNumeric(x))) {
    const what = x ? `${x.name} takes ${describeValues(x)}` : `"${figure.x}" is not a sweep parameter`;
    findings.problem([...base, 'marks', 'breakEven'], `breakEven is where y crosses 0 along x, so x must be a numeric parameter; ${what}`);
  }
  const logX = figure.scales?.x?.type === 'log';
  if (logX && x && !x.range && (x.values ?? []).some((value) => typeof value === 'number' && value <= 0)) {
    findings.warning([...base, 'scales', 'x', 'type'], `a log axis drops ${x.name} ≤ 0 (${describeValues(x)}); use symlog`);
  }
}
