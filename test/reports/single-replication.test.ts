/** A sweep with one replication per point has no confidence intervals: its figures say so and draw no empty bands. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeReport } from '../../reports/write-report.js';
import { CLI } from '../helpers.js';
import { hasReportFonts } from '../system-programs.js';

describe.skipIf(!hasReportFonts('rendering the report of a sweep with one replication'))('a sweep with one replication per point', () => {
  it('renders every figure without warnings and says there are no intervals', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'poq-one-replication-'));
    const file = join(dir, 'sweep.yaml');
    writeFileSync(
      file,
      `extends: paper-baseline
name: one-replication
reference: null
stop: { requests: 200 }
sweep:
  method: grid
  parameters:
    - { path: mechanism.rewards.beta, values: [0, 0.5, 1] }
`,
    );
    const out = join(dir, 'out');
    const sweep = spawnSync(process.execPath, [CLI, 'sweep', file, '--out', out, '--workers', '1', '--no-progress', '--no-report', '-q'], {
      encoding: 'utf8',
    });
    expect(sweep.stderr).toBe('');
    const report = await writeReport(out, { formats: ['svg'] });
    const drawn = report.figures.map((f) => f.id);
    expect(drawn).toContain('mean-reward-vs-beta');
    for (const figure of report.figures) expect(figure.warnings, figure.id).toEqual([]);
  });
});
