/**
 * Validates parsed YAML against a zod schema and turns every issue into an
 * InputProblem that names the file, line, column and field path.
 */
import type * as z from 'zod';
import { formatPath, InputError, type InputProblem, quoteValue } from './input-error.js';
import type { Expected } from './foreign-file.js';
import { type RenamedField, renamedFields } from './renamed-fields.js';
import { allowedKeys, discriminatorAt, requiredKeys } from './schema-keys.js';
import { closestMatch, didYouMean } from './suggest.js';
import type { SourceDocument } from './source-document.js';

type Issue = z.core.$ZodIssue;

/**
 * The validated data, or an InputError listing every problem. With
 * `expected` (what the file should be, e.g. "a scenario"), a mapping whose
 * fields are mostly not the schema's is reported in one line as a file of
 * another kind, instead of a line for each of its fields. A field written
 * under a name listed in `renamed` is reported as renamed, in place of the
 * unknown field and the missing one it stands for.
 */
export function validateSource<S extends z.ZodType>(
  schema: S,
  source: SourceDocument,
  expected?: Expected,
  renamed: readonly RenamedField[] = [],
): z.output<S> {
  const result = schema.safeParse(source.data);
  const old = renamed.length > 0 ? renamedFields(source, renamed) : undefined;
  if (old && old.problems.length > 0) {
    const others = result.success ? [] : problemsFromIssues(result.error.issues, schema, source).filter((p) => !old.explained.has(p.path));
    throw new InputError(sortByPosition([...old.problems, ...others]));
  }
  if (result.success) return result.data;
  const foreign = expected === undefined ? undefined : foreignMapping(schema, source, expected);
  throw new InputError(foreign ?? problemsFromIssues(result.error.issues, schema, source));
}

/**
 * A mapping is another kind of document when most of its fields are not the
 * schema's and it lacks some that the schema requires: a misspelled field
 * or two still gets its own line and a suggestion.
 */
function foreignMapping(schema: z.ZodType, source: SourceDocument, expected: Expected): InputProblem | undefined {
  const data = source.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const keys = Object.keys(data);
  const allowed = allowedKeys(schema, data, []);
  const required = requiredKeys(schema, data);
  const unknown = keys.filter((key) => !allowed.includes(key));
  const missing = required.filter((key) => !keys.includes(key));
  if (unknown.length <= keys.length - unknown.length || missing.length === 0) return undefined;
  const list = (names: readonly string[]) => (names.length > 4 ? `${names.slice(0, 4).join(', ')}, …` : names.join(', '));
  const at = source.where([]);
  return {
    file: at.file,
    line: at.line,
    column: at.column,
    path: '',
    message: `a document whose fields (${list(keys)}) are not those of ${expected}; ${expected} has ${list(required)}`,
  };
}

/** One problem per unknown key, each with the allowed keys or a suggestion. */
function unknownKeyProblems(
  keys: readonly string[],
  path: readonly PropertyKey[],
  schema: z.ZodType,
  source: SourceDocument,
): InputProblem[] {
  const allowed = allowedKeys(schema, source.data, path);
  return keys.map((key) => {
    const at = source.where([...path, key], true);
    const choices = allowed.length > 0 ? ` (allowed: ${allowed.join(', ')})` : '';
    const hint = didYouMean(key, allowed);
    return {
      file: at.file,
      line: at.line,
      column: at.column,
      path: formatPath([...path, key]),
      message: `unknown field "${key}"${hint || choices}`,
    };
  });
}

/**
 * The problems of a union's value, when one can be told more precisely than
 * "no member fits": those of the one member the value's type fits, or a
 * misspelled discriminating field. Undefined otherwise.
 */
function unionProblems(issue: Issue, path: readonly PropertyKey[], schema: z.ZodType, source: SourceDocument): InputProblem[] | undefined {
  // A union of a mapping and a list (or a string): report the errors of the one member the value's type fits.
  const branches = (issue as Issue & { errors?: Issue[][] }).errors ?? [];
  const plausible = branches.filter((branch) => branch.length > 0 && !branch.some((i) => i.code === 'invalid_type' && i.path.length === 0));
  if (plausible.length === 1) return problemsFromIssues(plausible[0]!, schema, source, path);
  const discriminator = (issue as Issue & { discriminator?: string }).discriminator;
  if (discriminator === undefined || valueAt(source.data, path) !== undefined) return undefined;
  // The discriminating field is missing: perhaps it is there, misspelled.
  const parent = valueAt(source.data, path.slice(0, -1));
  const misspelled =
    parent && typeof parent === 'object' ? Object.keys(parent).find((key) => closestMatch(key, [discriminator]) !== undefined) : undefined;
  if (misspelled === undefined) return undefined;
  const keyPath = [...path.slice(0, -1), misspelled];
  const at = source.where(keyPath, true);
  return [
    {
      file: at.file,
      line: at.line,
      column: at.column,
      path: formatPath(keyPath),
      message: `unknown field "${misspelled}"; did you mean "${discriminator}"?`,
    },
  ];
}

export function problemsFromIssues(
  issues: readonly Issue[],
  schema: z.ZodType,
  source: SourceDocument,
  basePath: readonly PropertyKey[] = [],
): InputProblem[] {
  const problems: InputProblem[] = [];
  for (const issue of issues) {
    const path = [...basePath, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      problems.push(...unknownKeyProblems(issue.keys, path, schema, source));
      continue;
    }
    const precise = issue.code === 'invalid_union' ? unionProblems(issue, path, schema, source) : undefined;
    if (precise) {
      problems.push(...precise);
      continue;
    }
    const at = source.where(path);
    const value = valueAt(source.data, path);
    const message = describe(issue, value, () => discriminatorAt(schema, source.data, path));
    problems.push({ file: at.file, line: at.line, column: at.column, path: formatPath(path), message });
  }
  return sortByPosition(problems);
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const segment of path) value = (value as Record<PropertyKey, unknown> | undefined)?.[segment as string];
  return value;
}

type Discriminator = ReturnType<typeof discriminatorAt>;

function describe(issue: Issue, value: unknown, discriminator: () => Discriminator): string {
  switch (issue.code) {
    case 'invalid_type': {
      // A field no value may take: a replaced one (replaced-field.ts), whose message says what to write instead.
      if (issue.expected === 'never') return issue.message.replace(/^Invalid input: /, '');
      const tagged = issue.expected === 'object' ? discriminator() : undefined;
      const expected = tagged ? taggedMapping(tagged) : expectedName(issue.expected);
      if (value === undefined) return `required field is missing (expected ${expected})`;
      if (typeof value === 'number' && !Number.isFinite(value) && (issue.expected === 'number' || issue.expected === 'int')) {
        return `expected a finite number, got ${typeName(value)}`;
      }
      return `expected ${expected}, got ${typeName(value)}`;
    }
    case 'invalid_value': {
      const allowed = issue.values.map((v) => JSON.stringify(v));
      if (value === undefined)
        return `required field is missing (expected ${allowed.length > 1 ? `one of ${allowed.join(', ')}` : allowed[0]})`;
      const hint = typeof value === 'string' ? didYouMean(value, issue.values.map(String)) : '';
      return `expected one of ${allowed.join(', ')}, got ${shown(value)}${hint}`;
    }
    case 'invalid_union':
      return describeUnion(issue, value);
    case 'too_small':
    case 'too_big': {
      // A bound the schema explains (sim/random/distribution-bounds.ts) says so in its own message.
      if (!/^Too (small|big)\b/.test(issue.message)) return issue.message;
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const inclusive = issue.inclusive ?? true;
      const relation = issue.code === 'too_small' ? (inclusive ? '≥' : '>') : inclusive ? '≤' : '<';
      if (issue.origin === 'array' || issue.origin === 'string' || issue.origin === 'set') {
        const size = issue.origin === 'string' ? 'characters' : 'items';
        return `must have ${relation} ${String(bound)} ${size}`;
      }
      return `must be ${relation} ${String(bound)}, got ${shown(value)}`;
    }
    default:
      return issue.message.replace(/^Invalid input: /, '');
  }
}

/**
 * A value no member of a union accepts. The schema says what the field
 * accepts in the union's message; without one, the members' types are
 * listed.
 */
function describeUnion(issue: Issue & { code: 'invalid_union' }, value: unknown): string {
  const note = issue as Issue & { discriminator?: string; options?: unknown[]; errors?: Issue[][] };
  if (note.discriminator !== undefined && Array.isArray(note.options)) {
    const options = note.options.map(String);
    const hint = typeof value === 'string' ? didYouMean(value, options) : '';
    if (value === undefined) return `required field is missing (one of ${options.map((o) => JSON.stringify(o)).join(', ')})`;
    return `expected one of ${options.map((o) => JSON.stringify(o)).join(', ')}, got ${shown(value)}${hint}`;
  }
  if (value === undefined) return `required field is missing (expected ${acceptedByUnion(issue.message, note.errors)})`;
  return `expected ${acceptedByUnion(issue.message, note.errors)}, got ${typeName(value)}`;
}

function acceptedByUnion(message: string, branches: readonly Issue[][] = []): string {
  if (message !== 'Invalid input') return message;
  const types = branches.flatMap((branch) =>
    branch
      .filter((i) => i.code === 'invalid_type' && i.path.length === 0)
      .map((i) => expectedName((i as Issue & { expected: string }).expected)),
  );
  return types.length > 0 ? [...new Set(types)].join(' or ') : 'a value of another form';
}

/** "a mapping with rule: "mean", "median" or …" for a union told apart by `rule`. */
function taggedMapping({ field, options }: NonNullable<Discriminator>): string {
  const names = options.map((o) => JSON.stringify(o));
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names[0];
  return `a mapping with ${field}: ${list}`;
}

/** zod's name for a type, in the words a YAML file uses. */
function expectedName(expected: string): string {
  switch (expected) {
    case 'object':
    case 'record':
      return 'a mapping';
    case 'array':
      return 'a list';
    case 'int':
      return 'an integer';
    default:
      return expected;
  }
}

/** The value's type and value: `string "high"`, `number 1.5`, `non-finite number .inf`, `a list`. */
function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number' && !Number.isFinite(value)) return `non-finite number ${shown(value)}`;
  return `${typeof value} ${quoteValue(value)}`;
}

/** A value as written in YAML: JSON for most, `.nan`, `.inf`, `-.inf` for what JSON cannot show. */
function shown(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
  if (value === undefined) return 'nothing';
  return quoteValue(value);
}

function sortByPosition(problems: InputProblem[]): InputProblem[] {
  return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}
