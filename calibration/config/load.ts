/**
 * Reads a calibration file and checks everything it points at before any
 * model runs: dataset files, model folders and their files, the execution
 * provider, prompt placeholders, the judge CSV. Every problem names the file,
 * line, column and field; nothing is measured while any remains.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { expectDocumentKind } from '../../sim/input/document-kind.js';
import { formatPath, InputError, type InputProblem } from '../../sim/input/input-error.js';
import { validateSource } from '../../sim/input/validate.js';
import { YamlSource } from '../../sim/input/yaml-source.js';
import { BUILTIN_PREFIX, builtinNames } from '../build-encoder/builtin-models.js';
import { datasetPathProblem } from '../datasets/dataset-path.js';
import { taskKind } from '../datasets/load-task.js';
import { TEMPLATE_FIELDS } from '../datasets/item.js';
import { unknownPlaceholders } from '../datasets/prompt-template.js';
import { executionProviderProblem } from '../models/execution-provider.js';
import { rawOnnxProblem, transformersFolderProblem } from '../models/local-model-folder.js';
import { didYouMean } from '../../sim/input/suggest.js';
import { type CalibrationConfig, CalibrationConfigSchema } from './schema.js';

export interface LoadedCalibrationConfig {
  readonly file: string;
  readonly source: YamlSource;
  readonly config: CalibrationConfig;
  /** Resolves a path written in the file (relative to the file's folder). */
  readonly resolvePath: (path: string) => string;
}

export interface LoadOptions {
  /** Check datasets, model folders and the execution provider (off when building from a log). */
  readonly checkFiles?: boolean;
}

/** Records a problem at a field of the calibration file. */
type AddProblem = (path: readonly PropertyKey[], message: string) => void;

/** Each task's dataset file, and the placeholders its prompt uses. */
function checkTasks(config: CalibrationConfig, resolvePath: (path: string) => string, add: AddProblem): void {
  for (const [task, spec] of Object.entries(config.tasks)) {
    const path = resolvePath(spec.dataset.path);
    const datasetProblem = datasetPathProblem(spec.dataset.format, path);
    if (datasetProblem) add(['tasks', task, 'dataset', 'path'], datasetProblem);
    const kind = taskKind(spec);
    for (const name of unknownPlaceholders(spec.prompt, kind)) {
      const allowed = TEMPLATE_FIELDS[kind];
      add(
        ['tasks', task, 'prompt'],
        `unknown placeholder {${name}} for a ${kind} task (use ${allowed.map((f) => `{${f}}`).join(', ')})${didYouMean(name, allowed)}`,
      );
    }
  }
}

/** Ids shared by inference systems and evaluators: each may be used once. */
class IdRegistry {
  private readonly ids = new Map<string, string>();
  constructor(private readonly add: AddProblem) {}
  claim(section: 'inference' | 'evaluators', index: number, id: string): void {
    const previous = this.ids.get(id);
    if (previous) this.add([section, index, 'id'], `id "${id}" is already used by ${previous}`);
    else this.ids.set(id, `${section}[${index}]`);
  }
}

/** Each inference system's model folder (or the tokenizer of a raw one). */
function checkInference(config: CalibrationConfig, resolvePath: (path: string) => string, add: AddProblem, ids: IdRegistry): void {
  config.inference.forEach((system, index) => {
    ids.claim('inference', index, system.id);
    if (system.kind === 'text-generation') {
      const problem = transformersFolderProblem(resolvePath(system.path), system.dtype);
      if (problem) add(['inference', index, 'path'], problem);
    } else if (system.tokenizer) {
      const folder = resolvePath(system.tokenizer);
      if (!existsSync(join(folder, 'tokenizer.json'))) add(['inference', index, 'tokenizer'], `no tokenizer.json in ${folder}`);
    }
  });
}

/** Each evaluator's builtin name and runtime, or its model folder or ONNX file. */
function checkEvaluators(config: CalibrationConfig, resolvePath: (path: string) => string, add: AddProblem, ids: IdRegistry): void {
  config.evaluators.forEach((evaluator, index) => {
    ids.claim('evaluators', index, evaluator.id);
    if (evaluator.path.startsWith(BUILTIN_PREFIX)) {
      const name = evaluator.path.slice(BUILTIN_PREFIX.length);
      if (!builtinNames().includes(name)) {
        add(
          ['evaluators', index, 'path'],
          `no builtin model "${name}" (builtin: ${builtinNames().join(', ')})${didYouMean(name, builtinNames())}`,
        );
      } else if (evaluator.runtime !== 'transformers') {
        add(['evaluators', index, 'runtime'], 'builtin models load through transformers.js: use runtime: transformers');
      }
      return;
    }
    const path = resolvePath(evaluator.path);
    const problem =
      evaluator.runtime === 'transformers'
        ? transformersFolderProblem(path, evaluator.dtype)
        : rawOnnxProblem(path, evaluator.tokenizer ? resolvePath(evaluator.tokenizer) : dirname(path));
    if (problem) add(['evaluators', index, 'path'], problem);
  });
}

export function loadCalibrationConfig(file: string, options: LoadOptions = {}): LoadedCalibrationConfig {
  const source = YamlSource.fromFile(file);
  expectDocumentKind(source, 'calibration');
  const config = validateSource(CalibrationConfigSchema, source);
  const base = dirname(resolve(file));
  const resolvePath = (path: string) => (isAbsolute(path) ? path : join(base, path));
  const problems: InputProblem[] = [];
  const add: AddProblem = (path, message) => {
    const at = source.locate(path);
    problems.push({ file, line: at.line, column: at.column, path: formatPath(path), message });
  };

  if (options.checkFiles === false) return { file, source, config, resolvePath };

  const providerProblem = executionProviderProblem(config.executionProvider);
  if (providerProblem) add(['executionProvider'], providerProblem);
  checkTasks(config, resolvePath, add);
  const ids = new IdRegistry(add);
  checkInference(config, resolvePath, add, ids);
  checkEvaluators(config, resolvePath, add, ids);
  if (config.judge && !existsSync(resolvePath(config.judge.file))) add(['judge', 'file'], `no such file ${resolvePath(config.judge.file)}`);

  if (problems.length > 0) throw new InputError(problems);
  return { file, source, config, resolvePath };
}
