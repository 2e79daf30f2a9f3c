/**
 * `npm run fingerprint`: the check that a change left every result as it
 * was. Runs a fixed set of scenarios through a built CLI — the paper
 * baseline, a 10,000-node network, adversarial networks with and without
 * defences, every shipped scenario and a small sweep — and prints one
 * SHA-256 per result file (manifest.json aside, since it records when and
 * where). Run it before and after a change and `diff` the two outputs:
 *
 *   git stash; npm run fingerprint > /tmp/before.txt; git stash pop
 *   npm run fingerprint > /tmp/after.txt; diff /tmp/before.txt /tmp/after.txt
 *
 * `--cli <main.js>` runs another build's CLI (a worktree of the old commit),
 * so the two need not share a checkout.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { packageRoot } from '../../sim/package-info.js';
import { adversarialNetwork, locallyCalibrated, paperBaseline, poissonNetwork } from './cases.js';

/** Scenarios built in code, at sizes that run in seconds but reach queueing, ejections and every defence. */
const BUILT_CASES: Readonly<Record<string, string>> = {
  'baseline-100k': paperBaseline(100_000),
  'network-10k': poissonNetwork(8000, 2000, 200_000, 2000),
  'adversarial-defended': adversarialNetwork(8000, 2000, 200_000, 2000),
  'adversarial-no-ejection': adversarialNetwork(8000, 2000, 200_000, 2000, { ejection: false }),
  'adversarial-undefended': adversarialNetwork(8000, 2000, 200_000, 2000, { defences: false }),
  'adversarial-1k-long': adversarialNetwork(800, 200, 400_000, 200),
  calibrated: locallyCalibrated(50_000),
};

/** A 6-point × 2-replication grid over the paper baseline: the sweep tables (CSV, Parquet, points). */
const SMALL_SWEEP = `extends: paper-baseline
name: fingerprint-sweep
reference: null
replications: 2
sweep:
  method: grid
  parameters:
    - { path: mechanism.rewards.beta, values: [0, 0.5, 0.9] }
    - { path: mechanism.rewards.alpha, values: [0.5, 1] }
`;

const SHIPPED = [
  'paper-baseline',
  'adaptive-cheaters',
  'collusion-sweep',
  'consensus-under-load',
  'local-calibrated',
  'manipulation-strategies',
  'misreport-audit',
];

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at < 0 ? undefined : process.argv[at + 1];
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder)
    .flatMap((entry) => {
      const path = join(folder, entry);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    })
    .sort();
}

/** Runs one command into a fresh folder under `scratch` and prints its files' hashes; returns false if it failed. */
function fingerprint(cli: string, scratch: string, command: 'run' | 'sweep', scenario: string, label: string): boolean {
  const out = join(scratch, 'out', `${command}-${label}`);
  const sweepOptions = command === 'sweep' ? ['--workers', '2', '--no-progress'] : [];
  const result = spawnSync(process.execPath, [cli, command, scenario, '--out', out, '--no-report', '--quiet', ...sweepOptions], {
    encoding: 'utf8',
    cwd: scratch,
  });
  if (result.status !== 0) {
    console.log(`FAILED ${command} ${label}: exit ${result.status}: ${result.stderr.trim().split('\n')[0] ?? ''}`);
    return false;
  }
  for (const file of filesUnder(out)) {
    if (file.endsWith('manifest.json')) continue;
    console.log(`${createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16)} ${relative(join(scratch, 'out'), file)}`);
  }
  return true;
}

function main(): void {
  const root = packageRoot();
  const cli = option('--cli') ?? join(root, 'dist', 'cli', 'main.js');
  const scratch = mkdtempSync(join(tmpdir(), 'poq-fingerprint-'));
  let failed = 0;
  try {
    copyFileSync(join(root, 'scenarios', 'paper-baseline.yaml'), join(scratch, 'paper-baseline.yaml'));
    for (const [label, yaml] of Object.entries(BUILT_CASES)) {
      writeFileSync(join(scratch, `${label}.yaml`), yaml);
      if (!fingerprint(cli, scratch, 'run', join(scratch, `${label}.yaml`), label)) failed++;
    }
    for (const name of SHIPPED) if (!fingerprint(cli, scratch, 'run', join(root, 'scenarios', `${name}.yaml`), name)) failed++;
    writeFileSync(join(scratch, 'fingerprint-sweep.yaml'), SMALL_SWEEP);
    if (!fingerprint(cli, scratch, 'sweep', join(scratch, 'fingerprint-sweep.yaml'), 'small-sweep')) failed++;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  if (failed > 0) process.exitCode = 1;
}

main();
