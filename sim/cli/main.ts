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
import { MissingFontError } from '../../reports/render/fonts.js';
import type { FigureFormat } from '../../reports/write-report.js';
import { runCommand } from './run-command.js';

export const EXIT_USAGE = 2;

function parseSeed(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError('expected a non-negative integer.');
  }
  return Number(value);
}

function parseDpi(value: string): number {
  const dpi = Number(value);
  if (!/^\d+$/.test(value) || dpi < 36 || dpi > 2400) throw new InvalidArgumentError('expected a whole number of dots per inch between 36 and 2400.');
  return dpi;
}

const FORMATS: readonly FigureFormat[] = ['svg', 'png', 'pdf'];

function parseFormats(value: string): FigureFormat[] {
  const formats = value.split(',').map((f) => f.trim().toLowerCase());
  const unknown = formats.filter((f) => !FORMATS.includes(f as FigureFormat));
  if (unknown.length > 0) throw new InvalidArgumentError(`unknown format ${unknown.map((f) => `"${f}"`).join(', ')}; formats: ${FORMATS.join(', ')}.`);
  return formats as FigureFormat[];
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
    .option('--no-report', 'skip the figures, tables and HTML report (render them later with poq-sim report)')
    .action((file: string, options: { out?: string; seed?: number; quiet?: boolean; report?: boolean }) => runCommand(file, options));

  program
    .command('report')
    .description('Render the figures (Vega-Lite, SVG, PNG, PDF), tables (Markdown, LaTeX) and HTML report of a run, sweep or calibration folder')
    .argument('<folder>', 'results folder')
    .option('--dpi <n>', 'PNG resolution in dots per inch (default 300)', parseDpi)
    .option('--formats <list>', 'renderings beside each .vl.json, comma-separated (default svg,png,pdf)', parseFormats)
    .option('-q, --quiet', 'print nothing on success')
    .action(async (folder: string, options: { dpi?: number; formats?: FigureFormat[]; quiet?: boolean }) => {
      // Loaded on demand: Vega, resvg and PDFKit cost other commands nothing.
      const { reportCommand } = await import('./report-command.js');
      await reportCommand(folder, options);
    });

  return program;
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
    if (error instanceof MissingFontError) {
      process.stderr.write(`poq-sim: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv);
