#!/usr/bin/env node
// Drives the installed app in Chromium as a new user would: enter as guest, open the
// annotated entity's Load Tests tab, write a scenario in the editor, run it and wait for
// the verdict. With the helpers of the project's own browser test (dev/app/e2e/common.mjs,
// which needs nothing but playwright-core), pointed at the installed app.
//   PORTAL_URL  TARGET_URL  ENTITY_PATH (default/component/shop-api)
//   RUN_SECONDS (10)  SCREENSHOT_DIR  CHROMIUM_PATH (/usr/bin/chromium)
/* eslint-disable no-console */
import path from 'node:path';
import {
  ENTITY,
  PORTAL,
  SCREENS,
  TERMINAL,
  check,
  createScenario,
  finish,
  launchBrowser,
  requireApp,
  shot,
  startWatchdog,
  waitForStatus,
} from '../app/e2e/common.mjs';

const TARGET = process.env.TARGET_URL;
const RUN_SECONDS = Number(process.env.RUN_SECONDS ?? 10);

// a stuck page must not hang CI
const stopWatchdog = startWatchdog(RUN_SECONDS + 240);
await requireApp();
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
page.setDefaultTimeout(30_000);
const pageErrors = [];
page.on('pageerror', e => pageErrors.push(e.message));
// the legacy entity page has tabs; the new frontend system's header has links
const loadTestsTab = page
  .getByRole('tab', { name: 'Load Tests' })
  .or(page.getByRole('link', { name: 'Load Tests', exact: true }))
  .first();
const name = `install-test ${new Date().toISOString().slice(0, 19).replace(/[T:]/g, '-')}`;
let failed = false;
try {
  await check('sign in as guest and open the entity page', async () => {
    await page.goto(`${PORTAL}/catalog/${ENTITY}`);
    const enter = page.getByRole('button', { name: 'Enter' });
    await enter.or(loadTestsTab).first().waitFor({ timeout: 60_000 });
    if (await enter.isVisible()) {
      await enter.click();
      return 'entered as guest';
    }
    return 'no sign-in page (signed in as guest automatically)';
  });

  await check('open its Load Tests tab', async () => {
    await loadTestsTab.click();
    await page.waitForURL(/\/load-tests/);
    await page
      .getByText(/New scenario/)
      .first()
      .waitFor();
    await shot(page, '01-tab.png');
    return page.url().replace(PORTAL, '');
  });

  await check('create a scenario in the editor', async () => {
    await createScenario(
      page,
      name,
      { users: 5, spawnRate: 5, duration: RUN_SECONDS, host: TARGET },
      '02-editor.png',
    );
    return name;
  });

  await check('start a run from the Run dialog', async () => {
    await page.getByRole('button', { name: `Run ${name}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/Allowed targets/).waitFor();
    await dialog.getByRole('button', { name: 'Start run' }).click();
    await page.waitForURL(/\/load-tests\/runs\/[0-9a-f-]+$/);
    return page.url().replace(PORTAL, '');
  });

  await check('see the run live', async () => {
    await page.waitForFunction(
      () =>
        Number(
          document
            .querySelector('[data-testid="chart-throughput"]')
            ?.getAttribute('data-points'),
        ) >= 1,
      undefined,
      { timeout: 60_000 },
    );
    return `status ${await page.getByTestId('run-status').first().innerText()}`;
  });

  await check('see the run end succeeded with a verdict', async () => {
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
    const verdict = page.getByTestId('run-verdict').first();
    await verdict.waitFor();
    const text = (await verdict.innerText()).replace(/\s+/g, ' ');
    if (!/pass|fail|inconclusive/i.test(text))
      throw new Error(`no verdict: ${text}`);
    const aggregated = page
      .getByTestId('endpoint-table')
      .getByRole('row')
      .filter({ hasText: 'Aggregated' });
    await aggregated.waitFor();
    const row = (await aggregated.innerText()).replace(/\s+/g, ' ');
    if (!/Aggregated [1-9]/.test(row))
      throw new Error(`no requests in the endpoint table: ${row}`);
    await shot(page, '03-run-finished.png');
    return `status ${status}, verdict ${text}; ${row}`;
  });
} catch {
  failed = true;
  await page
    .screenshot({ path: path.join(SCREENS, 'failure.png') })
    .catch(() => {});
} finally {
  stopWatchdog();
  if (pageErrors.length)
    console.log(`page errors:\n  ${pageErrors.slice(0, 5).join('\n  ')}`);
  await browser.close();
}
finish(failed);
