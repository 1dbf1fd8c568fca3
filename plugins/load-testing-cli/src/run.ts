import {
  Run,
  isTerminalStatus,
  junitXml,
} from '@internal/plugin-load-testing-common';
import fs from 'fs';
import { ApiError, LoadTestingApi } from './api';
import { describeCheck, endpointTable } from './format';
import { Progress } from './progress';

/** Exit codes: the verdict, for CI. */
export const EXIT = { pass: 0, fail: 1, inconclusive: 2, error: 2 } as const;

export interface RunOptions {
  url: string;
  token: string;
  entity: string;
  scenario: string;
  param: Record<string, number | string>;
  wait: boolean;
  junit?: string;
  pollMs: number;
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** The run's page in the portal: /catalog/<namespace>/<kind>/<name>/load-tests/runs/<id>. */
export function runPageUrl(
  baseUrl: string,
  run: Pick<Run, 'entityRef' | 'id'>,
) {
  const [kind, rest] = run.entityRef.split(':');
  const [namespace, name] = rest.split('/');
  const path = [namespace, kind, name].map(encodeURIComponent).join('/');
  return `${baseUrl.replace(/\/+$/, '')}/catalog/${path}/load-tests/runs/${run.id}`;
}

async function findScenario(
  api: LoadTestingApi,
  entity: string,
  wanted: string,
) {
  const scenarios = await api.scenarios(entity);
  const found =
    scenarios.find(s => s.id === wanted) ??
    scenarios.find(s => s.name.toLowerCase() === wanted.toLowerCase());
  if (!found) {
    const names = scenarios.map(s => s.name).join(', ') || 'none';
    throw new ApiError(
      `${entity} has no scenario "${wanted}"; it has: ${names}`,
    );
  }
  return found;
}

/** Starts a run; with `wait`, follows it to its end and returns its exit code. */
export async function runCommand(
  options: RunOptions,
  out: NodeJS.WriteStream = process.stdout,
): Promise<number> {
  const api = new LoadTestingApi(options.url, options.token);
  const scenario = await findScenario(api, options.entity, options.scenario);
  const params = Object.keys(options.param).length ? options.param : undefined;
  let run = await api.startRun(scenario.id, params);
  const runUrl = runPageUrl(options.url, run);
  out.write(
    `Started run ${run.id} of "${scenario.name}" on ${run.entityRef}\n  ${runUrl}\n`,
  );
  if (!options.wait) return EXIT.pass;

  const progress = new Progress(out);
  const startedAt = Date.now();
  while (!isTerminalStatus(run.status)) {
    progress.update(run);
    await sleep(options.pollMs);
    run = await api.run(run.id);
  }
  progress.update(run);
  progress.done();
  return report(
    api,
    run,
    runUrl,
    (Date.now() - startedAt) / 1000,
    options,
    out,
  );
}

async function report(
  api: LoadTestingApi,
  run: Run,
  runUrl: string,
  seconds: number,
  options: RunOptions,
  out: NodeJS.WriteStream,
): Promise<number> {
  const totals = await api.endpoints(run.id);
  if (totals) out.write(`\n${endpointTable(totals)}\n`);
  out.write(
    `\nRun ${run.status}${run.statusReason ? `: ${run.statusReason}` : ''}\n`,
  );
  const verdict = run.verdictDetails;
  if (verdict) {
    out.write(`Verdict: ${verdict.result.toUpperCase()}\n`);
    for (const c of verdict.checks)
      out.write(`  ${c.passed ? '✓' : '✗'} ${describeCheck(c)}\n`);
    for (const r of verdict.reasons ?? []) out.write(`  → ${r}\n`);
  } else {
    out.write('Verdict: none (the run did not complete)\n');
  }
  if (options.junit) {
    fs.writeFileSync(options.junit, junitXml(run, runUrl, seconds));
    out.write(`JUnit: ${options.junit}\n`);
  }
  if (!verdict) return EXIT.error;
  return EXIT[verdict.result];
}
