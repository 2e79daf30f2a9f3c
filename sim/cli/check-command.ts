/**
 * `poq-sim check <scenario>`: everything `run` and `sweep` check before
 * they start — the scenario and its `extends:`, the profile, every sweep
 * point — without running or writing anything. For editors, CI jobs and a
 * designer who wants to know how big an experiment is before starting it.
 */
import { checkRunReport, planExperiment } from '../experiment/plan.js';
import { loadScenarioFile } from '../scenario/load.js';
import { overrideLabel, parseOverride } from '../scenario/overrides.js';
import { resolveScenario } from '../scenario/resolve.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import type { Scenario } from '../scenario/schema.js';
import { scenarioWarnings } from '../scenario/warnings.js';
import { printWarnings } from './print-warnings.js';
import { describeStudies } from './describe-studies.js';

const count = (n: number) => n.toLocaleString('en-US');

function stopping(stop: Scenario['stop']): string {
  const limits = [
    stop.requests !== undefined ? `${count(stop.requests)} requests` : '',
    stop.timeSeconds !== undefined ? `${count(stop.timeSeconds)} s of virtual time` : '',
    stop.events !== undefined ? `${count(stop.events)} events` : '',
  ].filter(Boolean);
  return limits.join(' or ');
}

function describeRun(resolved: ResolvedScenario): string[] {
  const { scenario, profile } = resolved;
  return [
    `network: ${count(resolved.inferenceNodes.length)} inference and ${count(resolved.evaluatorNodes.length)} evaluator nodes (profile ${profile.profile.name})`,
    `stops at: ${stopping(scenario.stop)}`,
  ];
}

export interface CheckCommandOptions {
  readonly quiet?: boolean;
  /** --set path=value arguments, applied as run and sweep apply them. */
  readonly set?: readonly string[];
}

export function checkCommand(file: string, options: CheckCommandOptions): void {
  const loaded = loadScenarioFile(file, (options.set ?? []).map(parseOverride));
  const { scenario } = loaded;
  const isExperiment = Boolean(scenario.sweep || scenario.replications || scenario.stopping);
  const lines: string[] = [];
  if (isExperiment) {
    const plan = planExperiment(loaded);
    printWarnings(plan.warnings);
    const runs = plan.points.length * plan.replications;
    const parameters = plan.parameters.map((p) => p.name).join(', ');
    lines.push(...describeRun(plan.base));
    lines.push(
      `experiment: ${count(plan.points.length)} point${plan.points.length === 1 ? '' : 's'}${parameters ? ` over ${parameters}` : ''} × ${count(plan.replications)} replications = ${count(runs)} runs` +
        (plan.stopping ? ` (up to ${count(plan.points.length * plan.stopping.maxReplications)} with the stopping rule)` : ''),
    );
  } else {
    const resolved = resolveScenario(loaded);
    printWarnings([...scenarioWarnings(resolved.scenario, loaded.source), ...checkRunReport(loaded)]);
    lines.push(...describeRun(resolved));
  }
  lines.push(...describeStudies(loaded));
  if (options.quiet) return;
  const overridden = loaded.overrides.length > 0 ? ` with ${loaded.overrides.map((o) => overrideLabel(o.text)).join(' ')}` : '';
  console.log(`${file}: valid scenario "${scenario.name}"${overridden}`);
  for (const line of lines) console.log(`  ${line}`);
}
