/**
 * The shipped, locally calibrated profile (calibration/profiles/local-cpu,
 * written by `poq-sim calibrate calibration/examples/local.yaml`) and the
 * scenario that runs on it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../sim/profile/load.js';
import { batchLatencyFromThroughput } from '../../calibration/fit/batch-latency-from-throughput.js';
import { ksTest } from '../../calibration/fit/select-family.js';
import type { Distribution } from '../../sim/random/distribution.js';
import { ROOT, runFile } from '../helpers.js';

const loaded = loadProfile('local-cpu');
const profile = loaded.profile;
const rows = parse<Record<string, string>>(readFileSync(join(ROOT, 'calibration', 'profiles', 'local-cpu', 'measurements.csv'), 'utf8'), {
  columns: true,
});

function at(path: string): Distribution {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], profile) as Distribution;
}

describe('the local-cpu profile', () => {
  it('was measured here, and every fit can be checked against its measurements', () => {
    expect(profile.source.kind).toBe('measured');
    const report = profile.calibration!;
    expect(report.fits.length).toBeGreaterThanOrEqual(16);
    for (const fit of report.fits) {
      const values = rows
        .filter(
          (r) =>
            r.role === fit.role &&
            r.model === fit.model &&
            r.task === fit.task &&
            r.metric === fit.metric &&
            (fit.metric !== 'latency_ms' || r.batch_size === '1'),
        )
        .map((r) => Number(r.value));
      expect(values).toHaveLength(fit.n);
      const distribution = at(fit.path);
      expect(distribution.family).toBe(fit.chosen);
      if (fit.ks) {
        // The recorded KS statistic is the one the distribution in the profile gives on the measured values.
        expect(ksTest(values, distribution).statistic).toBeCloseTo(fit.ks.statistic, 10);
        expect(fit.ks.pValue).toBeGreaterThanOrEqual(0.01);
      } else {
        expect(['empirical', 'constant']).toContain(fit.chosen);
      }
    }
  });

  it('carries the batch-latency curve calibrate derives from each model’s throughput, and its manifest hashes the file as it is', () => {
    const models = [...Object.values(profile.inferenceModels), ...Object.values(profile.evaluatorModels)];
    expect(models.filter((m) => m.throughput)).toHaveLength(4);
    for (const model of models) expect(model.batchLatency).toEqual(batchLatencyFromThroughput(model.throughput!));
    const manifest = JSON.parse(readFileSync(join(ROOT, 'calibration', 'profiles', 'local-cpu', 'manifest.json'), 'utf8')) as {
      profile: { hash: string };
    };
    expect(manifest.profile.hash).toBe(createHash('sha256').update(readFileSync(loaded.file)).digest('hex'));
  });

  it('runs the shipped scenario, whose evaluators agree with true quality as measured (±0.05)', () => {
    const result = runFile(join(ROOT, 'scenarios', 'local-calibrated.yaml'));
    expect(result.requestsSettled).toBe(20_000);
    for (const fit of profile.calibration!.scoreModels) {
      const group = result.groups.find((g) => g.role === 'evaluator' && g.model === fit.model)!;
      expect(Math.abs(group.correlationWithTruth! - fit.targets.correlation)).toBeLessThan(0.05);
      expect(Math.abs(group.meanScore! - fit.targets.scoreMean)).toBeLessThan(0.02);
    }
  });
});
