/**
 * A field that no longer exists because another replaced it. A scenario or
 * profile that still writes it gets one located line saying what to write
 * instead (built from the value it wrote), not "unknown field": the user
 * had it right once, and the message is their migration.
 */
import * as z from 'zod';

/**
 * A schema that accepts no value: any value written is refused with
 * `replacement(value)` as the message (see validate.ts, which reports it as
 * is). Optional, so a document without the field is unaffected; in the JSON
 * Schema it is `not: {}` with `description` for editors.
 */
export function replacedField(description: string, replacement: (value: unknown) => string) {
  return z
    .never({ error: (issue) => replacement(issue.input) })
    .optional()
    .describe(description);
}
