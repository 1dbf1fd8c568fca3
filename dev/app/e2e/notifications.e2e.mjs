#!/usr/bin/env node
// End-to-end test of notifications in a real browser against a running dev portal: a
// plan whose only step loads a target that is down is run by hand; its run fails, and
// the owners of the entity (team-checkout, the guest among them) are told through the
// notifications backend: the sidebar counts it, the Notifications page shows it, and its
// link opens the plan run.
// Usage: node dev/app/e2e/notifications.e2e.mjs
//   PORTAL_URL (http://localhost:7007)  SCREENSHOT_DIR (/tmp/screens)  CHROMIUM_PATH
/* eslint-disable no-console */ // a command-line test: its output is the report
import {
  ENTITY,
  check,
  createScenario,
  deleteScenario,
  finish,
  newPage,
  openLoadTestsTab,
  setUp,
  shot,
  stamp,
} from './common.mjs';

const { browser, tearDown } = await setUp({ limitSeconds: 120 });
let failed = false;

const page = await newPage(browser);
try {
  const when = stamp();
  const scenario = `target down ${when}`;
  const planName = `notify ${when}`;
  const title = `Load test plan ${planName} failed on ${ENTITY.split('/').pop()}`;
  let planRunPath;
  let planEditorUrl;

  await check('a plan whose step loads a target that is down', async () => {
    await openLoadTestsTab(page);
    // nothing listens on port 9 of the loopback: every request fails
    await createScenario(page, scenario, {
      users: 2,
      spawnRate: 2,
      duration: 3,
      host: 'http://127.0.0.1:9',
    });
    await page.getByTestId('plans-card').waitFor();
    await page.getByRole('button', { name: 'New plan' }).click();
    await page.waitForURL(/\/load-tests\/plans\/new$/);
    await page.locator('#plan-name').fill(planName);
    await page.getByLabel('Group 1 step 1 scenario', { exact: true }).click();
    await page.getByRole('option', { name: scenario, exact: true }).click();
    await page.getByRole('button', { name: 'Create plan' }).click();
    await page.waitForURL(/\/load-tests\/plans\/[0-9a-f-]+\/runs$/);
    planEditorUrl = page.url().replace(/\/runs$/, '');
  });

  await check('run by hand, the plan run fails', async () => {
    const t = Date.now();
    await page.getByRole('button', { name: 'Run now' }).click();
    await page.waitForURL(/\/load-tests\/plan-runs\/[0-9a-f-]+$/);
    planRunPath = new URL(page.url()).pathname;
    await page.getByTestId('plan-run-header').waitFor();
    await page.waitForFunction(
      () =>
        /^failed/.test(
          document.querySelector('[data-testid="plan-run-header"]')
            ?.textContent ?? '',
        ),
      null,
      { timeout: 60_000 },
    );
    return `failed after ${((Date.now() - t) / 1000).toFixed(1)} s`;
  });

  await check(
    'the sidebar counts it, pushed while the page is open',
    async () => {
      // no reload: the signals backend pushes the new notification to the sidebar
      const item = page.getByRole('link', { name: /Notifications/ });
      await item.waitFor();
      await page.waitForFunction(
        () =>
          [...document.querySelectorAll('nav a')].some(a =>
            /Notifications\s*[1-9]/.test(a.textContent ?? ''),
          ),
        null,
        { timeout: 20_000 },
      );
      return (await item.innerText()).replace(/\s+/g, ' ');
    },
  );

  await check(
    'the Notifications page shows it, linked to the plan run',
    async () => {
      await page.getByRole('link', { name: /Notifications/ }).click();
      await page.waitForURL(/\/notifications$/);
      const row = page.getByText(title, { exact: true });
      await row.waitFor();
      // the verdict's reason, then who ran it (behind "Show more" on narrow rows)
      await page
        .getByText(/1 of 1 step\(s\) failed; .*failures 100 %/)
        .first()
        .waitFor();
      const more = page.getByText('Show more').first();
      if (await more.isVisible()) await more.click();
      await page
        .getByText(/Run by hand by guest\./)
        .first()
        .waitFor();
      await shot(page, 'notifications.png');
      await row.click();
      await page.waitForURL(url => url.pathname === planRunPath);
      await page.getByTestId('plan-run-header').waitFor();
      return `${title} → ${planRunPath}`;
    },
  );

  await check('clean up: the plan and its scenario deleted', async () => {
    await page.goto(planEditorUrl);
    await page.getByRole('button', { name: 'Delete' }).click();
    await page
      .getByText(/New scenario/)
      .first()
      .waitFor();
    await deleteScenario(page, scenario);
  });
} catch (e) {
  failed = true;
  console.error(e);
  await shot(page, 'notifications-failure.png').catch(() => {});
} finally {
  await tearDown();
}
finish(failed);
