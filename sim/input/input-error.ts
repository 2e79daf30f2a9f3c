/**
 * Errors in what a user wrote (scenario and profile files, command-line
 * options). The CLI prints them one per line, without a stack trace, and
 * exits with code 2.
 */

export interface InputProblem {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  /** Dotted field path, e.g. `mechanism.consensus.rule`; empty for the whole file. */
  readonly path: string;
  readonly message: string;
}

/** Problems printed at most: a 10,000-item list of wrong values is one mistake, not 10,000 lines. */
const MAX_PROBLEMS_SHOWN = 20;

/**
 * The longest problem line: a value a user pasted by mistake (a megabyte string) must not flood the
 * terminal, while the list of an experiment's metrics (about 70 names, 1,200 characters) is shown whole.
 */
const MAX_LINE = 2000;

export function formatProblem(problem: InputProblem): string {
  const where = problem.line !== undefined ? `${problem.file}:${problem.line}:${problem.column ?? 1}` : problem.file;
  const line = problem.path ? `${where}: ${problem.path}: ${problem.message}` : `${where}: ${problem.message}`;
  if (line.length <= MAX_LINE) return line;
  // Keep the start (where, what) and the end (what was expected, a suggestion).
  return `${line.slice(0, MAX_LINE - 600)} … ${line.slice(-590)}`;
}

/** A value as a message quotes it: JSON, cut to `max` characters with its full length said. */
export function quoteValue(value: unknown, max = 60): string {
  const text = JSON.stringify(value) ?? String(value);
  if (text.length <= max) return text;
  const length =
    typeof value === 'string'
      ? `${value.length.toLocaleString('en-US')} characters`
      : `${text.length.toLocaleString('en-US')} characters as JSON`;
  return `${text.slice(0, max)}… (${length})`;
}

export class InputError extends Error {
  readonly problems: readonly InputProblem[];
  constructor(problems: InputProblem | readonly InputProblem[]) {
    const list: readonly InputProblem[] = Array.isArray(problems) ? (problems as readonly InputProblem[]) : [problems as InputProblem];
    const shown = list.slice(0, MAX_PROBLEMS_SHOWN).map(formatProblem);
    const more = list.length - shown.length;
    super(
      [...shown, ...(more > 0 ? [`${list[0]!.file}: and ${more.toLocaleString('en-US')} more problems; fix these first`] : [])].join('\n'),
    );
    this.name = 'InputError';
    this.problems = list;
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text ? `.${String(segment)}` : String(segment);
  }
  return text;
}
