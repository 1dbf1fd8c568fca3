import { RunStatus, VerdictResult } from './types';

/** The run a scenario's later runs are compared with, and how much worse they may be. @public */
export interface ScenarioBaseline {
  runId: string;
  /** How much worse than the baseline's p95 a later run may be, in percent. */
  marginPercent: number;
  setBy?: string;
  setAt?: string;
}

/** Default margin of a baseline, in percent. @public */
export const DEFAULT_BASELINE_MARGIN_PERCENT = 10;

/** What a verdict was compared with when its scenario had a baseline. @public */
export interface VerdictBaseline {
  runId: string;
  marginPercent: number;
  /** The baseline run's p95 and failure ratio. */
  p95Ms?: number;
  failureRatio?: number;
}

/** Body of PUT /scenarios/:id/baseline. @public */
export interface SetBaselineRequest {
  runId: string;
  marginPercent?: number;
}

/** One run of a scenario's trend, oldest first. @public */
export interface TrendPoint {
  runId: string;
  createdAt: string;
  verdict?: VerdictResult;
  rps?: number;
  p95Ms?: number;
  p50Ms?: number;
  failureRatio?: number;
  requests?: number;
  isBaseline: boolean;
}

/** GET /scenarios/:id/trend @public */
export interface ScenarioTrend {
  scenarioId: string;
  baseline?: ScenarioBaseline;
  points: TrendPoint[];
}

/** Which way a figure moved against the first run. @public */
export type ChangeDirection = 'better' | 'worse' | 'same';

/** A figure's change against the first run of a comparison. @public */
export interface FigureChange {
  absolute: number;
  /** `null` when the first run's value is 0 and this one is not. */
  percent: number | null;
  direction: ChangeDirection;
}

/** One figure across the compared runs. @public */
export interface ComparedFigure {
  /** Per run, in the order asked; `null` when that run has no value. */
  values: Array<number | null>;
  /** Per run against the first; `null` for the first and where a value is missing. */
  changes: Array<FigureChange | null>;
}

/** Figures a comparison puts side by side. @public */
export type ComparedFigureName = 'rps' | 'p50' | 'p95' | 'p99' | 'failureRatio';

/** One endpoint (or the total) across the compared runs. @public */
export interface ComparedEndpoint {
  method: string;
  name: string;
  /** The row of all endpoints together. */
  total?: boolean;
  /** Per run whether the endpoint was requested in it. */
  present: boolean[];
  figures: Record<ComparedFigureName, ComparedFigure>;
}

/** One run condition across the compared runs. @public */
export interface ComparedCondition {
  /** `users`, `spawnRate`, `stages`, `workers`, `duration`, `executor`, `engine`… */
  field: string;
  values: unknown[];
  same: boolean;
}

/** A compared run, in brief. @public */
export interface ComparedRun {
  id: string;
  scenarioId: string;
  scenario: string;
  entityRef: string;
  status: RunStatus;
  verdict?: VerdictResult;
  createdAt: string;
  startedAt?: string;
  durationSeconds?: number;
}

/** GET /compare?runs=a,b[,c,d] @public */
export interface RunComparison {
  runs: ComparedRun[];
  conditions: ComparedCondition[];
  sameConditions: boolean;
  /** The differing conditions in words, e.g. `users 10 → 20`. */
  differences: string[];
  /** Whether the runs belong to more than one scenario. */
  sameScenario: boolean;
  endpoints: ComparedEndpoint[];
}

/** Fewest and most runs a comparison takes. @public */
export const COMPARE_MIN_RUNS = 2;
/** @public */
export const COMPARE_MAX_RUNS = 4;
