/**
 * The poq-sim command line. Commands are thin: they parse options and call
 * the library. A mistake in what the user wrote ends with one line per
 * problem on stderr and exit code 2; anything else is a bug and keeps its
 * stack trace.
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { InputError } from '../input/input-error.js';
import { packageVersion } from '../package-info.js';
import { asLoadFault, EnvironmentFault } from '../system/environment-fault.js';
import { EXIT_ENVIRONMENT, EXIT_OK, EXIT_USAGE } from '../system/exit-codes.js';
import { MissingFontError } from '../../reports/style/fonts.js';
import type { FigureFormat } from '../../reports/write-report.js';
// Each command is loaded when it runs: `run` never loads transformers.js, BullMQ or the Parquet writer.
import type { breakEvenCommand } from './break-even-command.js';
import type { calibrateCommand } from './calibrate-command.js';
import type { checkCommand } from './check-command.js';
import type { exploitCommand } from './exploit-command.js';
import type { sensitivityCommand } from './sensitivity-command.js';
import type { tuneCommand } from './tune-command.js';
import type { replayCommand } from './replay-command.js';
import type { runCommand } from './run-command.js';
import type { sweepCommand } from './sweep-command.js';
import type { workerCommand } from './worker-command.js';

/** Collects a repeatable option's values in order. */
function collect(value: string, previous: readonly string[] = []): string[] {
  return [...previous, value];
}

const SET_HELP =
  "set a scenario field after extends: and before validation, e.g. --set mechanism.rewards.beta=0.7 or --set 'mechanism.consensus={rule: median}' (the value is YAML; null removes the field); repeatable";

function parseSeed(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError('expected a non-negative integer.');
  }
  return Number(value);
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('expected a positive integer.');
  return Number(value);
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!(seconds > 0)) throw new InvalidArgumentError('expected a positive number of seconds.');
  return seconds;
}

function parseShard(value: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new InvalidArgumentError('expected i/N with 1 ≤ i ≤ N, e.g. 2/8 (Slurm: $SLURM_ARRAY_TASK_ID/N with --array=1-N).');
  }
  return { index, count };
}

/** Exit code a command asks for (e.g. an interrupted sweep), read by main(). */
let commandExitCode = 0;

function parseDpi(value: string): number {
  const dpi = Number(value);
  if (!/^\d+$/.test(value) || dpi < 36 || dpi > 2400)
    throw new InvalidArgumentError('expected a whole number of dots per inch between 36 and 2400.');
  return dpi;
}

const FORMATS: readonly FigureFormat[] = ['svg', 'png', 'pdf'];

function parseFormats(value: string): FigureFormat[] {
  const formats = value.split(',').map((f) => f.trim().toLowerCase());
  const unknown = formats.filter((f) => !FORMATS.includes(f as FigureFormat));
  if (unknown.length > 0)
    throw new InvalidArgumentError(`unknown format ${unknown.map((f) => `"${f}"`).join(', ')}; formats: ${FORMATS.join(', ')}.`);
  return formats as FigureFormat[];
}

function declareRun(program: Command): void {
  program
    .command('run')
    .description('Run one scenario and write its results folder (summary.json, nodes.csv, report.md, manifest.json)')
    .argument('<scenario.yaml>', 'scenario file')
    .option('-o, --out <dir>', 'results folder (default: results/<scenario name>)')
    .option('-s, --seed <n>', 'override the scenario’s seed', parseSeed)
    .option('--set <path=value>', SET_HELP, collect)
    .option('-q, --quiet', 'print nothing on success')
    .option('--force', 'replace a poq-sim output of another kind (an experiment, a profile) at --out; never a folder of other files')
    .option('--no-report', 'skip the figures, tables and HTML report (render them later with poq-sim report)')
    .action(async (file: string, options: Parameters<typeof runCommand>[1]) => {
      const { runCommand } = await import('./run-command.js');
      await runCommand(file, options);
    });
}

function parseIndex(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new InvalidArgumentError('expected a whole number from 0.');
  return Number(value);
}

function declareReplay(program: Command): void {
  program
    .command('replay')
    .description(
      'Run one run of an experiment again into a run folder of its own: the scenario of a sweep point with the seed of one replication, as poq-sim run writes it',
    )
    .argument('<experiment>', 'experiment folder written by poq-sim sweep (finished, or stopped with points stored)')
    .requiredOption('--point <I>', 'the point, by its point_id in runs.csv (from 0)', parseIndex)
    .requiredOption('--replication <R>', 'the replication, by its number in runs.csv (from 0)', parseIndex)
    .option('-o, --out <dir>', 'results folder (default: results/<scenario name>-p<I>-r<R>)')
    .option('--scenario <file>', 'the scenario the sweep ran, when the folder has no manifest.json yet (a stopped sweep) or its file moved')
    .option('--set <path=value>', 'the sweep’s --set arguments, with --scenario (default: those its manifest records); repeatable', collect)
    .option('-q, --quiet', 'print nothing on success')
    .option('--force', 'replace a poq-sim output of another kind at --out; never a folder of other files')
    .option('--no-report', 'skip the figures, tables and HTML report (render them later with poq-sim report)')
    .action(async (experiment: string, options: Parameters<typeof replayCommand>[1]) => {
      const { replayCommand } = await import('./replay-command.js');
      await replayCommand(experiment, options);
    });
}

function declareCheck(program: Command): void {
  program
    .command('check')
    .description(
      'Check a scenario (its extends:, profile and every sweep point) as run and sweep would, without running or writing anything',
    )
    .argument('<scenario.yaml>', 'scenario file')
    .option('--set <path=value>', SET_HELP, collect)
    .option('-q, --quiet', 'print nothing when it is valid')
    .action(async (file: string, options: Parameters<typeof checkCommand>[1]) => {
      const { checkCommand } = await import('./check-command.js');
      checkCommand(file, options);
    });
}

function declareReport(program: Command): void {
  program
    .command('report')
    .description(
      'Render the figures (Vega-Lite, SVG, PNG, PDF), tables (Markdown, LaTeX) and HTML report of a run, sweep or calibration folder',
    )
    .argument('<folder>', 'results folder')
    .option('--dpi <n>', 'PNG resolution in dots per inch (default 300)', parseDpi)
    .option('--formats <list>', 'renderings beside each .vl.json, comma-separated (default svg,png,pdf)', parseFormats)
    .option(
      '--scenario <file>',
      'draw the figures declared in this scenario file’s report: section (the scenario that made the folder) instead of those recorded in the folder',
    )
    .option('-q, --quiet', 'print nothing on success')
    .action(async (folder: string, options: { dpi?: number; formats?: FigureFormat[]; quiet?: boolean; scenario?: string }) => {
      // Loaded on demand: Vega, resvg and PDFKit cost other commands nothing.
      const { reportCommand } = await import('./report-command.js');
      await reportCommand(folder, options);
    });
}

function declareCalibrate(program: Command): void {
  program
    .command('calibrate')
    .description(
      'Measure inference systems and evaluators, fit their distributions, write a profile folder (profile.yaml, measurements.csv, report.md)',
    )
    .argument('[calibration.yaml]', 'calibration file (optional with --from-log: it then supplies names, tasks and hardware)')
    .option('-o, --out <dir>', 'profile folder (default: calibration/profiles/<name>)')
    .option('--from-log <measurements.csv>', 'fit a profile from measurements made elsewhere instead of measuring')
    .option('--name <name>', 'profile name (--from-log without a calibration file)')
    .option('--hardware <description>', 'hardware the log was measured on (--from-log without a calibration file)')
    .option('--cost-usd-per-hour <usd>', 'price of that hardware (--from-log without a calibration file)', parseNonNegative)
    .option('--force', 'replace a poq-sim output of another kind at --out; never a folder of other files')
    .option('-q, --quiet', 'print nothing on success')
    .action(async (file: string | undefined, options: Parameters<typeof calibrateCommand>[1]) => {
      const { calibrateCommand } = await import('./calibrate-command.js');
      await calibrateCommand(file, options);
    });
}

function declareSweep(program: Command): void {
  program
    .command('sweep')
    .description(
      'Run an experiment: every point of the scenario’s sweep × its replications, on worker threads (or a Redis queue, or one shard), into an experiment folder',
    )
    .argument('<scenario.yaml>', 'scenario file with sweep:, replications: and optionally stopping:')
    .option('-o, --out <dir>', 'experiment folder (default: results/<scenario name>)')
    .option('--set <path=value>', SET_HELP, collect)
    .option('-w, --workers <n>', 'worker threads (default: all cores)', parseCount)
    .option('--resume', 'continue the experiment in --out, skipping the points already done')
    .option('--force', 'start over, removing the experiment already in --out')
    .option(
      '--shard <i/N>',
      'run only shard i of N (points with id mod N = i − 1), for batch schedulers; combine with poq-sim merge',
      parseShard,
    )
    .option(
      '--queue <url>',
      'enqueue the points on Redis (redis://[:password@]host:port[/db], rediss:// for TLS) for poq-sim worker processes',
    )
    .option('--queue-name <name>', 'BullMQ queue name (default: poq-sim)')
    .option(
      '--queue-retry <seconds>',
      'retry a lost Redis server this long, then exit 3 with the --resume command (default 60; docs/queue-mode.md)',
      parseSeconds,
    )
    .option('--no-progress', 'no progress bar')
    .option('--no-report', 'do not render figures, tables and report.html at the end')
    .option('-q, --quiet', 'print nothing on success')
    .action(async (file: string, options: Parameters<typeof sweepCommand>[1]) => {
      const { sweepCommand } = await import('./sweep-command.js');
      commandExitCode = await sweepCommand(file, options);
    });
}

function declareWorker(program: Command): void {
  program
    .command('worker')
    .description('Take experiment points from a Redis queue and run them on this machine’s cores, until stopped')
    .requiredOption('--queue <url>', 'Redis URL (redis://[:password@]host:port[/db], rediss:// for TLS)')
    .option('--queue-name <name>', 'BullMQ queue name (default: poq-sim)')
    .option('-t, --threads <n>', 'points run at once (default: all cores)', parseCount)
    .option('--idle-exit <seconds>', 'exit after this long without work', parseSeconds)
    .option('--queue-retry <seconds>', 'retry a lost Redis server this long, then exit 3 (default 60; docs/queue-mode.md)', parseSeconds)
    .option(
      '--takeover-after <seconds>',
      'a point held by a worker that stopped is run by another within about this long (default 10)',
      parseSeconds,
    )
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (options: Parameters<typeof workerCommand>[0]) => {
      const { workerCommand } = await import('./worker-command.js');
      commandExitCode = await workerCommand(options);
    });
}

function declareMerge(program: Command): void {
  program
    .command('merge')
    .description('Combine the folders of a sharded experiment (poq-sim sweep --shard i/N) into one experiment folder')
    .argument('<folders...>', 'the shards’ experiment folders')
    .requiredOption('-o, --out <dir>', 'merged experiment folder')
    .option('--force', 'replace --out if it is not empty')
    .option('--no-report', 'do not render figures, tables and report.html')
    .option('-q, --quiet', 'print nothing on success')
    .action(async (folders: string[], options: { out: string; force?: boolean; quiet?: boolean; report?: boolean }) => {
      const { mergeCommand } = await import('./merge-command.js');
      await mergeCommand(folders, options);
    });
}

function declareBreakEven(program: Command): void {
  program
    .command('break-even')
    .description(
      'From an experiment folder: the parameter value where a metric crosses zero (e.g. the audit probability above which cheating stops paying), with a bootstrap 95% CI',
    )
    .argument('<experiment>', 'experiment folder written by poq-sim sweep')
    .requiredOption('--parameter <column>', 'the sweep parameter on the x axis, by its column name')
    .requiredOption('--metric <name>', 'the metric, e.g. twin_gain_per_round')
    .option('--population <name>', 'the population whose metric to use; default: run-level metrics')
    .option('--operator <name>', 'the declared operator whose metric to use (e.g. total_gain)')
    .option('--role <role>', 'the group role (with --model, for (role, model) groups)')
    .option('--model <model>', 'the group model')
    .option('--by <columns>', 'other parameters to compute a separate crossing for, comma-separated')
    .option('--bootstrap <n>', 'bootstrap resamples (default 2000)', parseCount)
    .option('--json', 'print JSON')
    .action(async (experiment: string, options: Parameters<typeof breakEvenCommand>[1]) => {
      const { breakEvenCommand } = await import('./break-even-command.js');
      await breakEvenCommand(experiment, options);
    });
}

/** The options every study command (exploit, sensitivity, tune) takes. */
function studyOptions(command: Command, kind: string): Command {
  return command
    .argument('<scenario.yaml>', `scenario file with a ${kind}: section`)
    .option('-o, --out <dir>', 'study folder (default: results/<scenario name>)')
    .option('--set <path=value>', SET_HELP, collect)
    .option('-w, --workers <n>', 'worker threads (default: all cores)', parseCount)
    .option('--resume', 'continue the study in --out: finished points are read back, not run again')
    .option('--force', 'start over, removing the study already in --out')
    .option('--queue <url>', 'run the points on Redis (redis://[:password@]host:port[/db]) for poq-sim worker processes')
    .option('--queue-name <name>', 'BullMQ queue name (default: poq-sim)')
    .option('--queue-retry <seconds>', 'retry a lost Redis server this long, then exit 3 with the --resume command', parseSeconds)
    .option('--no-report', 'do not render figures, tables and report.html at the end')
    .option('-q, --quiet', 'print nothing on success');
}

function declareStudies(program: Command): void {
  studyOptions(
    program
      .command('exploit')
      .description(
        'The best deviation of each declared family (misreport factor, boost, ring…) against the mechanism: its gain over the honest twin with a 95% CI, and the mechanism’s exploitability',
      ),
    'exploit',
  ).action(async (file: string, options: Parameters<typeof exploitCommand>[1]) => {
    const { exploitCommand } = await import('./exploit-command.js');
    commandExitCode = await exploitCommand(file, options);
  });
  studyOptions(
    program
      .command('sensitivity')
      .description(
        'Sobol first-order and total indices (Saltelli sampling) and Morris elementary effects of metrics over declared parameter ranges, with bootstrap CIs',
      ),
    'sensitivity',
  ).action(async (file: string, options: Parameters<typeof sensitivityCommand>[1]) => {
    const { sensitivityCommand } = await import('./sensitivity-command.js');
    commandExitCode = await sensitivityCommand(file, options);
  });
  studyOptions(
    program
      .command('tune')
      .description(
        'Mechanism settings that optimize a declared objective under constraints (exploitability bounds, budgets, latency) in every declared environment: a confirmed recommendation, the Pareto front and a decision table',
      ),
    'tune',
  ).action(async (file: string, options: Parameters<typeof tuneCommand>[1]) => {
    const { tuneCommand } = await import('./tune-command.js');
    commandExitCode = await tuneCommand(file, options);
  });
}

export function buildProgram(): Command {
  const program = new Command('poq-sim')
    .description('Discrete-event simulator of cost-aware Proof-of-Quality markets for decentralized LLM inference')
    .version(packageVersion())
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();

  // In the order poq-sim --help lists them.
  for (const declare of [
    declareRun,
    declareCheck,
    declareReport,
    declareCalibrate,
    declareSweep,
    declareWorker,
    declareMerge,
    declareReplay,
    declareBreakEven,
    declareStudies,
  ])
    declare(program);
  return program;
}

function parseNonNegative(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !(number >= 0)) throw new InvalidArgumentError('expected a non-negative number.');
  return number;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  program.commands.forEach((command) => command.exitOverride());
  try {
    await program.parseAsync(argv);
    return commandExitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      const benign = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help';
      return benign ? EXIT_OK : EXIT_USAGE;
    }
    if (error instanceof InputError) {
      for (const line of error.message.split('\n')) process.stderr.write(`poq-sim: ${line}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof MissingFontError) {
      process.stderr.write(`poq-sim: ${error.message}\n`);
      return EXIT_ENVIRONMENT; // the machine lacks a font package, like any other fault of the machine
    }
    const fault = asLoadFault(error); // commands load when they run
    if (fault instanceof EnvironmentFault) {
      process.stderr.write(`poq-sim: ${fault.message}\n`);
      return EXIT_ENVIRONMENT;
    }
    throw error;
  }
}
