/**
 * Electricity prices by region: constant, or by local hour of the day.
 * Virtual time 0 is 00:00 UTC; a region's local hour is UTC plus its
 * offset. Prices are USD per kWh, kept as 24 hourly values per region in
 * one typed array, so a lookup on the payment path allocates nothing.
 */

/** A region's price: 24 hourly prices (a constant price repeats one) and its offset from UTC. */
export interface RegionPrice {
  readonly hourly: readonly number[];
  readonly utcOffsetHours: number;
}

const MS_PER_HOUR = 3_600_000;
const HOURS = 24;

export class ElectricityPrices {
  private readonly table: Float64Array;
  private readonly offsetMs: Float64Array;
  private readonly dailySum: Float64Array;

  constructor(regions: readonly RegionPrice[]) {
    this.table = new Float64Array(regions.length * HOURS);
    this.offsetMs = Float64Array.from(regions, (r) => r.utcOffsetHours * MS_PER_HOUR);
    this.dailySum = Float64Array.from(regions, (r) => r.hourly.reduce((a, p) => a + p, 0));
    regions.forEach((r, i) => this.table.set(r.hourly, i * HOURS));
  }

  /** USD per kWh in `region` at virtual time `nowMs`: the price of the local hour it falls in. */
  priceAt(region: number, nowMs: number): number {
    const local = (nowMs + this.offsetMs[region]!) / MS_PER_HOUR;
    const hour = Math.floor(local - HOURS * Math.floor(local / HOURS));
    return this.table[region * HOURS + (hour < HOURS ? hour : 0)]!;
  }

  /** The mean price over a day: what an expected cost assumes. */
  meanPrice(region: number): number {
    return this.dailySum[region]! / HOURS;
  }

  /** ∫ price dt over [0, untilMs], in USD/kWh × ms: whole days at once, then hour by hour. */
  integralMs(region: number, untilMs: number): number {
    const dayMs = HOURS * MS_PER_HOUR;
    const days = Math.floor(untilMs / dayMs);
    let sum = days * this.dailySum[region]! * MS_PER_HOUR;
    for (let t = days * dayMs; t < untilMs;) {
      const local = (t + this.offsetMs[region]!) / MS_PER_HOUR;
      const nextHourMs = (Math.floor(local) + 1) * MS_PER_HOUR - this.offsetMs[region]!;
      const end = Math.min(untilMs, Math.max(nextHourMs, t + 1e-9));
      sum += this.priceAt(region, t) * (end - t);
      t = end;
    }
    return sum;
  }
}
