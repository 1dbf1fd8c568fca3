// What the end-to-end scripts share: the portal and browser settings, the ✓/✗ checks
// with their summary, whole-page screenshots, a watchdog, the set-up and tear-down of a
// script, the portal's API with its CI token, signing in as guest, and creating and
// running scenarios.
//   PORTAL_URL (http://localhost:7007)  ENTITY_PATH (default/component/shop-api)
//   TARGET_URL (http://127.0.0.1:7070)  LOAD_TESTING_CI_TOKEN (the dev portal's token)
//   SCREENSHOT_DIR (/tmp/screens)  CHROMIUM_PATH (/usr/bin/chromium)
/* eslint-disable no-console */ // command-line tests: their output is the report
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ensureTarget } from './target.mjs';

export const PORTAL = (
  process.env.PORTAL_URL ?? 'http://localhost:7007'
).replace(/\/+$/, '');
export const ENTITY = process.env.ENTITY_PATH ?? 'default/component/shop-api';
export const SCREENS = process.env.SCREENSHOT_DIR ?? '/tmp/screens';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CI_TOKEN = process.env.LOAD_TESTING_CI_TOKEN ?? 'dev-ci-token-change-me';
export const TERMINAL = ['succeeded', 'failed', 'cancelled', 'lost'];

const started = Date.now();
const results = [];
export const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
export const seconds = ms => `${(ms / 1000).toFixed(1)} s`;
/** The time now as 2026-01-31-12-00-00, to make the names a script creates unique. */
export const stamp = () =>
  new Date().toISOString().slice(0, 19).replace(/[T:]/g, '-');

/** The portal's load-testing API (`path` after /api/load-testing), with its CI token. */
export const api = (p, init = {}) =>
  fetch(`${PORTAL}/api/load-testing${p}`, {
    ...init,
    headers: { authorization: `Bearer ${CI_TOKEN}`, ...init.headers },
  });

/** Runs one named check: prints ✓ with its time and detail, or ✗ and rethrows. */
export async function check(name, fn) {
  const t = Date.now();
  try {
    const detail = await fn();
    results.push({ name, ok: true });
    console.log(
      `✓ ${name} (${seconds(Date.now() - t)})${detail ? ` — ${detail}` : ''}`,
    );
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`✗ ${name}: ${e.message.split('\n')[0]}`);
    throw e;
  }
}

/** Prints how many checks passed and exits, non-zero when one failed. */
export function finish(failed) {
  const passed = results.filter(r => r.ok).length;
  console.log(`\nend-to-end checks done in ${elapsed()}`);
  console.log(`${passed} passed, ${results.length - passed} failed`);
  process.exit(failed ? 1 : 0);
}

/** The whole test is bounded: a stuck run or page must not hang a CI job. */
export function startWatchdog(limitSeconds) {
  const timer = setTimeout(() => {
    console.error(`✗ gave up after ${elapsed()}`);
    process.exit(1);
  }, limitSeconds * 1000);
  return () => clearTimeout(timer);
}

// Backstage scrolls inside its content area, not the document: grow the viewport to
// the content so one picture shows the whole page, and keep the mouse off the sidebar.
// `minHeight` makes room for what is not in the content area, such as a tall dialog.
export async function shot(page, name, minHeight = 0) {
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
    height: Math.min(Math.max(height, size.height, minHeight), 4000),
  });
  await page.waitForTimeout(300);
  await page.screenshot({ path: file });
  await page.setViewportSize(size);
  console.log(`  screenshot ${file}`);
}

/**
 * Exits unless the portal serves the built app (the backend serves it only when
 * dev/app was built before it started); makes the screenshot folder. `waitSeconds`:
 * how long to wait first for the portal to answer at all.
 */
export async function requireApp(waitSeconds = 0) {
  for (let i = 0; i < waitSeconds; i++) {
    const ok = await fetch(`${PORTAL}/`).then(
      r => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise(r => setTimeout(r, 1000));
  }
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
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
    ],
  });
}

/**
 * What every script does first: a watchdog of `limitSeconds`, the app served (waited
 * for up to `waitSeconds`), the sample target of TARGET_URL when `withTarget` (started
 * when it does not answer), and a browser. `tearDown()` undoes them all.
 */
export async function setUp({
  limitSeconds,
  waitSeconds = 0,
  withTarget = false,
}) {
  const stopWatchdog = startWatchdog(limitSeconds);
  await requireApp(waitSeconds);
  const target = withTarget
    ? await ensureTarget(process.env.TARGET_URL ?? 'http://127.0.0.1:7070')
    : undefined;
  const browser = await launchBrowser();
  return {
    browser,
    target,
    async tearDown() {
      stopWatchdog();
      await browser.close();
      await target?.stop();
    },
  };
}

/** A page of 1440×1000 (more `options` of a browser context) whose waits last 20 s. */
export async function newPage(browser, options = {}) {
  const page = await browser.newPage({
    viewport: { width: 1440, height: 1000 },
    ...options,
  });
  page.setDefaultTimeout(20_000);
  return page;
}

/** Opens the entity page, enters as guest when asked, and opens its Load Tests tab. */
export async function openLoadTestsTab(page) {
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
}

/** The status chip of the run page, once it is one of `statuses`. */
export async function waitForStatus(page, statuses, timeout) {
  await page.waitForFunction(
    wanted =>
      wanted.includes(
        document.querySelector('[data-testid="run-status"]')?.textContent ?? '',
      ),
    statuses,
    { timeout },
  );
  return page.getByTestId('run-status').first().innerText();
}

/**
 * From the Load Tests tab: a new scenario with the editor's default script, the given
 * name and `parameters` (users, spawnRate, duration, workers, host); `screenshot` names
 * a picture of the filled editor.
 */
export async function createScenario(page, name, parameters, screenshot) {
  await page.getByRole('button', { name: 'New scenario' }).first().click();
  const editor = page.getByTestId('script-editor').locator('.cm-content');
  await editor.waitFor();
  if (!(await editor.innerText()).includes('HttpUser'))
    throw new Error('the editor has no default script');
  await page.locator('#scenario-name').fill(name);
  for (const [key, value] of Object.entries(parameters))
    await page.locator(`#run-parameter-${key}`).fill(String(value));
  if (screenshot) await shot(page, screenshot);
  await page.getByRole('button', { name: 'Create scenario' }).click();
  await page.getByRole('button', { name: `Run ${name}` }).waitFor();
}

/** From the Load Tests tab: opens the scenario and deletes it. */
export async function deleteScenario(page, name) {
  await page.getByRole('link', { name, exact: true }).first().click();
  await page.getByRole('button', { name: 'Delete' }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: 'Delete' })
    .click();
  await page
    .getByRole('button', { name: `Run ${name}` })
    .waitFor({ state: 'detached' });
}

/** From the Load Tests tab: starts a run of the scenario; returns the run's id. */
export async function startRun(page, name) {
  await page.getByRole('button', { name: `Run ${name}` }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: 'Start run' })
    .click();
  await page.waitForURL(/\/load-tests\/runs\/[0-9a-f-]+$/);
  return new URL(page.url()).pathname.split('/').pop();
}

/** From the Load Tests tab: runs the scenario to its end, which must be a success; returns the run's id. */
export async function runToEnd(page, name) {
  const id = await startRun(page, name);
  const status = await waitForStatus(page, TERMINAL, 90_000);
  if (status !== 'succeeded') throw new Error(`run ${id} ended ${status}`);
  return id;
}
