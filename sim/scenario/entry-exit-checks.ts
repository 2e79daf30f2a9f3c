/**
 * The checks entry and exit (issue 18) need across the scenario: candidate
 * nodes join only under `economics.entry`; entry and exit need an epoch;
 * every declared epoch length is the same one; and the nodes in from the
 * start can run a round (one inference node, K evaluators).
 */
import type { ProblemSink } from './hardware-tiers.js';
import { declaredEpochs } from './epochs.js';
import type { NodeRole } from './resolved.js';
import type { Scenario } from './schema.js';

/** What the checks read of a declared population part. */
export interface CandidatePart {
  readonly role: NodeRole;
  readonly path: readonly PropertyKey[];
  readonly part: { readonly candidate?: boolean | undefined; readonly count: number };
}

export function checkEntryExit(scenario: Scenario, parts: readonly CandidatePart[], problems: ProblemSink): void {
  checkEpochs(scenario, problems);
  const economics = scenario.economics;
  const candidates = parts.filter(({ part }) => part.candidate === true);
  if (economics?.entry === undefined) {
    const first = candidates[0];
    if (first !== undefined)
      problems.add([...first.path, 'candidate'], 'candidate nodes join only under economics.entry, which is not declared');
    return;
  }
  const initial = (role: NodeRole) =>
    parts.filter((p) => p.role === role && p.part.candidate !== true).reduce((sum, p) => sum + p.part.count, 0);
  if (initial('inference') < 1)
    problems.add(['network', 'inference'], 'entry needs at least one inference node in the market from the start (not a candidate)');
  const k = scenario.mechanism.evaluatorsPerRound;
  if (initial('evaluator') < k) {
    problems.add(['network', 'evaluators'], `entry needs at least K = ${k} evaluator nodes in the market from the start (not candidates)`);
  }
}

/** Entry and exit need an epoch length; two declared lengths must agree. */
function checkEpochs(scenario: Scenario, problems: ProblemSink): void {
  const declared = declaredEpochs(scenario);
  const economics = scenario.economics;
  if ((economics?.entry !== undefined || economics?.exit !== undefined) && declared.length === 0) {
    problems.add(['economics', 'epochSeconds'], 'entry and exit act at epochs’ ends: give economics.epochSeconds (or declare a pool)');
  }
  const first = declared[0];
  for (const other of declared.slice(1)) {
    if (first !== undefined && other.seconds !== first.seconds) {
      problems.add(other.path, `${other.seconds} differs from ${first.path.join('.')} = ${first.seconds}: the market has one epoch length`);
    }
  }
}
