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

export async function measureAll(loaded: LoadedCalibrationConfig, log: (line: string) => void): Promise<MeasuredData> {
  const { config, resolvePath, file } = loaded;
  const prompts: Record<string, PromptItem[]> = {};
  for (const [task, spec] of Object.entries(config.tasks)) {
    prompts[task] = loadTaskPrompts(task, spec, resolvePath(spec.dataset.path), config.seed, file);
    log(`${task}: ${prompts[task].length} prompts sampled from ${spec.dataset.path}`);
  }
  const allPrompts = Object.values(prompts).flat();
  const rows: Measurement[] = [];
  const answers = new Map<string, { item: PromptItem; answer: Answer; model: string }[]>();

  for (const system of config.inference) {
    log(`measuring inference system ${system.id} (${allPrompts.length} prompts, batch sizes ${config.measure.batchSizes.join(', ')})`);
    const work: WorkItem<PromptItem>[] = allPrompts.map((item) => ({ task: item.task, itemId: item.id, subjectModel: '', work: item }));
    const measured = await measureModel('inference', inferenceHandle(system, config, resolvePath), work, config.measure, (runner, batch) => runner.answer(batch));
    rows.push(...measured.rows);
    const produced = measured.outputs.map((answer, i) => ({ item: allPrompts[i]!, answer, model: system.id }));
    answers.set(system.id, produced);
    for (const { item, answer } of produced) {
      const scores = answerQuality(answer.text, item.references, config.tasks[item.task]!.quality);
      const base = { role: 'inference' as const, model: system.id, task: item.task, itemId: item.id, subjectModel: '', batchSize: null };
      rows.push({ ...base, metric: 'output_tokens', value: answer.outputTokens });
      rows.push({ ...base, metric: 'quality', value: scores.quality });
      rows.push({ ...base, metric: scores.reported.metric, value: scores.reported.value });
    }
  }

  let judgeMatched = 0;
  if (config.judge) {
    const measuredKeys = new Set(allPrompts.map((item) => `${item.task}\u0000${item.id}`));
    const systems = new Set(config.inference.map((s) => s.id));
    for (const judged of readJudgeCsv(resolvePath(config.judge.file))) {
      if (!systems.has(judged.model) || !measuredKeys.has(`${judged.task}\u0000${judged.itemId}`)) continue;
      judgeMatched++;
      rows.push({ role: 'inference', model: judged.model, task: judged.task, itemId: judged.itemId, subjectModel: '', batchSize: null, metric: 'judge_score', value: judged.score });
    }
    log(`judge: ${judgeMatched} scores matched measured answers`);
  }

  for (const evaluator of config.evaluators) {
    const everyAnswer = [...answers.values()].flat();
    log(`measuring evaluator ${evaluator.id} (${everyAnswer.length} answers)`);
    const work: WorkItem<ScoringPair>[] = everyAnswer.map(({ item, answer, model }) => ({
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
      const base = { role: 'evaluator' as const, model: evaluator.id, task: work[i]!.task, itemId: work[i]!.itemId, subjectModel: work[i]!.subjectModel, batchSize: null };
      rows.push({ ...base, metric: 'score_raw', value: raw });
      rows.push({ ...base, metric: 'score', value: transform === 'clip' ? clip01(raw) : sigmoid(raw) });
    });
  }
  return { rows, prompts, judgeMatched };
}
