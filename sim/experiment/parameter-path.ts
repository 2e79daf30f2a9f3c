/**
 * Parameter paths of a sweep: `mechanism.rewards.beta`,
 * `network.inference[0].count` (or `network.inference.0.count`). Parsed into
 * segments and checked against the scenario schema, with a suggestion for a
 * misspelled field.
 */
import type * as z from 'zod';
import { formatPath } from '../input/input-error.js';
import { allowedKeys } from '../input/schema-keys.js';
import { didYouMean } from '../input/suggest.js';

// Paths are read the same way wherever a user writes one (a sweep, --set).
export { parsePath } from '../input/field-path.js';

/** Fields a sweep may not vary, and why. */
const FIXED_FIELDS: Record<string, string> = {
  seed: 'seeds are derived per point and replication from the scenario’s seed; use replications for more runs',
  sweep: 'a sweep cannot vary itself',
  replications: 'set replications for the whole experiment',
  stopping: 'set the stopping rule for the whole experiment',
  extends: 'extends is read before the sweep',
  profile: 'one experiment uses one calibration profile; run one experiment per profile',
  name: 'the name labels the whole experiment',
  report: 'the report changes no result; declare one figure per variant instead',
  exploit: 'a study is read by its own command, not by a run',
  sensitivity: 'a study is read by its own command, not by a run',
  tune: 'a study is read by its own command, not by a run',
};

/** The default column name of a parameter: the last field name of its path, in snake_case. */
export function defaultParameterName(path: readonly PropertyKey[]): string {
  const last = [...path].reverse().find((segment) => typeof segment === 'string') as string;
  return snakeCase(last);
}

export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toLowerCase();
}

/** Why `path` cannot be swept in `data` under `schema`, or undefined when it can. */
export function pathProblem(schema: z.ZodType, data: unknown, path: readonly PropertyKey[]): string | undefined {
  const root = path[0];
  if (typeof root === 'string' && root in FIXED_FIELDS) return `${root} cannot be swept: ${FIXED_FIELDS[root]}`;
  let value: unknown = data;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i] as string | number;
    const prefix = path.slice(0, i);
    if (typeof segment === 'number') {
      if (!Array.isArray(value)) return `${formatPath(prefix)} is not a list`;
      if (segment >= value.length) {
        return `${formatPath(prefix)} has ${value.length} ${value.length === 1 ? 'entry' : 'entries'}; index ${segment} is out of range`;
      }
    } else {
      const allowed = allowedKeys(schema, data, prefix);
      if (allowed.length > 0 && !allowed.includes(segment)) {
        const where = prefix.length > 0 ? ` in ${formatPath(prefix)}` : ' at the top of a scenario';
        return `no field "${segment}"${where}${didYouMean(segment, allowed) || ` (fields: ${allowed.join(', ')})`}`;
      }
    }
    value = (value as Record<PropertyKey, unknown> | undefined)?.[segment as string];
  }
  return undefined;
}
