/**
 * The market the hardware and money tests compute by hand: one inference node serving 1000 ms of work at
 * relative speed 2 (500 ms billed), three evaluators of 100 ms each, ten rounds, priced energy and hardware.
 */
export const handMarket = (extra = '', inference = '- { model: fixed, count: 1, hardware: mine, region: flat }') => `
name: energy
seed: 3
profile: ../profiles/hardware.yaml
stop: { requests: 10 }
analysis: { warmup: none }
regions:
  flat: { electricityUsdPerKwh: 0.2 }
hardware:
  mine: { relativeSpeed: 2, powerWatts: { idle: 50, busy: 300 }, purchase: { priceUsd: 8766, lifetimeYears: 1 } }
  evalhw: { relativeSpeed: 1, powerWatts: { idle: 10, busy: 100 }, costUsdPerHour: 0.36 }
network:
  inference:
    ${inference}
  evaluators:
    - { model: judge, count: 3, hardware: evalhw, region: flat }
${extra}`;
