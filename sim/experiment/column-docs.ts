/**
 * The tables of docs/results-format.md that list columns and metrics with
 * their units and meanings, written from the code's own descriptions
 * (metric-meanings.ts, table-columns.ts, nodes.csv's and the time
 * series' columns) so the
 * document cannot drift from what the files say: `npm run docs:columns`
 * rewrites them, and a test fails when the document is not up to date.
 * Each sits between `<!-- generated: <name> -->` and `<!-- end generated -->`.
 */
import type { Meaning } from '../results/metric-meanings.js';
import { METRIC_MEANINGS } from '../results/metric-meanings.js';
import { BATCH_NODE_COLUMNS, HARDWARE_NODE_COLUMNS, MONEY_NODE_COLUMNS, NODE_COLUMNS, POOL_NODE_COLUMNS } from '../results/run-files.js';
import { FIXED_COLUMNS } from './table-columns.js';
import { TIMESERIES_COLUMNS } from './timeseries-table.js';

/** A Markdown table; a `|` in a cell is escaped so it cannot split the row. */
function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

const code = (name: string) => `\`${name}\``;
const described = (name: string, m: Meaning) => [code(name), m.unit, m.meaning];

function metricNames(): string {
  const rows = Object.entries(METRIC_MEANINGS).map(([name, m]) => [code(name), m.levels.join(', '), m.unit, m.meaning]);
  return markdownTable(['metric', 'levels', 'unit', 'meaning'], rows);
}

function tableColumns(): string {
  const rows = FIXED_COLUMNS.map((c) => [code(c.name), c.tables.join(', '), c.unit, c.meaning]);
  return markdownTable(['column', 'tables', 'unit', 'meaning'], rows);
}

function nodeColumns(): string {
  return markdownTable(
    ['column', 'unit', 'meaning'],
    [...NODE_COLUMNS, ...HARDWARE_NODE_COLUMNS, ...MONEY_NODE_COLUMNS, ...POOL_NODE_COLUMNS, ...BATCH_NODE_COLUMNS].map((c) =>
      described(c.name, c),
    ),
  );
}

function timeseriesColumns(): string {
  return markdownTable(
    ['column', 'unit', 'meaning'],
    TIMESERIES_COLUMNS.map((c) => described(c.name, c)),
  );
}

/** Every generated block by name. */
export const GENERATED_BLOCKS: Readonly<Record<string, () => string>> = {
  'metric-names': metricNames,
  'table-columns': tableColumns,
  'node-columns': nodeColumns,
  'timeseries-columns': timeseriesColumns,
};

const BLOCK = /(<!-- generated: ([a-z-]+) -->)[\s\S]*?(<!-- end generated -->)/g;

/** The document with each generated block written afresh; a block of an unknown name is an error. */
export function withGeneratedBlocks(document: string): string {
  return document.replace(BLOCK, (_, open: string, name: string, close: string) => {
    const block = GENERATED_BLOCKS[name];
    if (!block) throw new Error(`docs: no generated block named "${name}" (known: ${Object.keys(GENERATED_BLOCKS).join(', ')})`);
    return `${open}\n${block()}\n${close}`;
  });
}

/** The names of the generated blocks a document holds, in order. */
export function generatedBlockNames(document: string): string[] {
  return [...document.matchAll(BLOCK)].map((match) => match[2]!);
}
