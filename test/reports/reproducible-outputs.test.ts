/**
 * The same scenario, seed and version give the same bytes in every file of
 * a run or sweep folder but manifest.json — report.html and the PDFs
 * included — wherever the scenario, the profile and the output folders are
 * and however many workers ran the sweep; and no file but manifest.json
 * holds an absolute path of the machine: a report can be shared without
 * showing its author's folders. Everything goes through the built CLI.
 *
 * The scenario and a copy of its profile sit in two folders at different
 * depths under a home folder of the test's own (HOME points there), so an
 * absolute path, a path relative to the working folder or the home folder
 * would each show as a difference or be found in the bytes.
 *
 * Without the DejaVu Sans font no report is rendered: the results files
 * are still compared, and the report's assertions skipped with a line
 * saying so.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../helpers.js';
import { hasReportFonts } from '../system-programs.js';
import { temporaryFolder } from './folders.js';

const RUN_SCENARIO = readFileSync(join(ROOT, 'scenarios', 'paper-baseline.yaml'), 'utf8')
  .replace(/^profile: paper-rtx4090$/m, 'profile: profiles/rtx4090')
  .replace(/requests: 5000/, 'requests: 200')
  .replace(/^stop:/m, 'output: { timeseries: { intervalSeconds: 60 } }\nstop:');

const SWEEP_SCENARIO = `extends: run.yaml
name: reproducible-sweep
reference: null
replications: 2
sweep:
  method: grid
  parameters:
    - { path: mechanism.rewards.beta, values: [0, 0.5] }
    - { path: mechanism.rewards.alpha, values: [0.5, 1] }
`;

const HAS_FONTS = hasReportFonts('comparing the reports of two runs');

const FIGURE_FILES = (ids: readonly string[]) => ids.flatMap((id) => ['pdf', 'png', 'svg', 'vl.json'].map((ext) => `figures/${id}.${ext}`));
const TABLE_FILES = (ids: readonly string[]) => ids.flatMap((id) => ['md', 'tex'].map((ext) => `tables/${id}.${ext}`));

const RUN_FILES = [
  ...FIGURE_FILES(['cumulative-reward', 'evaluator-correlation', 'quality-cost', 'reward-by-group']),
  'figures/figures.json',
  'manifest.json',
  'nodes.csv',
  'profile.yaml',
  'report.html',
  'report.md',
  'summary.json',
  ...TABLE_FILES(['evaluators', 'reproduction', 'reward']),
  'timeseries.csv',
  'timeseries.parquet',
]
  .sort()
  // Without the font, a run keeps only the Markdown headline of its report.
  .filter((file) => HAS_FONTS || !isRenderedReport(file));

const SWEEP_FILES = [
  ...FIGURE_FILES(['evaluator-correlation', 'quality-cost', 'mean-reward-vs-alpha', 'mean-reward-vs-beta']),
  'figures/figures.json',
  'manifest.json',
  // run.yaml declares output.timeseries, so the sweep writes its table too.
  ...['metrics', 'runs', 'summary', 'timeseries'].flatMap((table) => [`${table}.csv`, `${table}.parquet`]),
  'parameters.json',
  ...[0, 1, 2, 3].map((id) => `points/00000${id}.json`),
  'profile.yaml',
  'report.html',
  'report.md',
  ...TABLE_FILES(['parameters', 'sweep-reward', 'sweep-run-metrics']),
]
  .sort()
  .filter((file) => HAS_FONTS || (!isRenderedReport(file) && file !== 'report.md'));

/** Files only a rendered report writes. */
function isRenderedReport(file: string): boolean {
  return file.startsWith('figures/') || file.startsWith('tables/') || file === 'report.html';
}

/** Every file under a folder, as sorted paths relative to it with forward slashes. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

/** The files of `a` whose bytes differ from the same file in `b` (both folders hold the same files). */
function differingFiles(a: string, b: string): string[] {
  return filesUnder(a).filter((file) => !readFileSync(join(a, file)).equals(readFileSync(join(b, file))));
}

interface Place {
  /** Folder holding run.yaml, sweep.yaml and profiles/rtx4090/profile.yaml. */
  readonly dir: string;
  readonly scenario: string;
  readonly profile: string;
}

/** The scenarios and a copy of the shipped profile, written into `dir`. */
function placeScenarios(dir: string): Place {
  const profile = join(dir, 'profiles', 'rtx4090', 'profile.yaml');
  mkdirSync(dirname(profile), { recursive: true });
  copyFileSync(join(ROOT, 'calibration', 'profiles', 'paper-rtx4090', 'profile.yaml'), profile);
  writeFileSync(join(dir, 'run.yaml'), RUN_SCENARIO);
  writeFileSync(join(dir, 'sweep.yaml'), SWEEP_SCENARIO);
  return { dir, scenario: join(dir, 'run.yaml'), profile };
}

let home: string;

/** Runs the CLI from `cwd` with HOME set to the test's home folder; fails the test with its stderr if it fails. */
function poqSim(cwd: string, args: readonly string[]): void {
  const result = spawnSync(process.execPath, [CLI, ...args, '--quiet'], { cwd, encoding: 'utf8', env: { ...process.env, HOME: home } });
  expect({ status: result.status, stderr: result.stderr }, `poq-sim ${args.join(' ')}`).toEqual({ status: 0, stderr: '' });
}

/** Absolute paths no file but manifest.json may hold, with their real paths (tmpdir can be a symbolic link). */
function forbiddenPaths(places: readonly Place[], outputs: readonly string[]): string[] {
  const paths = [
    home,
    homedir(),
    ROOT,
    ...outputs,
    ...places.flatMap((place) => [place.dir, place.scenario, place.profile, dirname(place.profile)]),
  ];
  return [...new Set(paths.flatMap((path) => [path, realpathSync(path)]))].filter((path) => path.length > 1);
}

/** For each file but manifest.json, the forbidden paths it holds; empty when none does. */
function pathsFound(folder: string, forbidden: readonly string[]): string[] {
  return filesUnder(folder)
    .filter((file) => file !== 'manifest.json')
    .flatMap((file) => {
      const text = readFileSync(join(folder, file)).toString('latin1');
      return forbidden.filter((path) => text.includes(path)).map((path) => `${file}: ${path}`);
    });
}

let shallow: Place;
let deep: Place;

beforeAll(() => {
  home = temporaryFolder('poq-repro-home-');
  shallow = placeScenarios(join(home, 'a'));
  deep = placeScenarios(join(home, 'b', 'c', 'd', 'e'));
});

describe('poq-sim run, twice, into two folders', () => {
  let first: string;
  let second: string;

  beforeAll(() => {
    // One run given paths relative to the working folder, the other absolute paths, deeper down.
    first = join(shallow.dir, 'out');
    poqSim(home, ['run', 'a/run.yaml', '--out', 'a/out']);
    second = join(deep.dir, 'f', 'g', 'out');
    poqSim(ROOT, ['run', deep.scenario, '--out', second]);
  });

  it('writes the same files, equal byte for byte but manifest.json', () => {
    expect(filesUnder(first)).toEqual(RUN_FILES);
    expect(filesUnder(second)).toEqual(RUN_FILES);
    expect(differingFiles(first, second)).toEqual(['manifest.json']);
  });

  it('keeps where and when in manifest.json', () => {
    const manifest = JSON.parse(readFileSync(join(second, 'manifest.json'), 'utf8'));
    expect(manifest.scenarioFile).toBe(deep.scenario);
    expect(manifest.profile.file).toBe(deep.profile);
    expect(Date.parse(manifest.createdAt)).toBeGreaterThan(Date.parse('2025-01-01'));
  });

  it.skipIf(!HAS_FONTS)('dates every PDF at the epoch, not at the time of the run', () => {
    for (const file of filesUnder(second).filter((name) => name.endsWith('.pdf'))) {
      const dates = readFileSync(join(second, file))
        .toString('latin1')
        .match(/\(D:\d+Z\)/g);
      expect(dates, file).toEqual(['(D:19700101000000Z)']);
    }
  });

  it('holds no absolute path of the folders, the scenario, the profile or the home folder outside manifest.json', () => {
    const forbidden = forbiddenPaths([shallow, deep], [first, second]);
    expect(pathsFound(first, forbidden)).toEqual([]);
    expect(pathsFound(second, forbidden)).toEqual([]);
    // The check can fail: the manifest does hold them.
    expect(readFileSync(join(second, 'manifest.json'), 'utf8')).toContain(deep.profile);
  });
});

describe('poq-sim sweep with different --workers, and merge of its shards', () => {
  let oneWorker: string;
  let twoWorkers: string;
  let merged: string;

  beforeAll(() => {
    oneWorker = join(shallow.dir, 'sweep');
    poqSim(shallow.dir, ['sweep', 'sweep.yaml', '--out', 'sweep', '--workers', '1', '--no-progress']);
    twoWorkers = join(deep.dir, 'f', 'sweep');
    poqSim(home, ['sweep', deep.scenario.replace(/run\.yaml$/, 'sweep.yaml'), '--out', twoWorkers, '--workers', '2', '--no-progress']);
    // Shards merged without a report, then `poq-sim report`: the merged folder must match the unsharded one.
    const shards = ['1/2', '2/2'].map((shard, i) => {
      const out = join(deep.dir, `shard-${i + 1}`);
      poqSim(deep.dir, ['sweep', 'sweep.yaml', '--out', out, '--shard', shard, '--workers', '1', '--no-progress']);
      return out;
    });
    merged = join(home, 'merged');
    poqSim(home, ['merge', ...shards, '--out', merged, '--no-report']);
    if (HAS_FONTS) poqSim(home, ['report', merged]);
  });

  it('writes the same files, equal byte for byte but manifest.json, report included', () => {
    expect(filesUnder(oneWorker)).toEqual(SWEEP_FILES);
    expect(filesUnder(twoWorkers)).toEqual(SWEEP_FILES);
    expect(differingFiles(oneWorker, twoWorkers)).toEqual(['manifest.json']);
    expect(JSON.parse(readFileSync(join(twoWorkers, 'manifest.json'), 'utf8')).executor).toMatchObject({ kind: 'threads', workers: 2 });
  });

  it('merges shards into the same files, and `poq-sim report` renders the same report', () => {
    expect(filesUnder(merged)).toEqual(SWEEP_FILES);
    expect(differingFiles(oneWorker, merged)).toEqual(['manifest.json']);
  });

  it('holds no absolute path of the folders, the scenario, the profile or the home folder outside manifest.json', () => {
    const forbidden = forbiddenPaths([shallow, deep], [oneWorker, twoWorkers, merged]);
    for (const folder of [oneWorker, twoWorkers, merged]) expect(pathsFound(folder, forbidden)).toEqual([]);
  });
});
