/**
 * Why a selection of an experiment's metrics (a metric, at the run's level
 * or a group's) matches nothing, in words that say what the experiment has:
 * a misspelt name gets a "did you mean" and the list to choose from, and a
 * metric asked at a level that does not report it is told the levels that do.
 */
import { didYouMean } from '../input/suggest.js';
import type { TableLevel } from '../results/levels.js';
import type { MetricCatalogue, MetricsSelection } from './read-metrics.js';

const unique = (names: readonly string[]) => [...new Set(names)].filter((name) => name !== '');
const listed = (names: readonly string[]) => (names.length > 0 ? names.join(', ') : 'none');

const LEVEL_WORDS: Readonly<Record<TableLevel, string>> = {
  run: 'the run',
  'role-model': '(role, model) groups',
  population: 'populations',
  operator: 'operators',
};

const namesAt = (catalogue: MetricCatalogue, level: 'population' | 'operator') =>
  unique(catalogue.groups.filter((g) => g.level === level).map((g) => g[level]));

/** The options that select each group level, with the names the experiment has. */
function optionsFor(levels: readonly TableLevel[], catalogue: MetricCatalogue): string {
  const order: readonly TableLevel[] = ['population', 'operator', 'role-model'];
  const options = order
    .filter((level) => levels.includes(level))
    .flatMap((level) => {
      if (level === 'population') return [`--population (${listed(namesAt(catalogue, 'population'))})`];
      if (level === 'operator') return [`--operator (${listed(namesAt(catalogue, 'operator'))})`];
      return level === 'role-model' ? ['--role and --model'] : [];
    });
  return options.length > 1 ? `${options.slice(0, -1).join(', ')} or ${options.at(-1)!}` : options.join('');
}

function metricProblem(selection: MetricsSelection, catalogue: MetricCatalogue): string | undefined {
  const { metric, level } = selection;
  const all = unique([...catalogue.run, ...catalogue.group]);
  // The list is the level's own: every level's together would not fit one line (and a metric of another level gets its own message).
  if (!all.includes(metric)) {
    return `no metric "${metric}"${didYouMean(metric, all)} (metrics of ${LEVEL_WORDS[level]}: ${listed([...(catalogue.byLevel.get(level) ?? [])])})`;
  }
  if (catalogue.byLevel.get(level)?.has(metric)) return undefined;
  const reported = (['role-model', 'population', 'operator'] as const).filter((l) => catalogue.byLevel.get(l)?.has(metric));
  if (level === 'run') return `"${metric}" is a metric of groups, not of the run: give ${optionsFor(reported, catalogue)}`;
  if (reported.length === 0)
    return `"${metric}" is a metric of the run, not of a group: leave out --population, --operator, --role and --model`;
  const where = reported.map((l) => LEVEL_WORDS[l]).join(' and ');
  return `"${metric}" is a metric of ${where}, not of ${LEVEL_WORDS[level]}: give ${optionsFor(reported, catalogue)}`;
}

function nameProblem(kind: 'population' | 'operator', name: string | undefined, catalogue: MetricCatalogue): string[] {
  if (name === undefined) return [];
  const names = namesAt(catalogue, kind);
  return names.includes(name) ? [] : [`no ${kind} "${name}"${didYouMean(name, names)} (${kind}s: ${listed(names)})`];
}

function groupProblems(selection: MetricsSelection, catalogue: MetricCatalogue): string[] {
  const problems: string[] = [];
  const { role, model } = selection;
  const roles = unique(catalogue.groups.map((g) => g.role));
  if (role !== undefined && !roles.includes(role)) problems.push(`no role "${role}"${didYouMean(role, roles)} (roles: ${listed(roles)})`);
  const ofRole = role !== undefined && roles.includes(role) ? role : undefined; // an unknown role is its own problem
  const models = unique(catalogue.groups.filter((g) => ofRole === undefined || g.role === ofRole).map((g) => g.model));
  if (model !== undefined && !models.includes(model)) {
    problems.push(
      `no model "${model}"${ofRole === undefined ? '' : ` of role ${ofRole}`}${didYouMean(model, models)} (models: ${listed(models)})`,
    );
  }
  return [
    ...problems,
    ...nameProblem('population', selection.population, catalogue),
    ...nameProblem('operator', selection.operator, catalogue),
  ];
}

/** What is wrong with the selection, one message per mistake; empty when every name it gives exists. */
export function selectionProblems(selection: MetricsSelection, catalogue: MetricCatalogue): string[] {
  return [...[metricProblem(selection, catalogue)].filter((p): p is string => p !== undefined), ...groupProblems(selection, catalogue)];
}
