/**
 * What `poq-sim check` says of a scenario's study sections: each planned as
 * its command would (its paths, populations, metrics and every range end
 * checked at their lines), and its size before a run.
 */
import type { LoadedScenario } from '../scenario/load.js';
import { planExploit } from '../study/exploit.js';
import { planSensitivity } from '../study/sensitivity.js';
import { deviationGrid, planTune } from '../study/tune/tune-plan.js';

const count = (n: number) => n.toLocaleString('en-US');

function exploitLine(loaded: LoadedScenario): string {
  const plan = planExploit(loaded);
  const { search } = plan.spec;
  return `exploit: ${plan.families.length} deviation famil${plan.families.length === 1 ? 'y' : 'ies'} (${plan.families.map((f) => f.spec.name).join(', ')}) × ${plan.mechanisms.length} mechanism${plan.mechanisms.length === 1 ? '' : 's'}, each searched from ${search.candidates} candidates × ${search.replications} replications (eta ${search.eta}, ${search.zoomRounds} zoom round${search.zoomRounds === 1 ? '' : 's'})`;
}

function sensitivityLine(loaded: LoadedScenario): string {
  const plan = planSensitivity(loaded);
  const d = plan.parameters.length;
  const sobol = plan.spec.sobol ? plan.spec.sobol.samples * (d + 2) : 0;
  const morris = plan.spec.morris ? plan.spec.morris.trajectories * (d + 1) : 0;
  const points = sobol + morris;
  return `sensitivity: ${d} parameters, ${count(points)} points (${[sobol ? `Sobol ${count(sobol)}` : '', morris ? `Morris ${count(morris)}` : ''].filter(Boolean).join(', ')}) × ${plan.spec.replications} replications = ${count(points * plan.spec.replications)} runs`;
}

function tuneLine(loaded: LoadedScenario): string {
  const plan = planTune(loaded);
  const perCandidate = 1 + [...plan.families.values()].reduce((n, f) => n + deviationGrid(f, plan.spec.deviations).length, 0);
  const points = plan.candidates.length * plan.environments.length * perCandidate;
  return `tune: ${plan.candidates.length} candidates × ${plan.environments.length} environment${plan.environments.length === 1 ? '' : 's'} × ${perCandidate} points = ${count(points)} points × ${plan.spec.replications} replications at screening, then confirmation`;
}

/** One line per study section the scenario has; throws the first section's problems. */
export function describeStudies(loaded: LoadedScenario): string[] {
  const { scenario } = loaded;
  return [
    scenario.exploit ? exploitLine(loaded) : '',
    scenario.sensitivity ? sensitivityLine(loaded) : '',
    scenario.tune ? tuneLine(loaded) : '',
  ].filter(Boolean);
}
