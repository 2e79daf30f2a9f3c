/**
 * The scenario schema as JSON Schema (draft-07, what YAML editors read),
 * generated from the zod schema: one source of truth for types, validation,
 * defaults and editor completion. `npm run schema` writes it to
 * schema/scenario.schema.json; a test checks the committed file is current.
 *
 * In a scenario file, the first line
 *   # yaml-language-server: $schema=<path to>/schema/scenario.schema.json
 * makes editors with the YAML language server validate and complete it.
 */
import * as z from 'zod';
import { ScenarioSchema } from './schema.js';

type JsonSchema = Record<string, unknown>;

/**
 * The schema of a file that extends another: any field may be left out (the
 * base gives it) and any field may be null (removing the inherited value).
 * Lists replace their inherited value whole, so list items stay complete.
 */
function partialForExtends(schema: JsonSchema, inList = false): JsonSchema {
  const out: JsonSchema = { ...schema };
  if (!inList) delete out.required;
  if (out.properties && typeof out.properties === 'object') {
    out.properties = Object.fromEntries(
      Object.entries(out.properties as Record<string, JsonSchema>).map(([key, value]) => [
        key,
        inList ? partialForExtends(value, true) : { anyOf: [partialForExtends(value), { type: 'null' }] },
      ]),
    );
  }
  for (const combinator of ['anyOf', 'oneOf', 'allOf'] as const) {
    if (Array.isArray(out[combinator])) out[combinator] = (out[combinator] as JsonSchema[]).map((s) => partialForExtends(s, inList));
  }
  if (out.items && typeof out.items === 'object' && !Array.isArray(out.items)) out.items = partialForExtends(out.items as JsonSchema, true);
  if (out.additionalProperties && typeof out.additionalProperties === 'object') {
    out.additionalProperties = partialForExtends(out.additionalProperties as JsonSchema, inList);
  }
  return out;
}

export function scenarioJsonSchema(): JsonSchema {
  const { $schema, ...full } = z.toJSONSchema(ScenarioSchema, { io: 'input', target: 'draft-7', unrepresentable: 'any' }) as JsonSchema;
  return {
    $schema,
    $id: 'https://poq-sim.invalid/schema/scenario.schema.json',
    title: 'poq-sim scenario',
    description:
      'A poq-sim scenario: calibration profile, demand, network, mechanism, stopping condition, and optionally an experiment (sweep, replications, stopping). A file with `extends` may leave out any field and set any field to null. Generated from sim/scenario/schema.ts; do not edit.',
    if: { type: 'object', required: ['extends'] },
    then: partialForExtends(full),
    else: full,
  };
}

export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
