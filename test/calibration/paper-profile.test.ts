/** The shipped paper profile: valid, and every number says where it comes from. */
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../sim/profile/load.js';

/** Numeric parameters of a distribution spec (everything but its family and provenance). */
function distributionParameters(spec: Record<string, unknown>): string[] {
  return Object.keys(spec).filter((key) => key !== 'family' && key !== 'provenance');
}

function* distributions(node: unknown, path: string): Generator<[string, Record<string, unknown>]> {
  if (node === null || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  if (typeof record.family === 'string' && record.family !== 'linear-gaussian') {
    yield [path, record];
    return;
  }
  for (const [key, value] of Object.entries(record)) yield* distributions(value, `${path}.${key}`);
}

function* quantities(node: unknown, path: string): Generator<[string, Record<string, unknown>]> {
  if (node === null || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  if ('value' in record && typeof record.value === 'number') {
    yield [path, record];
    return;
  }
  for (const [key, value] of Object.entries(record)) yield* quantities(value, `${path}.${key}`);
}

describe('calibration/profiles/paper-rtx4090', () => {
  const { profile } = loadProfile('paper-rtx4090');

  it('holds the paper’s five inference models and three evaluators', () => {
    expect(Object.keys(profile.inferenceModels).sort()).toEqual(
      ['gemma-2-2b', 'llama-3.2-3b', 'phi-3-mini', 'qwen2-1.5b', 'tinyllama-1.1b'].sort(),
    );
    expect(Object.keys(profile.evaluatorModels).sort()).toEqual(['ce-deberta', 'ce-minilm', 'sts-distilroberta']);
  });

  it('gives every distribution parameter a provenance with a reason', () => {
    let checked = 0;
    for (const [path, spec] of distributions(profile, 'profile')) {
      const provenance = spec.provenance as Record<string, { status: string; why: string }> | undefined;
      for (const parameter of distributionParameters(spec)) {
        expect(provenance?.[parameter], `${path}.${parameter}`).toBeDefined();
        expect(['published', 'estimated', 'derived', 'measured']).toContain(provenance![parameter]!.status);
        expect(provenance![parameter]!.why.length).toBeGreaterThan(10);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  it('gives every scalar a status and a reason', () => {
    let checked = 0;
    for (const [path, quantity] of quantities(profile, 'profile')) {
      expect(['published', 'estimated', 'derived', 'measured'], path).toContain(quantity.status);
      expect(String(quantity.why).length, path).toBeGreaterThan(5);
      checked++;
    }
    expect(checked).toBeGreaterThan(25);
  });

  it('keeps the published figures', () => {
    expect(profile.evaluatorModels['sts-distilroberta']!.scoreModel.correlation).toMatchObject({ value: 0.66, status: 'published' });
    expect(profile.evaluatorModels['ce-minilm']!.scoreModel.correlation).toMatchObject({ value: -0.24, status: 'published' });
    expect(profile.inferenceModels['llama-3.2-3b']!.judgeScore).toMatchObject({ value: 9.0, status: 'published' });
  });
});
