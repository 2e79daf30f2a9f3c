/**
 * A heatmap: two parameters on x and y, one cell per pair (ordinal cells,
 * every value of each), coloured by a metric's mean (a sequential,
 * colour-blind-safe scheme), or by whether a ranking holds there
 * (`orderOf`: nominal colours, "holds" or the first pair that swapped).
 */
import type { FigureDeclaration, MetricRef } from '../../../sim/scenario/report-schema.js';
import type { ExperimentFolder, RunFolder } from '../../folder/results-folder.js';
import { type FigureOutcome, notForThisFolder, skip } from '../figure.js';
import { caption, heldNote, intervalSentence } from './captions.js';
import { fieldRef } from './encodings.js';
import { facetedSpec, type Facets, panelColumns, panelHeight } from './facets.js';
import { type ChannelName, drawnMetric, metricsTitle, resolveField } from './fields.js';
import { cellsOf, type HeatmapCells, orderCells } from './heatmap-cells.js';
import type { Channel } from './rows.js';

const humanized = (name: string) => name.replace(/_/g, ' ');

function axis(channel: Channel, title: string, reversed: boolean): Record<string, unknown> {
  const sort = reversed ? [...channel.values].reverse() : [...channel.values];
  const many = channel.values.length > 8;
  return {
    field: fieldRef(channel.key),
    type: 'ordinal',
    sort,
    title,
    axis: { labelAngle: !reversed && many ? -90 : 0, labelOverlap: true },
  };
}

/** The x and y parameters, checked: a heatmap's axes are two parameters of the sweep. */
function axes(folder: ExperimentFolder, declaration: FigureDeclaration): { x: string; y: string } | string {
  const y = declaration.y;
  if (typeof y !== 'string') return 'a heatmap’s y names a parameter, not a metric (its metric is value)';
  for (const name of [declaration.x, y]) {
    if (resolveField(folder, name)?.kind !== 'parameter')
      return `"${name}" is not a parameter of this sweep (a heatmap’s x and y are parameters)`;
  }
  return { x: declaration.x, y };
}

function colourEncoding(cells: HeatmapCells, title: string | null): Record<string, unknown> {
  if (cells.nominal) {
    return {
      field: 'ordering',
      type: 'nominal',
      sort: [...cells.nominal.domain],
      scale: cells.nominal,
      legend: { title, orient: 'bottom', direction: 'vertical', labelLimit: 300 },
    };
  }
  return {
    field: 'mean',
    type: 'quantitative',
    title,
    scale: { scheme: 'viridis' },
    legend: { orient: 'right', gradientLength: 90, gradientThickness: 8 },
  };
}

function valueTitle(declaration: FigureDeclaration, value: MetricRef): string {
  if (declaration.scales?.colour?.title) return declaration.scales.colour.title;
  if (typeof value !== 'string' && 'orderOf' in value) return value.label ?? `Ranking by ${humanized(value.orderOf)}`;
  const metric = drawnMetric(value, declaration);
  return metric ? metricsTitle([metric]) : 'value';
}

export function heatmapFigure(folder: ExperimentFolder | RunFolder, declaration: FigureDeclaration): FigureOutcome {
  if (folder.kind !== 'experiment') return notForThisFolder(declaration.id, 'a heatmap needs a sweep folder (two parameters)');
  const value = declaration.value;
  if (!value) return skip(declaration.id, 'a heatmap needs value: the metric each cell shows');
  const found = axes(folder, declaration);
  if (typeof found === 'string') return skip(declaration.id, found);
  const names: Partial<Record<ChannelName | 'y', string>> = { x: found.x, y: found.y, row: declaration.row, column: declaration.column };
  const cells =
    typeof value !== 'string' && 'orderOf' in value
      ? orderCells(folder, declaration, value, names)
      : cellsOf(folder, declaration, value, names);
  if (typeof cells === 'string') return skip(declaration.id, cells);
  const scales = declaration.scales ?? {};
  const [xTitle, yTitle] = [scales.x?.title ?? humanized(found.x), scales.y?.title ?? humanized(found.y)];
  const title = valueTitle(declaration, value);
  const layer = {
    mark: { type: 'rect', stroke: 'white', strokeWidth: 0.4 },
    encoding: {
      x: axis(cells.x, xTitle, false),
      y: axis(cells.y, yTitle, true),
      color: colourEncoding(cells, title),
      tooltip: cells.tooltip,
    },
  };
  const facets: Facets = { ...(cells.row ? { row: cells.row } : {}), ...(cells.column ? { column: cells.column } : {}) };
  const faceted = cells.row !== undefined || cells.column !== undefined;
  const height = Math.max(Math.min(260, Math.max(100, cells.y.values.length * 11)), facets.row ? panelHeight(facets, yTitle) : 0);
  const size = declaration.size ?? (faceted || cells.x.values.length > 10 ? 'page' : 'column');
  const tail = cells.nominal
    ? [cells.sentence]
    : [intervalSentence(folder, cells.records, 'none').replace('Means', 'Cells: means'), cells.sentence];
  const parts = {
    yTitle: title,
    xTitle: `${xTitle} and ${yTitle}`,
    colourTitle: null,
    rowTitle: cells.row?.key ?? null,
    columnTitle: cells.column?.key ?? null,
  };
  return {
    id: declaration.id,
    title: declaration.title,
    caption: caption(
      declaration,
      parts,
      tail.filter((s) => s !== ''),
    ),
    size: size === 'page' ? 'two-column' : 'one-column',
    layout: {
      kind: 'panels',
      columns: panelColumns(facets),
      spec: facetedSpec(cells.records, [layer], facets, heldNote(declaration), height),
    },
  };
}
