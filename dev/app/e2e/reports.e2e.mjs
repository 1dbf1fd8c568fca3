#!/usr/bin/env node
// End-to-end test of the report of a run in a real browser against a running dev portal:
// run a short scenario to its end, write conclusions with a markdown list, link an issue,
// set the status and a tag, reload and find them kept, and check the "File a GitHub
// issue" link (the dev catalog's shop-api has a github.com/project-slug annotation).
// Usage: node dev/app/e2e/reports.e2e.mjs
//   PORTAL_URL (http://localhost:7007)  TARGET_URL (http://127.0.0.1:7070)
//   SCREENSHOT_DIR (/tmp/screens)  CHROMIUM_PATH (/usr/bin/chromium)
/* eslint-disable no-console */ // a command-line test: its output is the report
import {
  ENTITY,
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

const RUN_SECONDS = 5;
const CONCLUSIONS = [
  'p95 doubled on the cart:',
  '',
  '- the pool of `orders-db` ran out',
  '- retries made it worse',
].join('\n');
const ISSUE = {
  url: 'https://github.com/example/shop-api/issues/7',
  title: 'Cart p95 doubled under load',
};

const { browser, target, tearDown } = await setUp({
  limitSeconds: 150,
  withTarget: true,
});
let failed = false;

/** What the report section shows, read from the page. */
async function readReport(page) {
  const section = page.getByTestId('report-section');
  await section.waitFor();
  return {
    items: await section
      .getByTestId('conclusions')
      .locator('li')
      .allInnerTexts(),
    status: await page.locator('#report-status').innerText(),
    statusBy: await section
      .getByTestId('report-status-by')
      .innerText()
      .catch(() => ''),
    tags: await section.getByTestId('report-tag').allInnerTexts(),
    issues: await section.getByTestId('report-issue').allInnerTexts(),
  };
}

try {
  const page = await newPage(browser);
  const name = `report ${stamp()}`;
  let runPath = '';

  await check('run a short scenario to its end', async () => {
    await openLoadTestsTab(page);
    await createScenario(page, name, {
      users: 5,
      spawnRate: 5,
      duration: RUN_SECONDS,
      host: target.url,
    });
    await startRun(page, name);
    runPath = new URL(page.url()).pathname;
    const status = await waitForStatus(page, TERMINAL, 90_000);
    await page.getByTestId('report-section').waitFor();
    return `${status}, ${runPath}`;
  });

  await check('write conclusions with a markdown list', async () => {
    const section = page.getByTestId('report-section');
    await section.getByRole('button', { name: 'Write conclusions' }).click();
    await section.getByTestId('conclusions-editor').fill(CONCLUSIONS);
    await section.getByRole('button', { name: 'Save conclusions' }).click();
    const items = section.getByTestId('conclusions').locator('li');
    await items.first().waitFor();
    const texts = await items.allInnerTexts();
    if (texts.length !== 2 || !texts[0].includes('orders-db'))
      throw new Error(`the list is not rendered: ${JSON.stringify(texts)}`);
    return texts.join(' | ');
  });

  await check('link an issue, set status "regression" and a tag', async () => {
    const section = page.getByTestId('report-section');
    await section.getByRole('textbox', { name: 'Issue URL' }).fill(ISSUE.url);
    await section
      .getByRole('textbox', { name: 'Issue title' })
      .fill(ISSUE.title);
    await section.getByRole('button', { name: 'Link issue' }).click();
    await section.getByTestId('report-issue').waitFor();
    await page.locator('#report-status').click();
    await page.getByRole('option', { name: 'Regression' }).click();
    await section.getByTestId('report-status-by').waitFor();
    await section
      .getByRole('textbox', { name: 'Add a tag' })
      .fill('release:2.4');
    await section.getByRole('button', { name: 'Add tag' }).click();
    await section.getByTestId('report-tag').waitFor();
  });

  await check('reload: everything is kept', async () => {
    await page.reload();
    const r = await readReport(page);
    const problems = [];
    if (r.items.length !== 2) problems.push(`list ${JSON.stringify(r.items)}`);
    if (r.status !== 'Regression') problems.push(`status ${r.status}`);
    if (!r.statusBy.startsWith('set by ')) problems.push(`by ${r.statusBy}`);
    if (JSON.stringify(r.tags) !== '["release:2.4"]')
      problems.push(`tags ${JSON.stringify(r.tags)}`);
    if (r.issues.length !== 1 || !r.issues[0].includes(ISSUE.title))
      problems.push(`issues ${JSON.stringify(r.issues)}`);
    if (problems.length) throw new Error(problems.join('; '));
    const href = await page
      .getByTestId('report-issue')
      .getByRole('link')
      .getAttribute('href');
    if (href !== ISSUE.url) throw new Error(`issue link ${href}`);
    return `${r.status}, ${r.statusBy}, tags ${r.tags}, ${r.issues.length} issue`;
  });

  await check(
    'the "File a GitHub issue" link is prefilled and links back',
    async () => {
      const href = await page
        .getByTestId('file-issue-github')
        .getAttribute('href');
      const url = new URL(href);
      const problems = [];
      if (
        `${url.origin}${url.pathname}` !==
        'https://github.com/example/shop-api/issues/new'
      )
        problems.push(`goes to ${url.origin}${url.pathname}`);
      const title = url.searchParams.get('title') ?? '';
      const body = url.searchParams.get('body') ?? '';
      if (!title.includes(name)) problems.push(`title ${title}`);
      for (const part of [
        'Verdict:',
        'RPS:',
        'p95:',
        'Failure ratio:',
        'Requests:',
        `Users: 5`,
        `Host: ${target.url}`,
      ])
        if (!body.includes(part)) problems.push(`body lacks ${part}`);
      const back = `${PORTAL}${runPath}`;
      if (!body.includes(`Run: ${back}`))
        problems.push(`no link back to ${back}`);
      if (!runPath.startsWith(`/catalog/${ENTITY}/load-tests/runs/`))
        problems.push(`run page ${runPath}`);
      if (problems.length) throw new Error(problems.join('; '));
      return title;
    },
  );

  await check('screenshot of the report', async () => {
    await page.getByTestId('report-section').scrollIntoViewIfNeeded();
    await shot(page, 'report.png');
  });

  await check('the run history shows the report status', async () => {
    await openLoadTestsTab(page);
    await page.getByText(name).last().scrollIntoViewIfNeeded();
    await shot(page, 'report-history.png');
    // the run's row in the history (the scenarios table has a row of that name too)
    const row = page
      .getByRole('row')
      .filter({ hasText: name })
      .filter({ has: page.getByTestId('report-marker') })
      .first();
    const marker = row.getByTestId('report-marker');
    await marker.waitFor();
    const text = await marker.innerText();
    if (!text.includes('regression')) throw new Error(`marker: ${text}`);
    await row.getByRole('img', { name: 'Has conclusions' }).waitFor();
    return text;
  });

  await check('delete the scenario', async () => {
    await deleteScenario(page, name);
  });
} catch {
  failed = true;
} finally {
  await tearDown();
}
finish(failed);
