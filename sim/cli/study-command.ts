/**
 * What `poq-sim exploit`, `sensitivity` and `tune` share: load and plan the
 * study, claim its folder, run its batches on worker threads or a Redis
 * queue, write its answer and tables, render its report. Ctrl-C, a kill or a
 * fault of the machine keeps every finished point; the one line printed
 * ends with the command that resumes.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { PointExecutor } from '../experiment/executors/executor.js';
import type { ExperimentContext } from '../experiment/point.js';
import { loadScenarioFile } from '../scenario/load.js';
import type { LoadedScenario } from '../scenario/load.js';
import { parseOverride } from '../scenario/overrides.js';
import { asEnvironmentFault, EnvironmentFault } from '../system/environment-fault.js';
import { EXIT_INTERRUPTED } from '../system/exit-codes.js';
import { StudyFolder, type StudyTable } from '../study/study-folder.js';
import type { StudyBase, StudyKind } from '../study/study-plan.js';
import type { StudyCounts, StudyFile } from '../study/study-results.js';
import { StudyInterrupted, StudyRunner } from '../study/study-runner.js';
import { endDespiteAbandonedTimers } from './queue-exit.js';
import { renderReport } from './render-report.js';
import { executorFor, interruptOnSignals, resumeCommand } from './sweep-command.js';

export interface StudyCommandOptions {
  readonly out?: string;
  readonly workers?: number;
  readonly resume?: boolean;
  readonly force?: boolean;
  readonly queue?: string;
  readonly queueName?: string;
  readonly queueRetry?: number;
  readonly report?: boolean;
  readonly quiet?: boolean;
  readonly set?: readonly string[];
}

/** The parts of a planned study the command needs. */
export interface PlannedStudy {
  readonly study: StudyBase;
  readonly hash: string;
  readonly context: ExperimentContext;
}

export interface StudyDefinition<P extends PlannedStudy> {
  readonly kind: StudyKind;
  plan(loaded: LoadedScenario): P;
  run(plan: P, runner: StudyRunner, counts: () => StudyCounts): Promise<{ file: StudyFile; tables: StudyTable[] }>;
  /** The lines that answer the study's question, printed at the end. */
  summary(file: StudyFile): string[];
}

/** `results/<name>/`, as for a run or a sweep: a study's scenario names what it studies (exploit-misreport). */
function defaultOut(name: string): string {
  return join('results', name);
}

function executorWords(executor: PointExecutor): string {
  const { description } = executor;
  if (description.kind === 'redis-queue') return `queue ${description.queue}`;
  return `${description.workers} worker thread${description.workers === 1 ? '' : 's'}`;
}

/** Runs the study to its end, writes its files and returns the answer. */
async function runToEnd<P extends PlannedStudy>(
  definition: StudyDefinition<P>,
  plan: P,
  folder: StudyFolder,
  executor: PointExecutor,
  signal: AbortSignal,
): Promise<StudyFile> {
  const started = performance.now();
  const notice = (line: string) => process.stderr.write(`poq-sim: ${line}\n`);
  const runner = new StudyRunner(plan.context, executor, folder.store, signal, notice);
  const counts = () => ({ points: runner.points, runs: runner.runs, batches: runner.batches });
  const { file, tables } = await definition.run(plan, runner, counts);
  const rows = Object.fromEntries(tables.map((table) => [table.name, folder.writeTable(table)]));
  folder.finish(plan.study, file, { wallTimeMs: performance.now() - started, executor: executor.description, tables: rows });
  return file;
}

/** Runs a study command; returns the exit code. */
export async function studyCommand<P extends PlannedStudy>(
  definition: StudyDefinition<P>,
  file: string,
  options: StudyCommandOptions,
): Promise<number> {
  const plan = definition.plan(loadScenarioFile(file, (options.set ?? []).map(parseOverride)));
  const out = options.out ?? defaultOut(plan.study.base.scenario.name);
  const folder = new StudyFolder(out, definition.kind, plan.hash);
  folder.open({ out, resume: options.resume, force: options.force });
  const executor = await executorFor(plan.context, options);
  const interrupt = interruptOnSignals();
  const started = performance.now();
  try {
    const answer = await runToEnd(definition, plan, folder, executor, interrupt.signal);
    const seconds = (performance.now() - started) / 1000;
    const reportNote = options.report !== false ? await renderReport(out) : '';
    if (!options.quiet) {
      for (const line of definition.summary(answer)) console.log(line);
      console.log(
        `${plan.study.base.scenario.name} · ${definition.kind}: ${answer.points.toLocaleString('en-US')} points, ${answer.runs.toLocaleString('en-US')} runs in ${answer.batches} batches · ${executorWords(executor)} · ${seconds.toFixed(1)} s`,
      );
      console.log(
        `wrote ${out}/ (study.json, tables as .csv and .parquet, manifest.json, points/${options.report !== false && !reportNote ? '; report.html, report.md, figures/, tables/' : ''})`,
      );
      if (reportNote) console.log(reportNote);
    }
    return 0;
  } catch (error) {
    if (error instanceof StudyInterrupted) {
      process.stderr.write(
        `poq-sim: interrupted: finished points are saved in ${join(out, 'points')}; continue with: ${resumeCommand(file, out, options, definition.kind)}\n`,
      );
      return EXIT_INTERRUPTED;
    }
    const fault = asEnvironmentFault(error, out);
    if (fault instanceof EnvironmentFault)
      throw fault.withHint(
        `finished points are kept; once that is fixed, continue with: ${resumeCommand(file, out, options, definition.kind)}`,
      );
    throw error;
  } finally {
    interrupt.dispose();
    await executor.close();
    if (options.queue) endDespiteAbandonedTimers();
  }
}
