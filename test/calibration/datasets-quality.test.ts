/** Dataset loaders, sampling, prompt templates and the quality metrics. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCnnDailyMail, parseStory } from '../../calibration/datasets/cnn-dailymail.js';
import { renderPrompt, unknownPlaceholders } from '../../calibration/datasets/prompt-template.js';
import { sampleItems } from '../../calibration/datasets/sample.js';
import { loadSquad } from '../../calibration/datasets/squad.js';
import { correlate } from '../../calibration/quality/correlation.js';
import { parseJudgeCsv } from '../../calibration/quality/judge-scores.js';
import { rougeL } from '../../calibration/quality/rouge-l.js';
import { maxTokenF1, normalizeAnswer, tokenF1 } from '../../calibration/quality/token-f1.js';
import { InputError } from '../../sim/input/input-error.js';
import { EXAMPLES } from './tiny-models.js';

const temp = mkdtempSync(join(tmpdir(), 'poq-sim-datasets-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const file = join(temp, name);
  writeFileSync(file, text);
  return file;
};
const messageOf = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an InputError');
};

describe('datasets', () => {
  it('loads SQuAD v1.1 JSON with every gold answer', () => {
    const items = loadSquad(join(EXAMPLES, 'qa.json'));
    expect(items).toHaveLength(24);
    const q = items.find((i) => i.id === 'poq-qa-q24')!;
    expect(q.kind).toBe('extractive-qa');
    expect(q.references).toEqual(['by a cable car from the town of Selva', 'a cable car']);
    expect(q.fields.context).toContain('Corvin Observatory');
  });

  it('reports a malformed SQuAD file by line and field path', () => {
    const file = write(
      'bad-squad.json',
      '{"data": [{"paragraphs": [{"context": "c",\n "qas": [{"id": "1", "question": "q",\n "answers": []}]}]}]}',
    );
    expect(messageOf(() => loadSquad(file))).toMatch(
      /bad-squad\.json:3:\d+: data\[0\]\.paragraphs\[0\]\.qas\[0\]\.answers: must have ≥ 1 items/,
    );
    expect(messageOf(() => loadSquad(write('broken.json', '{"data": [')))).toMatch(/broken\.json:\d+:\d+: invalid YAML/);
  });

  it('reads CNN/DailyMail as JSONL, CSV and .story files, highlights one per line', () => {
    const jsonl = loadCnnDailyMail(join(EXAMPLES, 'summaries.jsonl'));
    expect(jsonl).toHaveLength(12);
    expect(jsonl[0]!.references).toHaveLength(3);
    const csv = write('cnn.csv', 'id,article,highlights\nx1,"The pool closes. Engineers found cracks.","Pool closes.\nCracks found."\n');
    expect(loadCnnDailyMail(csv)).toEqual([
      {
        id: 'x1',
        kind: 'summarization',
        fields: { article: 'The pool closes. Engineers found cracks.' },
        references: ['Pool closes.', 'Cracks found.'],
      },
    ]);
    const story = parseStory('First paragraph.\n\nSecond paragraph.\n\n@highlight\n\nOne\n\n@highlight\n\nTwo', 'abc', 'abc.story');
    expect(story.fields.article).toBe('First paragraph.\nSecond paragraph.');
    expect(story.references).toEqual(['One', 'Two']);
  });

  it('names the missing columns, bad lines and unknown formats', () => {
    expect(messageOf(() => loadCnnDailyMail(write('no-highlights.csv', 'id,article\n1,text\n')))).toMatch(
      /no-highlights\.csv:1:1: missing column highlights \(columns: id, article\)/,
    );
    expect(messageOf(() => loadCnnDailyMail(write('bad.jsonl', '{"article": "a", "highlights": "h"}\n{"article": 3}\n')))).toMatch(
      /bad\.jsonl:2:1: article: expected a string/,
    );
    expect(messageOf(() => loadCnnDailyMail(write('x.txt', 'a')))).toMatch(/unknown CNN\/DailyMail format/);
    expect(messageOf(() => loadCnnDailyMail(join(temp, 'absent.jsonl')))).toMatch(/no such file/);
  });

  it('samples reproducibly by seed and task, without replacement', () => {
    const items = loadSquad(join(EXAMPLES, 'qa.json'));
    const a = sampleItems(items, 10, 7, 'qa').map((i) => i.id);
    expect(sampleItems(items, 10, 7, 'qa').map((i) => i.id)).toEqual(a);
    expect(sampleItems(items, 10, 8, 'qa').map((i) => i.id)).not.toEqual(a);
    expect(new Set(a).size).toBe(10);
    expect(() => sampleItems(items, 25, 7, 'qa')).toThrow(/holds 24/);
  });

  it('fills prompt templates and rejects unknown placeholders', () => {
    const [item] = loadSquad(join(EXAMPLES, 'qa.json'));
    expect(renderPrompt('Q: {question}', item!)).toBe(`Q: ${item!.fields.question}`);
    expect(unknownPlaceholders('{context} {questoin}', 'extractive-qa')).toEqual(['questoin']);
    expect(unknownPlaceholders('{article}', 'summarization')).toEqual([]);
  });
});

describe('quality metrics', () => {
  it('computes token F1 with SQuAD’s normalization', () => {
    expect(normalizeAnswer('The Denver Broncos!')).toEqual(['denver', 'broncos']);
    expect(tokenF1('the Denver Broncos', 'Denver Broncos')).toBe(1);
    expect(tokenF1('Denver', 'Denver Broncos')).toBeCloseTo(2 / 3, 12);
    expect(tokenF1('Carolina Panthers', 'Denver Broncos')).toBe(0);
    expect(maxTokenF1('in 1872', ['1872', 'in 1872'])).toBe(1);
  });

  it('computes ROUGE-L from the longest common subsequence', () => {
    // LCS of "police killed the gunman" and "police kill the gunman" is 3 words.
    const s = rougeL('police killed the gunman', 'police kill the gunman');
    expect(s.precision).toBeCloseTo(0.75, 12);
    expect(s.recall).toBeCloseTo(0.75, 12);
    expect(s.f).toBeCloseTo(0.75, 12);
    expect(rougeL('', 'x').f).toBe(0);
  });

  it('gives Pearson and Spearman correlations with Fisher-z intervals', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8];
    const y = [2, 1, 4, 3, 6, 5, 8, 9];
    const p = correlate(x, y, 'pearson');
    const mx = 4.5;
    const my = 38 / 8;
    const sxy = x.reduce((s, v, i) => s + (v - mx) * (y[i]! - my), 0);
    const sxx = x.reduce((s, v) => s + (v - mx) ** 2, 0);
    const syy = y.reduce((s, v) => s + (v - my) ** 2, 0);
    expect(p.r).toBeCloseTo(sxy / Math.sqrt(sxx * syy), 12);
    expect(p.ci95![0]).toBeLessThan(p.r!);
    expect(p.ci95![1]).toBeGreaterThan(p.r!);
    expect(p.ci95![0]).toBeCloseTo(Math.tanh(Math.atanh(p.r!) - 1.959964 / Math.sqrt(5)), 5);
    const s = correlate(x, y, 'spearman');
    // Ranks of y differ from x by ±1 at six positions: Σd² = 6.
    expect(s.r).toBeCloseTo(1 - (6 * 6) / (8 * 63), 10);
    expect(correlate([1, 1, 1], [1, 2, 3], 'pearson').r).toBeNull();
  });

  it('imports judge scores and names a missing column', () => {
    expect(parseJudgeCsv('model,task,item_id,judge_score\nm,qa,1,7.5\n', 'j.csv')).toEqual([
      { model: 'm', task: 'qa', itemId: '1', score: 7.5 },
    ]);
    expect(messageOf(() => parseJudgeCsv('model,task,judge_score\nm,qa,7\n', 'j.csv'))).toBe(
      'j.csv:1:1: missing column item_id (required: model, task, item_id, judge_score)',
    );
    expect(messageOf(() => parseJudgeCsv('model,task,item_id,judge_score\nm,qa,1,12\n', 'j.csv'))).toMatch(
      /j\.csv:2:1: judge_score: expected a number from 0 to 10/,
    );
  });
});

it('ships example sets the project wrote itself', () => {
  const readme = readFileSync(join(EXAMPLES, 'README.md'), 'utf8');
  expect(readme).toMatch(/written for poq-sim/i);
});
