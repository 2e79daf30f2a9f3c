/** The small numerical helpers behind the figures: round limits, label placement, densities, LaTeX escaping. */
import { describe, expect, it } from 'vitest';
import { densityOf } from '../../reports/figures/densities.js';
import { placeLabels } from '../../reports/figures/label-placement.js';
import { spreadPositions } from '../../reports/figures/label-spread.js';
import { niceCeiling, niceSteps } from '../../reports/figures/nice.js';
import { textWidth } from '../../reports/style/text-metrics.js';
import { latexEscape } from '../../reports/tables/table.js';
import type { Distribution } from '../../sim/random/distribution.js';
import { hasReportFonts } from '../system-programs.js';

// Text is measured with the font the figures are drawn in.
const HAS_FONTS = hasReportFonts('measuring label widths');

describe('round numbers', () => {
  it('rounds axis limits up to a round value', () => {
    expect(niceCeiling(3.08)).toBe(4);
    expect(niceCeiling(0.61)).toBe(0.7);
    expect(niceCeiling(0.0123)).toBe(0.015);
    expect(niceCeiling(1)).toBe(1);
  });

  it('picks 1–2–5 iso-line levels spanning the data', () => {
    expect(niceSteps(0.055, 0.5)).toEqual([0.05, 0.1, 0.2, 0.5]);
    expect(niceSteps(3, 3.2).length).toBeGreaterThanOrEqual(2);
  });
});

describe('labels', () => {
  it('pushes line-end labels apart by at least the gap, keeping their order and staying in bounds', () => {
    const placed = spreadPositions([50, 51, 52, 120], 8, 0, 140);
    const sorted = [...placed].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThanOrEqual(8 - 1e-9);
    expect(placed[0]).toBeLessThan(placed[1]!);
    expect(placed[3]).toBe(120);
    expect(Math.min(...spreadPositions([0, 0, 0], 8, 0, 140))).toBeGreaterThanOrEqual(0);
  });

  it.skipIf(!HAS_FONTS)('places scatter labels so that no two overlap', () => {
    const points = [
      { x: 1.05, y: 0.53, text: 'llama-3.2-3b' },
      { x: 1.15, y: 0.53, text: 'gemma-2-2b' },
      { x: 1.1, y: 0.5, text: 'another-model' },
    ];
    const toPixel = (p: { x: number; y: number }) => ({ px: (p.x / 4) * 200, py: 130 - (p.y / 0.7) * 130 });
    const placed = placeLabels(points, toPixel, { width: 200, height: 130 }, 7);
    const boxes = placed.map((label) => {
      const { px, py } = toPixel(label);
      const w = textWidth(label.text, 7);
      const x0 = label.align === 'left' ? px + label.dx : label.align === 'right' ? px + label.dx - w : px - w / 2;
      const y0 = label.baseline === 'middle' ? py + label.dy - 3.5 : label.baseline === 'bottom' ? py + label.dy - 7 : py + label.dy;
      return { x0, y0, x1: x0 + w, y1: y0 + 7 };
    });
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        expect(a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1, `${placed[i]!.text} / ${placed[j]!.text}`).toBe(false);
      }
    }
  });

  it.skipIf(!HAS_FONTS)('measures text with the font it is drawn in', () => {
    expect(textWidth('llama-3.2-3b', 7)).toBeGreaterThan(textWidth('phi', 7));
    expect(textWidth('MMMM', 10)).toBeCloseTo(2 * textWidth('MMMM', 5), 9);
    expect(textWidth('iiii', 10)).toBeLessThan(textWidth('MMMM', 10) / 2);
  });
});

describe('fitted densities', () => {
  const integral = (spec: Distribution, low: number, high: number) => {
    const f = densityOf(spec)!;
    const steps = 20_000;
    const h = (high - low) / steps;
    let sum = 0;
    for (let i = 0; i < steps; i++) sum += f(low + (i + 0.5) * h) * h;
    return sum;
  };

  it('integrate to one', () => {
    expect(integral({ family: 'lognormal-mean-cv', mean: 1050, cv: 0.35 }, 0, 10_000)).toBeCloseTo(1, 3);
    expect(integral({ family: 'beta-mean', mean: 0.53, concentration: 2 }, 0, 1)).toBeCloseTo(1, 3);
    expect(integral({ family: 'gamma', shape: 2.5, scale: 3 }, 0, 200)).toBeCloseTo(1, 3);
    expect(integral({ family: 'weibull', shape: 1.5, scale: 2 }, 0, 50)).toBeCloseTo(1, 3);
    expect(integral({ family: 'normal', mean: 0.6, sd: 0.2 }, -2, 3)).toBeCloseTo(1, 4);
  });

  it('has none for distributions without a density', () => {
    expect(densityOf({ family: 'empirical', values: [1, 2] })).toBeNull();
    expect(densityOf({ family: 'constant', value: 1 })).toBeNull();
  });
});

describe('LaTeX', () => {
  it('escapes specials and typographic signs', () => {
    expect(latexEscape('95% CI of mean_reward & β')).toBe('95\\% CI of mean\\_reward \\& $\\beta$');
    expect(latexEscape('−0.049 ± 0.004')).toBe('$-$0.049 $\\pm$ 0.004');
  });
});
