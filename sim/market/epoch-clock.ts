/**
 * Epochs (issue 18): the pool's payouts, the reward controller and entry and
 * exit all act when an epoch ends. An epoch ends lazily, at the first event
 * after its end that can be affected by it (an arrival, or a round being
 * paid) and at the run's close, at its end's virtual time: not by an event
 * of its own, which would outlive the last round and move the run's end.
 * Built only when a scenario declares one of them; otherwise the market
 * never looks at a clock.
 */

/** Something that acts at each epoch's end, in the order the clock was given them. */
export interface EpochListener {
  /**
   * The epoch numbered `epoch` (from 0) ended at `endMs`. `fraction` is 1,
   * or less for the run's last, partial epoch (its share of a full one).
   */
  epochEnded(endMs: number, epoch: number, fraction: number): void;
}

export class EpochClock {
  /** Virtual time the epoch under way began. */
  startMs = 0;
  /** Virtual time it ends: an event later than this ends it first. */
  nextEndMs: number;
  /** Epochs ended so far (the last partial one included, once the run has closed). */
  ended = 0;

  constructor(
    readonly epochMs: number,
    private readonly listeners: readonly EpochListener[],
  ) {
    this.nextEndMs = epochMs;
  }

  /** Ends every epoch that ended before `nowMs` (a round paid exactly at an epoch's end belongs to it). */
  advance(nowMs: number): void {
    while (nowMs > this.nextEndMs) this.end(1);
  }

  /** At the run's close, `nowMs`: ends the epochs ended by then, and the last partial one pro rata. */
  finish(nowMs: number): void {
    while (nowMs >= this.nextEndMs) this.end(1);
    if (nowMs > this.startMs) {
      const fraction = (nowMs - this.startMs) / this.epochMs;
      this.nextEndMs = nowMs;
      this.end(fraction);
    }
  }

  private end(fraction: number): void {
    const endMs = this.nextEndMs;
    const epoch = this.ended;
    for (const listener of this.listeners) listener.epochEnded(endMs, epoch, fraction);
    this.ended++;
    this.startMs = endMs;
    this.nextEndMs = endMs + this.epochMs;
  }
}
