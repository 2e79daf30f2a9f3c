/** A learner picks one arm (a deviation value) per epoch and learns from the epoch's mean profit. */
export interface Learner {
  /** The arm to play next. */
  choose(): number;
  /** The mean profit per round the arm earned over the epoch just played. */
  update(arm: number, meanProfit: number): void;
  /** The arm the learner currently believes best. */
  greedy(): number;
}
