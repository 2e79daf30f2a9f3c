/**
 * A scenario's `report.standard`: the standard figures it names as its answer
 * come first, in its order, and `defaults: false` leaves out the others;
 * its `question` opens the report.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, workspace, writeScenario } from '../experiment/sweep-helpers.js';

const dir = workspace('standard-first');

const scenario = (report: string) => `extends: paper-baseline
name: standard-first
stop: { requests: 300 }
${report}`;

function figureIds(name: string, report: string): string[] {
  const out = join(dir, name);
  const result = cli(['run', writeScenario(dir, `${name}.yaml`, scenario(report)), '--out', out, '--quiet']);
  expect(result.status, result.stderr).toBe(0);
  const index = JSON.parse(readFileSync(join(out, 'figures', 'figures.json'), 'utf8')) as { figures: { id: string }[] };
  return index.figures.map((figure) => figure.id);
}

describe('standard figures a scenario names as its answer', () => {
  it('come first, in the order named, with the other standard figures after them', () => {
    const ids = figureIds('named', 'report: { standard: [evaluator-correlation, reward-by-group] }\n');
    expect(ids.slice(0, 2)).toEqual(['evaluator-correlation', 'reward-by-group']);
    expect(ids).toContain('quality-cost');
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('the report opens with the report section’s question, inherited like any field', () => {
    figureIds('asked', 'description: a setup, not a question\n');
    const markdown = readFileSync(join(dir, 'asked', 'report.md'), 'utf8');
    expect(markdown).toContain('With honest nodes, who earns what under R = α·quality − β·cost?');
    expect(markdown).not.toContain('a setup, not a question');
  });

  it('are the only ones drawn with defaults: false', () => {
    expect(figureIds('only', 'report: { standard: [reward-by-group], defaults: false }\n')).toEqual(['reward-by-group']);
  });
});
