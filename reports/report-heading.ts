/**
 * The few lines a report opens with, above its figures: the scenario's
 * name, the question it asks (its `report.question`, else its `description`:
 * the header comment that states it in the scenario file is not in the
 * results folder), what was
 * run, and the headline numbers. report.html and report.md both start so.
 */
import type { ExperimentFolder, ResultsFolder, RunFolder } from './folder/results-folder.js';
import { parameterValues } from './figures/sweep-parameters.js';
import { readableValue } from './figures/declared/values.js';
import { fixed, interval } from './tables/reward-table.js';
import { studyHeadline, studyMeta } from './study/study-heading.js';

export interface ReportHeading {
  readonly title: string;
  /** The scenario's report.question, else its description, or null when it has neither. */
  readonly question: string | null;
  /** What was run: version, seed, size. */
  readonly meta: string;
  /** The headline numbers, one short line each. */
  readonly headline: readonly string[];
}

export function reportHeading(folder: ResultsFolder): ReportHeading {
  const question = scenarioDescription(folder);
  switch (folder.kind) {
    case 'run':
      return { title: folder.summary.scenario, question, meta: runMeta(folder), headline: runHeadline(folder) };
    case 'experiment':
      return {
        title: String(folder.manifest?.scenarioName ?? 'Sweep'),
        question,
        meta: sweepMeta(folder),
        headline: sweepHeadline(folder),
      };
    case 'study':
      return {
        title: `${folder.study.scenario}: ${folder.study.kind}`,
        question: folder.study.question ?? question,
        meta: studyMeta(folder.study, folder.manifest?.version),
        headline: studyHeadline(folder.study),
      };
    case 'calibration':
      return {
        title: `Calibration: ${folder.profile?.name ?? 'profile'}`,
        question,
        meta: `${folder.measurements.length.toLocaleString('en-US')} measurements`,
        headline: [],
      };
  }
}

function scenarioDescription(folder: ResultsFolder): string | null {
  const scenario = folder.manifest?.resolvedScenario;
  const fields = scenario !== null && typeof scenario === 'object' ? (scenario as Record<string, unknown>) : {};
  const report = fields['report'] !== null && typeof fields['report'] === 'object' ? (fields['report'] as Record<string, unknown>) : {};
  const text = [report['question'], fields['description']].find((t): t is string => typeof t === 'string' && t.trim() !== '');
  return text === undefined ? null : text.trim();
}

function runMeta(folder: RunFolder): string {
  const s = folder.summary;
  return (
    `poq-sim ${s.version} run · seed ${s.seed} · ${s.requestsSettled.toLocaleString('en-US')} rounds settled · ` +
    `${s.events.toLocaleString('en-US')} events · ${(s.virtualTimeMs / 1000).toFixed(1)} s of virtual time`
  );
}

/** Each group's mean reward with its 95% CI, the consensus error and, with adversaries, their share and gain. */
function runHeadline(folder: RunFolder): string[] {
  const s = folder.summary;
  const rewards = s.groups.map((g) => `${g.model} ${fixed(g.meanReward)} ${interval(g.ci95)}`).join(', ');
  const lines = [`Mean reward per round (95% CI): ${rewards}.`];
  lines.push(`Consensus mean absolute error against true quality: ${fixed(s.consensus.meanAbsoluteError)}.`);
  const adversarial = (s.populations ?? []).filter((p) => p.adversarial);
  if (s.adversaries && adversarial.length > 0) {
    const gains = adversarial.map((p) => `${p.population} ${p.twin ? signedFixed(p.twin.gainPerRound) : '–'}`).join(', ');
    lines.push(
      `Adversaries’ share of all rewards: ${(100 * s.adversaries.rewardShare).toFixed(1)}%; gain per round over the honest twin: ${gains}.`,
    );
  }
  return lines;
}

const signedFixed = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${fixed(Math.abs(x))}`;

function sweepMeta(folder: ExperimentFolder): string {
  const points = new Set(folder.summary.map((row) => row.pointId)).size;
  const replications = folder.manifest?.replications;
  return `poq-sim ${folder.manifest?.version ?? ''} sweep · ${points} points${replications ? ` × ${replications} replications` : ''}`;
}

/** The design: each parameter with the values it takes (a sampled one by its range). */
function sweepHeadline(folder: ExperimentFolder): string[] {
  return folder.parameters.map((p) => {
    const values = parameterValues(folder, p);
    const numbers = values.filter((v): v is number => typeof v === 'number');
    const listed =
      values.length > 8 && numbers.length === values.length
        ? `${values.length} values from ${numbers[0]} to ${numbers[numbers.length - 1]}`
        : values.map(readableValue).join(', ');
    return `${p.name} (${p.path}): ${listed}`;
  });
}
