import {
  ChangeDirection,
  ComparedCondition,
  ComparedEndpoint,
  ComparedFigure,
  ComparedFigureName,
  ComparedRun,
  EndpointStats,
  FigureChange,
  Run,
  RunComparison,
  RunTotals,
} from '@internal/plugin-load-testing-common';

/** A change smaller than this, in percent, is no change. */
export const SAME_WITHIN_PERCENT = 2;

/** Which way is better for each figure. */
const HIGHER_IS_BETTER: Record<ComparedFigureName, boolean> = {
  rps: true,
  p50: false,
  p95: false,
  p99: false,
  failureRatio: false,
};

const FIGURES = Object.keys(HIGHER_IS_BETTER) as ComparedFigureName[];

/** What a compared run brings: its row, as the API shows it. */
export type CompareInput = Pick<
  Run,
  | 'id'
  | 'scenarioId'
  | 'scenarioName'
  | 'entityRef'
  | 'status'
  | 'verdict'
  | 'createdAt'
  | 'startedAt'
  | 'parameters'
  | 'scriptVersion'
  | 'shape'
  | 'kubernetes'
  | 'totals'
>;

/** The change of `value` against `base` for a figure. */
export function figureChange(
  figure: ComparedFigureName,
  base: number,
  value: number,
): FigureChange {
  const absolute = value - base;
  let percent: number | null;
  if (base === 0) percent = value === 0 ? 0 : null;
  else percent = (absolute / Math.abs(base)) * 100;
  let direction: ChangeDirection;
  if (absolute === 0) direction = 'same';
  else if (percent !== null && Math.abs(percent) < SAME_WITHIN_PERCENT)
    direction = 'same';
  else
    direction = absolute > 0 === HIGHER_IS_BETTER[figure] ? 'better' : 'worse';
  return { absolute, percent, direction };
}

function figureOf(
  stats: EndpointStats | undefined,
  figure: ComparedFigureName,
): number | null {
  if (!stats) return null;
  if (figure === 'rps') return stats.rps;
  if (figure === 'failureRatio')
    return stats.requests ? stats.failureRatio : null;
  // no requests, no percentile
  return stats.requests ? (stats.percentiles[figure] ?? null) : null;
}

/** One figure across runs, each against the first run's value. */
export function compareFigure(
  figure: ComparedFigureName,
  values: Array<number | null>,
): ComparedFigure {
  const base = values[0];
  return {
    values,
    changes: values.map((v, i) =>
      i === 0 || v === null || base === null
        ? null
        : figureChange(figure, base, v),
    ),
  };
}

const endpointKey = (s: { method: string; name: string }) =>
  `${s.method} ${s.name}`;

/** The per-endpoint table: the total first, then every endpoint of any run, by name. */
export function compareEndpoints(
  totals: Array<RunTotals | undefined>,
): ComparedEndpoint[] {
  const keys = new Map<string, { method: string; name: string }>();
  for (const t of totals)
    for (const e of t?.endpoints ?? [])
      if (!keys.has(endpointKey(e)))
        keys.set(endpointKey(e), { method: e.method, name: e.name });
  const row = (
    id: { method: string; name: string; total?: boolean },
    pick: (t: RunTotals) => EndpointStats | undefined,
  ): ComparedEndpoint => {
    const stats = totals.map(t => (t ? pick(t) : undefined));
    const figures = {} as Record<ComparedFigureName, ComparedFigure>;
    for (const f of FIGURES)
      figures[f] = compareFigure(
        f,
        stats.map(s => figureOf(s, f)),
      );
    return {
      ...id,
      present: stats.map(s => Boolean(s && s.requests > 0)),
      figures,
    };
  };
  const sorted = [...keys.values()].sort(
    (a, b) => a.name.localeCompare(b.name) || a.method.localeCompare(b.method),
  );
  return [
    row({ method: '', name: 'Total', total: true }, t => t.total),
    ...sorted.map(k =>
      row(k, t => t.endpoints.find(e => endpointKey(e) === endpointKey(k))),
    ),
  ];
}

/** JSON with sorted keys: equal values give equal strings. */
export function stableJson(v: unknown): string {
  if (v === undefined) return 'null';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter(k => o[k] !== undefined)
    .sort()
    .map(k => `${JSON.stringify(k)}:${stableJson(o[k])}`)
    .join(',')}}`;
}

/** Empty lists and objects say as much as an absent value. */
function orNull(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v) && v.length === 0) return null;
  if (typeof v === 'object' && !Array.isArray(v) && !Object.keys(v!).length)
    return null;
  return v;
}

/** The conditions a result depends on, each read from a run. */
const CONDITIONS: Array<[string, (r: CompareInput) => unknown]> = [
  ['users', r => (r.parameters.stages?.length ? null : r.parameters.users)],
  [
    'spawnRate',
    r => (r.parameters.stages?.length ? null : r.parameters.spawnRate),
  ],
  ['stages', r => r.parameters.stages],
  ['duration', r => r.parameters.duration],
  ['workers', r => r.parameters.workers],
  ['host', r => r.parameters.host],
  ['executor', r => r.parameters.executor],
  ['cluster', r => r.kubernetes?.cluster ?? r.parameters.cluster],
  ['engine', r => r.kubernetes?.image ?? r.parameters.engine],
  ['resources', r => r.parameters.resources],
  ['nodeSelector', r => r.parameters.nodeSelector],
  ['tolerations', r => r.parameters.tolerations],
  ['hostAliases', r => r.parameters.hostAliases],
  ['tags', r => r.parameters.tags],
  ['scriptVersion', r => r.scriptVersion],
  ['shape', r => r.shape?.className],
];

/** The parameter diff of the runs: every condition, and whether it was the same in all. */
export function compareConditions(runs: CompareInput[]): ComparedCondition[] {
  return CONDITIONS.map(([field, read]) => {
    const values = runs.map(r => orNull(read(r)));
    const first = stableJson(values[0]);
    return {
      field,
      values,
      same: values.every(v => stableJson(v) === first),
    };
  });
}

function describeValue(v: unknown): string {
  if (v === null) return 'none';
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (Array.isArray(v)) return `${v.length} item${v.length === 1 ? '' : 's'}`;
  return stableJson(v).slice(0, 60);
}

/** `users 10 → 20`, `scriptVersion sha256:aa… → sha256:bb…` for each differing condition. */
export function describeDifferences(conditions: ComparedCondition[]): string[] {
  return conditions
    .filter(c => !c.same)
    .map(c => `${c.field} ${c.values.map(describeValue).join(' → ')}`);
}

/** Everything a comparison shows but the series, from the runs in the order asked. */
export function compareRuns(runs: CompareInput[]): RunComparison {
  const conditions = compareConditions(runs);
  const summaries: ComparedRun[] = runs.map(r => ({
    id: r.id,
    scenarioId: r.scenarioId,
    scenario: r.scenarioName,
    entityRef: r.entityRef,
    status: r.status,
    verdict: r.verdict,
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    durationSeconds: r.totals?.durationSeconds,
  }));
  return {
    runs: summaries,
    conditions,
    sameConditions: conditions.every(c => c.same),
    differences: describeDifferences(conditions),
    sameScenario: runs.every(r => r.scenarioId === runs[0].scenarioId),
    endpoints: compareEndpoints(runs.map(r => r.totals)),
  };
}
