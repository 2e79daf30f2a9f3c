/** Round numbers for axis limits and reference lines (the 1–2–5 series). */

/** The smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8 × 10^k) at or above `value` (value > 0). */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 10].find((m) => m * power >= value * (1 - 1e-12))!;
  return round(step * power);
}

/**
 * Distinct 1–2–5 values between `low` and `high` (at least two, at most
 * six), ascending, for iso-lines and thresholds. When fewer than two fall
 * inside, the nearest value below and above are added, each once: a value
 * just under `low` is both "inside" (within 20 %) and "below" it.
 */
export function niceSteps(low: number, high: number): number[] {
  if (!(low > 0) || !(high > 0)) return [];
  const values: number[] = [];
  for (let k = Math.floor(Math.log10(low)) - 1; k <= Math.ceil(Math.log10(high)) + 1; k++) {
    for (const m of [1, 2, 5]) values.push(round(m * 10 ** k));
  }
  let inside = values.filter((v) => v >= low * 0.8 && v <= high * 1.25);
  if (inside.length < 2) {
    const below = values.filter((v) => v < low).pop();
    const above = values.find((v) => v > high);
    const widened = [below, ...inside, above].filter((v): v is number => v !== undefined);
    inside = [...new Set(widened)].sort((a, b) => a - b);
  }
  while (inside.length > 6) inside = inside.filter((_, i) => i % 2 === 0);
  return inside;
}

const round = (value: number) => Number(value.toPrecision(12));
