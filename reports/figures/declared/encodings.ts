/**
 * The x, y and colour encodings of a declared figure. Text values and
 * numeric parameters with a few whole values (K ∈ {1, 3, 5, 7}, a slash
 * of 1, 2, 4) get an ordinal axis, one band per value; other numbers
 * (an audit probability 0–0.6, a load) a linear one; `scales` overrides
 * both. Colours come from the theme's Okabe–Ito palette over the whole
 * figure's values, so a value keeps its colour in every panel.
 */
import type { FigureDeclaration } from '../../../sim/scenario/report-schema.js';
import { colourScale } from '../../style/theme.js';
import type { Channel } from './rows.js';

type Scale = NonNullable<NonNullable<FigureDeclaration['scales']>['x']>;

/** A record field as Vega-Lite reads it: dots and brackets in a name are not paths. */
export const fieldRef = (key: string): string => key.replace(/[.[\]]/g, (c) => `\\${c}`);

/** At most this many whole-number values make a numeric parameter ordinal by default. */
const ORDINAL_MAX_VALUES = 8;

export function isOrdinalX(channel: Channel, scale: Scale | undefined, needsLinear: boolean): boolean {
  // Samples every interval are a continuum however few and whole they are.
  if (channel.field.kind === 'time') return scale?.type === 'ordinal';
  if (!channel.numeric) return true;
  if (scale?.type) return scale.type === 'ordinal';
  if (needsLinear) return false;
  return channel.values.length <= ORDINAL_MAX_VALUES && channel.values.every((v) => Number.isInteger(v));
}

function quantitativeScale(scale: Scale | undefined, zeroByDefault: boolean): Record<string, unknown> {
  return {
    ...(scale?.type && scale.type !== 'ordinal' ? { type: scale.type } : {}),
    // A log scale has no zero: asking for one only draws a warning.
    ...(scale?.domain ? { domain: [...scale.domain] } : scale?.type === 'log' ? {} : { zero: scale?.zero ?? zeroByDefault }),
    nice: scale?.domain === undefined,
  };
}

/**
 * Level labels while they fit side by side, else slanted: names of
 * populations or rules (tens of characters each) would run into each other.
 * About 48 characters fit under a one-column panel.
 */
function ordinalAxis(values: readonly unknown[]): Record<string, unknown> {
  const lengths = values.map((v) => String(v).length);
  const fits = lengths.reduce((a, b) => a + b + 2, 0) <= 48;
  return fits ? { labelAngle: 0 } : { labelAngle: -35, labelAlign: 'right', labelBaseline: 'top' };
}

export function xEncoding(channel: Channel, scale: Scale | undefined, ordinal: boolean, title: string): Record<string, unknown> {
  if (ordinal) {
    return { field: fieldRef(channel.key), type: 'ordinal', title, sort: [...channel.values], axis: ordinalAxis(channel.values) };
  }
  const integers = channel.values.every((v) => Number.isInteger(v));
  return {
    field: fieldRef(channel.key),
    type: 'quantitative',
    title,
    scale: { ...quantitativeScale(scale, false), nice: false },
    axis: integers ? { format: 'd', tickMinStep: 1 } : {},
  };
}

export function yEncoding(scale: Scale | undefined, title: string, zeroByDefault: boolean): Record<string, unknown> {
  return { field: 'mean', type: 'quantitative', title, scale: quantitativeScale(scale, zeroByDefault) };
}

/** The interval's ends, on the y scale of the means (their titles would otherwise join the axis title). */
export const ciEncodings = (title: string) => ({
  y: { field: 'ci_low', type: 'quantitative', title },
  y2: { field: 'ci_high' },
});

export function colourEncoding(channel: Channel, title: string | null): Record<string, unknown> {
  const names = channel.values.map(String);
  return {
    field: fieldRef(channel.key),
    type: 'nominal',
    sort: names,
    scale: colourScale(names),
    legend: {
      title,
      orient: 'bottom',
      direction: 'horizontal',
      columns: Math.min(4, names.length),
      symbolType: 'circle',
      symbolOpacity: 1,
      labelLimit: 200,
    },
  };
}
