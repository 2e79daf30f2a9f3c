/** Reads a scenario file (with the files it extends) and validates it. */
import type { SourceDocument } from '../input/source-document.js';
import { validateSource } from '../input/validate.js';
import { mergeScenarioFile, mergeScenarioText, type MergedSource, SCENARIO } from './extends.js';
import { type Scenario, ScenarioSchema } from './schema.js';

export interface LoadedScenario {
  readonly file: string;
  /** The merged data, each value traceable to the file, line and column it was written at. */
  readonly source: MergedSource;
  readonly scenario: Scenario;
}

function validated(source: MergedSource): LoadedScenario {
  return { file: source.file, source, scenario: validateSource(ScenarioSchema, source as SourceDocument, SCENARIO) };
}

export function loadScenarioFile(file: string): LoadedScenario {
  return validated(mergeScenarioFile(file));
}

export function loadScenarioText(text: string, file: string): LoadedScenario {
  return validated(mergeScenarioText(text, file));
}
