/**
 * Runs the comparison model on poq-sim and on the SimPy reference, and
 * checks that they agree.
 *
 * Each engine runs R independent replications of the same number of
 * requests. Per replication it reports the mean time in system and the mean
 * reward per (role, model) group. The two engines use different random
 * number generators, so their results differ by sampling error only if the
 * models are the same: each statistic is compared with Welch's two-sample
 * t-test on the R replication means of each engine (independent
 * replications, so the test is valid even though the requests inside one
 * run are correlated through the queues). A statistic disagrees when its
 * two-sided p-value is below α; with m statistics the chance that any
 * disagrees by sampling error alone is at most m·α (Bonferroni).
 *
 * Events are counted the same way for both: model-level events, i.e.
 * arrivals, inference completions and evaluation completions. Neither
 * engine's calendar holds exactly those: SimPy schedules several events per
 * model event (resource requests and releases, process starts), poq-sim
 * fewer (its evaluator queues need no event per job, see
 * sim/market/server-timelines.ts), so each reports its own calendar's count
 * as well.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import ttest2 from '@stdlib/stats-ttest2';
import { packageRoot } from '../../../sim/package-info.js';
import { runScenario } from '../../../sim/run/run-scenario.js';
import { loadScenarioText } from '../../../sim/scenario/load.js';
import { resolveScenario } from '../../../sim/scenario/resolve.js';
import { type CompareSize, compareRate, compareScenarioYaml, referenceSpec } from './reference-spec.js';

export const PYTHON = '/usr/bin/python3';
export const REFERENCE_SCRIPT = join(packageRoot(), 'test', 'bench', 'compare', 'simpy_reference.py');

export interface ReplicationStatistics {
  readonly meanResponseMs: number;
  /** Mean reward per round, keyed "inference/<model>" or "evaluator/<model>". */
  readonly meanReward: Record<string, number>;
  /** Model-level events: arrivals, inference completions, evaluation completions. */
  readonly events: number;
  readonly settled: number;
}

export interface EngineRun {
  readonly engine: string;
  /** Wall time of all replications, model set-up included. */
  readonly wallSeconds: number;
  readonly events: number;
  readonly peakRssMb: number;
  readonly replications: readonly ReplicationStatistics[];
  /** Every event the engine's own calendar processed (SimPy: timeouts, resource requests and releases, process starts, conditions). */
  readonly internalEvents: number;
}

export interface CompareOptions {
  readonly size: CompareSize;
  readonly replications: number;
  readonly seed: number;
}

/** Whether /usr/bin/python3 can import simpy; the reason when it cannot. */
export function simpyAvailable(): { ok: true } | { ok: false; reason: string } {
  if (!existsSync(PYTHON)) return { ok: false, reason: `${PYTHON} not found` };
  const probe = spawnSync(PYTHON, ['-c', 'import simpy'], { encoding: 'utf8' });
  return probe.status === 0 ? { ok: true } : { ok: false, reason: `${PYTHON} cannot import simpy (apt-get install python3-simpy3)` };
}

/** The comparison scenario, resolved, and the JSON model for the reference. */
export function prepare(options: CompareOptions) {
  const scenarioFile = join(packageRoot(), 'scenarios', 'bench-simpy-compare.yaml');
  // The rate depends on the profile: resolve once to read it, then build the real scenario.
  const probe = resolveScenario(loadScenarioText(compareScenarioYaml(options.size, 1, options.seed), scenarioFile));
  const rate = compareRate(options.size, probe.profile.profile);
  const yaml = compareScenarioYaml(options.size, rate, options.seed);
  const resolved = resolveScenario(loadScenarioText(yaml, scenarioFile));
  return { yaml, scenarioFile, rate, resolved, spec: referenceSpec(resolved, options.replications) };
}

/** R replications of the scenario on poq-sim, in this process. */
export function runPoqSim(yaml: string, scenarioFile: string, replications: number): EngineRun {
  const started = performance.now();
  const resolved = resolveScenario(loadScenarioText(yaml, scenarioFile));
  const runs: ReplicationStatistics[] = [];
  const k = resolved.scenario.mechanism.evaluatorsPerRound;
  let calendarEvents = 0;
  for (let r = 0; r < replications; r++) {
    const result = runScenario(resolved, { runKey: r });
    calendarEvents += result.events;
    runs.push({
      meanResponseMs: result.meanResponseMs,
      meanReward: Object.fromEntries(result.groups.map((g) => [`${g.role}/${g.model}`, g.meanReward])),
      // The run stops on a number of requests and drains them: every request had its arrival, inference and K evaluations.
      events: result.requestsSettled * (2 + k),
      settled: result.requestsSettled,
    });
  }
  const wallSeconds = (performance.now() - started) / 1000;
  return {
    engine: `poq-sim on Node ${process.version}`,
    wallSeconds,
    events: runs.reduce((sum, r) => sum + r.events, 0),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    replications: runs,
    internalEvents: calendarEvents,
  };
}

interface SimpyOutput {
  engine: string;
  wallSeconds: number;
  peakRssMb: number;
  replications: (ReplicationStatistics & { simpyEvents: number })[];
}

/** The same replications on the SimPy reference, in a Python process. */
export function runSimpy(spec: object): EngineRun {
  const child = spawnSync(PYTHON, [REFERENCE_SCRIPT], { input: JSON.stringify(spec), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (child.status !== 0) throw new Error(`the SimPy reference failed (exit ${child.status}): ${child.stderr.trim()}`);
  const output = JSON.parse(child.stdout) as SimpyOutput;
  return {
    engine: output.engine,
    wallSeconds: output.wallSeconds,
    events: output.replications.reduce((sum, r) => sum + r.events, 0),
    peakRssMb: output.peakRssMb,
    replications: output.replications,
    internalEvents: output.replications.reduce((sum, r) => sum + r.simpyEvents, 0),
  };
}

export interface StatisticComparison {
  readonly statistic: string;
  readonly poqSim: number;
  readonly simpy: number;
  /** poq-sim minus SimPy, and its 1 − α confidence interval (Welch). */
  readonly difference: number;
  readonly ci: readonly [number, number];
  readonly t: number;
  readonly df: number;
  readonly pValue: number;
  readonly agrees: boolean;
}

function statistics(run: EngineRun): Map<string, number[]> {
  const values = new Map<string, number[]>();
  const add = (key: string, value: number) => values.set(key, [...(values.get(key) ?? []), value]);
  for (const r of run.replications) {
    add('mean time in system (ms)', r.meanResponseMs);
    for (const [group, reward] of Object.entries(r.meanReward)) add(`mean reward ${group}`, reward);
  }
  return values;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Welch's t-test per statistic on the replication means; a statistic missing from either engine disagrees. */
export function compareStatistics(a: EngineRun, b: EngineRun, alpha: number): StatisticComparison[] {
  const left = statistics(a);
  const right = statistics(b);
  const keys = [...new Set([...left.keys(), ...right.keys()])];
  return keys.map((statistic) => {
    const x = left.get(statistic) ?? [];
    const y = right.get(statistic) ?? [];
    if (x.length < 2 || y.length < 2) {
      return {
        statistic,
        poqSim: mean(x),
        simpy: mean(y),
        difference: Number.NaN,
        ci: [Number.NaN, Number.NaN],
        t: Number.NaN,
        df: 0,
        pValue: 0,
        agrees: false,
      };
    }
    const test = ttest2(x, y, { alpha, variance: 'unequal' });
    return {
      statistic,
      poqSim: test.xmean,
      simpy: test.ymean,
      difference: test.xmean - test.ymean,
      ci: [test.ci[0]!, test.ci[1]!],
      t: test.statistic,
      df: test.df,
      pValue: test.pValue,
      agrees: !test.rejected,
    };
  });
}
