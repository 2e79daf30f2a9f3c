/**
 * Rounds waiting for batched evaluations. A round whose jobs are all served
 * alone knows when it will be scored as soon as they are dispatched; one
 * with a job in a batch learns it only as its batches complete. Per request
 * slot this keeps how many batched jobs are still out, the latest completion
 * of its jobs served alone, and the first score made public so far (its
 * completion, start and job index, for the tie rule of Market.onInferenceDone).
 * Records are reused with their slots; the table grows with the slots in use.
 */
import { grown } from './grown-array.js';

const STRIDE = 5;
const PENDING = 0;
const LAST_KNOWN_MS = 1;
const FIRST_COMPLETION_MS = 2;
const FIRST_START_MS = 3;
const FIRST_JOB = 4;

export class PendingRounds {
  private records = new Float64Array(256 * STRIDE);

  /** Opens the round's record once its jobs are dispatched: `pending` batched jobs out, the others complete by `lastKnownMs`. */
  open(slot: number, pending: number, lastKnownMs: number, firstCompletionMs: number, firstStartMs: number, firstJob: number): void {
    if ((slot + 1) * STRIDE > this.records.length) this.grow(slot);
    const at = slot * STRIDE;
    const r = this.records;
    r[at + PENDING] = pending;
    r[at + LAST_KNOWN_MS] = lastKnownMs;
    r[at + FIRST_COMPLETION_MS] = firstCompletionMs;
    r[at + FIRST_START_MS] = firstStartMs;
    r[at + FIRST_JOB] = firstJob;
  }

  /**
   * A score completed at `completionMs` after starting at `startMs` (job j of
   * its round): returns whether it is now the first made public, the
   * earliest completion, ties to the earlier start, then the earlier job.
   */
  offerFirst(slot: number, completionMs: number, startMs: number, j: number): boolean {
    const at = slot * STRIDE;
    const r = this.records;
    const firstCompletion = r[at + FIRST_COMPLETION_MS]!;
    const firstStart = r[at + FIRST_START_MS]!;
    const earlier =
      completionMs < firstCompletion ||
      (completionMs === firstCompletion && (startMs < firstStart || (startMs === firstStart && j < r[at + FIRST_JOB]!)));
    if (!earlier) return false;
    r[at + FIRST_COMPLETION_MS] = completionMs;
    r[at + FIRST_START_MS] = startMs;
    r[at + FIRST_JOB] = j;
    return true;
  }

  /** One batched job of the round completed; returns how many are still out. */
  completeOne(slot: number): number {
    return --this.records[slot * STRIDE + PENDING]!;
  }

  /** When the round's jobs served alone complete. */
  lastKnownMs(slot: number): number {
    return this.records[slot * STRIDE + LAST_KNOWN_MS]!;
  }

  private grow(slot: number): void {
    let length = this.records.length;
    while ((slot + 1) * STRIDE > length) length *= 2;
    this.records = grown(this.records, length);
  }
}
