#!/usr/bin/env node
// End-to-end test of comparisons, baselines, trends and the Overview card in a real
// browser against a running dev portal: two short runs of one scenario, both ticked in
// the run history and compared (conditions, endpoint changes, overlaid charts); the
// first made the baseline; a third run judged against it; the scenario's trend; the
// entity's Overview card.
// Usage: node dev/app/e2e/compare.e2e.mjs
//   PORTAL_URL (http://localhost:7007)  TARGET_URL (http://127.0.0.1:7070)
//   SCREENSHOT_DIR (/tmp/screens)  CHROMIUM_PATH (/usr/bin/chromium)
/* eslint-disable no-console */ // a command-line test: its output is the report
import {
  ENTITY,
  PORTAL,
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
} from './common.mjs';

const RUN_SECONDS = 5;

const { browser, target, tearDown } = await setUp({
  limitSeconds: 240,
  withTarget: true,
});
let failed = false;

try {
  const page = await newPage(browser);
  const name = `compare ${stamp()}`;
  const runs = [];

  await check('two short runs of one scenario', async () => {
    await openLoadTestsTab(page);
    await createScenario(page, name, {
      users: 5,
      spawnRate: 5,
      duration: RUN_SECONDS,
      host: target.url,
    });
    runs.push(await runToEnd(page, name));
    await openLoadTestsTab(page);
    runs.push(await runToEnd(page, name));
    return runs.map(r => r.slice(0, 8)).join(', ');
  });

  await check('tick both in the run history and compare them', async () => {
    await openLoadTestsTab(page);
    for (const id of runs)
      await page.getByRole('checkbox', { name: `Compare run ${id}` }).check();
    await page.getByRole('button', { name: 'Compare (2)' }).click();
    await page.waitForURL(/\/load-tests\/compare\?runs=/);
    await page.getByTestId('compare-page').waitFor();
    const summary = await page.getByTestId('conditions-summary').innerText();
    if (!summary.startsWith('Same conditions'))
      throw new Error(`conditions: ${summary}`);
    const total = await page
      .getByTestId('compare-table')
      .getByRole('row')
      .nth(1)
      .innerText();
    if (!/Total/.test(total) || !/ms/.test(total))
      throw new Error(`total row: ${total}`);
    const direction = await page
      .getByTestId('change-Total-p95-1')
      .getAttribute('data-direction');
    if (!['better', 'worse', 'same'].includes(direction ?? ''))
      throw new Error(`the p95 change has no direction: ${direction}`);
    // both runs drawn, aligned at their starts
    await page.waitForFunction(
      () =>
        document.querySelectorAll(
          '[data-testid="overlay-rps"] .recharts-line path.recharts-curve',
        ).length === 2 &&
        document.querySelectorAll(
          '[data-testid="overlay-p95"] .recharts-line path.recharts-curve',
        ).length === 2,
    );
    const points = await page
      .getByTestId('overlay-rps')
      .getAttribute('data-points');
    await shot(page, 'compare.png');
    return `${summary.split(':')[0]}; p95 of run 2 ${direction}; ${points} aligned seconds`;
  });

  await check('make the first run the baseline', async () => {
    await page.goto(`${PORTAL}/catalog/${ENTITY}/load-tests/runs/${runs[0]}`);
    await page.getByRole('button', { name: 'Make baseline' }).click();
    await page.getByTestId('baseline-chip').waitFor();
  });

  await check('the next run is judged against the baseline', async () => {
    await openLoadTestsTab(page);
    runs.push(await runToEnd(page, name));
    const chip = page.getByTestId('verdict-check-baseline-p95');
    await chip.waitFor();
    const label = await chip.innerText();
    const link = page.getByTestId('baseline-note').getByRole('link');
    const href = await link.getAttribute('href');
    if (!href?.endsWith(`/load-tests/runs/${runs[0]}`))
      throw new Error(`the note links ${href}`);
    const verdict = await page.getByTestId('run-verdict').first().innerText();
    await shot(page, 'baseline-verdict.png');
    return `${verdict}: ${label}`;
  });

  await check("the scenario's trend, a point opening its run", async () => {
    await openLoadTestsTab(page);
    await page.getByRole('link', { name, exact: true }).first().click();
    const p95 = page.getByTestId('trend-p95');
    await p95.waitFor();
    const points = await p95.getAttribute('data-points');
    if (points !== '3') throw new Error(`${points} points, not 3`);
    await page.getByTestId('scenario-trend').scrollIntoViewIfNeeded();
    await shot(page, 'trend.png');
    await p95.locator(`[data-testid="trend-point-${runs[1]}"]`).click();
    await page.waitForURL(new RegExp(`/load-tests/runs/${runs[1]}$`));
    return `${points} runs`;
  });

  await check(
    'the Overview card shows the last verdicts and a sparkline',
    async () => {
      await page.goto(`${PORTAL}/catalog/${ENTITY}`);
      const card = page.getByTestId('load-testing-card');
      await card.waitFor();
      const verdicts = await card
        .getByTestId('load-testing-verdicts')
        .getByTestId('run-verdict')
        .allInnerTexts();
      if (verdicts.length < 3) throw new Error(`verdicts: ${verdicts}`);
      await card
        .getByTestId('load-testing-sparkline')
        .locator('.recharts-curve')
        .waitFor();
      await card.scrollIntoViewIfNeeded();
      await shot(page, 'overview-card.png');
      await card.getByTestId(`card-run-${runs[2]}`).click();
      await page.waitForURL(new RegExp(`/load-tests/runs/${runs[2]}$`));
      return verdicts.join(' ');
    },
  );

  await check('delete the scenario', async () => {
    await openLoadTestsTab(page);
    await deleteScenario(page, name);
  });
} catch {
  failed = true;
} finally {
  await tearDown();
}
finish(failed);
