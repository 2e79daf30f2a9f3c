/**
 * study.json as a report reads it: the fields the study figures, tables and
 * headline use, checked lightly (types and presence, not values), so a file
 * that is not a study's answer fails with one line naming the file and the
 * field instead of an error deep in a figure builder. The contract is
 * sim/study/study-results.ts; fields the report does not use are let through.
 */
import * as z from 'zod';
import { InputError } from '../../sim/input/input-error.js';
import { validateSource } from '../../sim/input/validate.js';
import { YamlSource } from '../../sim/input/yaml-source.js';
import { STUDY_FORMAT, type StudyFile } from '../../sim/study/study-results.js';

const Interval = z.tuple([z.number(), z.number()]);
const Estimate = z.looseObject({ mean: z.number(), ci: Interval.nullable(), replications: z.number() });
const Values = z.record(z.string(), z.unknown());
const Parameter = z.looseObject({ name: z.string(), path: z.string() });

const Base = {
  format: z.literal(STUDY_FORMAT),
  scenario: z.string(),
  question: z.string().nullable().optional(),
  points: z.number(),
  runs: z.number(),
  batches: z.number(),
  methods: z.array(z.string()),
};

const ExploitSearch = z.looseObject({
  family: z.string(),
  mechanism: z.string(),
  parameters: z.array(Parameter).min(1),
  best: Values,
  gain: Estimate,
  searchGain: z.number(),
  honestProfit: Estimate.nullable(),
  regret: z.number(),
  regretRelative: z.number().nullable(),
  evaluations: z.number(),
  stoppedBy: z.string(),
});

const Exploit = z.looseObject({
  ...Base,
  kind: z.literal('exploit'),
  metric: z.string(),
  mechanisms: z.array(z.looseObject({ name: z.string() })),
  searches: z.array(ExploitSearch),
  exploitability: z.array(z.looseObject({ mechanism: z.string(), family: z.string(), gain: Estimate })),
});

const SobolRow = z.looseObject({
  metric: z.string(),
  parameter: z.string(),
  first: z.number(),
  firstCi: Interval,
  total: z.number(),
  totalCi: Interval,
});

const MorrisRow = z.looseObject({
  metric: z.string(),
  parameter: z.string(),
  mu: z.number(),
  muStar: z.number(),
  muStarCi: Interval,
  sigma: z.number(),
});

const Sensitivity = z.looseObject({
  ...Base,
  kind: z.literal('sensitivity'),
  parameters: z.array(Parameter),
  metrics: z.array(z.looseObject({ id: z.string() })),
  replications: z.number(),
  sobol: z.looseObject({ samples: z.number(), points: z.number(), rows: z.array(SobolRow) }).nullable(),
  morris: z
    .looseObject({ trajectories: z.number(), levels: z.number(), delta: z.number(), points: z.number(), rows: z.array(MorrisRow) })
    .nullable(),
});

const Constraint = z.looseObject({
  id: z.string(),
  estimate: Estimate,
  deviation: Values.optional(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  met: z.boolean(),
});

const Environment = z.looseObject({
  environment: z.string(),
  objective: Estimate,
  constraints: z.array(Constraint),
  feasible: z.boolean(),
});

const Candidate = z.looseObject({
  candidate: z.number(),
  values: Values,
  environments: z.array(Environment),
  robust: z.boolean(),
  environmentsMet: z.number(),
  worstObjective: z.number(),
  worstExploitability: z.number().nullable(),
  paretoOptimal: z.boolean(),
});

const Tune = z.looseObject({
  ...Base,
  kind: z.literal('tune'),
  parameters: z.array(Parameter),
  objective: z.looseObject({ id: z.string(), goal: z.enum(['maximize', 'minimize']) }),
  environments: z.array(z.string()),
  candidates: z.array(Candidate),
  recommendation: z
    .looseObject({
      candidate: z.number(),
      values: Values,
      confirmation: z.array(Environment),
      confirmed: z.boolean(),
      rejected: z.array(z.looseObject({ candidate: z.number(), missed: z.array(z.string()) })),
    })
    .nullable(),
});

export const StudyFileSchema = z.discriminatedUnion('kind', [Exploit, Sensitivity, Tune]);

/**
 * Reads and checks `file` (a study.json). A broken file throws an
 * InputError of one line: the first problem, at its line and field.
 */
export function readStudyFile(file: string): StudyFile {
  try {
    // The schema checks the fields the report reads; their types are those of sim/study/study-results.ts.
    return validateSource(StudyFileSchema, YamlSource.fromFile(file), 'a study.json') as unknown as StudyFile;
  } catch (error) {
    if (error instanceof InputError && error.problems.length > 1) throw new InputError(error.problems[0]!);
    throw error;
  }
}
