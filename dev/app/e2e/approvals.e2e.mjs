#!/usr/bin/env node
// End-to-end test of approvals in a real browser against a running dev portal whose
// config sets loadTesting.approvals.rules.aboveUsers below this script's users (e2e.sh
// sets 50): a run above the rule waits in awaiting-approval with its reasons; the test
// set page shows the quota used and links the approvals waiting; on the Approvals page
// the approver approves it with a comment; the run then starts, ends, and its page says
// who approved it. Exits non-zero when a check fails.
// Usage: node dev/app/e2e/approvals.e2e.mjs
//   PORTAL_URL (http://localhost:7007)  TARGET_URL (http://127.0.0.1:7070)
//   SCREENSHOT_DIR, CHROMIUM_PATH
/* eslint-disable no-console */ // a command-line test: its output is the report
import {
  PORTAL,
  TERMINAL,
  check,
  createScenario,
  deleteScenario,
  finish,
  newPage,
  openLoadTestsTab,
  setUp,
  shot,
  stamp,
  startRun,
  waitForStatus,
} from './common.mjs';

const RUN_SECONDS = 6;
const USERS = 60;
const COMMENT = 'approved for the e2e check: the target is local';

// a backend under load answers its API before its app is up: give it a minute
const { browser, target, tearDown } = await setUp({
  limitSeconds: 240,
  waitSeconds: 60,
  withTarget: true,
});
console.log(`portal ${PORTAL}, target ${target.url}`);
let failed = false;

try {
  const page = await newPage(browser);
  const name = `approval ${stamp()}`;
  let runUrl = '';

  await check(
    'a run above the approval rule waits, and nothing starts',
    async () => {
      await openLoadTestsTab(page);
      await createScenario(page, name, {
        users: USERS,
        spawnRate: 30,
        duration: RUN_SECONDS,
        host: target.url,
      });
      await startRun(page, name);
      runUrl = page.url();
      const status = await waitForStatus(page, ['awaiting-approval'], 15_000);
      const panel = page.getByTestId('run-approval');
      await panel.getByText('This run waits for an approval').waitFor();
      const reason = `${USERS} users is above 50 (loadTesting.approvals.rules.aboveUsers)`;
      await panel.getByText(reason).waitFor();
      await panel.getByRole('button', { name: 'Approve' }).waitFor();
      // still waiting a moment later: no start without the approval
      await page.waitForTimeout(2500);
      const again = await page.getByTestId('run-status').first().innerText();
      if (again !== 'awaiting-approval') throw new Error(`the run is ${again}`);
      await page.waitForLoadState('networkidle');
      await shot(page, 'run-awaiting-approval.png');
      return `${status}: ${reason}`;
    },
  );

  await check(
    'the test set page shows the quota used and links the approvals waiting',
    async () => {
      await openLoadTestsTab(page);
      const usage = page.getByTestId('quota-usage');
      await usage
        .getByText(/core-hours used in the last 24 hours \(entity\)/)
        .waitFor();
      const link = page.getByTestId('approvals-link');
      await link.waitFor();
      const text = await link.innerText();
      if (!/approvals? waits? for you/.test(text))
        throw new Error(`link reads ${text}`);
      const quota = await usage.innerText();
      await page.waitForLoadState('networkidle');
      await shot(page, 'approvals-test-set.png');
      await link.click();
      await page.waitForURL(/\/load-tests\/approvals$/);
      return `${quota.split('\n')[0]}; ${text}`;
    },
  );

  await check(
    'the approver approves it with a comment on the Approvals page',
    async () => {
      // its row among those waiting: the one with the decision buttons
      const row = page
        .getByRole('row')
        .filter({ hasText: name })
        .filter({ has: page.getByRole('button', { name: 'Approve' }) });
      await row.waitFor();
      await row.getByText(/^guest$/).waitFor();
      await row
        .getByText(`${USERS} users is above 50`, { exact: false })
        .waitFor();
      await page.waitForLoadState('networkidle');
      await shot(page, 'approvals.png');
      await row.getByRole('button', { name: 'Approve' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel(/Comment/).fill(COMMENT);
      await shot(page, 'approvals-dialog.png', 700);
      await dialog.getByRole('button', { name: 'Approve' }).click();
      await page.getByText(`${name}: approved by guest: ${COMMENT}`).waitFor();
      await row.waitFor({ state: 'detached' });
      // the entity's history of decisions shows it, with the comment
      const decided = page.getByRole('row').filter({ hasText: name });
      await decided.getByText(/^approved by guest at/).waitFor();
      await decided.getByText(COMMENT).waitFor();
      await page.waitForLoadState('networkidle');
      await shot(page, 'approvals-decided.png');
      return 'approved; it left the waiting list for the decided ones';
    },
  );

  await check(
    'the approved run starts, ends, and its page says who approved it',
    async () => {
      await page.goto(runUrl);
      const status = await waitForStatus(page, TERMINAL, 90_000);
      if (status !== 'succeeded') throw new Error(`the run ended ${status}`);
      const panel = page.getByTestId('run-approval');
      const text = await panel.innerText();
      if (!text.includes('Approved by guest at') || !text.includes(COMMENT))
        throw new Error(`the approval panel reads: ${text}`);
      await page.waitForLoadState('networkidle');
      await shot(page, 'run-approved.png');
      return text.split('\n')[0];
    },
  );

  await check(
    'the Approvals page of its own, at /load-testing/approvals',
    async () => {
      await page.goto(`${PORTAL}/load-testing/approvals`);
      await page.getByText('Load test approvals').first().waitFor();
      await page.getByText(/Approvals waiting for you \(\d+\)/).waitFor();
      await page.waitForLoadState('networkidle');
      await shot(page, 'approvals-standalone.png');
    },
  );

  await check('clean up: the scenario is deleted', async () => {
    await openLoadTestsTab(page);
    await deleteScenario(page, name);
  });
} catch (e) {
  failed = true;
  console.error(e.stack ?? e);
} finally {
  await tearDown();
}
finish(failed);
