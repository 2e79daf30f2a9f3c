/**
 * The shipped hardware catalogue validates and gives every value its
 * provenance; mistakes in hardware tiers, regions and the cost measure are
 * one located line each, exit 2, nothing written.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { catalogueFile, loadHardwareCatalogue } from '../../sim/profile/hardware-catalogue.js';
import { CLI } from '../helpers.js';

describe('the hardware catalogue', () => {
  const catalogue = loadHardwareCatalogue(catalogueFile());

  it('validates and holds the tiers the docs name, relative to the RTX 4090', () => {
    expect(catalogue.reference).toBe('rtx4090');
    expect(Object.keys(catalogue.tiers)).toEqual(['rtx4090', 'l4', 'a10g', 'a100-80gb-sxm', 'h100-sxm', 'cpu-server']);
    expect(catalogue.tiers.rtx4090!.relativeSpeed.default.value).toBe(1);
  });

  it('gives every number its provenance: published, estimated or derived, with a why', () => {
    const numbers: string[] = [];
    const walk = (value: unknown, path: string): void => {
      if (typeof value === 'number') numbers.push(path);
      if (typeof value !== 'object' || value === null) return;
      const record = value as Record<string, unknown>;
      if (typeof record.value === 'number') {
        expect(['published', 'estimated', 'derived'], path).toContain(record.status);
        expect(String(record.why).length, path).toBeGreaterThan(20);
        return;
      }
      for (const [key, child] of Object.entries(record)) walk(child, `${path}.${key}`);
    };
    walk((parse(readFileSync(catalogueFile(), 'utf8')) as { tiers: unknown }).tiers, 'tiers');
    // The only bare numbers are the size bounds of bySize, which are definitions, not data.
    expect(numbers.filter((path) => !path.endsWith('.maxParametersMillions'))).toEqual([]);
  });
});

const base = (extra: string, inference = '- { model: llama-3.2-3b, count: 2 }', profile = 'paper-rtx4090') => `name: bad
profile: ${profile}
stop: { requests: 10 }
network:
  inference:
    ${inference}
  evaluators:
    - { model: sts-distilroberta, count: 3 }
${extra}`;

function runCli(yaml: string) {
  const dir = mkdtempSync(join(tmpdir(), 'poq-hw-'));
  const file = join(dir, 'scenario.yaml');
  writeFileSync(file, yaml);
  const out = join(dir, 'out');
  return { ...spawnSync(process.execPath, [CLI, 'run', file, '--out', out], { encoding: 'utf8' }), file, out };
}

function expectLocated(yaml: string, at: string, pattern: RegExp) {
  const run = runCli(yaml);
  expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 2 });
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(`${run.file}:${at}: `);
  expect(lines[0]).toMatch(pattern);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(existsSync(run.out)).toBe(false);
}

describe('bad hardware input', () => {
  it('an unknown tier lists all three sources and suggests the closest', () => {
    expectLocated(
      base('', '- { model: llama-3.2-3b, count: 2, hardware: h100sxm }'),
      '6:50',
      /network\.inference\[0\]\.hardware: no hardware tier "h100sxm" in the scenario, the profile or the catalogue \(scenario: none; profile: rtx4090; catalogue: .*\); did you mean "h100-sxm"\?/,
    );
  });

  it('an unknown region', () => {
    expectLocated(
      base('regions:\n  eu: { electricityUsdPerKwh: 0.2 }', '- { model: llama-3.2-3b, count: 2, region: euu }'),
      '6:48',
      /network\.inference\[0\]\.region: no region "euu" .*did you mean "eu"\?/,
    );
  });

  it('a catalogue tier on a profile with another reference needs a relativeSpeed of its own', () => {
    expectLocated(
      base('', '- { model: lead3-window8, count: 2, hardware: l4 }', 'local-cpu').replace('sts-distilroberta', 'glove-sif'),
      '6:51',
      /network\.inference\[0\]\.hardware: catalogue tier "l4" has speeds relative to rtx4090, but the profile's reference hardware is local-cpu/,
    );
  });

  it('a scenario tier from the catalogue on such a profile, without a relativeSpeed', () => {
    expectLocated(
      base('hardware:\n  gpu: { catalogue: l4 }', '- { model: lead3-window8, count: 2, hardware: gpu }', 'local-cpu').replace(
        'sts-distilroberta',
        'glove-sif',
      ),
      '10:21',
      /hardware\.gpu\.catalogue: catalogue tier "l4" has speeds relative to rtx4090, but the profile's reference hardware is local-cpu: give hardware\.gpu a relativeSpeed of its own$/,
    );
  });

  it('an unknown catalogue entry', () => {
    expectLocated(
      base('hardware:\n  mine: { catalogue: rtx4091 }'),
      '10:22',
      /hardware\.mine\.catalogue: no catalogue tier "rtx4091".*did you mean "rtx4090"\?/,
    );
  });

  it('rental and purchase together', () => {
    expectLocated(
      base('hardware:\n  mine: { relativeSpeed: 1, costUsdPerHour: 1, purchase: { priceUsd: 100, lifetimeYears: 1 } }'),
      '10:58',
      /hardware\.mine\.purchase: give costUsdPerHour \(rental\) or purchase \(amortized\), not both/,
    );
  });

  it('a price curve without 24 hours', () => {
    expectLocated(
      base('regions:\n  eu: { electricityUsdPerKwh: { hourly: [0.1, 0.2] } }'),
      '10:41',
      /regions\.eu\.electricityUsdPerKwh\.hourly: give 24 prices/,
    );
  });

  it('the energy measure on a tier without power', () => {
    expectLocated(
      base('mechanism:\n  rewards: { cost: { measure: energy } }'),
      '10:31',
      /mechanism\.rewards\.cost\.measure: the energy measure needs every node's hardware tier to declare powerWatts .*tier "rtx4090"/,
    );
  });
});
