/**
 * The shape every sweep figure shares: a metric's mean over replications,
 * with its 95% confidence band, against one swept parameter, one line per
 * series, in one or more panels. The figure modules say which parameter,
 * metric, series and panels; this module draws them the same way.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CsvValue } from '../folder/read-files.js';
import type { ExperimentFolder, SweepParameter, SweepSummaryRow } from '../folder/results-folder.js';
import { MUTED } from '../style/theme.js';
import type { FigureDraft } from './figure.js';
import { parameterTitle } from './sweep-parameters.js';
import { captionForSlicing, heldFields, holdOthers, type Slicing } from './sweep-slices.js';

export interface SweepPanel {
  readonly title: string | null;
  readonly rows: readonly SweepSummaryRow[];
  /** Series name of a row (a model, a consensus rule, a metric). */
  readonly series: (row: SweepSummaryRow) => string;
  readonly colours: { domain: string[]; range: string[] };
  readonly yTitle: string;
  readonly yDomain?: readonly [number, number];
  /** Start the y axis at zero (shares, rates). */
  readonly zero?: boolean;
  /** A dashed reference line y = x (e.g. a proportional share); the caption names it. */
  readonly diagonal?: boolean;
}

export interface SweepLineFigure {
  readonly id: string;
  readonly title: string;
  readonly caption: string;
  readonly x: SweepParameter;
  /** Parameters shown by the figure besides x (a series parameter), so they are not held. */
  readonly alsoShown?: readonly (SweepParameter | undefined)[];
  readonly legendTitle: string | null;
  readonly panels: readonly SweepPanel[];
}

/** What every panel of one figure shares: the slicing of held parameters and the x axis. */
interface FigureFrame {
  readonly figure: SweepLineFigure;
  readonly slicing: Slicing;
  readonly xTitle: string;
  readonly numericX: boolean;
  readonly integerX: boolean;
}

function figureFrame(folder: ExperimentFolder, figure: SweepLineFigure): FigureFrame {
  const slicing = holdOthers(folder, [figure.x, ...(figure.alsoShown ?? [])]);
  const numericX = figure.panels.every((panel) => panel.rows.every((row) => typeof row.parameters[figure.x.name] === 'number'));
  const integerX = numericX && figure.panels.every((panel) => panel.rows.every((row) => Number.isInteger(row.parameters[figure.x.name])));
  return { figure, slicing, xTitle: parameterTitle(figure.x, folder), numericX, integerX };
}

export function sweepLineDraft(folder: ExperimentFolder, figure: SweepLineFigure): FigureDraft {
  const frame = figureFrame(folder, figure);
  const hasIntervals = figure.panels.some((panel) => panel.rows.some((row) => row.ciLow !== null && row.ciHigh !== null));
  const spec = (width: number): TopLevelSpec =>
    (figure.panels.length === 1
      ? { params: [...frame.slicing.params], ...panelSpec(frame, figure.panels[0]!, width) }
      : {
          params: [...frame.slicing.params],
          hconcat: figure.panels.map((panel) => panelSpec(frame, panel, width)),
          spacing: 18,
          resolve: { scale: { color: 'independent', y: 'independent' }, legend: { color: 'independent' } },
        }) as unknown as TopLevelSpec;

  return {
    id: figure.id,
    title: figure.title,
    caption: `${figure.caption} ${hasIntervals ? 'Lines: means over replications; bands: 95% confidence intervals.' : 'One replication per point: no confidence intervals.'}${captionForSlicing(frame.slicing)}`,
    size: figure.panels.length > 1 ? 'two-column' : 'one-column',
    layout: { kind: 'panels', columns: figure.panels.length, spec },
  };
}

/** The panel's rows as plotted: x, series, mean and interval, and the held parameters the selectors filter on. */
function panelValues(frame: FigureFrame, panel: SweepPanel) {
  return panel.rows.map((row) => ({
    x: row.parameters[frame.figure.x.name] ?? null,
    series: panel.series(row),
    mean: row.mean,
    low: row.ciLow,
    high: row.ciHigh,
    n: row.n,
    ...heldFields(frame.slicing, row.parameters),
  }));
}

/** The encodings the band, line and point layers share. */
function panelEncodings(frame: FigureFrame, panel: SweepPanel) {
  const x = frame.numericX
    ? {
        field: 'x',
        type: 'quantitative',
        title: frame.xTitle,
        scale: { zero: false, nice: false },
        axis: frame.integerX ? { format: 'd', tickMinStep: 1 } : {},
      }
    : { field: 'x', type: 'ordinal', title: frame.xTitle };
  const colour = {
    field: 'series',
    type: 'nominal',
    scale: panel.colours,
    legend: {
      title: frame.figure.legendTitle,
      orient: 'bottom',
      direction: 'horizontal',
      columns: Math.min(3, panel.colours.domain.length),
      symbolType: 'stroke',
      symbolStrokeWidth: 1.6,
      symbolOpacity: 1,
      symbolSize: 120,
    },
  };
  const y = {
    field: 'mean',
    type: 'quantitative',
    title: panel.yTitle,
    scale: panel.yDomain ? { domain: panel.yDomain } : { zero: panel.zero ?? false },
  };
  return { x, y, colour };
}

function diagonalLayer(values: ReturnType<typeof panelValues>) {
  return {
    data: { values: diagonalPoints(values.map((v) => v.x)) },
    mark: { type: 'line', color: MUTED, strokeDash: [3, 2], strokeWidth: 0.8 },
    encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
  };
}

function pointTooltip(frame: FigureFrame) {
  return [
    { field: 'series', title: frame.figure.legendTitle ?? 'series' },
    { field: 'x', title: frame.xTitle },
    { field: 'mean', format: '.4f' },
    { field: 'low', title: '95% CI low', format: '.4f' },
    { field: 'high', title: '95% CI high', format: '.4f' },
    { field: 'n', title: 'replications' },
  ];
}

/** Layers, bottom to top: the diagonal if asked for, the confidence band if there are intervals, the line, the points. */
function panelLayers(frame: FigureFrame, panel: SweepPanel, values: ReturnType<typeof panelValues>): object[] {
  const { x, y, colour } = panelEncodings(frame, panel);
  const layers: object[] = [];
  if (panel.diagonal) layers.push(diagonalLayer(values));
  // With one replication per point there are no intervals: an empty band layer would only draw warnings.
  if (values.some((v) => v.low !== null && v.high !== null)) {
    layers.push({
      mark: { type: 'area', opacity: 0.18 },
      transform: [{ filter: 'datum.low != null && datum.high != null' }],
      encoding: { x, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' }, color: colour },
    });
  }
  layers.push(
    { mark: { type: 'line', strokeWidth: 1.2 }, encoding: { x, y, color: colour } },
    { mark: { type: 'point', size: 14, filled: true, opacity: 1 }, encoding: { x, y, color: colour, tooltip: pointTooltip(frame) } },
  );
  return layers;
}

function panelSpec(frame: FigureFrame, panel: SweepPanel, width: number) {
  const values = panelValues(frame, panel);
  return {
    ...(panel.title ? { title: { text: panel.title, anchor: 'start', fontSize: 8, offset: 4 } } : {}),
    data: { values },
    transform: [...frame.slicing.filters],
    width,
    height: 130,
    layer: panelLayers(frame, panel, values),
  };
}

function diagonalPoints(xs: readonly CsvValue[]): { x: number; y: number }[] {
  const numbers = xs.filter((x): x is number => typeof x === 'number');
  if (numbers.length === 0) return [];
  const low = Math.min(...numbers);
  const high = Math.max(...numbers);
  return [
    { x: low, y: low },
    { x: high, y: high },
  ];
}

export type { Slicing };
