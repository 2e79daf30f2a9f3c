/**
 * The measuring phase of `poq-sim calibrate`: sample the prompts, run every
 * inference system on them, score each answer's true quality, import judge
 * scores, then run every evaluator on every answer. Produces measurement
 * rows only; fitting reads nothing else, so --from-log takes the same path.
 */
import type { LoadedCalibrationConfig } from '../config/load.js';
import type { PromptItem } from '../datasets/item.js';
import { loadTaskPrompts, taskKind } from '../datasets/load-task.js';
import { evaluatorHandle, inferenceHandle } from '../models/from-config.js';
import type { Answer, ScoringPair } from '../models/model-handle.js';
import { answerQuality, referenceText } from '../quality/answer-quality.js';
import { readJudgeCsv } from '../quality/judge-scores.js';
import type { Measurement } from './measurements.js';
import { measureModel, type WorkItem } from './measure-model.js';

export interface MeasuredData {
  readonly rows: Measurement[];
  /** Prompts per task, in sample order (recorded in the profile's provenance). */
  readonly prompts: Readonly<Record<string, readonly PromptItem[]>>;
  readonly judgeMatched: number;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const clip01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);

/** An inference system's answer to one prompt. */
interface ProducedAnswer {
  readonly item: PromptItem;
  readonly answer: Answer;
  readonly model: string;
}

type InferenceSystem = LoadedCalibrationConfig['config']['inference'][number];
type EvaluatorSystem = LoadedCalibrationConfig['config']['evaluators'][number];

function samplePrompts(loaded: LoadedCalibrationConfig, log: (line: string) => void): Record<string, PromptItem[]> {
  const { config, resolvePath, file } = loaded;
  const prompts: Record<string, PromptItem[]> = {};
  for (const [task, spec] of Object.entries(config.tasks)) {
    prompts[task] = loadTaskPrompts(task, spec, resolvePath(spec.dataset.path), config.seed, file);
    log(`${task}: ${prompts[task].length} prompts sampled from ${spec.dataset.path}`);
  }
  return prompts;
}

/** Times one inference system on every prompt, then rows of each answer's output tokens and true quality. */
async function measureInference(
  loaded: LoadedCalibrationConfig,
  system: InferenceSystem,
  prompts: readonly PromptItem[],
  rows: Measurement[],
  log: (line: string) => void,
): Promise<ProducedAnswer[]> {
  const { config, resolvePath } = loaded;
  log(`measuring inference system ${system.id} (${prompts.length} prompts, batch sizes ${config.measure.batchSizes.join(', ')})`);
  const work: WorkItem<PromptItem>[] = prompts.map((item) => ({ task: item.task, itemId: item.id, subjectModel: '', work: item }));
  const measured = await measureModel('inference', inferenceHandle(system, config, resolvePath), work, config.measure, (runner, batch) =>
    runner.answer(batch),
  );
  rows.push(...measured.rows);
  const produced = measured.outputs.map((answer, i) => ({ item: prompts[i]!, answer, model: system.id }));
  for (const { item, answer } of produced) {
    const scores = answerQuality(answer.text, item.references, config.tasks[item.task]!.quality);
    const base = { role: 'inference' as const, model: system.id, task: item.task, itemId: item.id, subjectModel: '', batchSize: null };
    rows.push({ ...base, metric: 'output_tokens', value: answer.outputTokens });
    rows.push({ ...base, metric: 'quality', value: scores.quality });
    rows.push({ ...base, metric: scores.reported.metric, value: scores.reported.value });
  }
  return produced;
}

/** Rows of the judge scores that belong to a measured answer; returns how many matched. */
function importJudgeScores(
  loaded: LoadedCalibrationConfig,
  prompts: readonly PromptItem[],
  rows: Measurement[],
  log: (line: string) => void,
): number {
  const { config, resolvePath } = loaded;
  if (!config.judge) return 0;
  let judgeMatched = 0;
  const measuredKeys = new Set(prompts.map((item) => `${item.task}\u0000${item.id}`));
  const systems = new Set(config.inference.map((s) => s.id));
  for (const judged of readJudgeCsv(resolvePath(config.judge.file))) {
    if (!systems.has(judged.model) || !measuredKeys.has(`${judged.task}\u0000${judged.itemId}`)) continue;
    judgeMatched++;
    rows.push({
      role: 'inference',
      model: judged.model,
      task: judged.task,
      itemId: judged.itemId,
      subjectModel: '',
      batchSize: null,
      metric: 'judge_score',
      value: judged.score,
    });
  }
  log(`judge: ${judgeMatched} scores matched measured answers`);
  return judgeMatched;
}

/** Times one evaluator on every answer (against its reference or its prompt), then rows of each raw and transformed score. */
async function measureEvaluator(
  loaded: LoadedCalibrationConfig,
  evaluator: EvaluatorSystem,
  answers: readonly ProducedAnswer[],
  rows: Measurement[],
  log: (line: string) => void,
): Promise<void> {
  const { config, resolvePath } = loaded;
  log(`measuring evaluator ${evaluator.id} (${answers.length} answers)`);
  const work: WorkItem<ScoringPair>[] = answers.map(({ item, answer, model }) => ({
    task: item.task,
    itemId: item.id,
    subjectModel: model,
    work: {
      answer: answer.text,
      against: evaluator.compare === 'reference' ? referenceText(taskKind(config.tasks[item.task]!), item.references) : item.prompt,
    },
  }));
  const handle = evaluatorHandle(evaluator, config, resolvePath, log);
  const measured = await measureModel(
    'evaluator',
    handle,
    work,
    config.measure,
    (runner, batch) => runner.score(batch),
    (runner) => runner.prepare(work.map((w) => w.work.against)),
  );
  rows.push(...measured.rows);
  const transform = evaluator.scoreTransform ?? (evaluator.architecture === 'bi-encoder' ? 'clip' : 'sigmoid');
  measured.outputs.forEach((raw, i) => {
    const base = {
      role: 'evaluator' as const,
      model: evaluator.id,
      task: work[i]!.task,
      itemId: work[i]!.itemId,
      subjectModel: work[i]!.subjectModel,
      batchSize: null,
    };
    rows.push({ ...base, metric: 'score_raw', value: raw });
    rows.push({ ...base, metric: 'score', value: transform === 'clip' ? clip01(raw) : sigmoid(raw) });
  });
}

export async function measureAll(loaded: LoadedCalibrationConfig, log: (line: string) => void): Promise<MeasuredData> {
  const prompts = samplePrompts(loaded, log);
  const allPrompts = Object.values(prompts).flat();
  const rows: Measurement[] = [];
  const answers = new Map<string, ProducedAnswer[]>();
  for (const system of loaded.config.inference) answers.set(system.id, await measureInference(loaded, system, allPrompts, rows, log));
  const judgeMatched = importJudgeScores(loaded, allPrompts, rows, log);
  const everyAnswer = [...answers.values()].flat();
  for (const evaluator of loaded.config.evaluators) await measureEvaluator(loaded, evaluator, everyAnswer, rows, log);
  return { rows, prompts, judgeMatched };
}
