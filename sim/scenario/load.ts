/** Reads and validates a scenario file. */
import { validateSource } from '../input/validate.js';
import { YamlSource } from '../input/yaml-source.js';
import { type Scenario, ScenarioSchema } from './schema.js';

export interface LoadedScenario {
  readonly file: string;
  readonly source: YamlSource;
  readonly scenario: Scenario;
}

export function loadScenarioFile(file: string): LoadedScenario {
  const source = YamlSource.fromFile(file);
  return { file, source, scenario: validateSource(ScenarioSchema, source) };
}

export function loadScenarioText(text: string, file: string): LoadedScenario {
  const source = YamlSource.fromText(text, file);
  return { file, source, scenario: validateSource(ScenarioSchema, source) };
}
