/**
 * The warnings of a sweep's points, each distinct one said once: a warning
 * that holds at many points (a trimmed mean that trims nothing, at every
 * attack strength) is one line naming the first point that gives it and
 * how many others do.
 */
import type { InputWarning } from '../input/input-warning.js';

interface Seen {
  readonly warning: InputWarning;
  /** The first point's id and parameter values, e.g. `2: consensus="trimmed-mean", fraction=0.1`. */
  readonly point: string;
  others: number;
}

export class SweepWarnings {
  private readonly seen = new Map<string, Seen>();

  /** Adds a point's warnings; `point` is empty for an experiment without a sweep (one point). */
  add(warnings: readonly InputWarning[], point: string): void {
    for (const warning of warnings) {
      const key = `${warning.file}:${warning.line}:${warning.column}:${warning.path}:${warning.message}`;
      const seen = this.seen.get(key);
      if (seen) seen.others++;
      else this.seen.set(key, { warning, point, others: 0 });
    }
  }

  list(): InputWarning[] {
    return [...this.seen.values()].map(({ warning, point, others }) => {
      if (point === '') return warning;
      const more = others > 0 ? `; and ${others} more point${others === 1 ? '' : 's'}` : '';
      return { ...warning, message: `${warning.message} (sweep point ${point}${more})` };
    });
  }
}
