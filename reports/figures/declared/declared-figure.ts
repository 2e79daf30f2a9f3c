/**
 * `declaredFigure(folder, declaration)`: draws one figure of a scenario's
 * `report:` section (sim/scenario/report-schema.ts) from a results folder
 * — a sweep's summary.csv, or a run's summary.json; over time, their
 * timeseries.csv — with the paper theme,
 * its 95% intervals always visible, one colour per value across panels,
 * and the values it holds written in the figure.
 */
import type { FigureDeclaration } from '../../../sim/scenario/report-schema.js';
import type { ResultsFolder } from '../../folder/results-folder.js';
import type { FigureSize } from '../../style/theme.js';
import { type FigureOutcome, notForThisFolder, skip } from '../figure.js';
import { caption, heldNote, intervalSentence } from './captions.js';
import { ciStyle, dataLayers, type LayerEncodings } from './ci-layers.js';
import { onLogAxis } from './log-axis.js';
import { colourEncoding, fieldRef, isOrdinalX, xEncoding, yEncoding } from './encodings.js';
import { facetedSpec, type Facets, panelColumns, panelHeight } from './facets.js';
import { metricsTitle } from './fields.js';
import { heatmapFigure } from './heatmap.js';
import { breakEvenMarks } from './break-even-marks.js';
import { plotData } from './plot-data.js';
import { referenceLayers } from './reference-marks.js';
import type { Channel, PlotData } from './rows.js';

const humanized = (name: string) => name.replace(/_/g, ' ');

export function figureSize(declaration: FigureDeclaration, faceted: boolean): FigureSize {
  const size = declaration.size ?? (faceted ? 'page' : 'column');
  return size === 'page' ? 'two-column' : 'one-column';
}

/** x over time, unless scales.x.title says otherwise. */
const TIME_TITLE = 'Virtual time (s)';

/** A channel's title: the declared scale title, else its name in words; none for `metric` (the legend lists the metrics). */
export function channelTitle(channel: Channel | undefined, declared: string | undefined): string | null {
  if (!channel) return null;
  if (declared !== undefined) return declared;
  if (channel.field.kind === 'time') return TIME_TITLE;
  return channel.field.kind === 'metric' ? null : humanized(channel.key);
}

function tooltip(data: PlotData): Record<string, unknown>[] {
  const channels = Object.values(data.channels).map((c) => ({ field: fieldRef(c.key), title: humanized(c.key) }));
  const numbers = [
    { field: 'mean', format: '.4f' },
    { field: 'ci_low', title: '95% CI low', format: '.4f' },
    { field: 'ci_high', title: '95% CI high', format: '.4f' },
    { field: 'n', title: 'replications' },
  ];
  return [...channels, ...numbers];
}

function lineFigure(folder: ResultsFolder, declaration: FigureDeclaration, data: PlotData): FigureOutcome {
  const { x: xChannel, colour, row, column } = data.channels;
  if (!xChannel) return skip(declaration.id, 'no x');
  const scales = declaration.scales ?? {};
  const breakEvenAsked = declaration.marks?.breakEven === true;
  const ordinal = declaration.mark === 'bar' || isOrdinalX(xChannel, scales.x, breakEvenAsked || declaration.marks?.diagonal === true);
  const xTitle = channelTitle(xChannel, scales.x?.title)!;
  const yTitle = scales.y?.title ?? metricsTitle(data.metrics);
  const colourTitle = channelTitle(colour, scales.colour?.title);
  const x = xEncoding(xChannel, scales.x, ordinal, xTitle);
  const logY = scales.y?.type === 'log' ? onLogAxis(data.records) : null;
  const yScale = logY?.domain && !scales.y?.domain ? { ...scales.y, domain: logY.domain } : scales.y;
  const encodings: LayerEncodings = {
    x,
    y: yEncoding(yScale, yTitle, declaration.mark === 'bar'),
    yTitle,
    ...(colour ? { colour: colourEncoding(colour, colourTitle) } : {}),
    ...(colour && ordinal && declaration.mark !== 'line'
      ? { xOffset: { field: fieldRef(colour.key), type: 'nominal', sort: colour.values.map(String) } }
      : {}),
    tooltip: tooltip(data),
  };
  const style = ciStyle(declaration);
  const references = referenceLayers(declaration, xChannel.key, x, yTitle, !ordinal);
  const breakEven = breakEvenAsked ? breakEvenMarks(folder, declaration, data, { x, ordinal, yTitle, colour: encodings.colour }) : null;
  const facets: Facets = { ...(row ? { row } : {}), ...(column ? { column } : {}) };
  const layers = [...references.layers, ...(breakEven?.layers ?? []), ...dataLayers(encodings, declaration.mark, style)];
  const records = [...(logY?.records ?? data.records), ...(breakEven?.records ?? [])];
  const parts = { yTitle, xTitle, colourTitle, rowTitle: channelTitle(row, undefined), columnTitle: channelTitle(column, undefined) };
  const tail = [
    intervalSentence(folder, data.records, style, xChannel.field.kind === 'time'),
    ...(logY?.sentence ? [logY.sentence] : []),
    ...references.sentences,
    ...(breakEven ? [breakEven.sentence] : []),
  ];
  return {
    id: declaration.id,
    title: declaration.title,
    caption: caption(declaration, parts, tail),
    size: figureSize(declaration, row !== undefined || column !== undefined),
    layout: {
      kind: 'panels',
      columns: panelColumns(facets),
      spec: facetedSpec(records, layers, facets, heldNote(declaration), panelHeight(facets, yTitle)),
    },
  };
}

export function declaredFigure(folder: ResultsFolder, declaration: FigureDeclaration): FigureOutcome {
  if (folder.kind === 'calibration' || folder.kind === 'study')
    return notForThisFolder(declaration.id, 'a declared figure draws a run’s or a sweep’s results');
  if (declaration.mark === 'heatmap') return heatmapFigure(folder, declaration);
  const data = plotData(folder, declaration);
  if (typeof data === 'string') return skip(declaration.id, data);
  return lineFigure(folder, declaration, data);
}
