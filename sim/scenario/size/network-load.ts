/**
 * How big a run will be, from the scenario alone, before a node is built:
 * how many nodes and server slots, how many requests are in flight at the
 * peak, and how long (in virtual time) the run lasts. memory-estimate.ts
 * turns these into bytes.
 *
 * Requests in flight come from a fluid model of the queues. In `rounds`
 * mode there is one request at a time. In `poisson` mode each server (a
 * node, or the one physical node behind a Sybil population) receives its
 * share of the arrival rate λ (by routing weight for inference nodes; evaluators
 * receive K jobs per request, spread evenly) and serves c / s requests per
 * millisecond (concurrency c, mean service time s). A stable server holds
 * ρ / (1 − ρ) requests on average (M/M/1; fewer with c > 1); an overloaded
 * one accumulates (arrivals − capacity) · t, so a network that cannot keep
 * up holds most of what arrived by the end of the arrivals: the horizon is
 * `stop.timeSeconds`, or the time to generate `stop.requests` or
 * `stop.events`, whichever comes first. Nothing is in flight that has not
 * arrived, so the count never exceeds the arrivals. It is a mean, not a
 * maximum: the memory estimate allows for the doubling of the tables that
 * hold requests, which covers the fluctuations of a stable network.
 */
import { type BatchLatency, interpolate } from '../../profile/batch-latency.js';
import { latencyMultiplier } from '../../profile/hardware-speed.js';
import type { Profile } from '../../profile/schema.js';
import { type Distribution, moments } from '../../random/distribution.js';
import type { PopulationPart } from '../populations.js';
import type { NodeRole } from '../resolved.js';
import type { Scenario } from '../schema.js';

/** A homogeneous part of the network, and the scenario field that sets its size. */
export interface LoadPart {
  readonly role: NodeRole;
  readonly part: PopulationPart;
  /** Path of the field that sets how many nodes the part has, for messages. */
  readonly sizePath: readonly PropertyKey[];
  /** Path of the population (or mix entry) the part comes from. */
  readonly path: readonly PropertyKey[];
}

/** A tier's latency multiplier for a model, when the resolver knows it (scenario and catalogue tiers); undefined: the profile's. */
export type SpeedOf = (role: NodeRole, hardware: string, model: string) => number | undefined;

export interface NetworkLoad {
  readonly inferenceNodes: number;
  readonly evaluatorNodes: number;
  /** Server slots over both roles (a server has `concurrency` of them; Sybil identities share one server). */
  readonly serverSlots: number;
  /** The part with the most slots per server, and its path: where a huge `concurrency` is written. */
  readonly widestServer: { readonly slots: number; readonly path: readonly PropertyKey[] };
  /** Requests in flight at the peak (see above). */
  readonly pendingRequests: number;
  /** Virtual duration of the run in milliseconds (for the timeseries rows). */
  readonly durationMs: number;
  /** Population parts (one per population and model): the cells of the run's round series. */
  readonly cells: number;
}

interface Server {
  /** Servers alike (a non-Sybil part has one per node). */
  readonly servers: number;
  /** Identities sharing one server: 1, or the size of a Sybil part. */
  readonly identities: number;
  readonly concurrency: number;
  /** Mean service time of one job; for a batching server, its share of a full batch (its best throughput). */
  readonly serviceMs: number;
  /** Jobs a batching server may hold while its batch fills (its maxSize; 0 when it serves jobs alone). */
  readonly filling: number;
}

function meanOverTasks(tasks: readonly string[], weights: readonly number[], of: (task: string) => Distribution): number {
  const total = weights.reduce((a, w) => a + w, 0);
  return tasks.reduce((sum, task, i) => sum + (weights[i]! / total) * moments(of(task)).mean, 0);
}

export function networkLoad(
  scenario: Scenario,
  profile: Profile,
  tasks: readonly string[],
  taskWeights: readonly number[],
  parts: readonly LoadPart[],
  speedOf?: SpeedOf,
): NetworkLoad {
  const mean = (of: (task: string) => Distribution) => meanOverTasks(tasks, taskWeights, of);
  // The tier's latency multiplier (1 / relativeSpeed), as the market applies it: a scenario or catalogue tier's through speedOf.
  const speed = (part: PopulationPart, role: NodeRole = 'inference') => {
    const hardware = part.hardware ?? profile.referenceHardware;
    const given = speedOf?.(role, hardware, role === 'inference' ? servedModel(profile, part) : part.model);
    if (given !== undefined) return given;
    const tier = profile.hardware[hardware];
    return tier ? latencyMultiplier(tier) : 1;
  };
  const inference = parts.filter((p) => p.role === 'inference');
  const evaluators = parts.filter((p) => p.role === 'evaluator');
  const fServers = inference.map(({ part }) =>
    serverOf(
      part,
      mean((task) => profile.inferenceModels[servedModel(profile, part)]!.tasks[task]!.latencyMs) * speed(part),
      profile.inferenceModels[servedModel(profile, part)]!.batchLatency,
    ),
  );
  const mServers = evaluators.map(({ part }) =>
    serverOf(
      part,
      mean((task) => profile.evaluatorModels[part.model]!.latencyMs[task]!) * speed(part, 'evaluator'),
      profile.evaluatorModels[part.model]!.batchLatency,
    ),
  );
  const weights = inference.map(({ part }) => routingWeight(scenario, profile, part, mean, speed(part)));

  const inferenceNodes = inference.reduce((a, { part }) => a + part.count, 0);
  const evaluatorNodes = evaluators.reduce((a, { part }) => a + part.count, 0);
  const common = {
    inferenceNodes,
    evaluatorNodes,
    ...slotsOf([...inference, ...evaluators], [...fServers, ...mServers]),
    cells: parts.length,
  };

  const k = scenario.mechanism.evaluatorsPerRound;
  const revealMs = scenario.mechanism.commitReveal?.enabled ? moments(scenario.mechanism.commitReveal.revealDelayMs).mean : 0;
  if (scenario.demand.mode === 'rounds' || inferenceNodes === 0 || evaluatorNodes === 0) {
    const roundMs = averageService(fServers) + Math.max(0, ...mServers.map((s) => s.serviceMs)) + revealMs;
    const rounds = roundMs > 0 ? 1 / roundMs : Number.POSITIVE_INFINITY;
    return { ...common, pendingRequests: 1, durationMs: duration(scenario, rounds, 3 * rounds) };
  }
  return { ...common, ...poissonLoad(scenario, fServers, weights, mServers, k, revealMs) };
}

/**
 * The servers of a part: one per node, or one shared by every identity of a
 * Sybil part. A batching part serves at its full batches' rate (a batch of
 * maxSize takes factor(maxSize) single latencies), and may hold up to
 * maxSize jobs while a batch fills.
 */
function serverOf(part: PopulationPart, serviceMs: number, curve: BatchLatency | undefined): Server {
  const batching = part.batching !== undefined && curve !== undefined ? part.batching.maxSize : 0;
  const perJob = batching > 0 ? (serviceMs * interpolate(curve!.points, batching)) / batching : serviceMs;
  return {
    servers: part.sybil ? 1 : part.count,
    identities: part.sybil ? part.count : 1,
    concurrency: part.concurrency,
    serviceMs: Math.max(perJob, Number.MIN_VALUE),
    filling: batching,
  };
}

/** The model a part's nodes actually run: a substitute's, when they claim another. */
function servedModel(profile: Profile, part: PopulationPart): string {
  // A substitute that names no model of the profile is reported by the resolver; until then, count the claimed one.
  const substitute = part.behaviour?.find((b) => b.kind === 'substitute-model');
  return substitute && substitute.kind === 'substitute-model' && substitute.serve in profile.inferenceModels
    ? substitute.serve
    : part.model;
}

/** Server slots over all parts, and the part with the most slots per server (the first, on a tie). */
function slotsOf(parts: readonly LoadPart[], servers: readonly Server[]): Pick<NetworkLoad, 'serverSlots' | 'widestServer'> {
  let serverSlots = 0;
  let widestServer: NetworkLoad['widestServer'] = { slots: 0, path: [] };
  parts.forEach(({ path }, i) => {
    const server = servers[i]!;
    serverSlots += server.servers * server.concurrency;
    if (server.concurrency > widestServer.slots) widestServer = { slots: server.concurrency, path: [...path, 'concurrency'] };
  });
  return { serverSlots, widestServer };
}

/** The share of requests a part's nodes get: uniform, or by expected quality per expected cost (reputation starts uniform). */
function routingWeight(
  scenario: Scenario,
  profile: Profile,
  part: PopulationPart,
  mean: (of: (task: string) => Distribution) => number,
  speed: number,
): number {
  if (scenario.mechanism.routing.policy !== 'quality-per-cost') return 1;
  const model = profile.inferenceModels[part.model]!;
  const tier = profile.hardware[part.hardware ?? profile.referenceHardware];
  const cost = mean((task) => model.tasks[task]!.latencyMs) * speed * ((tier?.costUsdPerHour.value ?? 0) / 3_600_000);
  return mean((task) => model.tasks[task]!.quality) / Math.max(cost, Number.MIN_VALUE);
}

function averageService(servers: readonly Server[]): number {
  const count = servers.reduce((a, s) => a + s.servers * s.identities, 0);
  return count > 0 ? servers.reduce((a, s) => a + s.servers * s.identities * s.serviceMs, 0) / count : 0;
}

/** Virtual duration: the stop time, or the time to settle `stop.requests` at `throughput` (per ms), or to generate `stop.events`. */
function duration(scenario: Scenario, throughput: number, eventsRate: number): number {
  const { timeSeconds, requests, events } = scenario.stop;
  const bounds = [
    timeSeconds === undefined ? Infinity : timeSeconds * 1000,
    requests === undefined ? Infinity : requests / throughput,
    events === undefined ? Infinity : events / eventsRate,
  ];
  return Math.min(...bounds);
}

/** Requests held by a set of servers: stable ones ρ / (1 − ρ) each, overloaded ones their excess over the horizon. */
function held(
  servers: readonly Server[],
  arrivalPerIdentity: (i: number) => number,
  horizonMs: number,
): { held: number; served: number; overloadedShare: number } {
  let total = 0;
  let served = 0;
  let overloaded = 0;
  let identities = 0;
  servers.forEach((server, i) => {
    const arrivals = arrivalPerIdentity(i) * server.identities;
    const capacity = server.concurrency / server.serviceMs;
    const rho = arrivals / capacity;
    identities += server.servers * server.identities;
    served += server.servers * Math.min(arrivals, capacity);
    total += server.servers * server.filling;
    if (rho < 1) {
      total += server.servers * Math.min(rho / (1 - rho), arrivals * horizonMs);
    } else {
      total += server.servers * (server.concurrency + (arrivals - capacity) * horizonMs);
      overloaded += server.servers * server.identities;
    }
  });
  return { held: total, served, overloadedShare: identities > 0 ? overloaded / identities : 0 };
}

function poissonLoad(
  scenario: Scenario,
  fServers: readonly Server[],
  weights: readonly number[],
  mServers: readonly Server[],
  k: number,
  revealMs: number,
) {
  const lambda = scenario.demand.ratePerSecond! / 1000;
  // Arrivals end at the stop time, at the last of stop.requests, or with stop.events (each arrival is an event).
  const { timeSeconds, requests, events } = scenario.stop;
  const horizonMs = Math.min(
    timeSeconds === undefined ? Infinity : timeSeconds * 1000,
    requests === undefined ? Infinity : requests / lambda,
    events === undefined ? Infinity : events / lambda,
  );
  const arrivals = lambda * horizonMs;
  // Weights that cannot be normalized (every expected quality 0, say) route as the uniform policy would.
  const weightTotal = fServers.reduce((a, s, i) => a + s.servers * s.identities * weights[i]!, 0);
  const share =
    weightTotal > 0 && Number.isFinite(weightTotal)
      ? (i: number) => weights[i]! / weightTotal
      : () => 1 / fServers.reduce((a, s) => a + s.servers * s.identities, 0);
  const f = held(fServers, (i) => lambda * share(i), horizonMs);
  const pool = mServers.reduce((a, s) => a + s.servers * s.identities, 0);
  const m = held(mServers, () => (k * f.served) / pool, horizonMs);
  // A stuck request holds about K · (share of overloaded evaluators) of the jobs waiting, and at least one.
  const evaluating = m.held / Math.max(1, k * m.overloadedShare);
  const throughput = Math.min(f.served, m.served / k);
  // A distribution without a finite mean makes the model's terms undefined: then count every arrival.
  const modelled = f.held + evaluating + throughput * revealMs;
  const pendingRequests = Number.isNaN(modelled) ? arrivals : Math.min(arrivals, modelled);
  // Three events per request (arrival, inference, evaluations), but arrivals alone while requests pile up.
  return { pendingRequests, durationMs: duration(scenario, Math.min(lambda, throughput), lambda + 2 * throughput) };
}
