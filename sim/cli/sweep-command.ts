/**
 * `poq-sim sweep`: runs an experiment (the scenario's sweep × replications)
 * on worker threads, a Redis queue, or one shard of it, into an experiment
 * folder. Ctrl-C stops cleanly: finished points stay on disk and
 * `--resume` continues from them; so does a fault of the machine (a full
 * disk, a lost Redis server), whose one line ends with the same command.
 */
import { join } from 'node:path';
import type { PointExecutor } from '../experiment/executors/executor.js';
import type { ExperimentContext } from '../experiment/point.js';
import { ThreadPoolExecutor } from '../experiment/executors/thread-pool.js';
import { type ExperimentOutcome, runExperiment, type Shard } from '../experiment/experiment.js';
import { renderReport } from './render-report.js';
import { planExperiment } from '../experiment/plan.js';
import { loadScenarioFile } from '../scenario/load.js';
import { parseOverride } from '../scenario/overrides.js';
import { ProgressBar } from './progress-bar.js';
import { printWarnings } from './print-warnings.js';
import { EXIT_INTERRUPTED } from '../system/exit-codes.js';
import { asEnvironmentFault, EnvironmentFault } from '../system/environment-fault.js';
import { maskedUrl } from '../experiment/executors/redis-url.js';
import { endDespiteAbandonedTimers } from './queue-exit.js';

export interface SweepCommandOptions {
  readonly out?: string;
  readonly workers?: number;
  readonly resume?: boolean;
  readonly force?: boolean;
  readonly shard?: Shard;
  readonly queue?: string;
  readonly queueName?: string;
  /** Seconds a lost Redis server is retried before the sweep gives up (exit 3, resumable). */
  readonly queueRetry?: number;
  readonly progress?: boolean;
  readonly quiet?: boolean;
  /** Render figures, tables and report.html into the folder at the end (default true; never for a shard). */
  readonly report?: boolean;
  /** --set path=value arguments, applied in order after extends: and before validation. */
  readonly set?: readonly string[];
}

/**
 * `results/<name>/`, as for a run: scenario names already say what they are
 * (`paper-baseline-sweep`), so a suffix would double it. A run's folder of the
 * same name is refused by the output rule, never replaced without --force.
 */
function defaultOut(name: string, shard: Shard | undefined): string {
  return join('results', shard ? `${name}-shard-${shard.index}-of-${shard.count}` : name);
}

/** Where the points run: a Redis queue when one is given (loaded only then), else worker threads. Studies use it too. */
export async function executorFor(
  context: ExperimentContext,
  options: Pick<SweepCommandOptions, 'queue' | 'queueName' | 'queueRetry' | 'workers'>,
): Promise<PointExecutor> {
  if (options.queue) {
    const { RedisQueueExecutor } = await import('../experiment/executors/redis-queue.js');
    return RedisQueueExecutor.connect(context, options.queue, { queueName: options.queueName, retrySeconds: options.queueRetry });
  }
  return new ThreadPoolExecutor(context, options.workers);
}

/** A word as a POSIX shell reads it back: as is when plain, else in single quotes. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/**
 * The command that continues a sweep (or, with `command`, a study): the same
 * folder, shard, threads, queue (its password masked: the line may end up in
 * logs) and report choice, plus --resume.
 */
export function resumeCommand(file: string, out: string, options: SweepCommandOptions, command = 'sweep'): string {
  const words = [`poq-sim ${command}`, shellWord(file), '--out', shellWord(out)];
  for (const override of options.set ?? []) words.push('--set', shellWord(override));
  if (options.shard) words.push('--shard', `${options.shard.index}/${options.shard.count}`);
  if (options.workers !== undefined) words.push('--workers', String(options.workers));
  if (options.queue) words.push('--queue', maskedUrl(options.queue));
  if (options.queueName) words.push('--queue-name', options.queueName);
  if (options.queueRetry !== undefined) words.push('--queue-retry', String(options.queueRetry));
  if (options.report === false) words.push('--no-report');
  return [...words, '--resume'].join(' ');
}

/** The line that says what ran: points × replications, where, how long. */
function outcomeLine(
  plan: ReturnType<typeof planExperiment>,
  outcome: ExperimentOutcome,
  executor: PointExecutor,
  options: SweepCommandOptions,
): string {
  const replications = plan.stopping ? `${plan.replications}–${plan.stopping.maxReplications}` : String(plan.replications);
  const { description } = executor;
  const how =
    description.kind === 'redis-queue'
      ? `queue ${description.queue}`
      : `${description.workers} worker thread${description.workers === 1 ? '' : 's'}`;
  const seconds = outcome.wallTimeMs / 1000;
  return (
    `${plan.base.scenario.name} · ${outcome.total.toLocaleString('en-US')} points${options.shard ? ` (shard ${options.shard.index}/${options.shard.count} of ${plan.points.length})` : ''}` +
    ` × ${replications} replications = ${outcome.runs.toLocaleString('en-US')} runs · ${how} · ${seconds.toFixed(1)} s` +
    (outcome.computed > 0 ? ` (${(outcome.computed / seconds).toFixed(1)} points/s)` : '') +
    (outcome.skipped > 0 ? ` · resumed: ${outcome.skipped} points already done` : '')
  );
}

/** Ctrl-C (or SIGTERM) aborts the signal, so the sweep stops cleanly; a second one exits at once. */
export function interruptOnSignals(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = () => {
    interrupts++;
    if (interrupts > 1) process.exit(EXIT_INTERRUPTED); // a second Ctrl-C: stop now
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const dispose = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  return { signal: controller.signal, dispose };
}

/** After a complete sweep: what ran, the report (never for a shard) and what was written. */
async function reportOutcome(
  plan: ReturnType<typeof planExperiment>,
  outcome: ExperimentOutcome,
  executor: PointExecutor,
  out: string,
  options: SweepCommandOptions,
): Promise<void> {
  if (!options.quiet) console.log(outcomeLine(plan, outcome, executor, options));
  // A shard's folder is part of an experiment: its report comes after poq-sim merge.
  const reportNote = options.report !== false && !options.shard ? await renderReport(out) : '';
  if (!options.quiet) {
    const report = options.report !== false && !options.shard && !reportNote ? '; report.html, report.md, figures/, tables/' : '';
    const tables = outcome.tables?.timeseries === undefined ? 'runs, metrics, summary' : 'runs, metrics, summary, timeseries';
    console.log(`wrote ${out}/ (${tables} as .csv and .parquet; parameters.json, manifest.json, profile.yaml, points/${report})`);
    if (reportNote) console.log(reportNote);
  }
}

/** Runs the command; returns the exit code. */
export async function sweepCommand(file: string, options: SweepCommandOptions): Promise<number> {
  const plan = planExperiment(loadScenarioFile(file, (options.set ?? []).map(parseOverride)));
  printWarnings(plan.warnings);
  const out = options.out ?? defaultOut(plan.base.scenario.name, options.shard);
  const executor = await executorFor(plan.context, options);
  const interrupt = interruptOnSignals();
  try {
    const outcome = await runExperiment(plan, {
      out,
      resume: options.resume,
      force: options.force,
      shard: options.shard,
      executor,
      progress: options.progress === false || options.quiet ? undefined : new ProgressBar(),
      signal: interrupt.signal,
      onNotice: (line) => process.stderr.write(`poq-sim: ${line}\n`),
    });
    if (outcome.status === 'interrupted') {
      process.stderr.write(
        `poq-sim: interrupted: ${outcome.done} of ${outcome.total} points are saved in ${join(out, 'points')}; ` +
          `continue with: ${resumeCommand(file, out, options)}\n`,
      );
      return EXIT_INTERRUPTED;
    }
    await reportOutcome(plan, outcome, executor, out, options);
    return 0;
  } catch (error) {
    // Whatever the machine failed at (a full disk, a permission, a lost server), finished points are kept.
    const fault = asEnvironmentFault(error, out);
    if (fault instanceof EnvironmentFault)
      throw fault.withHint(`finished points are kept; once that is fixed, continue with: ${resumeCommand(file, out, options)}`);
    throw error;
  } finally {
    interrupt.dispose();
    await executor.close();
    if (options.queue) endDespiteAbandonedTimers();
  }
}
