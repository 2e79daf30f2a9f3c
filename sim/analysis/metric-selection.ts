/**
 * Why a selection of an experiment's metrics (a metric, and the run or a
 * group) matches nothing, in words that say what the experiment has: a
 * misspelt name gets a "did you mean" and the list to choose from.
 */
import { didYouMean } from '../input/suggest.js';
import type { MetricCatalogue, MetricsSelection } from './read-metrics.js';

const unique = (names: readonly string[]) => [...new Set(names)].filter((name) => name !== '');
const listed = (names: readonly string[]) => (names.length > 0 ? names.join(', ') : 'none');

function metricProblem(selection: MetricsSelection, catalogue: MetricCatalogue): string | undefined {
  const { metric } = selection;
  const all = unique([...catalogue.run, ...catalogue.group]);
  if (!all.includes(metric)) {
    return `no metric "${metric}"${didYouMean(metric, all)} (run metrics: ${listed([...catalogue.run])}; group metrics: ${listed([...catalogue.group])})`;
  }
  const runLevel = selection.role === undefined && selection.model === undefined && selection.population === '';
  if (runLevel && !catalogue.run.has(metric)) {
    const populations = unique(catalogue.groups.filter((g) => g.role !== 'operator').map((g) => g.population));
    return `"${metric}" is a metric of groups, not of the run: give --population (${listed(populations)}) or --role and --model`;
  }
  if (!runLevel && !catalogue.group.has(metric))
    return `"${metric}" is a metric of the run, not of a group: leave out --population, --role and --model`;
  return undefined;
}

function groupProblems(selection: MetricsSelection, catalogue: MetricCatalogue): string[] {
  const problems: string[] = [];
  const { role, model, population } = selection;
  const roles = unique(catalogue.groups.map((g) => g.role));
  if (role !== undefined && !roles.includes(role)) problems.push(`no role "${role}"${didYouMean(role, roles)} (roles: ${listed(roles)})`);
  const ofRole = role !== undefined && roles.includes(role) ? role : undefined; // an unknown role is its own problem
  const models = unique(catalogue.groups.filter((g) => ofRole === undefined || g.role === ofRole).map((g) => g.model));
  if (model !== undefined && !models.includes(model)) {
    problems.push(
      `no model "${model}"${ofRole === undefined ? '' : ` of role ${ofRole}`}${didYouMean(model, models)} (models: ${listed(models)})`,
    );
  }
  if (population !== undefined && population !== '') {
    const populations = unique(catalogue.groups.filter((g) => g.role !== 'operator').map((g) => g.population));
    const operators = unique(catalogue.groups.filter((g) => g.role === 'operator').map((g) => g.population));
    if (!populations.includes(population) && !operators.includes(population)) {
      problems.push(
        `no population or operator "${population}"${didYouMean(population, [...populations, ...operators])} (populations: ${listed(populations)}; operators: ${listed(operators)})`,
      );
    }
  }
  return problems;
}

/** What is wrong with the selection, one message per mistake; empty when every name it gives exists. */
export function selectionProblems(selection: MetricsSelection, catalogue: MetricCatalogue): string[] {
  return [...[metricProblem(selection, catalogue)].filter((p): p is string => p !== undefined), ...groupProblems(selection, catalogue)];
}
