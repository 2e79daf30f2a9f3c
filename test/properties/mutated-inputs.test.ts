/**
 * A property, checked with fast-check: whatever damage is done to a
 * shipped scenario or profile (deleted keys, swapped types, extreme
 * numbers, NaN, huge lists, deep nesting, random bytes), poq-sim ends with
 * exit 0 or 2 — never a stack trace, a signal or a hang — within a bounded
 * time. Every run is capped at a few thousand events, so a valid mutant
 * ends quickly too.
 *
 * POQ_FUZZ_RUNS (default 40) and POQ_FUZZ_SEED (default fixed, so CI sees
 * the same cases every time) widen the search locally.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../helpers.js';
import { applyMutation, type Mutation, mutation } from './mutations.js';

const RUNS = Number(process.env.POQ_FUZZ_RUNS ?? 40);
const SEED = Number(process.env.POQ_FUZZ_SEED ?? 20261201);
/** Per command: far above what any case needs, far below "hangs". */
const TIME_LIMIT_MS = 60_000;
/** Events a mutated run may take before it stops. */
const EVENT_CAP = 5_000;

const SCENARIOS = readdirSync(join(ROOT, 'scenarios'))
  .filter((name) => name.endsWith('.yaml'))
  .sort();
const PROFILES = readdirSync(join(ROOT, 'calibration', 'profiles')).sort();
const work = mkdtempSync(join(tmpdir(), 'poq-fuzz-'));

interface Outcome {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  readonly ms: number;
}

function poqSim(args: readonly string[]): Promise<Outcome> {
  const started = Date.now();
  // A small heap: the memory estimate must refuse big networks rather than let V8 die.
  const child = spawn(process.execPath, ['--max-old-space-size=512', CLI, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: TIME_LIMIT_MS,
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 100_000) stderr += chunk.toString();
  });
  return new Promise((resolve) => child.on('close', (status, signal) => resolve({ status, signal, stderr, ms: Date.now() - started })));
}

/** The property every command must keep, whatever it was given. */
function expectCleanEnd(outcome: Outcome, what: string): void {
  const lines = outcome.stderr.split('\n').filter((line) => line !== '');
  const verdict = {
    what,
    status: outcome.status,
    signal: outcome.signal,
    stackTrace: /\n\s+at |Error:|node:internal/.test(outcome.stderr),
    foreignLines: lines.filter((line) => !line.startsWith('poq-sim')).slice(0, 3),
  };
  expect(verdict, outcome.stderr.slice(0, 2000)).toEqual({
    what,
    status: verdict.status === 0 ? 0 : 2,
    signal: null,
    stackTrace: false,
    foreignLines: [],
  });
}

/** Caps a mutated scenario's run at EVENT_CAP events, whatever else its `stop` says. */
function capEvents(data: unknown): void {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return;
  const scenario = data as Record<string, unknown>;
  const stop = scenario.stop;
  if (stop === undefined) scenario.stop = { events: EVENT_CAP };
  else if (stop !== null && typeof stop === 'object' && !Array.isArray(stop)) {
    const events = (stop as Record<string, unknown>).events;
    (stop as Record<string, unknown>).events = typeof events === 'number' && events < EVENT_CAP ? events : EVENT_CAP;
  }
}

let counter = 0;
function caseFolder(): string {
  const folder = join(work, `case-${counter++}`);
  mkdirSync(folder);
  return folder;
}

async function checkScenario(name: string, m: Mutation): Promise<void> {
  const folder = caseFolder();
  const file = join(folder, name);
  writeFileSync(file, applyMutation(readFileSync(join(ROOT, 'scenarios', name), 'utf8'), m, capEvents));
  expectCleanEnd(await poqSim(['check', file]), `check ${name} after ${m.kind}`);
  expectCleanEnd(await poqSim(['run', file, '--out', join(folder, 'out'), '--no-report', '--quiet']), `run ${name} after ${m.kind}`);
}

async function checkProfile(name: string, m: Mutation): Promise<void> {
  const folder = caseFolder();
  writeFileSync(
    join(folder, 'profile.yaml'),
    applyMutation(readFileSync(join(ROOT, 'calibration', 'profiles', name, 'profile.yaml'), 'utf8'), m),
  );
  const base = name === 'local-cpu' ? 'local-calibrated.yaml' : 'paper-baseline.yaml';
  const scenario = readFileSync(join(ROOT, 'scenarios', base), 'utf8').replace(/^profile: .*$/m, 'profile: ./profile.yaml');
  const file = join(folder, 'scenario.yaml');
  writeFileSync(file, scenario.replace(/^stop:.*$/m, `stop: { events: ${EVENT_CAP} }`));
  expectCleanEnd(await poqSim(['run', file, '--out', join(folder, 'out'), '--no-report', '--quiet']), `profile ${name} after ${m.kind}`);
}

describe('mutated shipped inputs end with exit 0 or 2, never a crash or a hang', () => {
  it(
    `scenarios (${SCENARIOS.length}) and profiles (${PROFILES.length}), ${RUNS} mutations`,
    async () => {
      const input = fc.oneof(
        fc.record({ type: fc.constant('scenario' as const), name: fc.constantFrom(...SCENARIOS), mutation }),
        fc.record({ type: fc.constant('profile' as const), name: fc.constantFrom(...PROFILES), mutation }),
      );
      await fc.assert(
        fc.asyncProperty(input, async ({ type, name, mutation: m }) => {
          if (type === 'scenario') await checkScenario(name, m);
          else await checkProfile(name, m);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    },
    RUNS * 2 * TIME_LIMIT_MS,
  );
});
