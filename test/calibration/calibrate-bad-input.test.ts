/**
 * `poq-sim calibrate` on mistakes found before anything is measured: a
 * dataset path that is a folder where a file is needed (or a folder without
 * .story files), and a scenario or profile given as the calibration file.
 * One line at file:line:column with the field path, exit 2, no stack trace,
 * nothing written. Uses the shipped example (builtin models, no downloads).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../helpers.js';
import { EXAMPLES } from './tiny-models.js';

const example = readFileSync(join(EXAMPLES, 'local.yaml'), 'utf8');

function calibrate(...args: string[]) {
  const out = join(mkdtempSync(join(tmpdir(), 'poq-calibrate-bad-')), 'out');
  const result = spawnSync(process.execPath, [CLI, 'calibrate', ...args, '--out', out, '--quiet'], { encoding: 'utf8' });
  return { ...result, out };
}

/** A copy of the shipped example with dataset paths replaced, in a fresh folder. */
function exampleWith(qa: string, summaries: string) {
  const dir = mkdtempSync(join(tmpdir(), 'poq-calibration-'));
  const file = join(dir, 'calibration.yaml');
  const text = example.replace('path: qa.json', `path: ${qa}`).replace('path: summaries.jsonl', `path: ${summaries}`);
  writeFileSync(file, text);
  return { dir, file, text };
}

function lineColumn(text: string, needle: string): string {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  return `${line + 1}:${lines[line]!.indexOf(needle) + 1}`;
}

function expectOneLine(run: ReturnType<typeof calibrate>, expected: string | RegExp) {
  expect({ status: run.status, signal: run.signal }).toEqual({ status: 2, signal: null });
  expect(run.stdout).toBe('');
  expect(run.stderr).not.toMatch(/\n\s+at /);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  if (typeof expected === 'string') expect(lines[0]).toBe(expected);
  else expect(lines[0]).toMatch(expected);
  expect(existsSync(run.out)).toBe(false);
}

describe('calibrate: bad dataset paths and files of another kind', () => {
  it('a SQuAD dataset path that is a folder is reported at the path field', () => {
    const { dir, file, text } = exampleWith('qa-folder', join(EXAMPLES, 'summaries.jsonl'));
    mkdirSync(join(dir, 'qa-folder'));
    expectOneLine(
      calibrate(file),
      `poq-sim: ${file}:${lineColumn(text, 'qa-folder')}: tasks.extractive-qa.dataset.path: ${join(dir, 'qa-folder')} is a folder; a SQuAD dataset is one JSON file`,
    );
  });

  it('a CNN/DailyMail folder without .story files is reported at the path field', () => {
    const { dir, file, text } = exampleWith(join(EXAMPLES, 'qa.json'), 'stories');
    mkdirSync(join(dir, 'stories', 'nested'), { recursive: true });
    writeFileSync(join(dir, 'stories', 'nested', 'notes.txt'), 'not a story');
    expectOneLine(
      calibrate(file),
      `poq-sim: ${file}:${lineColumn(text, 'stories')}: tasks.summarization.dataset.path: the folder ${join(dir, 'stories')} holds no .story files (a CNN/DailyMail dataset is a .csv or .jsonl file, or a folder of .story files)`,
    );
  });

  it('a folder with .story files at any depth passes the check', () => {
    const { dir, file } = exampleWith('qa-folder', 'stories');
    mkdirSync(join(dir, 'qa-folder'));
    mkdirSync(join(dir, 'stories', 'cnn'), { recursive: true });
    writeFileSync(join(dir, 'stories', 'cnn', 'a.story'), 'An article.\n\n@highlight\n\nA highlight.\n');
    // Only the QA folder is wrong: the stories folder is not reported.
    expectOneLine(calibrate(file), /tasks\.extractive-qa\.dataset\.path: .* is a folder/);
  });

  it('a scenario given as the calibration file is named as such', () => {
    const scenario = join(ROOT, 'scenarios', 'paper-baseline.yaml');
    expectOneLine(
      calibrate(scenario),
      /^poq-sim: .*paper-baseline\.yaml:\d+:1: this is a scenario \(it has .*\), not a calibration file: run it with poq-sim run or poq-sim sweep$/,
    );
  });

  it('a price for --from-log outside the profile’s range is refused before fitting', () => {
    const log = join(ROOT, 'calibration', 'profiles', 'local-cpu', 'measurements.csv');
    expectOneLine(
      calibrate('--from-log', log, '--cost-usd-per-hour', '0'),
      'poq-sim: (command line): --cost-usd-per-hour: must lie in [1e-6, 1e6], got 0 (USD per hour: a free tier (0) would make expected costs 0, which quality-per-cost routing divides by)',
    );
  });

  it('a profile given as the calibration file is named as such', () => {
    const profile = join(ROOT, 'calibration', 'profiles', 'paper-rtx4090', 'profile.yaml');
    expectOneLine(
      calibrate(profile),
      `poq-sim: ${profile}:12:1: this is a calibration profile (it has formatVersion, referenceHardware and inferenceModels), not a calibration file: a scenario uses it with \`profile:\``,
    );
  });
});

describe('measurements that fit a profile poq-sim cannot simulate', () => {
  it('latencies of 0 ms: one line per value at the log, with the range; exit 2, nothing written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'poq-calibrate-zero-'));
    const log = join(dir, 'zero-latency.csv');
    const rows = readFileSync(join(ROOT, 'calibration', 'profiles', 'local-cpu', 'measurements.csv'), 'utf8')
      .trim()
      .split('\n');
    writeFileSync(log, `${rows.map((row) => row.replace(/,latency_ms,[^,]*$/, ',latency_ms,0')).join('\n')}\n`);
    const run = calibrate('--from-log', log, '--cost-usd-per-hour', '0.1');
    expect({ status: run.status, signal: run.signal }).toEqual({ status: 2, signal: null });
    expect(run.stderr).not.toMatch(/\n\s+at |internal error/);
    expect(run.stderr.split('\n')[0]).toMatch(
      /^poq-sim: .*zero-latency\.csv: the measurements fit a profile outside the ranges poq-sim simulates \(docs\/profile-format\.md\): inferenceModels\.[\w.-]+\.tasks\.[\w-]+\.latencyMs\.value: the mean of a latency must lie in \[1e-6, 1e8\] ms/,
    );
    expect(existsSync(run.out)).toBe(false);
  });
});
