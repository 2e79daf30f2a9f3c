/** report.md: a run's headline results as Markdown, readable anywhere. */
import type { RunSummaryFile } from '../sim/results/run-files.js';
import { fixed, rewardTableMarkdown, type RewardSummary } from './reward-table.js';

export type MarkdownSummary = RewardSummary &
  Pick<RunSummaryFile, 'scenario' | 'version' | 'seed' | 'requestsSettled' | 'events' | 'virtualTimeMs' | 'consensus' | 'scenarioHash' | 'profileHash'>;

export function markdownReport(summary: MarkdownSummary): string {
  const lines = [
    `# ${summary.scenario}`,
    '',
    `poq-sim ${summary.version} · seed ${summary.seed} · ${summary.requestsSettled.toLocaleString('en-US')} rounds settled · ${summary.events.toLocaleString('en-US')} events · ${(summary.virtualTimeMs / 1000).toFixed(1)} s of virtual time`,
    '',
    '## Mean reward per round',
    '',
    'Quality is the normalized consensus for inference nodes and the agreement with consensus for evaluators; cost is the normalized cost that entered the reward.',
    '',
    rewardTableMarkdown(summary),
    '',
  ];
  if (summary.reference) lines.push(`Published values: ${summary.reference.citation}.`, '');
  lines.push(
    '## Consensus against ground truth',
    '',
    `Mean absolute error ${fixed(summary.consensus.meanAbsoluteError)}, Pearson correlation ${fixed(summary.consensus.correlation)}.`,
    '',
    '| evaluator | correlation of score with true quality |',
    '| --- | ---: |',
    ...summary.groups
      .filter((group) => group.role === 'evaluator')
      .map((group) => `| ${group.model} | ${fixed(group.correlationWithTruth ?? null)} |`),
    '',
    `Scenario hash \`${summary.scenarioHash}\`, profile hash \`${summary.profileHash}\`.`,
    '',
  );
  return lines.join('\n');
}
