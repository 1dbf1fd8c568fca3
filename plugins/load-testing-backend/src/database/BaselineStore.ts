import { Knex } from 'knex';
import {
  ScenarioBaseline,
  TrendPoint,
  VerdictResult,
} from '@internal/plugin-load-testing-common';

const num = (v: unknown): number | undefined =>
  v === null || v === undefined ? undefined : Number(v);

const iso = (v: unknown): string =>
  (v instanceof Date ? v : new Date(String(v))).toISOString();

/** A finished run as a trend shows it, before it knows which one is the baseline. */
export type TrendRow = Omit<TrendPoint, 'isBaseline'>;

/** Scenario baselines and the finished runs of a scenario over time. */
export class BaselineStore {
  constructor(private readonly db: Knex) {}

  async getBaseline(scenarioId: string): Promise<ScenarioBaseline | undefined> {
    const r = await this.db('lt_scenarios')
      .where({ id: scenarioId })
      .first(
        'baseline_run_id',
        'baseline_margin_percent',
        'baseline_set_by',
        'baseline_set_at',
      );
    if (!r?.baseline_run_id) return undefined;
    return {
      runId: r.baseline_run_id,
      marginPercent: Number(r.baseline_margin_percent),
      setBy: r.baseline_set_by ?? undefined,
      setAt: r.baseline_set_at ? iso(r.baseline_set_at) : undefined,
    };
  }

  /** Returns false when the scenario does not exist. */
  async setBaseline(
    scenarioId: string,
    baseline: ScenarioBaseline,
  ): Promise<boolean> {
    const changed = await this.db('lt_scenarios')
      .where({ id: scenarioId })
      .update({
        baseline_run_id: baseline.runId,
        baseline_margin_percent: baseline.marginPercent,
        baseline_set_by: baseline.setBy ?? null,
        baseline_set_at: baseline.setAt ?? null,
      });
    return Number(changed) > 0;
  }

  async clearBaseline(scenarioId: string): Promise<void> {
    await this.db('lt_scenarios').where({ id: scenarioId }).update({
      baseline_run_id: null,
      baseline_margin_percent: null,
      baseline_set_by: null,
      baseline_set_at: null,
    });
  }

  /** The newest `limit` runs of a scenario that completed, oldest first. */
  async trend(scenarioId: string, limit: number): Promise<TrendRow[]> {
    const rows = await this.db('lt_runs')
      .where({ scenario_id: scenarioId, status: 'succeeded' })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit)
      .select(
        'id',
        'created_at',
        'verdict',
        'rps',
        'p95_ms',
        'failure_ratio',
        'requests',
        'totals',
      );
    return rows.reverse().map(r => {
      let p50Ms: number | undefined;
      try {
        const totals = r.totals ? JSON.parse(String(r.totals)) : undefined;
        p50Ms = num(totals?.total?.percentiles?.p50);
      } catch {
        p50Ms = undefined;
      }
      const requests = num(r.requests);
      return {
        runId: r.id,
        createdAt: iso(r.created_at),
        verdict: (r.verdict ?? undefined) as VerdictResult | undefined,
        rps: num(r.rps),
        p95Ms: num(r.p95_ms),
        p50Ms: requests ? p50Ms : undefined,
        failureRatio: num(r.failure_ratio),
        requests,
      };
    });
  }
}
