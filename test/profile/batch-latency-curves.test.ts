/**
 * The batch-latency curves of the shipped profiles, and what the profile
 * loader says about a malformed one.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../sim/input/input-error.js';
import type { BatchLatency } from '../../sim/profile/batch-latency.js';
import { loadProfile, loadProfileFile } from '../../sim/profile/load.js';
import { CLI, ROOT } from '../helpers.js';

function curves(name: string): [string, BatchLatency][] {
  const { profile } = loadProfile(name);
  return [...Object.entries(profile.inferenceModels), ...Object.entries(profile.evaluatorModels)].map(([model, m]) => {
    expect(m.batchLatency, `${name}: ${model}`).toBeDefined();
    return [model, m.batchLatency!];
  });
}

describe('the shipped profiles’ batch-latency curves', () => {
  it.each(['paper-rtx4090', 'local-cpu'])('%s: every model has one, from factor 1 at batch size 1, never falling', (name) => {
    for (const [model, curve] of curves(name)) {
      expect(curve.points[0], model).toEqual({ batchSize: 1, factor: 1 });
      for (let i = 1; i < curve.points.length; i++) {
        expect(curve.points[i]!.batchSize, model).toBeGreaterThan(curve.points[i - 1]!.batchSize);
        expect(curve.points[i]!.factor, model).toBeGreaterThanOrEqual(curve.points[i - 1]!.factor);
      }
      expect(curve.provenance.why.length).toBeGreaterThan(100);
    }
  });

  it('paper-rtx4090: estimated at batch sizes 1 to 64; the small encoders’ per-item cost falls steeply, then flattens', () => {
    for (const [model, curve] of curves('paper-rtx4090')) {
      expect(
        curve.points.map((p) => p.batchSize),
        model,
      ).toEqual([1, 2, 4, 8, 16, 32, 64]);
      expect(curve.provenance.status).toBe('estimated');
      expect(curve.provenance.why).toMatch(/165\.2 TFLOPS.*1008 GB\/s/);
    }
    const { profile } = loadProfile('paper-rtx4090');
    for (const model of ['sts-distilroberta', 'ce-minilm', 'ce-deberta']) {
      const perItem = profile.evaluatorModels[model]!.batchLatency!.points.map((p) => p.factor / p.batchSize);
      expect(perItem[3], `${model} at 8`).toBeLessThan(0.2);
      expect(perItem[5]! - perItem[6]!, `${model}: 32 to 64 against 1 to 2`).toBeLessThan((perItem[0]! - perItem[1]!) / 10);
    }
  });

  it('local-cpu: derived from the measured throughput', () => {
    for (const [, curve] of curves('local-cpu')) expect(curve.provenance.status).toBe('derived');
  });
});

describe('a malformed curve', () => {
  const folder = mkdtempSync(join(tmpdir(), 'poq-batch-curve-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const shipped = readFileSync(join(ROOT, 'calibration', 'profiles', 'paper-rtx4090', 'profile.yaml'), 'utf8');
  const llama = '[{ batchSize: 1, factor: 1 }, { batchSize: 2, factor: 1.074 }, { batchSize: 4, factor: 1.221 }';
  const gemma = '{ batchSize: 4, factor: 1.167 }';
  expect(shipped).toContain(llama);
  expect(shipped).toContain(gemma);
  const file = join(folder, 'profile.yaml');
  writeFileSync(
    file,
    shipped
      .replace(llama, '[{ batchSize: 2, factor: 1 }, { batchSize: 4, factor: 1.074 }, { batchSize: 8, factor: 1.221 }')
      .replace(gemma, '{ batchSize: 4, factor: 0.9 }'),
  );
  const line = (text: string) => shipped.split('\n').findIndex((l) => l.includes(text)) + 1;

  it('is refused by the profile loader, each problem located by line, column and field path', () => {
    let error: unknown;
    try {
      loadProfileFile(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const lines = (error as InputError).message.split('\n');
    expect(lines[0]).toBe(
      `${file}:${line(llama)}:16: inferenceModels.llama-3.2-3b.batchLatency.points[0]: the first point is { batchSize: 1, factor: 1 }`,
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^${file}:${line(gemma)}:\\d+: inferenceModels\\.gemma-2-2b\\.batchLatency\\.points\\[2\\]\\.factor: a larger batch takes`,
        ),
      ),
    );
  });

  it('stops poq-sim check with exit 2 and the located line', () => {
    copyFileSync(join(ROOT, 'scenarios', 'paper-baseline.yaml'), join(folder, 'scenario.yaml'));
    const scenario = join(folder, 'scenario.yaml');
    writeFileSync(scenario, readFileSync(scenario, 'utf8').replace(/^profile: paper-rtx4090$/m, 'profile: ./profile.yaml'));
    const result = spawnSync(process.execPath, [CLI, 'check', scenario], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${file}:${line(llama)}:16: inferenceModels.llama-3.2-3b.batchLatency.points[0]: the first point is`);
  });
});
