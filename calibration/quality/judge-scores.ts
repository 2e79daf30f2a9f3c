/**
 * LLM-judge scores measured elsewhere (an API judge cannot be called from
 * here), imported from a CSV with the columns model, task, item_id and
 * judge_score (0–10). Rows for prompts or models not measured are ignored;
 * the caller reports how many matched.
 */
import { parseCsvRecords } from '../../sim/input/csv-records.js';
import { InputError, type InputProblem } from '../../sim/input/input-error.js';
import { readTextFile } from '../../sim/input/read-text-file.js';

export interface JudgeScore {
  readonly model: string;
  readonly task: string;
  readonly itemId: string;
  readonly score: number;
}

export const JUDGE_COLUMNS = ['model', 'task', 'item_id', 'judge_score'] as const;

export function parseJudgeCsv(text: string, file: string): JudgeScore[] {
  const records = parseCsvRecords(text, file, { required: JUDGE_COLUMNS, whenEmpty: 'no judge scores' });
  const problems: InputProblem[] = [];
  const scores = records.map(({ record, line }) => {
    const score = Number(record.judge_score);
    if (record.judge_score === '' || !(score >= 0 && score <= 10)) {
      problems.push({
        file,
        line,
        path: 'judge_score',
        message: `expected a number from 0 to 10, got ${JSON.stringify(record.judge_score)}`,
      });
    }
    return { model: record.model!, task: record.task!, itemId: record.item_id!, score };
  });
  if (problems.length > 0) throw new InputError(problems.slice(0, 20));
  return scores;
}

export function readJudgeCsv(file: string): JudgeScore[] {
  return parseJudgeCsv(readTextFile(file), file);
}
