/** `poq-sim run`: one scenario, one seed, one results folder. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { markdownReport } from '../../reports/markdown-report.js';
import { type RunOrigin, runManifest } from '../results/manifest.js';
import { checkOutput, type OutputRequest } from '../results/output-claim.js';
import { StagedFolder } from '../results/output-folder.js';
import { nodesCsv, type RunSummaryFile, summaryFile } from '../results/run-files.js';
import type { RunResult } from '../results/run-result.js';
import type { InputWarning } from '../input/input-warning.js';
import type { SourceDocument } from '../input/source-document.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import { LARGE_NETWORK, largeNetworkNotice } from '../scenario/size/memory-estimate.js';
import { runScenario } from '../run/run-scenario.js';
import { loadScenarioFile } from '../scenario/load.js';
import { parseOverride } from '../scenario/overrides.js';
import { resolveScenario } from '../scenario/resolve.js';
import { scenarioWarnings } from '../scenario/warnings.js';
import { asEnvironmentFault } from '../system/environment-fault.js';
import { EXIT_INTERRUPTED } from '../system/exit-codes.js';
import { printRewardTable } from './print-reward-table.js';
import { printWarnings } from './print-warnings.js';
import { renderReport } from './render-report.js';
import { describeIntervals } from '../results/interval-method.js';
import { checkRunReport } from '../experiment/plan.js';

export interface RunCommandOptions {
  readonly out?: string;
  readonly seed?: number;
  readonly quiet?: boolean;
  /** Replace a poq-sim output of another kind (a sweep's folder, a profile) at --out. */
  readonly force?: boolean;
  /** Render figures, tables and report.html into the folder (default true). */
  readonly report?: boolean;
  /** --set path=value arguments, applied in order after extends: and before validation. */
  readonly set?: readonly string[];
}

interface FinishedRun {
  readonly resolved: ResolvedScenario;
  readonly result: RunResult;
  readonly summary: RunSummaryFile;
  readonly wallTimeMs: number;
  readonly origin: RunOrigin;
}

/** One run to make and write: what `run` and `replay` share. */
export interface RunJob {
  readonly resolved: ResolvedScenario;
  /** The data as written (before defaults), to locate the scenario's warnings. */
  readonly source: SourceDocument;
  readonly out: string;
  /** What the manifest records beyond the scenario: --set overrides, the experiment run replayed. */
  readonly origin: RunOrigin;
  /** Printed before the outcome unless quiet. */
  readonly notes?: readonly string[];
  /** Warnings found before the job was made (the report section's), printed with the scenario's. */
  readonly warnings?: readonly InputWarning[];
}

export async function runCommand(scenarioFile: string, options: RunCommandOptions): Promise<void> {
  const loaded = loadScenarioFile(scenarioFile, (options.set ?? []).map(parseOverride));
  const resolved = resolveScenario(loaded, { seed: options.seed });
  const reportWarnings = checkRunReport(loaded);
  const isExperiment = loaded.scenario.sweep || loaded.scenario.replications || loaded.scenario.stopping;
  await runAndWrite(
    {
      resolved,
      source: loaded.source,
      out: options.out ?? join('results', resolved.scenario.name),
      origin: { overrides: loaded.overrides.map((o) => o.text) },
      warnings: reportWarnings,
      notes: isExperiment
        ? ['note: `poq-sim run` runs the base scenario once; its sweep, replications and stopping rule are for `poq-sim sweep`']
        : [],
    },
    options,
  );
}

/** Runs a resolved scenario and writes its results folder (checked before the run), then says what it wrote. */
export async function runAndWrite(job: RunJob, options: Pick<RunCommandOptions, 'quiet' | 'force' | 'report'>): Promise<void> {
  const { resolved, out } = job;
  const request: OutputRequest = { path: out, kind: 'run', ownKindAllowed: true, force: options.force };
  checkOutput(request); // before the simulation: a refused --out costs nothing
  printWarnings([...scenarioWarnings(resolved.scenario, job.source), ...(job.warnings ?? [])]);

  // A large network takes a while to build: say so, on stderr (even under --quiet, whose silence is stdout's).
  if (resolved.memory.nodes >= LARGE_NETWORK) process.stderr.write(`poq-sim: ${largeNetworkNotice(resolved.memory)}\n`);
  const started = performance.now();
  const result = runScenario(resolved);
  const wallTimeMs = performance.now() - started;
  const run: FinishedRun = { resolved, result, summary: summaryFile(result, resolved), wallTimeMs, origin: job.origin };
  const reportNote = await writeRunFolder(request, run, options.report !== false);
  if (options.quiet) return;
  for (const note of job.notes ?? []) console.log(note);
  printOutcome(out, run, options.report !== false && !reportNote);
  if (reportNote) console.log(reportNote);
}

/** Writes the run's folder whole or not at all; returns a note when the report could not be rendered. */
async function writeRunFolder(request: OutputRequest, run: FinishedRun, withReport: boolean): Promise<string> {
  const { resolved, result, summary } = run;
  const folder = StagedFolder.forOutput(request);
  const stopWriting = () => {
    // Ctrl-C while the files are written (the report takes seconds): leave nothing half-written.
    folder.abort();
    process.exit(EXIT_INTERRUPTED);
  };
  process.once('SIGINT', stopWriting);
  process.once('SIGTERM', stopWriting);
  try {
    folder.write('summary.json', `${JSON.stringify(summary, null, 2)}\n`);
    folder.write('nodes.csv', nodesCsv(result));
    if (result.timeseries) {
      // Loaded only for a scenario with output.timeseries: the Parquet writer adds about 30 ms to the start-up of a run without it.
      const { writeRunTimeseries } = await import('../experiment/timeseries-table.js');
      writeRunTimeseries(folder.staging, result.timeseries);
    }
    // The profile travels with its results, so reports and later readers need nothing else.
    folder.write('profile.yaml', readFileSync(resolved.profile.file));
    folder.write('manifest.json', `${JSON.stringify(runManifest(resolved, run.wallTimeMs, run.origin), null, 2)}\n`);
    // The Markdown headline needs nothing but the summary; the full report, when rendered, replaces it.
    folder.write('report.md', markdownReport(summary));
    // The report reads the files just staged (never the live result), so the committed folder
    // holds its figures from the start; rendering runs after the simulation, not inside it.
    const reportNote = withReport ? await renderReport(folder.staging) : '';
    folder.commit();
    return reportNote;
  } catch (error) {
    folder.abort();
    throw asEnvironmentFault(error, request.path);
  } finally {
    process.off('SIGINT', stopWriting);
    process.off('SIGTERM', stopWriting);
  }
}

function printOutcome(out: string, { result, summary, wallTimeMs }: FinishedRun, reportRendered: boolean): void {
  const eventsPerSecond = result.events / (wallTimeMs / 1000);
  console.log(
    `${summary.scenario} · seed ${summary.seed} · ${summary.requestsSettled.toLocaleString('en-US')} rounds · ` +
      `${summary.events.toLocaleString('en-US')} events in ${(wallTimeMs / 1000).toFixed(2)} s ` +
      `(${(eventsPerSecond / 1e6).toFixed(2)} M events/s)`,
  );
  printRewardTable(summary);
  console.log(describeIntervals(summary.statistics));
  for (const warning of summary.statistics.warnings) console.log(`warning: ${warning}`);
  if (summary.reference) console.log(`published: ${summary.reference.citation}`);
  const files = [
    'summary.json',
    'nodes.csv',
    ...(result.timeseries ? ['timeseries.csv', 'timeseries.parquet'] : []),
    'manifest.json',
    'profile.yaml',
    'report.md',
  ];
  if (reportRendered) files.push('report.html', 'figures/', 'tables/');
  console.log(`wrote ${out}/ (${files.join(', ')})`);
}
