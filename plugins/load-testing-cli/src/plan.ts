import {
  PlanRun,
  Run,
  TERMINAL_PLAN_RUN_STATUSES,
  junitPlanXml,
} from '@internal/plugin-load-testing-common';
import fs from 'fs';
import { ApiError, LoadTestingApi } from './api';
import { clock, count, ms, ratio, table } from './format';
import { EXIT, runPageUrl } from './run';

export interface PlanOptions {
  url: string;
  token: string;
  entity: string;
  plan: string;
  wait: boolean;
  junit?: string;
  pollMs: number;
}

const sleep = (ms_: number) => new Promise(r => setTimeout(r, ms_));

/** The plan run's page in the portal. */
export function planRunPageUrl(
  baseUrl: string,
  planRun: Pick<PlanRun, 'entityRef' | 'id'>,
) {
  return runPageUrl(baseUrl, planRun).replace(
    /\/runs\/[^/]+$/,
    `/plan-runs/${planRun.id}`,
  );
}

const stepName = (s: PlanRun['steps'][number]) =>
  `${s.group + 1}.${s.index + 1} ${s.scenarioName}`;

function stepLine(s: PlanRun['steps'][number]): string {
  const verdict = s.verdict ? ` ${s.verdict.toUpperCase()}` : '';
  const why = s.error ?? (s.verdict !== 'pass' ? s.verdictReason : undefined);
  return `  step ${stepName(s)}: ${s.status}${verdict}${why ? ` (${why})` : ''}`;
}

/** Fires a plan; with `wait`, follows its plan run to its end and returns its exit code. */
export async function planCommand(
  options: PlanOptions,
  out: NodeJS.WriteStream = process.stdout,
): Promise<number> {
  const api = new LoadTestingApi(options.url, options.token);
  const plans = await api.plans(options.entity);
  const plan =
    plans.find(p => p.id === options.plan) ??
    plans.find(p => p.name.toLowerCase() === options.plan.toLowerCase());
  if (!plan) {
    const names = plans.map(p => p.name).join(', ') || 'none';
    throw new ApiError(
      `${options.entity} has no plan "${options.plan}"; it has: ${names}`,
    );
  }
  let planRun = await api.startPlan(plan.id);
  const url = planRunPageUrl(options.url, planRun);
  out.write(
    `Started plan run ${planRun.id} of "${plan.name}" on ${planRun.entityRef} (${planRun.status})\n  ${url}\n`,
  );
  if (!options.wait) return EXIT.pass;

  const startedAt = Date.now();
  const said = new Map<number, string>();
  for (;;) {
    planRun.steps.forEach((s, i) => {
      const line = stepLine(s);
      if (said.get(i) !== line && s.status !== 'not-started') {
        said.set(i, line);
        out.write(`${clock((Date.now() - startedAt) / 1000)} ${line.trim()}\n`);
      }
    });
    if (TERMINAL_PLAN_RUN_STATUSES.includes(planRun.status)) break;
    await sleep(options.pollMs);
    planRun = await api.planRun(planRun.id);
  }

  // each step's run, for its figures and its checks
  const runs = new Map<string, { run: Run; url: string; seconds: number }>();
  for (const s of planRun.steps) {
    if (!s.runId) continue;
    const run = await api.run(s.runId);
    const took =
      run.startedAt && run.finishedAt
        ? (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000
        : 0;
    runs.set(s.runId, {
      run,
      url: runPageUrl(options.url, run),
      seconds: took,
    });
  }
  out.write(
    `\n${table(
      ['Step', 'Status', 'Verdict', 'Requests', 'p95', 'Failures'],
      planRun.steps.map(s => {
        const run = s.runId ? runs.get(s.runId)?.run : undefined;
        return [
          stepName(s),
          s.status,
          (s.verdict ?? '—').toUpperCase(),
          count(run?.requests),
          ms(run?.p95Ms),
          ratio(run?.failureRatio),
        ];
      }),
      [false, false, false, true, true, true],
    )}\n`,
  );
  out.write(`\nPlan run ${planRun.status}\n`);
  out.write(
    `Verdict: ${(planRun.verdict ?? 'none').toUpperCase()}${
      planRun.verdictReason ? `\n  → ${planRun.verdictReason}` : ''
    }\n`,
  );
  if (options.junit) {
    fs.writeFileSync(
      options.junit,
      junitPlanXml(
        planRun,
        url,
        runs,
        planRun.steps.map(s => s.runId),
      ),
    );
    out.write(`JUnit: ${options.junit}\n`);
  }
  return planRun.verdict ? EXIT[planRun.verdict] : EXIT.error;
}
