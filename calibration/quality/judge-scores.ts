/**
 * LLM-judge scores measured elsewhere (an API judge cannot be called from
 * here), imported from a CSV with the columns model, task, item_id and
 * judge_score (0–10). Rows for prompts or models not measured are ignored;
 * the caller reports how many matched.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { InputError, type InputProblem } from '../../sim/input/input-error.js';

export interface JudgeScore {
  readonly model: string;
  readonly task: string;
  readonly itemId: string;
  readonly score: number;
}

export const JUDGE_COLUMNS = ['model', 'task', 'item_id', 'judge_score'] as const;

export function parseJudgeCsv(text: string, file: string): JudgeScore[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, info: true, bom: true, trim: true });
  } catch (error) {
    const e = error as Error & { lines?: number };
    throw new InputError({ file, line: e.lines, path: '', message: `invalid CSV: ${e.message}` });
  }
  if (records.length === 0) throw new InputError({ file, path: '', message: 'no judge scores' });
  const header = Object.keys(records[0]!.record);
  const missing = JUDGE_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new InputError({ file, line: 1, path: '', message: `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (required: ${JUDGE_COLUMNS.join(', ')})` });
  }
  const problems: InputProblem[] = [];
  const scores = records.map(({ record, info }) => {
    const score = Number(record.judge_score);
    if (record.judge_score === '' || !(score >= 0 && score <= 10)) {
      problems.push({ file, line: info.lines, path: 'judge_score', message: `expected a number from 0 to 10, got ${JSON.stringify(record.judge_score)}` });
    }
    return { model: record.model!, task: record.task!, itemId: record.item_id!, score };
  });
  if (problems.length > 0) throw new InputError(problems.slice(0, 20));
  return scores;
}

export function readJudgeCsv(file: string): JudgeScore[] {
  return parseJudgeCsv(readFileSync(file, 'utf8'), file);
}
