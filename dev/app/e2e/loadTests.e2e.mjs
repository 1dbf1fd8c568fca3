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
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ensureTarget } from './target.mjs';
import { installChartProbe, readChartProbe, summarize } from './probe.mjs';

const PORTAL = (process.env.PORTAL_URL ?? 'http://localhost:7007').replace(
  /\/+$/,
  '',
);
const ENTITY = process.env.ENTITY_PATH ?? 'default/component/shop-api';
const RUN_SECONDS = Number(process.env.RUN_SECONDS ?? 15);
const SCREENS = process.env.SCREENSHOT_DIR ?? '/tmp/screens';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TERMINAL = ['succeeded', 'failed', 'cancelled', 'lost'];

if (!Number.isInteger(RUN_SECONDS) || RUN_SECONDS < 5 || RUN_SECONDS > 60) {
  console.error('RUN_SECONDS must be a whole number from 5 to 60');
  process.exit(2);
}

const started = Date.now();
const results = [];
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

async function check(name, fn) {
  const t = Date.now();
  try {
    const detail = await fn();
    results.push({ name, ok: true });
    console.log(
      `✓ ${name} (${((Date.now() - t) / 1000).toFixed(1)} s)${detail ? ` — ${detail}` : ''}`,
    );
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`✗ ${name}: ${e.message.split('\n')[0]}`);
    throw e;
  }
}

// Backstage scrolls inside its content area, not the document: grow the viewport to
// the content so one picture shows the whole page, and keep the mouse off the sidebar
async function shot(page, name) {
  const file = path.join(SCREENS, name);
  const size = page.viewportSize();
  await page.mouse.move(size.width / 2, 30);
  await page.waitForTimeout(600);
  const height = await page.evaluate(() =>
    Math.max(
      ...[...document.querySelectorAll('main, main *')].map(
        e => e.scrollHeight,
      ),
    ),
  );
  await page.setViewportSize({
    width: size.width,
    height: Math.min(Math.max(height, size.height), 4000),
  });
  await page.waitForTimeout(300);
  await page.screenshot({ path: file });
  await page.setViewportSize(size);
  console.log(`  screenshot ${file}`);
}

// the whole test is bounded: a stuck run or page must not hang a CI job
const watchdog = setTimeout(
  () => {
    console.error(`✗ gave up after ${elapsed()}`);
    process.exit(1);
  },
  (RUN_SECONDS + 180) * 1000,
);

// the backend serves the app only when dev/app was built before it started
const index = await fetch(`${PORTAL}/`).then(
  r => r.text(),
  e => `unreachable: ${e.cause?.code ?? e.message}`,
);
if (!index.includes('id="root"')) {
  console.error(
    `✗ ${PORTAL} does not serve the app (${index.slice(0, 80)}). Build it with ` +
      '`(cd dev/app && npx backstage-cli package build)`, then (re)start the backend.',
  );
  process.exit(1);
}
mkdirSync(SCREENS, { recursive: true });
const target = await ensureTarget(
  process.env.TARGET_URL ?? 'http://127.0.0.1:7070',
);
console.log(
  `portal ${PORTAL}, target ${target.url}${target.started ? ' (started dev/target)' : ''}`,
);
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
  ],
});
let failed = false;
try {
  const page = await browser.newPage({
    viewport: { width: 1440, height: 1000 },
  });
  page.setDefaultTimeout(20_000);
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
  const name = `e2e ${new Date().toISOString().slice(0, 19).replace(/[T:]/g, '-')}`;

  await check('sign in as guest and open the Load Tests tab', async () => {
    await page.goto(`${PORTAL}/catalog/${ENTITY}`);
    const enter = page.getByRole('button', { name: 'Enter' });
    const tab = page.getByRole('tab', { name: 'Load Tests' });
    await enter.or(tab).first().waitFor();
    if (await enter.isVisible()) await enter.click();
    await tab.click();
    await page
      .getByText(/New scenario/)
      .first()
      .waitFor();
    await page.waitForLoadState('networkidle');
    await shot(page, '01-tab.png');
  });

  await check('create a scenario in the editor', async () => {
    await page.getByRole('button', { name: 'New scenario' }).first().click();
    await page.getByTestId('script-editor').locator('.cm-content').waitFor();
    const script = await page
      .getByTestId('script-editor')
      .locator('.cm-content')
      .innerText();
    if (!script.includes('HttpUser'))
      throw new Error('the editor has no default script');
    await page.locator('#scenario-name').fill(name);
    await page.locator('#run-parameter-users').fill('10');
    await page.locator('#run-parameter-spawnRate').fill('10');
    await page.locator('#run-parameter-duration').fill(String(RUN_SECONDS));
    await page.locator('#run-parameter-host').fill(target.url);
    await shot(page, '02-editor.png');
    await page.getByRole('button', { name: 'Create scenario' }).click();
    await page.getByRole('button', { name: `Run ${name}` }).waitFor();
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
    await page.waitForFunction(
      () =>
        Number(
          document
            .querySelector('[data-testid="chart-throughput"]')
            ?.getAttribute('data-points'),
        ) > 0,
      undefined,
      { timeout: 60_000 },
    );
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
    await page.waitForFunction(
      terminal =>
        terminal.includes(
          document.querySelector('[data-testid="run-status"]')?.textContent ??
            '',
        ),
      TERMINAL,
      { timeout: (RUN_SECONDS + 90) * 1000 },
    );
    const status = await page.getByTestId('run-status').first().innerText();
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

  await check(
    'find the run in the history and delete the scenario',
    async () => {
      await page.getByRole('button', { name: 'Scenarios' }).first().click();
      await page.getByRole('cell', { name }).first().waitFor();
      await shot(page, '06-tab-after-run.png');
      await page.getByRole('link', { name, exact: true }).first().click();
      await page.getByRole('button', { name: 'Delete' }).click();
      await page
        .getByRole('dialog')
        .getByRole('button', { name: 'Delete' })
        .click();
      await page
        .getByRole('button', { name: `Run ${name}` })
        .waitFor({ state: 'detached' });
    },
  );

  const probe = await readChartProbe(page);
  console.log('\ntimings');
  console.log(
    `  Run click → first chart point on screen: ${((probe[0].at - clickedAt) / 1000).toFixed(1)} s`,
  );
  for (const line of summarize(probe, seriesResponses))
    console.log(`  ${line}`);
} catch {
  failed = true;
} finally {
  clearTimeout(watchdog);
  await browser.close();
  await target.stop();
}
const passed = results.filter(r => r.ok).length;
console.log(`\nend-to-end checks done in ${elapsed()}`);
console.log(`${passed} passed, ${results.length - passed} failed`);
process.exit(failed ? 1 : 0);
