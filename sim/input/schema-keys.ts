/**
 * What a zod schema accepts at a given path of a given document: the field
 * names of the object there, used to suggest the key a user meant.
 */
import type * as z from 'zod';

interface Definition {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  getter?: () => z.ZodType;
}

function definition(schema: z.ZodType): Definition {
  return (schema as unknown as { _zod: { def: Definition } })._zod.def;
}

/** Unwraps optional/default/pipe wrappers and picks the union member matching `value`. */
function resolve(schema: z.ZodType, value: unknown): z.ZodType | undefined {
  for (let guard = 0; guard < 32; guard++) {
    const def = definition(schema);
    switch (def.type) {
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'readonly':
      case 'catch':
        schema = def.innerType!;
        break;
      case 'pipe':
        schema = def.in!;
        break;
      case 'lazy':
        schema = def.getter!();
        break;
      case 'union': {
        const options = def.options ?? [];
        const discriminator = def.discriminator;
        const record = value as Record<string, unknown> | undefined;
        if (discriminator !== undefined) {
          const match =
            record && typeof record === 'object'
              ? options.find((option) => literalOf(option, discriminator) === record[discriminator])
              : undefined;
          if (!match) return undefined;
          schema = match;
          break;
        }
        // A union of shapes: the option that resolves to the shape of the value written (a list, or a mapping).
        const wanted = Array.isArray(value) ? 'array' : 'object';
        for (const option of options) {
          const resolved = resolve(option, value);
          if (resolved && definition(resolved).type === wanted) return resolved;
        }
        return undefined;
      }
      default:
        return schema;
    }
  }
  return undefined;
}

function literalOf(option: z.ZodType, field: string): unknown {
  const shape = definition(option).shape;
  const literal = shape?.[field];
  if (!literal) return undefined;
  const values = (literal as unknown as { _zod: { def: { values?: unknown[] } } })._zod.def.values;
  return values?.[0];
}

/** The schema of the value at `path` in `data` (before picking a union member), or undefined. */
function schemaAt(root: z.ZodType, data: unknown, path: readonly PropertyKey[]): { schema: z.ZodType; value: unknown } | undefined {
  let schema: z.ZodType | undefined = root;
  let value: unknown = data;
  for (const segment of path) {
    schema = schema && resolve(schema, value);
    if (!schema) return undefined;
    const def = definition(schema);
    if (def.type === 'object') schema = def.shape?.[String(segment)];
    else if (def.type === 'array') schema = def.element;
    else if (def.type === 'record') schema = def.valueType;
    else return undefined;
    value = (value as Record<PropertyKey, unknown> | undefined)?.[segment as string];
  }
  return schema && { schema, value };
}

/** Field names the schema allows for the object at `path` in `data`, or [] when unknown. */
export function allowedKeys(root: z.ZodType, data: unknown, path: readonly PropertyKey[]): string[] {
  const at = schemaAt(root, data, path);
  const schema = at && resolve(at.schema, at.value);
  if (!schema) return [];
  const def = definition(schema);
  return def.type === 'object' ? Object.keys(def.shape ?? {}) : [];
}

/**
 * When the value at `path` must be a mapping told apart by one field (a
 * discriminated union: consensus by `rule`, a distribution by `family`),
 * that field and the values it may take.
 */
export function discriminatorAt(
  root: z.ZodType,
  data: unknown,
  path: readonly PropertyKey[],
): { field: string; options: unknown[] } | undefined {
  const at = schemaAt(root, data, path);
  let schema = at?.schema;
  for (let guard = 0; schema && guard < 32; guard++) {
    const def = definition(schema);
    if (def.type === 'union') {
      if (def.discriminator === undefined) return undefined;
      const field = def.discriminator;
      return { field, options: (def.options ?? []).map((option) => literalOf(option, field)) };
    }
    schema = ['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch'].includes(def.type)
      ? def.innerType
      : def.type === 'pipe'
        ? def.in
        : undefined;
  }
  return undefined;
}

/** Field names the object schema at the top of `root` requires (no default, not optional). */
export function requiredKeys(root: z.ZodType, data: unknown): string[] {
  const schema = resolve(root, data);
  const shape = schema && definition(schema).type === 'object' ? (definition(schema).shape ?? {}) : {};
  return Object.entries(shape)
    .filter(([, field]) => !['optional', 'default', 'prefault'].includes(definition(field).type))
    .map(([key]) => key);
}
