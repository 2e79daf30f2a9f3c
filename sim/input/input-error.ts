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

export function formatProblem(problem: InputProblem): string {
  const where =
    problem.line !== undefined ? `${problem.file}:${problem.line}:${problem.column ?? 1}` : problem.file;
  return problem.path ? `${where}: ${problem.path}: ${problem.message}` : `${where}: ${problem.message}`;
}

export class InputError extends Error {
  readonly problems: readonly InputProblem[];
  constructor(problems: InputProblem | readonly InputProblem[]) {
    const list = Array.isArray(problems) ? problems : [problems as InputProblem];
    super(list.map(formatProblem).join('\n'));
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
