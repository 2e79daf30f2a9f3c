/**
 * The study tables: the exploit table's row per family and mechanism, the
 * decision table's cells (✓, or the thresholds missed by their short ids;
 * environments met; ★ on the recommendation), the recommendation's
 * confirmation with bounds, the Sobol and Morris numbers, and the methods.
 */
import { describe, expect, it } from 'vitest';
import { studyTables } from '../../../reports/study/study-tables.js';
import type { Table } from '../../../reports/tables/table.js';
import type { SensitivityFile } from '../../../sim/study/study-results.js';
import { EXPLOIT, SENSITIVITY, TUNE } from './study-fixtures.js';

const table = (tables: Table[], id: string) => tables.find((t) => t.id === id)!;
/** A row as header → cell. */
const rowOf = (t: Table, i: number) => Object.fromEntries(t.columns.map((c, k) => [c.header, t.rows[i]![k]]));

describe('exploit table', () => {
  const exploit = table(studyTables(EXPLOIT), 'exploit');

  it('has a row per family and mechanism with the best deviation, the confirmed gain and its CI, and the regret', () => {
    expect(exploit.rows).toHaveLength(4);
    expect(rowOf(exploit, 0)).toMatchObject({
      mechanism: 'no-audits',
      family: 'misreport',
      'best deviation': 'factor = 0.155',
      'gain (95% CI)': '0.3360 [0.3250, 0.3470]',
      'search gain': '0.3460',
      'honest profit': '0.5000',
      regret: '0.3360',
      'regret %': '67.2%',
      'stopped by': 'half-width',
    });
    // A deviation that loses: no regret, the gain's sign written as a minus.
    expect(rowOf(exploit, 3)).toMatchObject({ 'gain (95% CI)': '−0.2000 [−0.2500, −0.1500]', regret: '0.0000' });
  });
});

describe('tune tables', () => {
  const tables = studyTables(TUNE);
  const decision = table(tables, 'decision');

  it('mark each candidate × environment ✓ or with the thresholds it misses', () => {
    expect(decision.columns.map((c) => c.header)).toEqual([
      '',
      'beta',
      'audit_probability',
      'as-written',
      'busy',
      'environments met',
      'worst-case objective',
    ]);
    expect(rowOf(decision, 0)).toMatchObject({
      '': '◆ 0',
      'as-written': '✗ exploitability misreport',
      busy: '✗ exploitability misreport',
      'environments met': '0 of 2',
    });
    expect(rowOf(decision, 1)).toMatchObject({ 'as-written': '✓', busy: '✗ mean_latency_s', 'environments met': '1 of 2' });
    expect(rowOf(decision, 2)).toMatchObject({
      '': '★ ◆ 2',
      beta: '0.438',
      audit_probability: '0.6',
      'as-written': '✓',
      busy: '✓',
      'environments met': '2 of 2',
    });
    expect(decision.rows.filter((r) => r[0]!.includes('★'))).toHaveLength(1);
  });

  it('give the recommendation’s objective and each threshold with its CI and bound, per environment', () => {
    const recommendation = table(tables, 'recommendation');
    expect(recommendation.rows).toHaveLength(6);
    const busyLatency = recommendation.rows.findIndex((r) => r[0] === 'busy' && r[1] === 'mean_latency_s · run');
    expect(rowOf(recommendation, busyLatency)).toMatchObject({ 'estimate (95% CI)': '1.3000 [1.2000, 1.4000]', bound: '≤ 2', met: '✓' });
    expect(rowOf(recommendation, 1)).toMatchObject({ measure: 'exploitability misreport', bound: '≤ 0', 'best deviation': 'factor = 0.1' });
    expect(recommendation.caption).toContain('Every threshold holds');
  });

  it('have no recommendation table when no candidate is robust', () => {
    expect(studyTables({ ...TUNE, recommendation: null }).map((t) => t.id)).toEqual(['decision', 'methods']);
  });
});

describe('sensitivity tables', () => {
  it('give the Sobol and Morris numbers, only for the analyses run', () => {
    const tables = studyTables(SENSITIVITY);
    expect(tables.map((t) => t.id)).toEqual(['sobol', 'morris', 'methods']);
    expect(table(tables, 'sobol').rows[1]).toEqual([
      SENSITIVITY.metrics[0]!.id,
      'beta',
      '0.190',
      '[−0.100, 0.550]',
      '0.280',
      '[0.170, 0.520]',
    ]);
    expect(table(tables, 'morris').rows[5]).toEqual([SENSITIVITY.metrics[1]!.id, 'slash', '1.2000', '[1.000, 1.400]', '1.2000', '0.4000']);
    const sobolOnly: SensitivityFile = { ...SENSITIVITY, morris: null };
    expect(studyTables(sobolOnly).map((t) => t.id)).toEqual(['sobol', 'methods']);
  });

  it('end with the methods behind the intervals, as study.json words them', () => {
    const methods = table(studyTables(SENSITIVITY), 'methods');
    expect(methods.title).toBe('How the intervals were computed');
    expect(methods.rows.map((r) => r[0])).toEqual(SENSITIVITY.methods);
  });
});
