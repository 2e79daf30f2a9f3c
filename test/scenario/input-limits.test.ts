/**
 * Input no machine can hold, or that is not what poq-sim expected, ends
 * with one located line, exit code 2, no stack trace and nothing written,
 * and the inputs the issue found slow are refused quickly
 * (docs/input-limits.md). The last block checks that the memory estimate
 * behind the refusals is honest: a run fits in the heap it estimates, and
 * not in half of it.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../sim/scenario/load.js';
import { resolveScenario } from '../../sim/scenario/resolve.js';
import { CLI, ROOT } from '../helpers.js';

const SCENARIO = `name: limits
seed: 1
profile: paper-rtx4090
stop: { requests: 100 }
network:
  inference:
    - { model: llama-3.2-3b, count: 2 }
  evaluators:
    - { model: sts-distilroberta, count: 3 }
`;

/** A network of `inference` inference nodes (by fraction of a total, over the paper's five models) and `evaluators` evaluator nodes. */
function network(inference: number, evaluators: number, rest = 'stop: { requests: 200 }'): string {
  return `name: network
seed: 3
profile: paper-rtx4090
${rest}
network:
  inferenceNodes: ${inference}
  evaluatorNodes: ${evaluators}
  inference:
    - { fraction: 1, model: { llama-3.2-3b: 1, gemma-2-2b: 1, tinyllama-1.1b: 1, qwen2-1.5b: 1, phi-3-mini: 1 } }
  evaluators:
    - { fraction: 1, model: { sts-distilroberta: 1, ce-minilm: 1, ce-deberta: 1 } }
`;
}

interface Run extends SpawnSyncReturns<string> {
  readonly file: string;
  readonly out: string;
  readonly dir: string;
  readonly seconds: number;
}

function write(content: string | Buffer, name = 'scenario.yaml'): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'poq-limits-'));
  const file = join(dir, name);
  writeFileSync(file, content);
  return { dir, file };
}

function cli(command: 'run' | 'sweep', file: string, dir: string, options: { args?: string[]; env?: NodeJS.ProcessEnv } = {}): Run {
  const out = join(dir, 'out');
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    [...(options.args ?? []), CLI, command, file, '--out', out, '--quiet', ...(command === 'sweep' ? ['--no-progress'] : [])],
    {
      encoding: 'utf8',
      env: { ...process.env, ...options.env },
      maxBuffer: 2 ** 26,
    },
  );
  return { ...result, file, out, dir, seconds: (performance.now() - started) / 1000 };
}

function runFile(content: string | Buffer, command: 'run' | 'sweep' = 'run', name?: string): Run {
  const { dir, file } = write(content, name);
  return cli(command, file, dir);
}

/** Exit 2, one line naming the file (and, when located, line:column), no stack trace, nothing written. */
function expectOneLine(run: Run, pattern: RegExp): string {
  expect({ status: run.status, signal: run.signal, stderr: run.stderr.slice(0, 2000) }).toMatchObject({ status: 2, signal: null });
  expect(run.stdout).toBe('');
  expect(run.stderr).not.toMatch(/\n\s+at /);
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^poq-sim: /);
  expect(lines[0]!.length).toBeLessThan(400);
  expect(lines[0]).toMatch(pattern);
  expect(existsSync(run.out)).toBe(false);
  expect(readdirSync(run.dir).filter((f) => f.includes('tmp') || f.includes('staging') || f === 'out')).toEqual([]);
  return lines[0]!;
}

describe('YAML beyond the input limits', () => {
  it('an alias bomb: the alias that passes 1,000,000 nodes', () => {
    const levels = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const run = runFile(`${SCENARIO}${levels.join('\n')}\n`);
    // a5 (line 15: the scenario has 9 lines) repeats a4's 111,111 nodes ten times: its 8th alias passes the limit.
    expectOneLine(
      run,
      /scenario\.yaml:15:45: this alias takes the document past 1,000,000 nodes \(an alias repeats every node of its anchor\)/,
    );
  });

  it('an alias with no anchor, and one inside its own anchor', () => {
    expectOneLine(runFile(`${SCENARIO}extra: *nowhere\n`), /scenario\.yaml:10:8: alias \*nowhere has no anchor &nowhere written before it/);
    expectOneLine(runFile(`${SCENARIO}extra: &loop [1, *loop]\n`), /scenario\.yaml:10:18: alias \*loop refers to a node that contains it/);
  });

  it('nesting deeper than 64 levels', () => {
    expectOneLine(
      runFile(`${SCENARIO}extra: ${'['.repeat(100)}${']'.repeat(100)}\n`),
      /scenario\.yaml:10:\d+: nested more than 64 levels deep/,
    );
  });

  it('a file larger than 16 MiB, refused from its size', () => {
    const run = runFile(`${SCENARIO}# ${'x'.repeat(17 * 2 ** 20)}\n`);
    expectOneLine(run, /scenario\.yaml: the file is 17 MiB, more than the 16 MiB an input file may have \(see docs\/input-limits\.md\)/);
  });

  it('the 25 MB scenario holding a 12-million-item list: refused at once', () => {
    const run = runFile(`${SCENARIO}values: [${'0,'.repeat(12_000_000)}0]\n`);
    expectOneLine(run, /scenario\.yaml: the file is 22\.9 MiB, more than the 16 MiB/);
    expect(run.seconds).toBeLessThan(10);
  });

  it('a list of 3 million items within 16 MiB: the node that passes 1,000,000', () => {
    const run = runFile(`${SCENARIO}values: [${'0,'.repeat(3_000_000)}0]\n`);
    // About item 999,965 of the list, the scenario before it counting some 35 keys, values and indicators.
    expectOneLine(run, /scenario\.yaml:10:19999\d\d: more than 1,000,000 YAML nodes \(keys, values, list items\) by here/);
    expect(run.seconds).toBeLessThan(20);
  });
});

describe('networks this process cannot hold', () => {
  it('10^9 nodes: refused in well under a second of work, naming the field', () => {
    const run = runFile(network(1_000_000_000, 100));
    const line = expectOneLine(
      run,
      /scenario\.yaml:6:19: network\.inferenceNodes: a network of 1,000,000,100 nodes needs about [\d.]+ TiB of memory/,
    );
    expect(line).toMatch(
      /of JS heap, [\d.]+ [KMGT]iB of typed arrays\); this process may use [\d.]+ [KMGT]iB of heap and the machine has [\d.]+ [KMGT]iB: make the network smaller/,
    );
    // Node's start-up and the CLI's imports take most of this (about 0.5 s on a quiet machine).
    expect(run.seconds).toBeLessThan(5);
  });

  it('10^7 nodes in a population count: refused quickly, at the count', () => {
    const run = runFile(SCENARIO.replace('{ model: sts-distilroberta, count: 3 }', '{ model: sts-distilroberta, count: 10000000 }'));
    expectOneLine(
      run,
      /scenario\.yaml:9:42: network\.evaluators\[0\]\.count: a network of 10,000,002 nodes needs about [\d.]+ [GT]iB of memory .*: (raise the heap limit.*|make the network smaller) \(see docs\/input-limits\.md\)$/,
    );
    expect(run.seconds).toBeLessThan(5);
  });

  it('a network that fits a larger heap: how to raise the limit', () => {
    // About 2 GiB in all: a heap of 500 MiB is too small, the machine is not.
    const { dir, file } = write(network(500_000, 10));
    const run = cli('run', file, dir, { args: ['--max-old-space-size=500'] });
    expectOneLine(
      run,
      /network\.inferenceNodes: a network of 500,010 nodes .*: raise the heap limit with NODE_OPTIONS=--max-old-space-size=\d+, or make the network smaller/,
    );
  });

  it('demand an overloaded network cannot keep up with: the requests in flight, at the rate', () => {
    const run = runFile(
      SCENARIO.replace('stop: { requests: 100 }', 'demand: { mode: poisson, ratePerSecond: 100000 }\nstop: { timeSeconds: 86400 }'),
    );
    expectOneLine(
      run,
      /scenario\.yaml:4:41: demand\.ratePerSecond: about [\d,]+ requests in flight \(the network cannot keep up with the demand over the run\) needs about .*: lower the demand, add capacity or shorten the run/,
    );
  });

  it('a concurrency no machine has slots for', () => {
    const run = runFile(
      SCENARIO.replace('{ model: llama-3.2-3b, count: 2 }', '{ model: llama-3.2-3b, count: 2, concurrency: 1000000000000 }'),
    );
    expectOneLine(run, /scenario\.yaml:7:53: network\.inference\[0\]\.concurrency: its server slots .*: lower the concurrency/);
  });

  it('a sweep point with a huge network, at the sweep value', () => {
    const sweep = `${SCENARIO}sweep:\n  method: grid\n  parameters:\n    - { path: 'network.inference[0].count', name: size, values: [2, 1000000000] }\n`;
    expectOneLine(
      runFile(sweep, 'sweep'),
      /scenario\.yaml:13:69: network\.inference\[0\]\.count: a network of 1,000,000,003 nodes needs .* \(sweep point 1: size=1000000000\)$/,
    );
  });
});

describe('experiments beyond the limits', () => {
  const paths = [
    'mechanism.rewards.alpha',
    'mechanism.rewards.beta',
    ...[0, 1, 2, 3, 4].map((i) => `network.inference[${i}].count`),
    ...[0, 1, 2].map((i) => `network.evaluators[${i}].count`),
  ];
  const base = SCENARIO.replace(
    /network:[\s\S]*$/,
    `network:\n  inference:\n${['llama-3.2-3b', 'gemma-2-2b', 'tinyllama-1.1b', 'qwen2-1.5b', 'phi-3-mini'].map((m) => `    - { model: ${m}, count: 1 }`).join('\n')}\n  evaluators:\n${['sts-distilroberta', 'ce-minilm', 'ce-deberta'].map((m) => `    - { model: ${m}, count: 1 }`).join('\n')}\n`,
  );

  it('a grid of 10 parameters × 100 values (10^20 points): refused before a point is made', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1).join(', ');
    const sweep = `${base}sweep:\n  method: grid\n  parameters:\n${paths.map((path, i) => `    - { path: '${path}', name: p${i}, values: [${values}] }`).join('\n')}\n`;
    const run = runFile(sweep, 'sweep');
    expectOneLine(
      run,
      /scenario\.yaml:17:3: sweep: the sweep has about 1\.0·10\^20 points, a grid of 100 × 100 × 100 × 100 × 100 × 100 × 100 × 100 × 100 × 100 values; an experiment may have 100,000: split it into several sweeps/,
    );
    expect(run.seconds).toBeLessThan(10);
  });

  it('a billion replications, and a stopping rule allowing 10^8', () => {
    const sweep = `sweep:\n  method: grid\n  parameters:\n    - { path: mechanism.rewards.beta, values: [0, 0.5] }\n`;
    expectOneLine(
      runFile(`${SCENARIO}replications: 1000000000\n${sweep}`, 'sweep'),
      /scenario\.yaml:10:15: replications: 1,000,000,000 replications of each point; an experiment may run at most 10,000/,
    );
    const stopping = `stopping: { halfWidth: 0.01, maxReplications: 100000000 }\n`;
    expectOneLine(
      runFile(`${SCENARIO}${stopping}${sweep}`, 'sweep'),
      /scenario\.yaml:10:47: stopping\.maxReplications: 100,000,000 replications of each point; an experiment may run at most 10,000/,
    );
  });

  it('points × replications beyond 10,000,000 runs', () => {
    const sweep = `${SCENARIO}replications: 5000\nsweep:\n  method: random\n  points: 50000\n  parameters:\n    - { path: mechanism.rewards.beta, range: [0, 1] }\n`;
    expectOneLine(
      runFile(sweep, 'sweep'),
      /scenario\.yaml:10:15: replications: 50,000 points × 5,000 replications is 250,000,000 runs, more than the 10,000,000/,
    );
  });
});

describe('files that are not what was expected: described, never quoted', () => {
  const binary = Buffer.concat([Buffer.from('\x7fELF\x02\x01\x01\x00\x00\x00'), Buffer.from('name: not-this\n'.repeat(50))]);

  function asProfile(target: string): Run {
    const { dir, file } = write(SCENARIO.replace('profile: paper-rtx4090', `profile: ${target}`));
    return cli('run', file, dir);
  }

  it('a binary file as scenario and as profile', () => {
    expectOneLine(
      runFile(binary, 'run', 'scenario.bin'),
      /scenario\.bin:1:8: a binary file, not text \(a NUL byte here\); expected a scenario in YAML$/,
    );
    const { dir } = write(SCENARIO);
    writeFileSync(join(dir, 'profile.bin'), binary);
    const line = expectOneLine(
      asProfile(join(dir, 'profile.bin')),
      /profile\.bin:1:8: a binary file, not text \(a NUL byte here\); expected a calibration profile in YAML$/,
    );
    expect(line).not.toMatch(/not-this|ELF/);
  });

  it('a program as profile', () => {
    const line = expectOneLine(
      asProfile('/bin/sh'),
      /:1:\d+: a binary file, not text \(a NUL byte here\); expected a calibration profile in YAML$/,
    );
    expect(line).not.toMatch(/GLIBC|\\u0000/);
  });

  it('a Markdown file as profile', () => {
    const { dir } = write(SCENARIO);
    copyFileSync(join(ROOT, 'README.md'), join(dir, 'README.md'));
    const line = expectOneLine(
      asProfile(join(dir, 'README.md')),
      /README\.md:\d+:\d+: a Markdown document, not YAML \([\d,]+ YAML errors?, the first here: [^"`]+\); expected a calibration profile in YAML$/,
    );
    expect(line).not.toMatch(/poq-sim run|npm/);
  });

  it('a JSON file as profile and as scenario', () => {
    const { dir } = write(SCENARIO);
    copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
    const line = expectOneLine(
      asProfile(join(dir, 'package.json')),
      /package\.json:1:1: a document whose fields \(name, version, description, type, …\) are not those of a calibration profile; a calibration profile has formatVersion, name, description, source, …$/,
    );
    expect(line).not.toMatch(/vitest|onnx/);
    expectOneLine(
      cli('run', join(dir, 'package.json'), dir),
      /package\.json:1:1: a document whose fields \(name, version, description, type, …\) are not those of a scenario; a scenario has name, profile, stop, network$/,
    );
  });

  it('a profile given as the scenario', () => {
    const { dir } = write(SCENARIO);
    const run = cli('run', join(ROOT, 'calibration', 'profiles', 'local-cpu', 'profile.yaml'), dir);
    expectOneLine(
      run,
      /profile\.yaml:5:1: this is a calibration profile \(it has formatVersion, referenceHardware and inferenceModels\), not a scenario/,
    );
  });

  it('a YAML list as scenario', () => {
    expectOneLine(
      runFile('- name: a\n- name: b\n'),
      /scenario\.yaml:1:1: a YAML document holding a list, not a scenario: expected a mapping of fields$/,
    );
  });

  it('a YAML file with one mistake still gets its own line, without the text it quotes', () => {
    const run = runFile(SCENARIO.replace('stop: { requests: 100 }', 'stop: { requests: 100'));
    expect(run.status).toBe(2);
    for (const line of run.stderr.trim().split('\n')) expect(line).toMatch(/^poq-sim: .*scenario\.yaml:\d+:\d+: invalid YAML: [^"]*$/);
  });
});

/** The heap (MiB, as --max-old-space-size counts it) the resolver estimates for a scenario. */
function estimatedHeapMiB(file: string): number {
  return resolveScenario(loadScenarioFile(file)).memory.heapBytes / 2 ** 20;
}

describe('the memory estimate is honest', () => {
  // Sizes where the nodes dominate the fixed cost, and that run in seconds. The estimate
  // is the measured need plus 15%, so the run must fit in it and must not fit in half of it.
  for (const [inference, evaluators] of [
    [15_000, 5_000],
    [45_000, 15_000],
  ] as const) {
    it(`${(inference + evaluators).toLocaleString('en-US')} nodes: the run fits in the estimated heap, not in half of it`, () => {
      const { dir, file } = write(network(inference, evaluators));
      const estimate = estimatedHeapMiB(file);
      const fits = cli('run', file, dir, { args: [`--max-old-space-size=${Math.ceil(estimate)}`] });
      expect({ status: fits.status, signal: fits.signal, stderr: fits.stderr.slice(0, 500) }).toEqual({
        status: 0,
        signal: null,
        stderr: '',
      });
      expect(existsSync(join(fits.out, 'nodes.csv'))).toBe(true);

      const { dir: other } = write('');
      const half = cli('run', file, other, {
        args: [`--max-old-space-size=${Math.floor(estimate / 2)}`],
        env: { POQ_SIM_MEMORY_CHECK: 'off' },
      });
      // V8 aborts: signal SIGABRT, or exit code 134 where a shell reports it.
      expect(half.signal === 'SIGABRT' || half.status === 134, `status ${half.status}, signal ${half.signal}`).toBe(true);
      expect(half.stderr).toMatch(/heap out of memory/);
      expect(existsSync(half.out)).toBe(false);
    }, 120_000);
  }

  it('without the check, the same heap limit refuses the run instead of aborting', () => {
    const { dir, file } = write(network(45_000, 15_000));
    const estimate = estimatedHeapMiB(file);
    const run = cli('run', file, dir, { args: [`--max-old-space-size=${Math.floor(estimate / 2)}`] });
    expectOneLine(
      run,
      /network\.inferenceNodes: a network of 60,000 nodes needs about .*: raise the heap limit with NODE_OPTIONS=--max-old-space-size=\d+00, or make the network smaller/,
    );
  });

  it('an overloaded network: the requests in flight and their typed arrays, within the estimate and above half of it', () => {
    const bench = join(ROOT, 'dist', 'test', 'bench', 'measure-memory.js');
    // 10 inference and 5 evaluator nodes, 10,000 requests a second for 60 virtual seconds: the queues grow all along.
    const measured = spawnSync(process.execPath, ['--expose-gc', bench, '10', '5', 'honest', 't60', 'poisson:10000', '1'], {
      encoding: 'utf8',
    });
    expect(measured.status, measured.stderr).toBe(0);
    const { pendingPeak, arrayBuffersInRun } = JSON.parse(measured.stdout.trim().split('\n').pop()!) as {
      pendingPeak: number;
      arrayBuffersInRun: number;
    };
    const { file } = write(
      network(10, 5, 'demand: { mode: poisson, ratePerSecond: 10000 }\nstop: { timeSeconds: 60 }').replace('seed: 3', 'seed: 7'),
    );
    const estimate = resolveScenario(loadScenarioFile(file)).memory;
    // Sampled each virtual second: the last sample, at 59 s, sees 59/60 of the arrivals.
    expect(pendingPeak).toBeLessThanOrEqual(estimate.pendingRequests);
    expect(pendingPeak).toBeGreaterThan(estimate.pendingRequests / 2);
    expect(arrayBuffersInRun).toBeLessThanOrEqual(estimate.externalBytes);
    expect(arrayBuffersInRun).toBeGreaterThan(estimate.externalBytes / 2);
  }, 120_000);
});
