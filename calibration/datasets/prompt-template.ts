/** Prompt templates: `{field}` placeholders filled from a dataset item. */
import { TEMPLATE_FIELDS, type DatasetItem, type TaskKind } from './item.js';

const PLACEHOLDER = /\{([a-z_]+)\}/g;

/** Placeholders in `template` that the task kind does not provide. */
export function unknownPlaceholders(template: string, kind: TaskKind): string[] {
  const allowed = TEMPLATE_FIELDS[kind];
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((name) => !allowed.includes(name));
}

export function renderPrompt(template: string, item: DatasetItem): string {
  return template.replace(PLACEHOLDER, (_, name: string) => item.fields[name] ?? '');
}
