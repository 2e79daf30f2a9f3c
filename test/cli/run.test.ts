/** `poq-sim run` on the paper baseline, end to end through the built CLI. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunSummaryFile } from '../../sim/results/run-files.js';
import { CLI, ROOT } from '../helpers.js';

const BASELINE = join(ROOT, 'scenarios', 'paper-baseline.yaml');

function run(args: string[]) {
  const out = mkdtempSync(join(tmpdir(), 'poq-run-'));
  const result = spawnSync(process.execPath, [CLI, 'run', BASELINE, '--out', join(out, 'r'), ...args], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return { stdout: result.stdout, dir: join(out, 'r') };
}

const summaryText = (dir: string) => readFileSync(join(dir, 'summary.json'), 'utf8');
const summaryOf = (dir: string) => JSON.parse(summaryText(dir)) as RunSummaryFile;

const INFERENCE_ORDER = ['llama-3.2-3b', 'gemma-2-2b', 'tinyllama-1.1b', 'qwen2-1.5b', 'phi-3-mini'];

function expectPaperOrdering(summary: RunSummaryFile) {
  const reward = (model: string) => summary.groups.find((g) => g.model === model)!.meanReward;
  for (let i = 1; i < INFERENCE_ORDER.length; i++) {
    expect(reward(INFERENCE_ORDER[i - 1]!)).toBeGreaterThan(reward(INFERENCE_ORDER[i]!));
  }
  const evaluators = summary.groups.filter((g) => g.role === 'evaluator');
  const best = evaluators.reduce((a, b) => (a.meanReward > b.meanReward ? a : b));
  expect(best.model).toBe('sts-distilroberta');
}

describe('poq-sim run scenarios/paper-baseline.yaml', () => {
  const first = run([]);

  it('writes summary.json with one group per (role, model)', () => {
    const summary = summaryOf(first.dir);
    expect(summary.seed).toBe(20251218);
    expect(summary.scenarioHash).toMatch(/^[0-9a-f]{64}$/);
    expect(summary.version).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    expect(summary.requestsSettled).toBe(5000);
    expect(summary.groups).toHaveLength(8);
    for (const group of summary.groups) {
      expect(['inference', 'evaluator']).toContain(group.role);
      expect(group.count).toBe(1);
      expect(group.ci95![0]).toBeLessThan(group.meanReward);
      expect(group.ci95![1]).toBeGreaterThan(group.meanReward);
      // Each role has its own quality measures, and only its own.
      const quality =
        group.role === 'inference' ? [group.meanConsensusQuality, group.meanTrueQuality] : [group.meanAgreement, group.meanScore];
      const others =
        group.role === 'inference' ? [group.meanAgreement, group.meanScore] : [group.meanConsensusQuality, group.meanTrueQuality];
      for (const value of quality) expect(Number.isFinite(value)).toBe(true);
      expect(others).toEqual([undefined, undefined]);
      expect(Number.isFinite(group.meanCost)).toBe(true);
    }
    const rounds = summary.groups.filter((g) => g.role === 'inference').reduce((sum, g) => sum + g.rounds, 0);
    expect(rounds).toBe(5000);
    // The consensus rates Qwen2's answers far above what they are worth: the two are different measures.
    const qwen = summary.groups.find((g) => g.model === 'qwen2-1.5b')!;
    expect(qwen.meanConsensusQuality).toBeGreaterThan(0.5);
    expect(qwen.meanTrueQuality).toBeLessThan(0.2);
  });

  it('orders rewards as the paper does', () => {
    expectPaperOrdering(summaryOf(first.dir));
  });

  it('prints the reward table beside the published values', () => {
    expect(first.stdout).toMatch(/llama-3\.2-3b\s+│\s+1\s+│\s+[\d,]+\s+│\s+[\d,]+\s+│\s+0\.\d{3}\s+│ \[0\.\d{3}, 0\.\d{3}\]/);
    expect(first.stdout).toMatch(/95% intervals: batch means over 10 batches after a warm-up of [\d,]+ rounds/);
    expect(first.stdout).toContain('0.623');
    expect(first.stdout).toContain('published');
  });

  it('writes nodes.csv with one row per node and a report', () => {
    const csv = readFileSync(join(first.dir, 'nodes.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe(
      'level,node,role,population,model,served_model,hardware,operator,behaviour,adversarial,rounds,total_reward,mean_reward,sd_reward,mean_consensus_quality,mean_true_quality,mean_agreement,mean_score,mean_cost,total_reported_cost_usd,total_true_cost_usd,mean_service_ms,mean_wait_ms,total_slashed,total_profit,audits,flags,ejected_at_s,reputation,stake,utilization,mean_in_system,mean_in_queue,p_wait',
    );
    expect(csv).toHaveLength(1 + 8);
    expect(csv[1]).toMatch(
      /^node,llama-3\.2-3b-0,inference,llama-3\.2-3b,llama-3\.2-3b,llama-3\.2-3b,rtx4090,llama-3\.2-3b-0,honest,false,\d+,/,
    );
    expect(readFileSync(join(first.dir, 'report.md'), 'utf8')).toContain('| inference | llama-3.2-3b |');
    const manifest = JSON.parse(readFileSync(join(first.dir, 'manifest.json'), 'utf8'));
    expect(manifest.scenarioHash).toBe(summaryOf(first.dir).scenarioHash);
    expect(manifest.profile.name).toBe('paper-rtx4090');
  });

  it('gives a byte-identical summary.json for the same seed', () => {
    expect(summaryText(run([]).dir)).toBe(summaryText(first.dir));
  });

  it('gives different draws and the same ordering for other seeds', () => {
    for (const seed of [1, 2, 3]) {
      const other = run(['--seed', String(seed)]);
      const summary = summaryOf(other.dir);
      expect(summary.seed).toBe(seed);
      expect(summaryText(other.dir)).not.toBe(summaryText(first.dir));
      expect(summary.groups[0]!.meanReward).not.toBe(summaryOf(first.dir).groups[0]!.meanReward);
      expectPaperOrdering(summary);
    }
  });
});
