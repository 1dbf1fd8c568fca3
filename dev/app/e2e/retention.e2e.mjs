#!/usr/bin/env node
// End-to-end test of retention in a real browser against a running dev portal: run a
// short scenario to its end, make it 40 days old in the portal's database, trigger the
// retention task on the backend's scheduler, and check that the run page then reads at
// 10-minute resolution (charts and the endpoint table of a window say so) with the
// run's totals unchanged. Exits non-zero when a check fails.
// Usage: node dev/app/e2e/retention.e2e.mjs
//   PORTAL_URL (http://localhost:7007)  TARGET_URL (http://127.0.0.1:7070)
//   LOAD_TESTING_DATA_DIR (/tmp/load-testing-dev: the portal's SQLite folder is in it)
//   LOAD_TESTING_CI_TOKEN (the dev portal's static token)  SCREENSHOT_DIR, CHROMIUM_PATH
/* eslint-disable no-console */ // a command-line test: its output is the report
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  PORTAL,
  TERMINAL,
  api,
  check,
  createScenario,
  deleteScenario,
  finish,
  newPage,
  openLoadTestsTab,
  runToEnd,
  setUp,
  shot,
  stamp,
  waitForStatus,
} from './common.mjs';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');

const RUN_SECONDS = 6;
const DB_FILE = path.join(
  process.env.LOAD_TESTING_DATA_DIR ?? '/tmp/load-testing-dev',
  'sqlite',
  'load-testing.sqlite',
);

/** The endpoint table of a window of a run (epoch ms). */
async function windowTotals(runId, from, to) {
  const res = await api(`/runs/${runId}/endpoints?from=${from}&to=${to}`);
  return (await res.json()).totals;
}

const { browser, target, tearDown } = await setUp({
  limitSeconds: 150,
  withTarget: true,
});
console.log(`portal ${PORTAL}, target ${target.url}, database ${DB_FILE}`);
let failed = false;

try {
  const page = await newPage(browser);
  const name = `retention ${stamp()}`;
  let runId = '';
  let totalsBefore;
  // the run's whole 10 minutes: the same figures from the raw samples and after them
  let aligned;
  let alignedBefore;

  await check('run a short scenario to its end', async () => {
    await openLoadTestsTab(page);
    await createScenario(page, name, {
      users: 5,
      spawnRate: 5,
      duration: RUN_SECONDS,
      host: target.url,
    });
    runId = await runToEnd(page, name);
    const run = await (await api(`/runs/${runId}`)).json();
    totalsBefore = run.totals;
    if (!(totalsBefore?.total?.requests > 0))
      throw new Error(`totals ${JSON.stringify(totalsBefore)}`);
    const tenMinutes = 600_000;
    aligned = {
      from: Math.floor(Date.parse(run.startedAt) / tenMinutes) * tenMinutes,
      to: Math.ceil(Date.parse(run.lastSampleAt) / tenMinutes) * tenMinutes,
    };
    alignedBefore = await windowTotals(runId, aligned.from, aligned.to);
    if (!alignedBefore?.total)
      throw new Error(`window ${JSON.stringify(alignedBefore)}`);
    if (alignedBefore.resolutionSeconds)
      throw new Error('the raw samples were read at a coarser resolution');
    return `${totalsBefore.total.requests} requests; ${alignedBefore.total.requests} counted per second in ${(aligned.to - aligned.from) / 60_000} min, p95 ${alignedBefore.total.percentiles.p95} ms`;
  });

  await check(
    'a run finished 40 days ago: the retention task drops its raw samples',
    async () => {
      const db = new Database(DB_FILE, { timeout: 10_000 });
      const aged = new Date(Date.now() - 40 * 86400_000).toISOString();
      const count = table =>
        db
          .prepare(`select count(*) as n from ${table} where run_id = ?`)
          .get(runId).n;
      const samples = count('lt_samples');
      if (!samples) throw new Error('the run stored no samples');
      db.prepare('update lt_runs set finished_at = ? where id = ?').run(
        aged,
        runId,
      );
      const res = await api(
        '/.backstage/scheduler/v1/tasks/load-testing-retention/trigger',
        { method: 'POST' },
      );
      if (!res.ok && res.status !== 409)
        throw new Error(`trigger answered ${res.status} ${await res.text()}`);
      const until = Date.now() + 45_000;
      let dropped;
      while (!dropped && Date.now() < until) {
        dropped = db
          .prepare('select raw_dropped_at from lt_runs where id = ?')
          .get(runId)?.raw_dropped_at;
        if (!dropped) await new Promise(r => setTimeout(r, 300));
      }
      const left = count('lt_samples') + count('lt_run_seconds');
      const coarse = db
        .prepare(
          'select count(*) as n from lt_run_rollups where run_id = ? and resolution in (0, 600)',
        )
        .get(runId).n;
      db.close();
      if (!dropped) throw new Error('raw_dropped_at was not set in 45 s');
      if (left) throw new Error(`${left} raw rows left`);
      if (!coarse) throw new Error('no 10-minute or whole-run rollups kept');
      return `${samples} samples gone, ${coarse} coarse rollup rows kept`;
    },
  );

  await check(
    'the run page reads at 10-minute resolution, the totals unchanged',
    async () => {
      await page.reload();
      await waitForStatus(page, TERMINAL, 20_000);
      const note = page.getByTestId('resolution-note');
      await note.waitFor();
      const text = await note.innerText();
      if (!/at 10-minute resolution/i.test(text))
        throw new Error(`charts note: ${text}`);
      const run = await (await api(`/runs/${runId}`)).json();
      if (!run.rawDroppedAt) throw new Error('the API shows no rawDroppedAt');
      if (JSON.stringify(run.totals) !== JSON.stringify(totalsBefore))
        throw new Error('the totals changed');
      await page.waitForLoadState('networkidle');
      await shot(page, 'retention-01-run-page.png');
      return text.trim();
    },
  );

  await check(
    "a window's endpoint table: edges at whole 10 minutes, and it says so",
    async () => {
      const run = await (await api(`/runs/${runId}`)).json();
      const start = Date.parse(run.startedAt);
      const url = new URL(page.url());
      url.searchParams.set('from', String(start + 1000));
      url.searchParams.set('to', String(start + 4000));
      await page.goto(url.toString());
      const table = page.getByTestId('endpoint-table');
      await table.getByText(/at 10-minute resolution/).waitFor();
      const zoomed = await windowTotals(runId, start + 1000, start + 4000);
      if (zoomed.resolutionSeconds !== 600)
        throw new Error(`resolution ${zoomed.resolutionSeconds}`);
      if (zoomed.from % 600_000 || zoomed.to % 600_000)
        throw new Error(`edges ${zoomed.from}–${zoomed.to}`);
      // the whole 10 minutes of the run: what the raw samples gave, exactly
      const after = await windowTotals(runId, aligned.from, aligned.to);
      const figures = t => ({
        requests: t.requests,
        failures: t.failures,
        percentiles: t.percentiles,
      });
      if (
        JSON.stringify(figures(after.total)) !==
        JSON.stringify(figures(alignedBefore.total))
      )
        throw new Error(
          `${JSON.stringify(figures(after.total))} after, ${JSON.stringify(figures(alignedBefore.total))} before`,
        );
      await page.waitForLoadState('networkidle');
      await shot(page, 'retention-02-window.png');
      return `zoomed to 3 s: ${zoomed.total.requests} requests of ${(zoomed.to - zoomed.from) / 60_000} min; the run's 10 minutes: ${after.total.requests} requests, p95 ${after.total.percentiles.p95} ms, as before`;
    },
  );

  await check('clean up: delete the scenario', async () => {
    await openLoadTestsTab(page);
    await deleteScenario(page, name);
  });
} catch (e) {
  failed = true;
  console.error(e);
} finally {
  await tearDown();
}
finish(failed);
