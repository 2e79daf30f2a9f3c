/**
 * What a valid scenario says that it probably does not mean. Today: a
 * consensus rule that, at the scenario's K evaluators per round, computes
 * exactly what another rule does, so a comparison of the two compares a
 * rule with itself (a trimmed mean that trims nothing is the mean to every
 * digit). Each warning is located at the field to change.
 */
import { formatPath } from '../input/input-error.js';
import type { InputWarning } from '../input/input-warning.js';
import type { SourceDocument } from '../input/source-document.js';
import { formatNumber } from '../random/distribution-bounds.js';
import type { Scenario } from './schema.js';

const CONSENSUS = ['mechanism', 'consensus'] as const;

/** A warning without its location: the field it is about, and what to say. */
interface Finding {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

function written(source: SourceDocument, path: readonly PropertyKey[]): boolean {
  let value: unknown = source.data;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return false;
    value = (value as Record<PropertyKey, unknown>)[segment as string];
  }
  return value !== undefined;
}

/** The smallest trim fraction, in as few decimals as K allows (two up to K = 100), that drops one score from each end (K ≥ 3). */
function smallestTrimming(k: number): number {
  const decimals = Math.max(2, Math.ceil(Math.log10(k)));
  const unit = 10 ** decimals;
  let steps = Math.ceil(unit / k);
  while (Math.floor((steps / unit) * k) < 1) steps++; // rounding of steps / unit
  return Number((steps / unit).toFixed(decimals));
}

const scores = (n: number) => (n === 1 ? '1 score' : `${n} scores`);

/** A trimmed mean with nothing trimmed (the mean) or with only the middle one or two scores left (the median). */
function trimmedMean(k: number, trimFraction: number, source: SourceDocument): Finding | undefined {
  const defaulted = !written(source, [...CONSENSUS, 'trimFraction']);
  const path = defaulted ? [...CONSENSUS, 'rule'] : [...CONSENSUS, 'trimFraction'];
  const fraction = `a trim fraction of ${formatNumber(trimFraction)}${defaulted ? ' (the default)' : ''}`;
  const trim = Math.floor(trimFraction * k);
  if (trim === 0) {
    if (k < 3)
      return { path, message: `at K = ${k} no trim fraction below 0.5 trims a score, so trimmed-mean equals mean; use mean, or K ≥ 3` };
    const least = smallestTrimming(k);
    const median = k - 2 <= 2 ? `, which at K = ${k} leaves only the median` : '';
    return {
      path,
      message: `at K = ${k} ${fraction} trims nothing, so trimmed-mean equals mean; use at least ${formatNumber(least)} to trim one score from each end${median}`,
    };
  }
  const kept = k - 2 * trim;
  if (kept > 2) return undefined;
  // The largest trim that keeps three scores or more, if any: below its bound the rule differs from both.
  const widest = Math.floor((k - 3) / 2);
  const alternative =
    widest >= 1
      ? `, or a trim fraction below ${formatNumber(Math.floor(((widest + 1) / k) * 1e6) / 1e6)} to keep ${scores(k - 2 * widest)}`
      : '';
  return {
    path,
    message: `at K = ${k} ${fraction} trims ${scores(trim)} from each end and keeps only the middle ${kept === 1 ? 'one' : 'two'}, so trimmed-mean equals median; use median${alternative}`,
  };
}

function consensusFinding(scenario: Scenario, source: SourceDocument): Finding | undefined {
  const k = scenario.mechanism.evaluatorsPerRound;
  const consensus = scenario.mechanism.consensus;
  const rule = [...CONSENSUS, 'rule'];
  switch (consensus.rule) {
    case 'mean':
      return undefined;
    case 'median':
      if (k > 2) return undefined;
      return {
        path: rule,
        message: `at K = ${k} the median of ${scores(k)} is ${k === 1 ? 'that score' : 'their mean'}, so median equals mean; use mean, or K ≥ 3`,
      };
    case 'trimmed-mean':
      return trimmedMean(k, consensus.trimFraction, source);
    case 'trust-weighted':
    case 'multiplicative-trust':
      if (k > 1) return undefined;
      return {
        path: rule,
        message: `at K = 1 a weighted mean of one score is that score, so ${consensus.rule} equals mean; use mean, or K ≥ 2`,
      };
  }
}

/** The scenario's warnings, located through `source` (the data as written, before defaults). */
export function scenarioWarnings(scenario: Scenario, source: SourceDocument): InputWarning[] {
  const findings = [consensusFinding(scenario, source)].filter((f): f is Finding => f !== undefined);
  return findings.map(({ path, message }) => {
    const at = source.where(path);
    return { file: at.file, line: at.line, column: at.column, path: formatPath(path), message };
  });
}
