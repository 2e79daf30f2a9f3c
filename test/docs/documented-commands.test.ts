/**
 * Every command README.md's sh blocks and the shipped scenarios' headers
 * show, run as written and in order, each document in a fresh copy of the
 * clone (command-workspace.ts: nothing is written into the checkout), with
 * `npx poq-sim` resolving to the built CLI. Each must exit 0; the folders it
 * writes must be complete, and what it prints for the reader must be there
 * (command-checks.ts). What is not run as written, and why:
 *
 * - `npm test` is skipped (it would run this suite inside itself); `npm ci`
 *   is replaced by the check that the built CLI is there, which is what it
 *   leaves behind (the suite runs after the build).
 * - `duckdb -c "…"`: the DuckDB CLI is not a Debian package, so the same
 *   SQL text runs through the `@duckdb/node-api` devDependency
 *   (duckdb-command.ts).
 * - `--queue redis://:password@host:6379`: `host` is the reader's server; the
 *   test starts its own and a worker (queue-for-commands.ts).
 * - jq, python3 with pandas and redis-server come from Debian packages: on a
 *   machine without them those commands are skipped with a line naming the
 *   package (an error under CI; .ci/run installs them).
 *
 * The time each command takes is printed at the end: shipped sweeps run in
 * full, as a reader would run them. A command an earlier document ran with
 * the same inputs (README.md and misreport-audit's header show the same
 * sweep) is checked on its first run, and its folders are handed on
 * (command-reuse.ts).
 *
 * Each shipped scenario's header runs it, so its report is checked on the
 * folder that run writes, the full-size report a reader opens
 * (test/reports/shipped-report-checks.ts: report.html in headless Chromium,
 * the declared figures, their Vega-Lite specs, no text overlaps). Every
 * shipped scenario must have such a command.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { ReportSpec } from '../../sim/scenario/report-schema.js';
import { CLI, ROOT } from '../helpers.js';
import { hasChromium, launchChromium } from '../reports/headless-chromium.js';
import { loadResultsFolder } from '../../reports/folder/results-folder.js';
import { checkShippedDefaults } from '../reports/default-figure-checks.js';
import { expectShippedReport, reportDeclared } from '../reports/shipped-report-checks.js';
import { hasReportFonts, hasSystemProgram } from '../system-programs.js';
import { foldersWritten, incompleteFolders, outputProblems, words } from './command-checks.js';
import { KeptCommands } from './command-reuse.js';
import { DEBIAN_PYTHON, makeWorkspace, runInShell, type Workspace } from './command-workspace.js';
import {
  andList,
  type DocumentedCommand,
  type DocumentedFile,
  headerCommands,
  markdownCommands,
  markdownScenarios,
} from './documented-commands.js';
import { duckdbSql, queryProblems, runDuckdb } from './duckdb-command.js';
import { DOCUMENTED_REDIS, withQueue } from './queue-for-commands.js';

/** A shipped sweep takes tens of seconds on two cores; this bounds a command that hangs. */
const COMMAND_TIMEOUT_MS = 15 * 60_000;

/** A shipped scenario's report in its full size: Chromium opens it, and overlaps are measured on every figure. */
const REPORT_TIMEOUT_MS = 5 * 60_000;

/** A shipped scenario: its name, the folder its header's run or sweep writes (`results/<name>`), and what its report declares. */
interface Shipped {
  readonly name: string;
  readonly folder: string;
  readonly report: ReportSpec | null;
}

interface Document {
  readonly file: string;
  readonly label: string;
  readonly commands: DocumentedCommand[];
  readonly files: DocumentedFile[];
  readonly shipped?: Shipped;
}

function shipped(file: string): Shipped {
  const name = (parseYaml(readFileSync(join(ROOT, file), 'utf8')) as { name: string }).name;
  return { name, folder: join('results', name), report: reportDeclared(join(ROOT, file)) };
}

function documents(): Document[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const scenarios = readdirSync(join(ROOT, 'scenarios'))
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => {
      const file = `scenarios/${name}`;
      return {
        file,
        label: name.replace(/\.yaml$/, ''),
        commands: headerCommands(readFileSync(join(ROOT, file), 'utf8'), file),
        files: [],
        shipped: shipped(file),
      };
    });
  return [
    { file: 'README.md', label: 'readme', commands: markdownCommands(readme, 'README.md'), files: markdownScenarios(readme) },
    ...scenarios,
  ];
}

/** What a command needs from outside npm, asked once per file (a missing one is a skip with the Debian package named, or a CI error). */
const needs = {
  jq: () => hasSystemProgram('jq', 'jq', "the documented jq commands (README's reading of summary.json)"),
  pandas: () =>
    hasSystemProgram(DEBIAN_PYTHON, 'python3-pandas', "the documented pandas command (README's reading of nodes.csv)", [
      '-c',
      'import pandas',
    ]),
  redis: () => hasSystemProgram('redis-server', 'redis-server', 'the documented queue-mode command (poq-sim sweep --queue)'),
};

/** Chromium and the report font, which the shipped scenarios' report checks need (asked once). */
const canOpenReports = () =>
  hasChromium('opening each shipped scenario’s report.html in a browser') && hasReportFonts('rendering the shipped scenarios’ reports');

/** One headless Chromium for the whole file, launched when the first report is opened. */
let browser: Promise<Browser> | undefined;
const sharedBrowser = () => (browser ??= launchChromium());

function available(text: string): boolean {
  const program = words(text)[0];
  if (program === 'jq') return needs.jq();
  if (program === 'python3') return needs.pandas();
  return !DOCUMENTED_REDIS.test(text) || needs.redis();
}

const timings: { where: string; text: string; seconds: number }[] = [];
const kept = new KeptCommands();

/** Runs one part of a documented command (one side of an `&&`) and checks what it did. */
async function runPart(text: string, command: DocumentedCommand, workspace: Workspace): Promise<void> {
  const context = `${command.where}: ${text}`;
  if (text === 'npm ci') {
    expect(existsSync(CLI), `${context}: the built CLI ${CLI} is missing (npm run build)`).toBe(true);
    return;
  }
  const started = performance.now();
  if (words(text)[0] === 'duckdb') {
    const sql = duckdbSql(text);
    if (sql === undefined) throw new Error(`${context}: only duckdb -c "<sql>" can be run through @duckdb/node-api`);
    expect(queryProblems(await runDuckdb(sql, workspace.root)), context).toEqual([]);
  } else {
    const run = (line: string) => runInShell(line, workspace, COMMAND_TIMEOUT_MS);
    const result = DOCUMENTED_REDIS.test(text) ? await withQueue(text, workspace, run) : await run(text);
    expect(result.code, `${context}: exit ${result.code}\n${result.stderr.slice(-2000)}`).toBe(0);
    expect(outputProblems(text, result.stdout), context).toEqual([]);
  }
  timings.push({ where: command.where, text, seconds: (performance.now() - started) / 1000 });
}

/** Runs a command's parts, or, when an earlier document ran the same single command with the same inputs, takes its folders. */
async function runOrReuse(parts: string[], command: DocumentedCommand, folders: string[], workspace: Workspace): Promise<void> {
  const key = parts.length === 1 ? kept.key(command.text, folders, workspace.root) : undefined;
  const earlier = key === undefined ? undefined : kept.recall(key);
  if (earlier) {
    kept.restore(earlier, workspace.root);
    timings.push({ where: command.where, text: `${command.text} (the run of ${earlier.where}, same inputs)`, seconds: 0 });
    return;
  }
  for (const part of parts) await runPart(part, command, workspace);
  if (key !== undefined) kept.keep(key, command.where, folders, workspace.root);
}

const testName = (command: DocumentedCommand) => {
  const text = command.text.replace(/\s+/g, ' ');
  return `${command.where}: ${text.length > 110 ? `${text.slice(0, 107)}…` : text}`;
};

for (const document of documents().filter((d) => d.commands.length > 0)) {
  describe(`the commands of ${document.file}`, () => {
    let workspace: Workspace;
    beforeAll(() => {
      workspace = makeWorkspace(document.label, document.files);
    });
    afterAll(() => workspace.dispose());

    for (const command of document.commands) {
      if (command.text === 'npm test') {
        it.skip(`${testName(command)} (not run: it would run this suite inside itself)`, () => {});
        continue;
      }
      const parts = andList(command.text);
      it.skipIf(!parts.every(available))(
        testName(command),
        async () => {
          const folders = foldersWritten(command, workspace.root);
          await runOrReuse(parts, command, folders, workspace);
          expect(incompleteFolders(folders, workspace.root), `${command.where}: folders it writes without a manifest.json`).toEqual([]);
        },
        COMMAND_TIMEOUT_MS,
      );
    }

    const scenario = document.shipped;
    if (scenario)
      it.skipIf(!canOpenReports())(
        `${document.file}: the report in ${scenario.folder} opens without errors, each declared figure shows what it declares, and a sweep's default figures draw every swept value`,
        async () => {
          const folder = join(workspace.root, scenario.folder);
          expect(existsSync(join(folder, 'manifest.json')), `${document.file}: no command of its header wrote ${scenario.folder}`).toBe(
            true,
          );
          await expectShippedReport(await sharedBrowser(), folder, scenario.report);
          const results = loadResultsFolder(folder);
          if (results.kind === 'experiment') checkShippedDefaults(scenario.name, results);
        },
        REPORT_TIMEOUT_MS,
      );
  });
}

/**
 * The checkout's top-level entries and profiles: a command that wrote into the checkout would add one.
 * `.vitest-output` (git-ignored) is other test files' scratch folder, which comes and goes while they run beside this one.
 */
const checkoutEntries = () =>
  [
    ...readdirSync(ROOT).filter((name) => name !== '.vitest-output'),
    ...readdirSync(join(ROOT, 'calibration', 'profiles')).map((name) => `profiles/${name}`),
  ].sort();
const entriesBefore = checkoutEntries();

it('finds the shipped scenarios, each declaring what answers it and run by a command of its header', () => {
  const scenarios = documents().filter((d) => d.shipped !== undefined);
  expect(scenarios.map((d) => d.file)).toEqual(
    expect.arrayContaining(['scenarios/paper-baseline.yaml', 'scenarios/misreport-audit.yaml', 'scenarios/collusion-sweep.yaml']),
  );
  for (const { file, commands, shipped: scenario } of scenarios) {
    const { report, folder } = scenario!;
    expect((report?.figures.length ?? 0) + (report?.standard?.length ?? 0), file).toBeGreaterThan(0);
    expect(
      commands.flatMap((command) => foldersWritten(command, ROOT)),
      `${file}: its header runs it`,
    ).toContain(folder);
  }
});

it('the documented commands come from README.md and the scenario headers, including the ones that read a sweep', () => {
  const all = documents().flatMap((d) => d.commands.map((c) => c.text));
  expect(all).toContain('npm ci && npm start');
  expect(all.filter((text) => text.startsWith('npx poq-sim sweep ')).length).toBeGreaterThan(2);
  expect(all.some((text) => text.startsWith('npx poq-sim break-even '))).toBe(true);
  expect(all.filter((text) => text.startsWith('duckdb -c ')).length).toBeGreaterThan(1);
});

afterAll(async () => {
  kept.dispose();
  await (await browser)?.close();
  const width = Math.max(0, ...timings.map((t) => t.where.length));
  const total = timings.reduce((sum, t) => sum + t.seconds, 0);
  console.log(
    [
      `documented commands: ${timings.length} run in ${total.toFixed(1)} s`,
      ...timings.map(
        (t) => `${t.seconds.toFixed(1).padStart(7)} s  ${t.where.padEnd(width)}  ${t.text.replace(/\s+/g, ' ').slice(0, 120)}`,
      ),
    ].join('\n'),
  );
  expect(checkoutEntries(), 'a documented command wrote into the checkout').toEqual(entriesBefore);
});
