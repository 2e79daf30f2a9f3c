/**
 * Warnings about what a user wrote: valid input that probably does not say
 * what its writer meant (a consensus rule that, at the scenario's K, is
 * another rule under a different name). Located like an InputProblem and
 * printed as one line, but never an error: a warning changes neither the
 * exit code nor a result.
 */
import { formatProblem, type InputProblem } from './input-error.js';

export type InputWarning = InputProblem;

/** `file:line:column: field.path: warning: …` */
export function formatWarning(warning: InputWarning): string {
  return formatProblem({ ...warning, message: `warning: ${warning.message}` });
}
