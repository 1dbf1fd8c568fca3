#!/usr/bin/env node
// End-to-end test of the Load Tests tab in a real browser against a running dev portal:
// sign in as guest, create a scenario, run it briefly against the loopback sample
// target, watch the live charts, then check the verdict and the endpoint table.
// Exits non-zero when a check fails. Usage: node dev/app/e2e/loadTests.e2e.mjs
//   PORTAL_URL   (http://localhost:7007)    the backend that serves the built app
//   TARGET_URL   (http://127.0.0.1:7070)    started from dev/target when not answering
//   RUN_SECONDS  (15, at most 60)           length of the load test
//   SCREENSHOT_DIR (/tmp/screens)  CHROMIUM_PATH (/usr/bin/chromium)
/* eslint-disable no-console */ // a command-line test: its output is the report
import { installChartProbe, readChartProbe, summarize } from './probe.mjs';
import {
  PORTAL,
  TERMINAL,
  check,
  createScenario,
  deleteScenario,
  finish,
  newPage,
  openLoadTestsTab,
  seconds,
  setUp,
  shot,
  stamp,
  startRun,
  waitForStatus,
} from './common.mjs';

/** Until the throughput chart shows at least `n` points. */
function waitForChartPoints(page, n) {
  return page.waitForFunction(
    min =>
      Number(
        document
          .querySelector('[data-testid="chart-throughput"]')
          ?.getAttribute('data-points'),
      ) >= min,
    n,
    { timeout: 60_000 },
  );
}

const RUN_SECONDS = Number(process.env.RUN_SECONDS ?? 15);

if (!Number.isInteger(RUN_SECONDS) || RUN_SECONDS < 5 || RUN_SECONDS > 60) {
  console.error('RUN_SECONDS must be a whole number from 5 to 60');
  process.exit(2);
}

const { browser, target, tearDown } = await setUp({
  limitSeconds: RUN_SECONDS + 180,
  withTarget: true,
});
console.log(
  `portal ${PORTAL}, target ${target.url}${target.started ? ' (started dev/target)' : ''}`,
);
let failed = false;

try {
  const page = await newPage(browser);
  const seriesResponses = [];
  page.on('response', async response => {
    if (!/\/api\/load-testing\/runs\/[^/]+\/series/.test(response.url()))
      return;
    const receivedAt = Date.now();
    const body = await response.json().catch(() => undefined);
    const last = body?.points?.[body.points.length - 1];
    if (last) seriesResponses.push({ t: last.t, receivedAt });
  });
  await installChartProbe(page);
  const name = `e2e ${stamp()}`;

  await check('sign in as guest and open the Load Tests tab', async () => {
    await openLoadTestsTab(page);
    await shot(page, '01-tab.png');
  });

  await check(
    'the editor refuses the limits and marks a syntax error on its line',
    async () => {
      await page.getByRole('button', { name: 'New scenario' }).first().click();
      const editor = page.getByTestId('script-editor').locator('.cm-content');
      await editor.waitFor();
      await page.locator('#scenario-name').fill(`${name} refused`);
      await page.locator('#run-parameter-users').fill('1000000000');
      await page.getByRole('button', { name: 'Create scenario' }).click();
      await page.getByText(/exceeds the limit of \d+ users/).waitFor();
      await page.locator('#run-parameter-users').fill('5');
      // break line 1 of the script: the backend parses it and names the line
      await editor.click();
      await page.keyboard.press('Control+Home');
      await page.keyboard.type('def (\n');
      await page.getByRole('button', { name: 'Create scenario' }).click();
      const help = page.getByTestId('script-help');
      await help.getByText(/not valid Python.*line 1/).waitFor();
      await page
        .getByTestId('script-editor')
        .locator('.cm-lint-marker-error')
        .waitFor();
      await shot(page, '02a-editor-syntax-error.png');
      const said = await help.innerText();
      await openLoadTestsTab(page);
      return said.slice(0, 90);
    },
  );

  await check('create a scenario in the editor', async () => {
    await createScenario(
      page,
      name,
      {
        users: 10,
        spawnRate: 10,
        duration: RUN_SECONDS,
        host: target.url,
      },
      '02-editor.png',
    );
  });

  let clickedAt = 0;
  await check('start a run from the Run dialog', async () => {
    await page.getByRole('button', { name: `Run ${name}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/Allowed targets/).waitFor();
    await shot(page, '03-run-dialog.png');
    clickedAt = Date.now();
    await dialog.getByRole('button', { name: 'Start run' }).click();
    await page.waitForURL(/\/load-tests\/runs\/[0-9a-f-]+$/);
    return page.url().replace(PORTAL, '');
  });

  await check('see chart points appear while the run is live', async () => {
    await page.getByRole('button', { name: 'Stop' }).waitFor();
    await waitForChartPoints(page, 1);
    const status = await page.getByTestId('run-status').first().innerText();
    if (TERMINAL.includes(status))
      throw new Error(`the run was already ${status} at its first point`);
    const curve = await page
      .locator('[data-testid="chart-throughput"] path.recharts-curve')
      .first()
      .getAttribute('d');
    if (!curve) throw new Error('no RPS line is drawn');
    const first = (await readChartProbe(page))[0];
    return `first point ${((first.at - clickedAt) / 1000).toFixed(1)} s after the Run click (status ${status})`;
  });

  await check('see the charts grow while it runs', async () => {
    const before = (await readChartProbe(page)).length;
    await page.waitForFunction(
      n => (window.__chartUpdates ?? []).length > n,
      before,
      { timeout: 30_000 },
    );
    await page.waitForTimeout(2000);
    await shot(page, '04-run-live.png');
  });

  await check('see the run end with a verdict', async () => {
    const status = await waitForStatus(
      page,
      TERMINAL,
      (RUN_SECONDS + 90) * 1000,
    );
    if (status !== 'succeeded') {
      const reason = await page
        .getByTestId('run-status-reason')
        .innerText()
        .catch(() => '');
      throw new Error(`the run ended ${status}: ${reason}`);
    }
    const verdict = await page.getByTestId('run-verdict').first().innerText();
    return `status ${status}, verdict ${verdict}`;
  });

  await check(
    'see the endpoint table with every endpoint of the script',
    async () => {
      const table = page.getByTestId('endpoint-table');
      for (const text of [
        '/api/items',
        '/api/items/:id',
        '/api/orders',
        'Aggregated',
      ]) {
        await table
          .getByRole('cell', { name: text, exact: true })
          .first()
          .waitFor();
      }
      const aggregated = await table
        .getByRole('row')
        .filter({ hasText: 'Aggregated' })
        .innerText();
      await page.getByTestId('node-log').first().waitFor();
      await page.waitForTimeout(500);
      await shot(page, '05-run-finished.png');
      return aggregated.replace(/\s+/g, ' ');
    },
  );

  // what the page drew while the run was live, before a reload starts a new record
  const probe = await readChartProbe(page);
  await check(
    'zoom into the run by dragging across a chart: the window is in the URL and the table is its',
    async () => {
      const chart = page.getByTestId('chart-throughput');
      // the report sits above the charts of a finished run: bring them into view
      await chart.scrollIntoViewIfNeeded();
      const box = await chart
        .locator('.recharts-surface')
        .first()
        .boundingBox();
      if (!box) throw new Error('no chart on the page');
      const y = box.y + box.height / 2;
      await page.mouse.move(box.x + box.width * 0.3, y);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.5, y, { steps: 8 });
      await page.mouse.move(box.x + box.width * 0.7, y, { steps: 8 });
      await page.mouse.up();
      await page.waitForURL(/[?&]from=\d+&to=\d+/);
      const url = new URL(page.url());
      const from = Number(url.searchParams.get('from'));
      const to = Number(url.searchParams.get('to'));
      const table = page.getByTestId('endpoint-table');
      await table.getByText(/^Of the window/).waitFor();
      const window = await page.getByTestId('zoom').innerText();
      // a link opens the same view
      await page.reload();
      await page
        .getByTestId('endpoint-table')
        .getByText(/^Of the window/)
        .waitFor();
      await page.getByRole('button', { name: 'Whole run' }).click();
      await page.waitForURL(u => !u.searchParams.has('from'));
      return `${window.replace(/\s+/g, ' ')} (${((to - from) / 1000).toFixed(0)} s)`;
    },
  );

  let stopMs = 0;
  await check(
    'stop a second run and see it cancelled with its statistics',
    async () => {
      await page.getByRole('button', { name: 'Scenarios' }).first().click();
      await startRun(page, name);
      await waitForChartPoints(page, 3);
      const clicked = Date.now();
      await page.getByRole('button', { name: 'Stop' }).click();
      const status = await waitForStatus(page, TERMINAL, 30_000);
      stopMs = Date.now() - clicked;
      const reason = await page
        .getByTestId('run-status-reason')
        .innerText()
        .catch(() => '');
      if (status !== 'cancelled' || !/Stopped by/.test(reason))
        throw new Error(`the run ended ${status}: ${reason}`);
      const aggregated = page
        .getByTestId('endpoint-table')
        .getByRole('row')
        .filter({ hasText: 'Aggregated' });
      await aggregated.waitFor();
      const row = (await aggregated.innerText()).replace(/\s+/g, ' ');
      if (!/Aggregated [1-9]/.test(row))
        throw new Error(`no requests kept: ${row}`);
      await shot(page, '05b-run-cancelled.png');
      return `${reason}; ${row}`;
    },
  );

  await check(
    'find the run in the history and delete the scenario',
    async () => {
      await page.getByRole('button', { name: 'Scenarios' }).first().click();
      await page.getByRole('cell', { name }).first().waitFor();
      await shot(page, '06-tab-after-run.png');
      await deleteScenario(page, name);
    },
  );

  console.log('\ntimings');
  console.log(
    `  Run click → first chart point on screen: ${((probe[0].at - clickedAt) / 1000).toFixed(1)} s`,
  );
  for (const line of summarize(probe, seriesResponses))
    console.log(`  ${line}`);
  console.log(`  Stop click → status cancelled: ${seconds(stopMs)}`);
} catch {
  failed = true;
} finally {
  await tearDown();
}
finish(failed);
