/**
 * What a study writes: `study.json` (the answer, read by reports) and its
 * tables. Plain data, so reports read files, never live objects.
 *
 *   study.json            the answer: StudyFile
 *   trajectory.csv/.parquet  every evaluation the search made, in order (exploit, tune) or every point of the plan (sensitivity)
 *   indices.csv/.parquet  sensitivity: one row per (method, metric, parameter, index)
 *   candidates.csv/.parquet  tune: one row per (candidate, environment, measure)
 */
import type { StudyKind } from './study-plan.js';

export const STUDY_FORMAT = 'poq-sim/study/v1';

export type Interval = readonly [number, number];

/** A mean over replications with its Student-t 95% CI (null with fewer than 2 values or no spread to speak of). */
export interface Estimate {
  readonly mean: number;
  readonly ci: Interval | null;
  readonly replications: number;
}

export interface StudyParameterEntry {
  readonly name: string;
  readonly path: string;
  readonly range?: readonly [number, number];
  readonly values?: readonly unknown[];
  readonly scale: 'linear' | 'log';
  readonly integer: boolean;
}

interface StudyFileBase {
  readonly format: typeof STUDY_FORMAT;
  readonly kind: StudyKind;
  readonly scenario: string;
  readonly question: string | null;
  /** Points evaluated, runs made (each with its honest twin when the scenario has deviators), and batches. */
  readonly points: number;
  readonly runs: number;
  readonly batches: number;
  /** How the intervals were computed, in words the report prints. */
  readonly methods: readonly string[];
}

/** The best deviation of one family against one mechanism variant. */
export interface ExploitSearch {
  readonly family: string;
  readonly mechanism: string;
  readonly population: string;
  readonly parameters: readonly StudyParameterEntry[];
  /** The winner's parameter values (by column name). */
  readonly best: Readonly<Record<string, unknown>>;
  /** The winner's gain on confirmation replications the search never saw. */
  readonly gain: Estimate;
  /** The winner's mean gain over the search's own replications (biased upward: the winner's curse). */
  readonly searchGain: number;
  /** The same nodes' profit per round played honestly, at the winner (twin_honest_mean_profit). */
  readonly honestProfit: Estimate | null;
  /** What an honest node forgoes by not deviating: max(0, gain). */
  readonly regret: number;
  /** regret / |honest profit|, when the honest profit is not 0. */
  readonly regretRelative: number | null;
  readonly evaluations: number;
  readonly stoppedBy: 'half-width' | 'max-replications';
}

export interface ExploitFile extends StudyFileBase {
  readonly kind: 'exploit';
  readonly metric: string;
  readonly mechanisms: readonly { readonly name: string; readonly set: Readonly<Record<string, unknown>> }[];
  readonly searches: readonly ExploitSearch[];
  /** Per mechanism variant: the largest confirmed gain over the families, and which family. */
  readonly exploitability: readonly { readonly mechanism: string; readonly family: string; readonly gain: Estimate }[];
}

export interface SensitivityMetric {
  /** A label such as "mean_reward · population honest". */
  readonly id: string;
  readonly metric: string;
  readonly group: Readonly<Record<string, string>>;
}

export interface SobolRow {
  readonly metric: string;
  readonly parameter: string;
  readonly first: number;
  readonly firstCi: Interval;
  readonly total: number;
  readonly totalCi: Interval;
}

export interface MorrisRow {
  readonly metric: string;
  readonly parameter: string;
  readonly mu: number;
  readonly muStar: number;
  readonly muStarCi: Interval;
  readonly sigma: number;
}

export interface SensitivityFile extends StudyFileBase {
  readonly kind: 'sensitivity';
  readonly parameters: readonly StudyParameterEntry[];
  readonly metrics: readonly SensitivityMetric[];
  readonly replications: number;
  readonly sobol: {
    readonly samples: number;
    readonly points: number;
    readonly variance: Readonly<Record<string, number>>;
    readonly rows: readonly SobolRow[];
  } | null;
  readonly morris: {
    readonly trajectories: number;
    readonly levels: number;
    readonly delta: number;
    readonly points: number;
    readonly rows: readonly MorrisRow[];
  } | null;
}

/** One measure of a candidate in one environment against its threshold. */
export interface ConstraintCheck {
  /** e.g. "exploitability misreport" or "mean_latency_s · run". */
  readonly id: string;
  readonly kind: 'metric' | 'exploitability';
  readonly estimate: Estimate;
  /** The deviation that gained most (exploitability only), by column name. */
  readonly deviation?: Readonly<Record<string, unknown>>;
  readonly min: number | null;
  readonly max: number | null;
  /** Met when the whole 95% interval lies within the bounds. */
  readonly met: boolean;
}

export interface CandidateEnvironment {
  readonly environment: string;
  readonly objective: Estimate;
  readonly constraints: readonly ConstraintCheck[];
  readonly feasible: boolean;
}

export interface TuneCandidate {
  readonly candidate: number;
  readonly values: Readonly<Record<string, unknown>>;
  readonly environments: readonly CandidateEnvironment[];
  /** Meets every threshold in every environment. */
  readonly robust: boolean;
  readonly environmentsMet: number;
  /** Objective (worst over environments) against exploitability (largest over families and environments). */
  readonly worstObjective: number;
  readonly worstExploitability: number | null;
  readonly paretoOptimal: boolean;
}

export interface TuneFile extends StudyFileBase {
  readonly kind: 'tune';
  readonly parameters: readonly StudyParameterEntry[];
  readonly objective: { readonly id: string; readonly goal: 'maximize' | 'minimize' };
  readonly environments: readonly string[];
  readonly candidates: readonly TuneCandidate[];
  /** The robust candidate with the best worst-case objective, confirmed on fresh replications; null when none is robust. */
  readonly recommendation: {
    readonly candidate: number;
    readonly values: Readonly<Record<string, unknown>>;
    readonly confirmation: readonly CandidateEnvironment[];
    readonly confirmed: boolean;
    /** Robust candidates with a better screened objective whose confirmation failed, and the thresholds they missed. */
    readonly rejected: readonly { readonly candidate: number; readonly missed: readonly string[] }[];
  } | null;
}

export type StudyFile = ExploitFile | SensitivityFile | TuneFile;

/** What a study ran: points, runs and batches. */
export type StudyCounts = Pick<StudyFileBase, 'points' | 'runs' | 'batches'>;
