/** Prints the reward table of a run to the terminal. */
import Table from 'cli-table3';
import { REWARD_TABLE_HEADERS, rewardRowCells, rewardRows } from '../../reports/tables/reward-table.js';
import type { RunSummaryFile } from '../results/run-files.js';

export function printRewardTable(summary: RunSummaryFile): void {
  const table = new Table({
    head: [...REWARD_TABLE_HEADERS],
    colAligns: REWARD_TABLE_HEADERS.map((header, i) => (i < 2 || header === '95% CI' ? 'left' : 'right')),
    style: { head: [], border: [], compact: true },
  });
  for (const row of rewardRows(summary)) table.push(rewardRowCells(row));
  console.log(table.toString());
}
