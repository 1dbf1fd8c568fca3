// Runs Locust example locustfiles, pasted unchanged, as scenarios of the dev portal's
// shop-api, one after another, and prints how each ended: status, verdict and its reason,
// requests, failures. Usage (the dev portal running):
//   node dev/scripts/locust-examples.mjs <folder of example .py files> [seconds per run]
/* eslint-disable no-console */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const [folder, secondsArg] = process.argv.slice(2);
if (!folder) {
  console.error(
    'usage: node dev/scripts/locust-examples.mjs <folder> [seconds]',
  );
  process.exit(2);
}
const seconds = Number(secondsArg ?? 15);
const portal = process.env.PORTAL_URL ?? 'http://127.0.0.1:7007';
const base = `${portal}/api/load-testing`;
const headers = {
  authorization: `Bearer ${process.env.LOAD_TESTING_CI_TOKEN ?? 'dev-ci-token-change-me'}`,
  'content-type': 'application/json',
};
const entityRef = 'component:default/shop-api';
const host = process.env.TARGET_URL ?? 'http://127.0.0.1:7070';

async function call(method, path, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const sleep = ms => new Promise(r => setTimeout(r, ms));
const rows = [];
for (const file of readdirSync(folder)
  .filter(f => f.endsWith('.py'))
  .sort()) {
  const name = `example ${basename(file, '.py')}`.slice(0, 100);
  const script = readFileSync(join(folder, file), 'utf8');
  const existing = (
    await call('GET', `/scenarios?entityRef=${encodeURIComponent(entityRef)}`)
  ).body.items.find(s => s.name === name);
  if (existing) await call('DELETE', `/scenarios/${existing.id}`);
  const created = await call('POST', '/scenarios', {
    entityRef,
    name,
    script,
    parameters: { users: 5, spawnRate: 5, duration: seconds, workers: 2, host },
    thresholds: { percentiles: { p95: 500 }, maxFailureRatio: 0.01 },
  });
  if (created.status !== 201) {
    const why = created.body?.error?.fields
      ?.map(f => `${f.field} ${f.message}`)
      .join('; ');
    rows.push({
      file,
      saved: `refused ${created.status}: ${why ?? created.body?.error?.message}`,
    });
    continue;
  }
  const started = await call('POST', '/runs', { scenarioId: created.body.id });
  if (started.status !== 201) {
    rows.push({
      file,
      saved: `run refused ${started.status}: ${started.body?.error?.message}`,
    });
    continue;
  }
  let run;
  for (let i = 0; i < (seconds + 120) * 2; i++) {
    run = (await call('GET', `/runs/${started.body.id}`)).body;
    if (['succeeded', 'failed', 'cancelled', 'lost'].includes(run.status))
      break;
    await sleep(500);
  }
  const row = {
    file,
    status: run.status,
    verdict: run.verdict ?? '-',
    requests: run.requests ?? 0,
    failures: Math.round((run.failureRatio ?? 0) * (run.requests ?? 0)),
    why: run.verdictReason ?? run.statusReason ?? '',
    warnings: (run.warnings ?? []).map(w => w.code).join(','),
    shape: run.shape?.className ?? '',
  };
  rows.push(row);
  console.log(JSON.stringify(row));
}
console.log(
  '\n| example | status | verdict | requests | failures | why | limits held | shape |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    r.saved
      ? `| ${r.file} | ${r.saved} | | | | | | |`
      : `| ${r.file} | ${r.status} | ${r.verdict} | ${r.requests} | ${r.failures} | ${String(r.why).replace(/\|/g, '/').slice(0, 160)} | ${r.warnings} | ${r.shape} |`,
  );
}
