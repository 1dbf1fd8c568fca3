#!/usr/bin/env node
// Drives the installed app in Chromium as a new user would: enter as guest, open the
// annotated entity's Load Tests tab, write a scenario in the editor, run it and wait for
// the verdict. The selectors are those of dev/app/e2e (common.mjs), kept separate so
// this test depends on nothing but the installed packages and the served app.
//   PORTAL_URL  TARGET_URL  ENTITY_PATH (default/component/shop-api)
//   RUN_SECONDS (10)  SCREENSHOT_DIR  CHROMIUM_PATH (/usr/bin/chromium)
/* eslint-disable no-console */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const PORTAL = process.env.PORTAL_URL.replace(/\/+$/, '');
const TARGET = process.env.TARGET_URL;
const ENTITY = process.env.ENTITY_PATH ?? 'default/component/shop-api';
const RUN_SECONDS = Number(process.env.RUN_SECONDS ?? 10);
const SCREENS = process.env.SCREENSHOT_DIR ?? '/tmp/install-test-screens';
const TERMINAL = ['succeeded', 'failed', 'cancelled', 'lost'];
mkdirSync(SCREENS, { recursive: true });

const started = Date.now();
const stamp = () =>
  `[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s]`;
// a stuck page must not hang CI
const watchdog = setTimeout(
  () => {
    console.log(
      `${stamp()} ✗ gave up: the browser checks took longer than ${RUN_SECONDS + 240} s`,
    );
    process.exit(1);
  },
  (RUN_SECONDS + 240) * 1000,
);

let page;
// the legacy entity page has tabs; the new frontend system's header has links
const loadTestsTab = () =>
  page
    .getByRole('tab', { name: 'Load Tests' })
    .or(page.getByRole('link', { name: 'Load Tests', exact: true }))
    .first();
async function check(name, fn) {
  const t = Date.now();
  try {
    const detail = await fn();
    console.log(
      `${stamp()} ✓ ${name} (${((Date.now() - t) / 1000).toFixed(1)} s)${detail ? ` — ${detail}` : ''}`,
    );
  } catch (e) {
    console.log(`${stamp()} ✗ ${name}: ${e.message.split('\n')[0]}`);
    if (page) {
      await page
        .screenshot({ path: path.join(SCREENS, 'failure.png') })
        .catch(() => {});
      console.log(`  screenshot ${path.join(SCREENS, 'failure.png')}`);
    }
    throw e;
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
  ],
});
let failed = false;
const pageErrors = [];
try {
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  page.setDefaultTimeout(30_000);
  page.on('pageerror', e => pageErrors.push(e.message));
  const name = `install-test ${new Date().toISOString().slice(0, 19).replace(/[T:]/g, '-')}`;

  await check('the app is served by the backend', async () => {
    const html = await fetch(`${PORTAL}/`).then(r => r.text());
    if (!html.includes('id="root"'))
      throw new Error(`no app at ${PORTAL}/: ${html.slice(0, 80)}`);
  });

  await check('sign in as guest and open the entity page', async () => {
    await page.goto(`${PORTAL}/catalog/${ENTITY}`);
    const enter = page.getByRole('button', { name: 'Enter' });
    const tab = loadTestsTab();
    await enter.or(tab).first().waitFor({ timeout: 60_000 });
    if (await enter.isVisible()) {
      await enter.click();
      return 'entered as guest';
    }
    return 'no sign-in page (signed in as guest automatically)';
  });

  await check('open its Load Tests tab', async () => {
    await loadTestsTab().click();
    await page.waitForURL(/\/load-tests/);
    await page
      .getByText(/New scenario/)
      .first()
      .waitFor();
    await page.screenshot({ path: path.join(SCREENS, '01-tab.png') });
    return page.url().replace(PORTAL, '');
  });

  await check('create a scenario in the editor', async () => {
    await page.getByRole('button', { name: 'New scenario' }).first().click();
    const editor = page.getByTestId('script-editor').locator('.cm-content');
    await editor.waitFor();
    if (!(await editor.innerText()).includes('HttpUser'))
      throw new Error('the editor has no default script');
    await page.locator('#scenario-name').fill(name);
    const parameters = {
      users: 5,
      spawnRate: 5,
      duration: RUN_SECONDS,
      host: TARGET,
    };
    for (const [key, value] of Object.entries(parameters))
      await page.locator(`#run-parameter-${key}`).fill(String(value));
    await page.screenshot({ path: path.join(SCREENS, '02-editor.png') });
    await page.getByRole('button', { name: 'Create scenario' }).click();
    await page.getByRole('button', { name: `Run ${name}` }).waitFor();
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
    await page.screenshot({ path: path.join(SCREENS, '03-run-live.png') });
    return `status ${await page.getByTestId('run-status').first().innerText()}`;
  });

  await check('see the run end succeeded with a verdict', async () => {
    await page.waitForFunction(
      wanted =>
        wanted.includes(
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
    await page.screenshot({
      path: path.join(SCREENS, '04-run-finished.png'),
      fullPage: true,
    });
    return `status ${status}, verdict ${text}; ${row}`;
  });
} catch {
  failed = true;
} finally {
  clearTimeout(watchdog);
  if (pageErrors.length)
    console.log(`page errors:\n  ${pageErrors.slice(0, 5).join('\n  ')}`);
  await browser.close();
}
console.log(`screenshots in ${SCREENS}`);
process.exit(failed ? 1 : 0);
