#!/usr/bin/env node
/**
 * The poq-sim command line. Commands are thin: they parse options and call
 * the library. A mistake in what the user wrote ends with one line per
 * problem on stderr and exit code 2; anything else is a bug and keeps its
 * stack trace.
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { InputError } from '../input/input-error.js';
import { packageVersion } from '../package-info.js';
import { calibrateCommand } from './calibrate-command.js';
import { runCommand } from './run-command.js';

export const EXIT_USAGE = 2;

function parseSeed(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError('expected a non-negative integer.');
  }
  return Number(value);
}

export function buildProgram(): Command {
  const program = new Command('poq-sim')
    .description('Discrete-event simulator of cost-aware Proof-of-Quality markets for decentralized LLM inference')
    .version(packageVersion())
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();

  program
    .command('run')
    .description('Run one scenario and write its results folder (summary.json, nodes.csv, report.md, manifest.json)')
    .argument('<scenario.yaml>', 'scenario file')
    .option('-o, --out <dir>', 'results folder (default: results/<scenario name>)')
    .option('-s, --seed <n>', 'override the scenario’s seed', parseSeed)
    .option('-q, --quiet', 'print nothing on success')
    .action((file: string, options: { out?: string; seed?: number; quiet?: boolean }) => runCommand(file, options));

  program
    .command('calibrate')
    .description('Measure inference systems and evaluators, fit their distributions, write a profile folder (profile.yaml, measurements.csv, report.md)')
    .argument('[calibration.yaml]', 'calibration file (optional with --from-log: it then supplies names, tasks and hardware)')
    .option('-o, --out <dir>', 'profile folder (default: calibration/profiles/<name>)')
    .option('--from-log <measurements.csv>', 'fit a profile from measurements made elsewhere instead of measuring')
    .option('--name <name>', 'profile name (--from-log without a calibration file)')
    .option('--hardware <description>', 'hardware the log was measured on (--from-log without a calibration file)')
    .option('--cost-usd-per-hour <usd>', 'price of that hardware (--from-log without a calibration file)', parseNonNegative)
    .option('-q, --quiet', 'print nothing on success')
    .action((file: string | undefined, options: Parameters<typeof calibrateCommand>[1]) => calibrateCommand(file, options));

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
    await program.parseAsync(argv as string[]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      const benign = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help';
      return benign ? 0 : EXIT_USAGE;
    }
    if (error instanceof InputError) {
      for (const line of error.message.split('\n')) process.stderr.write(`poq-sim: ${line}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv);
