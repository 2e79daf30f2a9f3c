/**
 * Why the simulated rewards differ from the published ones, in sentences
 * whose every number comes from the folder: the summary, the resolved
 * scenario's reward weights and the profile's provenance. The reward is
 * R = α·quality − β·cost, so the published reward and the simulated cost
 * imply the quality the paper's rounds must have had; the simulated quality
 * is the consensus of the evaluators' scores, which the profile's
 * linear-Gaussian score model centres on the evaluators' score means.
 * Those, and the score spreads, are estimates the paper does not publish:
 * the sentences name them, with their values.
 */
import type { RunFolder } from '../folder/results-folder.js';
import type { Profile } from '../../sim/profile/schema.js';
import { qualityPoolFor, scoreCoefficients } from '../../sim/profile/score-model.js';
import { referenceMeans, taskMix } from '../figures/reference-means.js';
import { fixed, signed } from './reward-table.js';
import type { ReproductionRow } from './reproduction.js';

interface Rewards {
  readonly alpha: number;
  readonly beta: number;
  readonly k: number | null;
  readonly rule: string | null;
}

/** The reward weights of the resolved scenario; null when the manifest lacks them or rewards are clipped (the means no longer add up). */
function rewardsOf(folder: RunFolder): Rewards | null {
  const mechanism = (folder.manifest?.resolvedScenario as { mechanism?: Record<string, unknown> } | undefined)?.mechanism;
  const rewards = mechanism?.['rewards'] as { alpha?: unknown; beta?: unknown; clip?: unknown } | undefined;
  if (typeof rewards?.alpha !== 'number' || typeof rewards.beta !== 'number' || !(rewards.alpha > 0)) return null;
  if (rewards.clip !== undefined && rewards.clip !== 'none') return null;
  const k = mechanism?.['evaluatorsPerRound'];
  const rule = (mechanism?.['consensus'] as { rule?: unknown } | undefined)?.rule;
  return { alpha: rewards.alpha, beta: rewards.beta, k: typeof k === 'number' ? k : null, rule: typeof rule === 'string' ? rule : null };
}

const range = (values: readonly number[], digits = 3) => {
  const [low, high] = [Math.min(...values), Math.max(...values)];
  return fixed(low, digits) === fixed(high, digits) ? fixed(low, digits) : `${fixed(low, digits)}–${fixed(high, digits)}`;
};

const listing = (names: readonly string[]) =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Which published values the simulated CIs miss, and by how much. */
function gapSentence(rows: readonly ReproductionRow[]): string {
  const below = rows.filter((row) => row.position === 'below');
  const above = rows.filter((row) => row.position === 'above');
  const inside = rows.filter((row) => row.position === 'inside');
  const parts: string[] = [];
  if (below.length > 0)
    parts.push(
      `the simulated rewards of ${listing(below.map((r) => r.model))} sit ${range(below.map((r) => -r.difference))} below the published ones, their whole 95% CIs under them`,
    );
  if (above.length > 0)
    parts.push(
      `those of ${listing(above.map((r) => r.model))} sit ${range(above.map((r) => r.difference))} above, their whole 95% CIs over them`,
    );
  if (inside.length > 0)
    parts.push(
      `the published value${inside.length > 1 ? 's' : ''} of ${listing(inside.map((r) => `${r.model} (Δ ${signed(round3(r.difference))})`))} lie${inside.length > 1 ? '' : 's'} inside the simulated CI`,
    );
  const joined = parts.join('; ');
  return `Of the ${rows.length} published values, ${rows.length - inside.length} lie outside the simulated 95% CI: ${joined}.`;
}

interface QualityRow {
  readonly row: ReproductionRow;
  readonly simulated: number;
  readonly implied: number;
}

/** Each inference row's simulated consensus quality and the quality its published reward implies at the simulated cost. */
function qualityRows(rows: readonly ReproductionRow[], { alpha, beta }: Rewards): QualityRow[] {
  return rows.flatMap((row) => {
    const simulated = row.group.meanConsensusQuality;
    if (row.role !== 'inference' || simulated === undefined) return [];
    return [{ row, simulated, implied: (row.published + beta * row.group.meanCost) / alpha }];
  });
}

/** The evaluators of the run with their node counts, as the consensus draws on them. */
function runEvaluators(folder: RunFolder, profile: Profile): { model: string; weight: number }[] {
  return folder.summary.groups
    .filter((group) => group.role === 'evaluator' && group.model in profile.evaluatorModels)
    .filter((group) => group.population === undefined || group.population === group.model)
    .map((group) => ({ model: group.model, weight: group.count }));
}

/** The consensus the profile's score model predicts for a model: the evaluators' mean of intercept + slope · its mean quality (before clipping). */
function predictedConsensus(folder: RunFolder, profile: Profile, model: string): number | null {
  const evaluators = runEvaluators(folder, profile);
  if (!(model in profile.inferenceModels) || evaluators.length === 0) return null;
  const { quality } = referenceMeans(profile, model, taskMix(folder));
  const total = evaluators.reduce((sum, e) => sum + e.weight, 0);
  return evaluators.reduce((sum, e) => {
    const scoreModel = profile.evaluatorModels[e.model]!.scoreModel;
    const { intercept, slope } = scoreCoefficients(scoreModel, qualityPoolFor(scoreModel, profile));
    return sum + (e.weight / total) * (intercept + slope * quality);
  }, 0);
}

/** "sts-distilroberta 0.65, ce-minilm 0.55 and ce-deberta 0.50": a score-model field of each evaluator of the run. */
function evaluatorValues(
  folder: RunFolder,
  profile: Profile,
  pick: (m: Profile['evaluatorModels'][string]['scoreModel']) => number,
): string {
  return listing(runEvaluators(folder, profile).map((e) => `${e.model} ${fixed(pick(profile.evaluatorModels[e.model]!.scoreModel), 2)}`));
}

/** The statuses a score-model field has across the run's evaluators ("estimated", or "estimated or derived"). */
function statusesOf(folder: RunFolder, profile: Profile, field: 'scoreMean' | 'scoreSd' | 'correlation'): string {
  const statuses = new Set(runEvaluators(folder, profile).map((e) => profile.evaluatorModels[e.model]!.scoreModel[field].status));
  return [...statuses].join(' or ');
}

/** What the paper publishes about the evaluators, with the values: their correlations, when the profile marks them published. */
function publishedAboutEvaluators(folder: RunFolder, profile: Profile): string {
  const evaluators = runEvaluators(folder, profile).map((e) => profile.evaluatorModels[e.model]!);
  const parts: string[] = [];
  if (evaluators.every((e) => e.scoreModel.correlation.status === 'published'))
    parts.push(`their correlations with ground truth (${evaluators.map((e) => fixed(e.scoreModel.correlation.value, 2)).join(', ')})`);
  if (evaluators.every((e) => e.judgeCorrelation?.status === 'published'))
    parts.push(`with the LLM judge (${evaluators.map((e) => fixed(e.judgeCorrelation!.value, 2)).join(', ')})`);
  return parts.length > 0 ? `the source publishes only ${parts.join(' and ')}` : 'the source does not publish them';
}

/** The reward formula as the scenario sets it: "R = α·quality − β·cost (α = 1, β = 0.5)". */
const formula = ({ alpha, beta }: Rewards) => `R = α·quality − β·cost (α = ${alpha}, β = ${beta})`;

/** Why the inference rewards differ: the implied against the simulated quality, and the score means behind the latter. */
function inferenceParagraph(folder: RunFolder, profile: Profile, rows: readonly ReproductionRow[], rewards: Rewards): string | null {
  const quality = qualityRows(rows, rewards);
  if (quality.length === 0) return null;
  const consensus = `the consensus (${rewards.rule ?? 'rule'} of ${rewards.k === null ? 'the' : `K = ${rewards.k}`} evaluators’ scores)`;
  const pairs = quality.map((q) => `${q.row.model} ${fixed(q.implied)} against ${fixed(q.simulated)}`).join(', ');
  const predicted = quality.map((q) => predictedConsensus(folder, profile, q.row.model)).filter((p): p is number => p !== null);
  const evaluators = runEvaluators(folder, profile);
  const total = evaluators.reduce((sum, e) => sum + e.weight, 0);
  const meanScore = evaluators.reduce(
    (sum, e) => sum + (e.weight / total) * profile.evaluatorModels[e.model]!.scoreModel.scoreMean.value,
    0,
  );
  const shortfall = median(quality.map((q) => q.implied - q.simulated));
  return (
    `An inference node’s reward is ${formula(rewards)}, its quality ${consensus} and its cost its model’s normalized cost, ` +
    `so at the simulated costs each published reward implies the quality its rounds must have had: ${pairs} simulated. ` +
    `The simulated consensus comes from the profile’s score model, score = scoreMean + scoreSd·(ρ·z + √(1 − ρ²)·ε), which centres every model’s consensus ` +
    `on the mean of the evaluators’ score means, ${fixed(meanScore)} (${evaluatorValues(folder, profile, (m) => m.scoreMean.value)}), ` +
    `moved only by ρ·scoreSd times the model’s standardized quality` +
    (predicted.length > 0 ? ` (${range(predicted)} predicted for these models before clipping)` : '') +
    `. Those score means are ${statusesOf(folder, profile, 'scoreMean')} in profile.yaml: ${publishedAboutEvaluators(folder, profile)}. ` +
    `The inference rewards’ difference therefore rests on the estimated score means: the published rewards imply a consensus ` +
    `${fixed(Math.abs(shortfall))} ${shortfall >= 0 ? 'higher' : 'lower'} (median over the models) than the profile’s score means give.`
  );
}

/** The models whose difference the score means do not explain (their quality gap is off the median by more than 0.02), with their latency's status. */
function costSentence(folder: RunFolder, profile: Profile, rows: readonly ReproductionRow[], rewards: Rewards): string | null {
  const quality = qualityRows(rows, rewards);
  if (quality.length < 2) return null;
  const shortfall = median(quality.map((q) => q.implied - q.simulated));
  const outliers = quality.filter((q) => Math.abs(q.implied - q.simulated - shortfall) > 0.02);
  if (outliers.length === 0) return null;
  const latency = (model: string) => {
    const task = Object.values(profile.inferenceModels[model]?.tasks ?? {})[0];
    const mean = task?.latencyMs.provenance?.['mean'];
    const seconds = fixed(referenceMeans(profile, model, taskMix(folder)).latencyS, 2);
    return mean ? `${model}’s mean latency, ${seconds} s, is ${mean.status} (“${mean.why}”)` : `${model}’s mean latency is ${seconds} s`;
  };
  return (
    `Where a model’s implied quality is further than 0.02 from that (${outliers.map((q) => `${q.row.model}: ${fixed(round3(q.implied - q.simulated))} higher`).join(', ')}), ` +
    `its published reward also implies another cost, β times the min–max normalized latency: ${listing(outliers.map((q) => latency(q.row.model)))}.`
  );
}

/** Rounded to the three digits shown, so a difference of −0.0001 reads 0.000, not −0.000. */
export const round3 = (value: number): number => Math.round(value * 1000) / 1000 || 0;

/** Why the evaluators' rewards differ: agreement rests on the score spreads. */
function evaluatorParagraph(folder: RunFolder, profile: Profile, rows: readonly ReproductionRow[], rewards: Rewards): string | null {
  const evaluatorRows = rows.filter((row) => row.role === 'evaluator' && row.group.meanAgreement !== undefined);
  if (evaluatorRows.length === 0) return null;
  const pairs = evaluatorRows.map(
    (row) =>
      `${row.model}: agreement ${fixed(row.group.meanAgreement!)} and cost ${fixed(row.group.meanCost)} give ${fixed(row.simulated)}; the published ${fixed(row.published)} implies an agreement of ${fixed((row.published + rewards.beta * row.group.meanCost) / rewards.alpha)}`,
  );
  return (
    `An evaluator’s reward is ${formula(rewards)} with agreement 1 − |score − consensus| as its quality (${pairs.join('; ')}). ` +
    `Agreement falls as the scores spread about the consensus, and the profile’s score spreads (scoreSd: ${evaluatorValues(folder, profile, (m) => m.scoreSd.value)}) ` +
    `are ${statusesOf(folder, profile, 'scoreSd')} as well.`
  );
}

/** The section's paragraphs: the gap, then, when the folder holds the profile and the reward weights, the estimates it rests on. */
export function reproductionReasons(folder: RunFolder, rows: readonly ReproductionRow[]): string[] {
  const paragraphs = [gapSentence(rows)];
  const rewards = rewardsOf(folder);
  const profile = folder.profile;
  if (!profile || !rewards) {
    paragraphs.push(
      !profile
        ? 'The folder has no profile.yaml, so the profile values the difference rests on cannot be named.'
        : 'The manifest does not record unclipped reward weights (mechanism.rewards), so the difference cannot be decomposed.',
    );
    return paragraphs;
  }
  const inference = inferenceParagraph(folder, profile, rows, rewards);
  const cost = costSentence(folder, profile, rows, rewards);
  if (inference) paragraphs.push(cost ? `${inference} ${cost}` : inference);
  const evaluators = evaluatorParagraph(folder, profile, rows, rewards);
  if (evaluators) paragraphs.push(evaluators);
  return paragraphs;
}
