/** Reads a scenario file (with the files it extends, and the command line's --set overrides) and validates it. */
import type { SourceDocument } from '../input/source-document.js';
import { validateSource } from '../input/validate.js';
import { mergeScenarioFile, mergeScenarioText, type MergedSource, SCENARIO } from './extends.js';
import { applyOverrides, type Override } from './overrides.js';
import { type Scenario, ScenarioSchema } from './schema.js';

export interface LoadedScenario {
  readonly file: string;
  /** The merged data, each value traceable to the file, line and column it was written at (or the --set that gave it). */
  readonly source: MergedSource;
  readonly scenario: Scenario;
  /** The --set arguments applied, in order; manifests record them as written (`text`). */
  readonly overrides: readonly Override[];
}

function validated(merged: MergedSource, overrides: readonly Override[]): LoadedScenario {
  const source = applyOverrides(merged, overrides);
  return {
    file: source.file,
    source,
    scenario: validateSource(ScenarioSchema, source as SourceDocument, SCENARIO),
    overrides,
  };
}

export function loadScenarioFile(file: string, overrides: readonly Override[] = []): LoadedScenario {
  return validated(mergeScenarioFile(file), overrides);
}

export function loadScenarioText(text: string, file: string, overrides: readonly Override[] = []): LoadedScenario {
  return validated(mergeScenarioText(text, file), overrides);
}
