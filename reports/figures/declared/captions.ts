/**
 * What a declared figure says in words: the note of held values inside
 * the figure ("Held: factor = 0.5, slash = 2"), and its caption for a
 * paper — the declared caption (or one built from the channels), the held
 * values, the replications behind each mean and how the intervals were
 * computed. The same value formatter as the figure's labels, so neither
 * shows raw JSON; nothing refers to the HTML report.
 */
import { describeIntervals } from '../../../sim/results/interval-method.js';
import type { FigureDeclaration } from '../../../sim/scenario/report-schema.js';
import type { ResultsFolder } from '../../folder/results-folder.js';
import type { CiStyle } from './ci-layers.js';
import type { PlotRecord } from './rows.js';
import { readableValue } from './values.js';

const entry = (name: string, value: unknown) =>
  Array.isArray(value) ? `${name} ∈ {${value.map(readableValue).join(', ')}}` : `${name} = ${readableValue(value)}`;

/** The values the figure fixes: `hold`, then `where`. Null when it fixes none. */
export function heldNote(declaration: FigureDeclaration): string | null {
  const parts = [...Object.entries(declaration.hold ?? {}), ...Object.entries(declaration.where ?? {})].map(([name, value]) =>
    entry(name, value),
  );
  return parts.length === 0 ? null : `Held: ${parts.join(', ')}`;
}

export interface CaptionParts {
  readonly yTitle: string;
  readonly xTitle: string;
  readonly colourTitle: string | null;
  readonly rowTitle: string | null;
  readonly columnTitle: string | null;
}

/** A caption from the channels, for a figure that declares none. */
export function builtCaption(declaration: FigureDeclaration, parts: CaptionParts): string {
  const series = parts.colourTitle
    ? `, one ${declaration.mark === 'bar' ? 'bar' : declaration.mark === 'line' ? 'line' : 'series'} per ${parts.colourTitle}`
    : '';
  const panels = [parts.rowTitle && `rows by ${parts.rowTitle}`, parts.columnTitle && `columns by ${parts.columnTitle}`].filter(Boolean);
  const y = parts.yTitle.charAt(0).toUpperCase() + parts.yTitle.slice(1);
  return `${y} against ${parts.xTitle}${series}${panels.length > 0 ? `; panels: ${panels.join(', ')}` : ''}.`;
}

const CI_WORD: Readonly<Record<CiStyle, string>> = { band: 'bands', whiskers: 'whiskers', none: 'intervals not drawn' };

/** How many replications stand behind each mean, and which interval the marks show; `overTime`: the records are the time series' samples. */
export function intervalSentence(folder: ResultsFolder, records: readonly PlotRecord[], style: CiStyle, overTime = false): string {
  if (folder.kind === 'run' && overTime) return 'Values of one run at each sample of its time series: no intervals.';
  if (folder.kind === 'run') {
    const method = describeIntervals(folder.summary.statistics);
    return style === 'none' ? `Means of one run (${method}).` : `Means of one run; ${CI_WORD[style]}: ${method}.`;
  }
  const counts = records.map((r) => r['n']).filter((n): n is number => typeof n === 'number');
  const [low, high] = [Math.min(...counts), Math.max(...counts)];
  const per = overTime ? 'per point and sample' : 'per point';
  if (high <= 1) return `One replication ${per}: no confidence intervals.`;
  const replications = low === high ? `${low}` : `${low}–${high}`;
  const what = style === 'none' ? '' : `; ${CI_WORD[style]}: 95% Student-t confidence intervals of the mean over the replications`;
  return `Means over ${replications} independent replications ${per}${what}.`;
}

export function caption(declaration: FigureDeclaration, parts: CaptionParts, tail: readonly string[]): string {
  const base = declaration.caption ?? builtCaption(declaration, parts);
  const held = heldNote(declaration);
  return [/[.!?]$/.test(base) ? base : `${base}.`, ...(held ? [`${held}.`] : []), ...tail].join(' ');
}
