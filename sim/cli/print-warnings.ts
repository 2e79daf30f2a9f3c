/** Warnings go to stderr, one line each, even under --quiet (whose silence is stdout's); they never change the exit code. */
import { formatWarning, type InputWarning } from '../input/input-warning.js';

export function printWarnings(warnings: readonly InputWarning[]): void {
  for (const warning of warnings) process.stderr.write(`poq-sim: ${formatWarning(warning)}\n`);
}
