/**
 * An experiment's tables written while its points run, off the end of the
 * sweep: points arrive in any order (from any number of workers), their
 * rows go out in point-id order, so the tables are byte for byte those
 * written from the stored points afterwards. A point arriving early waits
 * in memory until the points before it have come; past a bound, or when it
 * holds a time series (which can be megabytes), it is read back from its
 * stored file when its turn comes instead, so memory does not grow with
 * the sweep or with the number of workers (a Redis queue may have many). Points stored by an earlier, interrupted sweep are
 * read from disk as their turn comes. Nothing is in place until finish():
 * an interrupted sweep aborts, and leaves no table behind.
 */
import type { PointResult, StoppedBy } from './point.js';
import type { PointStore } from './point-store.js';
import { ExperimentTables } from './tables.js';
import type { TableParameter } from './table-columns.js';
import { type ExperimentTableCounts, ExperimentTimeseries } from './timeseries-table.js';

/** Points held in memory ahead of their turn (a thread pool has twice its threads in flight); beyond this they are read back from their files. */
const WAITING_POINTS = 64;

export interface OrderedTablesOutcome {
  readonly tables: ExperimentTableCounts;
  readonly stoppedBy: Readonly<Partial<Record<StoppedBy, number>>>;
  readonly runs: number;
}

export class OrderedTables {
  private next = 0;
  private readonly waiting = new Map<number, PointResult>();
  /** Ids stored but not held in memory: those on disk before the sweep started, and those past the bound. */
  private readonly stored: Set<number>;
  private readonly tables: ExperimentTables;
  private readonly timeseries: ExperimentTimeseries;
  private readonly stoppedBy: Partial<Record<StoppedBy, number>> = {};
  private runs = 0;

  constructor(
    folder: string,
    parameters: readonly TableParameter[],
    private readonly ids: readonly number[],
    alreadyStored: ReadonlySet<number>,
    private readonly store: PointStore,
    private readonly waitingLimit = WAITING_POINTS,
  ) {
    this.stored = new Set(alreadyStored);
    this.tables = new ExperimentTables(folder, parameters);
    this.timeseries = new ExperimentTimeseries(folder);
  }

  /** A point just stored: its rows are written now if its turn has come, with any that were waiting on it. */
  add(point: PointResult): void {
    if (this.waiting.size < this.waitingLimit && !point.timeseries) this.waiting.set(point.point_id, point);
    else this.stored.add(point.point_id);
    this.drain();
  }

  private drain(): void {
    while (this.next < this.ids.length) {
      const id = this.ids[this.next]!;
      const point = this.waiting.get(id) ?? (this.stored.has(id) ? this.store.read(id) : undefined);
      if (!point) return;
      this.waiting.delete(id);
      this.stored.delete(id);
      this.append(point);
      this.next++;
    }
  }

  private append(point: PointResult): void {
    this.stoppedBy[point.stopped_by] = (this.stoppedBy[point.stopped_by] ?? 0) + 1;
    this.runs += point.replications;
    this.tables.append(point);
    this.timeseries.append(point);
  }

  /** Once every point is stored: finishes the tables and moves them into place. */
  finish(): OrderedTablesOutcome {
    this.drain();
    if (this.next < this.ids.length) throw new Error(`the tables are missing point ${this.ids[this.next]}`);
    const counts = this.tables.close();
    const timeseries = this.timeseries.close();
    return { tables: timeseries === null ? counts : { ...counts, timeseries }, stoppedBy: this.stoppedBy, runs: this.runs };
  }

  /** Removes the unfinished tables' temporary files. */
  abort(): void {
    this.tables.abort();
    this.timeseries.abort();
  }
}
