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
import { z } from 'zod';
import { ScenarioSchema } from './schema.js';

export function scenarioJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(ScenarioSchema, { io: 'input', target: 'draft-7', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...generated,
    $id: 'https://poq-sim.invalid/schema/scenario.schema.json',
    title: 'poq-sim scenario',
    description:
      'A poq-sim scenario: calibration profile, demand, network, mechanism, stopping condition, and optionally an experiment (sweep, replications, stopping). Generated from sim/scenario/schema.ts; do not edit.',
  };
}

export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
