/** The problems and warnings of a report check, each located at the field it is about. */
import { formatPath, InputError, type InputProblem } from '../input/input-error.js';
import type { InputWarning } from '../input/input-warning.js';
import type { Location } from '../input/source-document.js';

export class ReportFindings {
  readonly problems: InputProblem[] = [];
  readonly warnings: InputWarning[] = [];
  constructor(private readonly where: (path: readonly PropertyKey[]) => Location) {}

  private located(path: readonly PropertyKey[], message: string): InputProblem {
    const at = this.where(path);
    return { file: at.file, line: at.line, column: at.column, path: formatPath(path), message };
  }
  problem(path: readonly PropertyKey[], message: string): void {
    this.problems.push(this.located(path, message));
  }
  warning(path: readonly PropertyKey[], message: string): void {
    this.warnings.push(this.located(path, message));
  }
  throwIfAny(): void {
    if (this.problems.length > 0) throw new InputError(this.problems);
  }
}
