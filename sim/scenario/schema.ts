/**
 * The scenario file: one zod schema that is at once the TypeScript type,
 * the validator, the defaults and (through z.toJSONSchema) the editor
 * schema. Every choice the cost-aware PoQ paper leaves open is a field here
 * with a documented default.
 */
import * as z from 'zod';
import { BatchingSchema } from './batching-schema.js';
import { EconomicsSectionSchema } from './economics-schema.js';
import { ControllerSchema } from './controller-schema.js';
import { PoolSchema } from './pool-schema.js';
import { HardwareSectionSchema, RegionsSectionSchema } from './hardware-schema.js';
import { EvaluatorBehaviourListSchema, InferenceBehaviourListSchema } from './behaviour-schema.js';
import { AuditSchema, CommitRevealSchema, EvaluatorSelectionSchema, ReputationSchema, StakeSchema } from './defence-schema.js';
import { QualityDimensionsSettingSchema } from './quality-dimensions-schema.js';
import { SpotCheckSchema } from './spot-check-schema.js';
import { CascadeSchema } from './cascade-schema.js';
import { SeedSchema, StoppingSchema, SweepSchema } from './experiment-schema.js';
import { ExploitSchema, SensitivitySchema, TuneSchema } from './study-schema.js';
import { ReportSchema } from './report-schema.js';
import { TimeseriesIntervalReplaced, TimeseriesSchema } from './timeseries-schema.js';

const Identifier = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lower-case letters, digits, ".", "_" and "-"');

export const DemandSchema = z
  .strictObject({
    mode: z
      .enum(['rounds', 'poisson'])
      .default('rounds')
      .describe(
        'rounds: the paper’s Monte Carlo, one prompt per round, each round starting when the previous one settles (no queueing); poisson: requests arrive as a Poisson process and queue at busy nodes',
      ),
    ratePerSecond: z.number().positive().optional().describe('Poisson arrival rate of requests (poisson mode only)'),
    taskMix: z
      .record(Identifier, z.number().nonnegative())
      .optional()
      .describe('Relative weight of each task of the profile; default: all tasks equally'),
  })
  .superRefine((demand, ctx) => {
    if (demand.mode === 'poisson' && demand.ratePerSecond === undefined) {
      ctx.addIssue({ code: 'custom', path: ['ratePerSecond'], message: 'required when mode is "poisson"' });
    }
    if (demand.mode === 'rounds' && demand.ratePerSecond !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['ratePerSecond'], message: 'only applies when mode is "poisson"' });
    }
    if (demand.taskMix && !Object.values(demand.taskMix).some((w) => w > 0)) {
      ctx.addIssue({ code: 'custom', path: ['taskMix'], message: 'needs at least one positive weight' });
    }
  });

export const StopSchema = z
  .strictObject({
    requests: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Number of requests (rounds) to generate; the run ends when all of them have settled'),
    timeSeconds: z.number().positive().optional().describe('Virtual time at which the run ends; unsettled requests are not counted'),
    events: z
      .number()
      .int()
      .positive()
      .optional()
      .describe(
        'Maximum number of engine events: three per request (arrival, end of inference, end of its last evaluation), four with commit–reveal',
      ),
  })
  .refine((stop) => stop.requests !== undefined || stop.timeSeconds !== undefined || stop.events !== undefined, {
    error: 'give at least one of requests, timeSeconds, events',
  });

/** Relative weights over ids, e.g. `{ llama-3.2-3b: 3, phi-3-mini: 1 }`; nodes are split in proportion. */
const WeightMap = z
  .record(Identifier, z.number().nonnegative())
  .refine((weights) => Object.values(weights).some((w) => w > 0), { error: 'needs at least one positive weight' });

const PopulationBase = {
  name: Identifier.optional().describe(
    'Group name, unique in the network; default: the model id (or the population’s position when the model is a mix)',
  ),
  model: z
    .union([Identifier, WeightMap], { error: 'a model id of the profile, or a mapping from model ids to relative weights' })
    .describe(
      'Model id from the calibration profile, or a mapping from model ids to relative weights: the population’s nodes are split in proportion',
    ),
  count: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe('Number of nodes (give count or fraction); 0 leaves the population empty, e.g. at one end of a sweep'),
  fraction: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe('Share of the section’s total (network.inferenceNodes or network.evaluatorNodes); the fractions of a section sum to 1'),
  hardware: z
    .union([Identifier, WeightMap], { error: 'a hardware tier id, or a mapping from tiers to relative weights' })
    .optional()
    .describe(
      'Hardware tier (the scenario’s `hardware:`, then the profile’s, then the shipped catalogue’s), or a mapping from tiers to relative weights; default: the profile’s reference hardware',
    ),
  region: z
    .union([Identifier, WeightMap], { error: 'a region id of `regions:`, or a mapping from regions to relative weights' })
    .optional()
    .describe('Electricity region (from `regions:`), or a mapping from regions to relative weights; default: none (energy unpriced)'),
  concurrency: z
    .number()
    .int()
    .positive()
    .default(1)
    .describe('Requests a node serves at once; more wait in a FIFO queue (with batching: batches it runs at once)'),
  batching: BatchingSchema.optional(),
  candidate: z
    .boolean()
    .optional()
    .describe('The nodes start outside the market and join when `economics.entry` says it pays (default: they are in from the start)'),
  operator: Identifier.optional().describe(
    'Who runs these nodes; populations sharing an operator form a ring (default: every node is its own operator)',
  ),
  sybil: z
    .boolean()
    .default(false)
    .describe('The population’s nodes are identities of one physical node: they share one queue and its concurrency'),
};

/** Population fields a `mix` entry may override: everything but the population's size and name. */
type MixableFields<F extends Record<string, z.ZodType>> = Omit<F, 'name' | 'count' | 'fraction'>;

/**
 * A population schema from its fields, with `mix`: weighted variants of the
 * population (a different model, hardware tier, behaviour, …) that split its
 * nodes in proportion to their weights. Defaults are not filled inside a mix
 * entry, so an entry overrides only what it names.
 */
function populationSchema<F extends typeof PopulationBase>(fields: F) {
  const mixable = Object.fromEntries(
    Object.entries(fields)
      .filter(([key]) => key !== 'name' && key !== 'count' && key !== 'fraction')
      .map(([key, schema]) => [key, withoutDefault(schema).optional()]),
  ) as { [K in keyof MixableFields<F>]: z.ZodOptional<z.ZodType<z.output<F[K]>, z.input<F[K]>>> };
  const MixEntry = z.strictObject({
    weight: z.number().positive().describe('Relative weight of this variant within the population'),
    ...mixable,
  });
  return z
    .strictObject({
      ...fields,
      mix: z
        .array(MixEntry)
        .min(1)
        .optional()
        .describe('Weighted variants of this population, each overriding some of its fields (e.g. a behaviour for 10% of the nodes)'),
    })
    .superRefine((population, ctx) => {
      const { count, fraction } = population as { count?: number; fraction?: number };
      if (count === undefined && fraction === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['count'],
          message: 'give count (a number of nodes) or fraction (a share of the section’s total)',
        });
      }
      if (count !== undefined && fraction !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['fraction'], message: 'give count or fraction, not both' });
      }
    });
}

function withoutDefault(schema: z.ZodType): z.ZodType {
  const def = (schema as unknown as { _zod: { def: { type: string; innerType?: z.ZodType } } })._zod.def;
  return def.type === 'default' && def.innerType ? def.innerType : schema;
}

export const InferencePopulationSchema = populationSchema({
  ...PopulationBase,
  behaviour: InferenceBehaviourListSchema.optional().describe('Adversarial behaviour(s), composed in order; default: honest'),
});
export const EvaluatorPopulationSchema = populationSchema({
  ...PopulationBase,
  behaviour: EvaluatorBehaviourListSchema.optional().describe('Adversarial behaviour(s), composed in order; default: honest'),
});

export const NetworkSchema = z.strictObject({
  inferenceNodes: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('Total number of F nodes, divided among inference populations that give a fraction'),
  evaluatorNodes: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('Total number of M nodes, divided among evaluator populations that give a fraction'),
  inference: z.array(InferencePopulationSchema).min(1).describe('F nodes (inference)'),
  evaluators: z.array(EvaluatorPopulationSchema).min(1).describe('M nodes (evaluators)'),
});

export const RoutingSchema = z.discriminatedUnion('policy', [
  z.strictObject({ policy: z.literal('uniform') }).describe('Each request goes to an F node chosen uniformly (the paper)'),
  z
    .strictObject({ policy: z.literal('quality-per-cost') })
    .describe('Probability proportional to the node’s expected quality divided by its expected cost, from the profile'),
  z
    .strictObject({
      policy: z.literal('reputation'),
      exponent: z.number().nonnegative().default(1).describe('Selection weight = reputation^exponent'),
    })
    .describe('Probability proportional to the node’s reputation (mechanism.reputation), a moving average of its consensus quality'),
]);

/** The trust update of arXiv 2601.21189 (sim/mechanism/multiplicative-trust.ts). */
const MultiplicativeTrustSchema = z
  .strictObject({
    rule: z.literal('multiplicative-trust'),
    rate: z.number().positive().default(0.1).describe('λ: each round multiplies a weight by 1 + λ(pivot − d)'),
    pivot: z
      .number()
      .nonnegative()
      .default(0.5)
      .describe('The deviation d at which a weight holds: below it the weight grows, above it shrinks (the paper’s 0.5)'),
    scale: z
      .number()
      .positive()
      .default(1)
      .describe('d = |s − C| / scale: 1 for scores on [0, 1] (the paper’s /10 on its 0–10 scores gives the same d)'),
    minWeight: z.number().nonnegative().default(0.1).describe('w_min: the lowest weight an evaluator can fall to'),
    maxWeight: z.number().positive().default(2).describe('w_max: the highest weight an evaluator can reach'),
    initialWeight: z
      .number()
      .nonnegative()
      .default(1)
      .describe('Every evaluator’s weight before its first round, in [minWeight, maxWeight]'),
    gold: z
      .number()
      .gt(0)
      .max(1)
      .optional()
      .describe(
        'Anchors trust outside the round: the share of rounds that are gold items, whose true quality is known; the weights learn only on them, each evaluator’s d measured against what it would score honestly on the item instead of the consensus',
      ),
  })
  .superRefine((trust, ctx) => {
    if (!(trust.maxWeight > trust.minWeight)) {
      ctx.addIssue({ code: 'custom', path: ['maxWeight'], message: `must be greater than minWeight (${trust.minWeight})` });
    } else if (trust.initialWeight < trust.minWeight || trust.initialWeight > trust.maxWeight) {
      ctx.addIssue({
        code: 'custom',
        path: ['initialWeight'],
        message: `must lie in [minWeight, maxWeight] = [${trust.minWeight}, ${trust.maxWeight}]`,
      });
    }
  })
  .describe(
    'Weighted mean with weights from past rounds, each updated w ← clip(w·(1 + λ(pivot − d)), w_min, w_max) with d = |s − C| / scale (arXiv 2601.21189)',
  );

export const ConsensusSchema = z.discriminatedUnion('rule', [
  z.strictObject({ rule: z.literal('mean') }).describe('Arithmetic mean of the K scores (the paper’s baseline)'),
  z.strictObject({ rule: z.literal('median') }).describe('Median of the K scores'),
  z
    .strictObject({
      rule: z.literal('trimmed-mean'),
      trimFraction: z
        .number()
        .min(0)
        .lt(0.5)
        .default(0.2)
        .describe('Fraction of scores dropped at each end (floor(trimFraction · K)); 0 is the mean'),
    })
    .describe('Mean after dropping the lowest and highest scores'),
  z
    .strictObject({
      rule: z.literal('trust-weighted'),
      smoothing: z
        .number()
        .gt(0)
        .max(1)
        .default(0.05)
        .describe('Weight of the newest round in each evaluator’s moving average deviation |s − C|'),
      temperature: z.number().positive().default(0.05).describe('Weight of an evaluator = exp(−deviation / temperature)'),
    })
    .describe('Weighted mean whose evaluator weights fall with each evaluator’s past deviation from consensus'),
  MultiplicativeTrustSchema,
]);

export const AgreementSchema = z.strictObject({
  form: z
    .enum(['absolute', 'squared', 'gaussian'])
    .default('absolute')
    .describe('absolute: 1 − |s − C|; squared: 1 − (s − C)²; gaussian: exp(−(s − C)² / (2·width²))'),
  width: z.number().positive().default(0.1).describe('Width of the gaussian form'),
  includeOwnScore: z
    .boolean()
    .default(true)
    .describe('Whether an evaluator’s own score is inside the consensus it is compared with (false: leave-one-out)'),
});

export const QualityNormalizationSchema = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('identity') }).describe('Consensus scores are already on [0, 1]'),
  z
    .strictObject({ method: z.literal('range'), min: z.number(), max: z.number() })
    .describe('q = (C − min) / (max − min), clipped to [0, 1]'),
]);

export const CostNormalizationSchema = z
  .strictObject({
    method: z
      .enum(['minmax', 'max', 'fixed'])
      .default('minmax')
      .describe(
        'minmax: (c − lo) / (hi − lo) with lo, hi the lowest and highest expected cost among the nodes of the same role; max: c / hi; fixed: (c − min) / (max − min) with the bounds given',
      ),
    min: z.number().nonnegative().optional().describe('Lower bound per request, in the cost measure’s unit (fixed only)'),
    max: z.number().positive().optional().describe('Upper bound per request, in the cost measure’s unit (fixed only)'),
    signal: z
      .enum(['request', 'model-mean'])
      .default('request')
      .describe('request: the cost of this request; model-mean: the expected cost of the node’s model and hardware'),
    basis: z
      .enum(['service', 'sojourn'])
      .default('service')
      .describe('service: compute time only; sojourn: time in the node including queueing'),
    clip: z.boolean().default(true).describe('Clip the normalized cost to [0, 1]'),
    measure: z
      .enum(['usd', 'latency', 'energy'])
      .optional()
      .describe(
        'What a job’s cost is measured in: usd (default): billed time × the tier’s hourly price, plus its busy energy × the region’s price; latency: billed milliseconds (the paper’s); energy: joules, busy power × billed time',
      ),
  })
  .superRefine((cost, ctx) => {
    if (cost.method === 'fixed') {
      if (cost.min === undefined) ctx.addIssue({ code: 'custom', path: ['min'], message: 'required when method is "fixed"' });
      if (cost.max === undefined) ctx.addIssue({ code: 'custom', path: ['max'], message: 'required when method is "fixed"' });
      if (cost.min !== undefined && cost.max !== undefined && !(cost.max > cost.min)) {
        ctx.addIssue({ code: 'custom', path: ['max'], message: `must be greater than min (${cost.min})` });
      }
    } else if (cost.min !== undefined || cost.max !== undefined) {
      ctx.addIssue({ code: 'custom', path: [cost.min !== undefined ? 'min' : 'max'], message: 'only applies when method is "fixed"' });
    }
  });

const RewardGate = z
  .number()
  .min(0)
  .max(1)
  .optional()
  .describe('Quality gate q₀ on [0, 1]: a round of quality below it is not paid at all (R = 0, not −β·cost), whatever the form');

export const RewardRuleSchema = z.discriminatedUnion('form', [
  z.strictObject({ form: z.literal('linear'), gate: RewardGate }).describe('R = α·q − β·c, the paper’s rule'),
  z
    .strictObject({
      form: z.literal('quality-per-cost'),
      floor: z.number().positive().describe('Lowest normalized cost divided by, > 0: R = α·q / max(c, floor)'),
      gate: RewardGate,
    })
    .describe('R = α·q / max(c, floor): quality per normalized cost; β is not used'),
  z
    .strictObject({
      form: z.literal('power'),
      gamma: z.number().positive().describe('Exponent γ of quality, > 0'),
      delta: z.number().positive().describe('Exponent δ of cost, > 0'),
      gate: RewardGate,
    })
    .describe('R = α·q^γ − β·c^δ'),
  z
    .strictObject({
      form: z.literal('threshold'),
      q0: z.number().min(0).max(1).describe('Quality q₀ on [0, 1] at and above which α is paid'),
      gate: RewardGate,
    })
    .describe('R = α when q ≥ q₀, else 0; minus β·c in both cases'),
]);

export const RewardSchema = z.strictObject({
  alpha: z.number().nonnegative().default(1).describe('Weight α of quality in R = α·quality − β·cost'),
  beta: z.number().nonnegative().default(0.5).describe('Weight β of cost in R = α·quality − β·cost'),
  quality: QualityNormalizationSchema.prefault({ method: 'identity' }),
  cost: CostNormalizationSchema.prefault({}),
  agreement: AgreementSchema.prefault({}),
  clip: z.enum(['none', 'non-negative', 'unit']).default('none').describe('Clip each reward: none, to [0, ∞), or to [0, 1]'),
  rule: RewardRuleSchema.optional().describe('The per-round reward rule (absent: linear), its reward then clipped by clip'),
  pool: PoolSchema.optional().describe('A fixed emission per epoch split by score (absent: each round’s R is paid as it settles)'),
  controller: ControllerSchema.optional(),
});

export const MechanismSchema = z.strictObject({
  routing: RoutingSchema.prefault({ policy: 'uniform' }),
  evaluatorsPerRound: z.number().int().positive().default(3).describe('K: evaluators sampled per round, uniformly without replacement'),
  consensus: ConsensusSchema.prefault({ rule: 'mean' }),
  rewards: RewardSchema.prefault({}),
  evaluatorSelection: EvaluatorSelectionSchema.prefault({ policy: 'uniform' }),
  audits: AuditSchema.optional(),
  spotChecks: SpotCheckSchema.optional(),
  cascade: CascadeSchema.optional(),
  qualityDimensions: QualityDimensionsSettingSchema.optional(),
  commitReveal: CommitRevealSchema.optional(),
  stake: StakeSchema.prefault({}),
  reputation: ReputationSchema.prefault({}),
});

export const OutputSchema = z.strictObject({
  timeseries: TimeseriesSchema.optional(),
  timeseriesIntervalSeconds: TimeseriesIntervalReplaced,
});

export const WarmupSchema = z
  .union(
    [
      z.enum(['auto', 'none']),
      z.strictObject({ requests: z.number().int().nonnegative().describe('Delete the first so many settled rounds') }),
      z.strictObject({ seconds: z.number().nonnegative().describe('Delete the rounds settled in the first so many virtual seconds') }),
    ],
    { error: 'auto, none, { requests: N } or { seconds: S }' },
  )
  .default('auto')
  .describe(
    'Warm-up deleted from every steady-state mean and interval of a run (totals keep it): auto finds it by MSER-5; none keeps every round; or a number of rounds or seconds (rounded up to the end of a stretch of rounds)',
  );

export const AnalysisSchema = z.strictObject({
  warmup: WarmupSchema,
  batches: z
    .number()
    .int()
    .min(2)
    .max(64)
    .default(10)
    .describe(
      'Batches the per-run 95% intervals are computed from (non-overlapping batch means, Student-t with batches − 1 degrees of freedom); fewer, longer batches hold better when rounds are correlated',
    ),
  honestTwin: z
    .enum(['auto', 'always', 'never'])
    .default('auto')
    .describe(
      'Also run the scenario with every behaviour removed, same seed (common random numbers), to measure each deviation’s gain and honest nodes’ loss; auto: when any population has a behaviour',
    ),
  // No default: a field filled in by default would change every scenario's resolved form and hash.
  rewardDispersion: z
    .boolean()
    .optional()
    .describe(
      'Also report, per group, the spread of reward across its nodes: the standard deviation over nodes of each node’s mean reward per round and of its total reward over the run',
    ),
});

export const ReferenceSchema = z
  .strictObject({
    citation: z.string(),
    meanReward: z.record(Identifier, z.number()).describe('Published mean reward per model id, printed beside the simulated ones'),
  })
  .describe('Published results to compare with; never used by the simulation');

export const ScenarioSchema = z.strictObject({
  extends: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)], {
      error: 'a scenario file (a path relative to this file or a shipped scenario name), or a list of them',
    })
    .optional()
    .describe(
      'Scenario file(s) this one builds on: a path relative to this file or a shipped scenario name. Mappings merge key by key, lists and values replace, null removes an inherited field; with several files, later ones win',
    ),
  name: Identifier,
  description: z.string().optional(),
  seed: SeedSchema.default(1).describe('Root seed; every random stream is derived from it'),
  profile: z.string().min(1).describe('A shipped profile name (calibration/profiles/<name>) or a path relative to this file'),
  demand: DemandSchema.prefault({}),
  stop: StopSchema,
  network: NetworkSchema,
  hardware: HardwareSectionSchema.optional(),
  regions: RegionsSectionSchema.optional(),
  economics: EconomicsSectionSchema.optional(),
  mechanism: MechanismSchema.prefault({}),
  output: OutputSchema.prefault({}),
  analysis: AnalysisSchema.prefault({}),
  reference: ReferenceSchema.optional(),
  report: ReportSchema.optional(),
  sweep: SweepSchema.optional(),
  replications: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('Runs per sweep point, each with its own derived seed (poq-sim sweep); the minimum when a stopping rule is given; default 1'),
  stopping: StoppingSchema.optional(),
  exploit: ExploitSchema.optional(),
  sensitivity: SensitivitySchema.optional(),
  tune: TuneSchema.optional(),
});

export type Scenario = z.output<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type Demand = z.output<typeof DemandSchema>;
export type Mechanism = z.output<typeof MechanismSchema>;
export type RewardSpec = z.output<typeof RewardSchema>;
export type RewardRuleSpec = z.output<typeof RewardRuleSchema>;
export type ConsensusSpec = z.output<typeof ConsensusSchema>;
export type RoutingSpec = z.output<typeof RoutingSchema>;
export type AgreementSpec = z.output<typeof AgreementSchema>;
export type CostNormalizationSpec = z.output<typeof CostNormalizationSchema>;
export type QualityNormalizationSpec = z.output<typeof QualityNormalizationSchema>;
