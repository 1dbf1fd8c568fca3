#!/usr/bin/env node
// End-to-end test of plans in a real browser against a running dev portal: a plan of
// two groups (the second with stages, drawn in the editor) on a schedule that fires
// every 10 seconds; it fires by itself, its plan run page follows each step's run to a
// verdict, and the plan, paused from the tab, fires no more.
// Usage: node dev/app/e2e/plans.e2e.mjs
//   PORTAL_URL (http://localhost:7007)  TARGET_URL (http://127.0.0.1:7070)
//   SCREENSHOT_DIR (/tmp/screens)  CHROMIUM_PATH (/usr/bin/chromium)
/* eslint-disable no-console */ // a command-line test: its output is the report
import {
  check,
  createScenario,
  finish,
  newPage,
  openLoadTestsTab,
  setUp,
  shot,
  stamp,
} from './common.mjs';

const { browser, target, tearDown } = await setUp({
  limitSeconds: 180,
  withTarget: true,
});
let failed = false;

/** Picks `name` in the scenario select of a plan step. */
async function pickScenario(page, label, name) {
  await page.getByLabel(label, { exact: true }).click();
  await page.getByRole('option', { name, exact: true }).click();
}

/** The plan runs listed on the plan's page, newest first: [{ text }]. */
async function planRunRows(page) {
  return page
    .locator('tr', { has: page.locator('[data-testid="plan-run-status"]') })
    .allInnerTexts();
}

const page = await newPage(browser);
try {
  const when = stamp();
  const scenario = `plan step ${when}`;
  const planName = `every 10 s ${when}`;
  let planRunsUrl;

  await check('a scenario for the plan', async () => {
    await openLoadTestsTab(page);
    await createScenario(page, scenario, {
      users: 2,
      spawnRate: 2,
      duration: 3,
      host: target.url,
    });
  });

  await check(
    'a plan of two groups, the second with stages, firing every 10 s',
    async () => {
      await page.getByTestId('plans-card').waitFor();
      await page.getByRole('button', { name: 'New plan' }).click();
      await page.waitForURL(/\/load-tests\/plans\/new$/);
      await page.locator('#plan-name').fill(planName);
      await page
        .locator('#plan-description')
        .fill('Two short groups, one after the other');
      await pickScenario(page, 'Group 1 step 1 scenario', scenario);
      await page.locator('#step-g0s0-parameter-duration').fill('3');
      await page.getByRole('button', { name: 'Add a group after' }).click();
      await pickScenario(page, 'Group 2 step 1 scenario', scenario);
      const second = page.getByTestId('step-g1s0');
      await second.getByRole('button', { name: 'Add stage' }).click();
      await second.getByRole('button', { name: 'Add stage' }).click();
      const stage = (i, key, value) =>
        page.locator(`#step-g1s0-stages-${i}-${key}`).fill(String(value));
      await stage(0, 'duration', 2);
      await stage(0, 'users', 2);
      await stage(0, 'spawnRate', 2);
      await stage(1, 'duration', 5);
      await stage(1, 'users', 4);
      await stage(1, 'spawnRate', 1);
      await second
        .getByTestId('stages-chart')
        .locator('.recharts-line-curve')
        .first()
        .waitFor();
      await page.getByLabel('On a schedule').check();
      await page.locator('#plan-cron').fill('*/10 * * * * *');
      await page.locator('#plan-timezone').selectOption('Europe/Paris');
      const words = await page.getByTestId('schedule-words').innerText();
      if (!words.includes('every 10 seconds Europe/Paris'))
        throw new Error(`the schedule reads "${words}"`);
      await shot(page, 'plan-editor.png');
      await page.getByRole('button', { name: 'Create plan' }).click();
      await page.waitForURL(/\/load-tests\/plans\/[0-9a-f-]+\/runs$/);
      planRunsUrl = page.url();
      return words;
    },
  );

  let planRunUrl;
  let pausedCount = { at: 0, rows: 0 };
  await check('the schedule fires the plan by itself', async () => {
    const t = Date.now();
    const row = page
      .locator('tr', { hasText: 'schedule' })
      .filter({ has: page.locator('a') })
      .first();
    await row.waitFor({ timeout: 40_000 });
    const link = row.getByRole('link').first();
    await link.click();
    await page.waitForURL(/\/load-tests\/plan-runs\/[0-9a-f-]+$/);
    planRunUrl = page.url();
    return `first fire seen after ${((Date.now() - t) / 1000).toFixed(1)} s`;
  });

  await check('pause the plan from the tab', async () => {
    await openLoadTestsTab(page);
    const toggle = page.getByRole('checkbox', { name: `Enable ${planName}` });
    await toggle.uncheck();
    await page.waitForFunction(
      name =>
        !document
          .querySelector(`input[aria-label="Enable ${name}"]`)
          ?.matches(':checked'),
      planName,
    );
    await page.waitForTimeout(1500);
    await shot(page, 'plans-list.png');
    await page.goto(planRunsUrl);
    await page.locator('[data-testid="plan-run-status"]').first().waitFor();
    await page.waitForTimeout(500);
    pausedCount = { at: Date.now(), rows: (await planRunRows(page)).length };
    return `${pausedCount.rows} plan run(s) so far`;
  });

  await check('the plan run follows its steps to a verdict', async () => {
    await page.goto(planRunUrl);
    const header = page.getByTestId('plan-run-header');
    await header.waitFor();
    await page.waitForFunction(
      () =>
        /succeeded|failed|cancelled/.test(
          document.querySelector('[data-testid="plan-run-header"]')
            ?.textContent ?? '',
        ),
      null,
      { timeout: 90_000 },
    );
    const steps = await page.getByTestId('plan-run-step').allInnerTexts();
    if (steps.length !== 2) throw new Error(`${steps.length} steps shown`);
    if (!steps.every(s => /PASS|FAIL|INCONCLUSIVE/.test(s)))
      throw new Error(`a step has no verdict: ${steps.join(' | ')}`);
    if ((await page.getByRole('link', { name: 'Open run' }).count()) !== 2)
      throw new Error('a step does not link its run');
    await shot(page, 'plan-run.png');
    const text = (await header.innerText()).replace(/\s+/g, ' ');
    return text.slice(0, 90);
  });

  await check('a paused plan fires no more', async () => {
    await page.goto(planRunsUrl);
    await page.locator('[data-testid="plan-run-status"]').first().waitFor();
    const t = Date.now();
    // the list is fetched again on every visit: compare it over two ticks of the cron
    await page.waitForTimeout(Math.max(0, pausedCount.at - t + 21_000));
    await page.reload();
    await page.locator('[data-testid="plan-run-status"]').first().waitFor();
    const after = await planRunRows(page);
    await shot(page, 'plan-runs.png');
    if (after.length !== pausedCount.rows)
      throw new Error(
        `${pausedCount.rows} plan runs when paused, ${after.length} after`,
      );
    return `${after.length} plan run(s), none new in ${((Date.now() - pausedCount.at) / 1000).toFixed(0)} s`;
  });
} catch (e) {
  failed = true;
  console.error(e);
  await shot(page, 'plans-failure.png').catch(() => {});
} finally {
  await tearDown();
}
finish(failed);
