#!/usr/bin/env node
// End-to-end test of a run's exports in a real browser against a running dev portal:
// run a short scenario to its end, download its HTML report from the run page and open
// the saved file in a fresh page with every network request blocked (its charts and
// figures must show), and check that the CSV, JSON and JUnit downloads parse.
// Exits non-zero when a check fails. Usage: node dev/app/e2e/exports.e2e.mjs
//   PORTAL_URL (http://localhost:7007)  TARGET_URL (http://127.0.0.1:7070)
//   SCREENSHOT_DIR (/tmp/screens)  CHROMIUM_PATH (/usr/bin/chromium)
/* eslint-disable no-console */ // a command-line test: its output is the report
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  PORTAL,
  SCREENS,
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
const { browser, target, tearDown } = await setUp({
  limitSeconds: 150,
  withTarget: true,
});
console.log(`portal ${PORTAL}, target ${target.url}`);
let failed = false;

/** Clicks a download button of the run page and saves the file in SCREENS. */
async function download(page, label) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: `Download ${label}` }).click(),
  ]);
  const name = file.suggestedFilename();
  const saved = path.join(SCREENS, `exports-${name}`);
  await file.saveAs(saved);
  return { name, saved, text: readFileSync(saved, 'utf8') };
}

try {
  const page = await newPage(browser, { acceptDownloads: true });
  const name = `exports ${stamp()}`;
  let runId = '';

  await check('run a short scenario to its end', async () => {
    await openLoadTestsTab(page);
    await createScenario(page, name, {
      users: 5,
      spawnRate: 5,
      duration: RUN_SECONDS,
      host: target.url,
    });
    runId = await startRun(page, name);
    // a live run has nothing to download yet
    await page.getByRole('button', { name: 'Stop' }).waitFor();
    if (await page.getByRole('button', { name: 'Download HTML' }).count())
      throw new Error('download buttons on a live run');
    const status = await waitForStatus(page, TERMINAL, 90_000);
    if (status !== 'succeeded') throw new Error(`the run ended ${status}`);
    await page.getByRole('button', { name: 'Download HTML' }).waitFor();
    await page.waitForLoadState('networkidle');
    await shot(page, 'exports-01-run-page.png');
    return runId;
  });

  const CONCLUSION =
    'Throughput held; **no regression** against the last release.';
  const ISSUE = 'https://github.com/example/shop-api/issues/42';
  await check(
    'write a conclusion and link an issue on the report',
    async () => {
      await page.getByRole('button', { name: 'Write conclusions' }).click();
      await page.getByTestId('conclusions-editor').fill(CONCLUSION);
      await page.getByRole('button', { name: 'Save conclusions' }).click();
      await page.getByTestId('conclusions').waitFor();
      await page.getByLabel('Issue URL').fill(ISSUE);
      await page.getByLabel('Issue title').fill('Slow checkout under load');
      await page.getByRole('button', { name: 'Link issue' }).click();
      await page
        .getByRole('link', { name: 'Slow checkout under load' })
        .waitFor();
    },
  );

  let html;
  await check(
    'download the HTML report, named after the scenario, run and time',
    async () => {
      html = await download(page, 'HTML');
      const stem = `${name.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}-${runId.slice(0, 8)}`;
      if (!new RegExp(`^${stem}-\\d{8}-\\d{4}\\.html$`).test(html.name))
        throw new Error(`file name ${html.name}`);
      return `${html.name}, ${html.text.length} bytes`;
    },
  );

  await check(
    'open the saved report offline: charts and figures, no request made',
    async () => {
      const offline = await browser.newContext({
        viewport: { width: 1100, height: 900 },
      });
      const fileUrl = pathToFileURL(html.saved).href;
      const attempted = [];
      await offline.route('**', route => {
        if (route.request().url() === fileUrl) return route.continue();
        attempted.push(route.request().url());
        return route.abort();
      });
      const report = await offline.newPage();
      report.on('request', r => {
        if (r.url() !== fileUrl) attempted.push(r.url());
      });
      await report.goto(fileUrl);
      await report.waitForLoadState('load');
      const seen = await report.evaluate(() => ({
        charts: [...document.querySelectorAll('svg.chart')].map(svg => ({
          title: svg.querySelector('title')?.textContent,
          lines: [...svg.querySelectorAll('path[data-series]')].map(
            p => (p.getAttribute('d').match(/[ML]/g) ?? []).length,
          ),
          width: svg.getBoundingClientRect().width,
        })),
        rows: [...document.querySelectorAll('#endpoints tbody tr')].map(tr =>
          [...tr.querySelectorAll('td')].map(td => td.textContent),
        ),
        verdict: document.querySelector('#verdict')?.textContent,
        conclusions: document.querySelector('.conclusions')?.textContent,
        issue: document.querySelector('#report a')?.getAttribute('href'),
        title: document.querySelector('h1')?.textContent,
      }));
      await report.screenshot({
        path: path.join(SCREENS, 'exports-02-html-report.png'),
        fullPage: true,
      });
      console.log(
        `  screenshot ${path.join(SCREENS, 'exports-02-html-report.png')}`,
      );
      await offline.close();
      if (attempted.length)
        throw new Error(`the report asked for ${attempted.join(', ')}`);
      if (seen.title !== name) throw new Error(`title ${seen.title}`);
      if (seen.charts.length !== 3)
        throw new Error(`${seen.charts.length} charts`);
      for (const c of seen.charts)
        if (!(c.width > 300) || !c.lines.length || c.lines.some(n => n < 2))
          throw new Error(
            `chart ${c.title} has ${JSON.stringify(c.lines)} points`,
          );
      if (seen.conclusions !== CONCLUSION || seen.issue !== ISSUE)
        throw new Error(`report ${seen.conclusions} ${seen.issue}`);
      const total = seen.rows.find(r => r[1] === 'Aggregated');
      if (!total || !(Number(total[2].replace(/,/g, '')) > 0))
        throw new Error(`endpoint table ${JSON.stringify(seen.rows)}`);
      return `${seen.verdict}; ${seen.charts.map(c => `${c.title} ${c.lines.join('/')}`).join(', ')}; ${total[2]} requests`;
    },
  );

  await check(
    "download the CSV in Locust's columns, JSON and JUnit; each parses",
    async () => {
      const csv = await download(page, 'CSV');
      const lines = csv.text.split('\r\n').filter(Boolean);
      if (
        !lines[0].startsWith(
          'Type,Name,Request Count,Failure Count,Median Response Time',
        )
      )
        throw new Error(`CSV header ${lines[0]}`);
      const aggregated = lines[lines.length - 1].split(',');
      if (aggregated[1] !== 'Aggregated' || !(Number(aggregated[2]) > 0))
        throw new Error(`CSV last row ${lines[lines.length - 1]}`);
      const json = JSON.parse((await download(page, 'JSON')).text);
      if (
        json.run.id !== runId ||
        json.totals.total.requests !== Number(aggregated[2])
      )
        throw new Error('the JSON is not the same run');
      const junit = await download(page, 'JUnit');
      // the browser's own XML parser
      const parsed = await page.evaluate(xml => {
        const doc = new DOMParser().parseFromString(xml, 'application/xml');
        if (doc.querySelector('parsererror')) return { error: true };
        const suite = doc.querySelector('testsuites > testsuite');
        return {
          tests: Number(suite?.getAttribute('tests')),
          cases: doc.querySelectorAll('testsuite > testcase').length,
          runId: doc
            .querySelector('property[name="run.id"]')
            ?.getAttribute('value'),
        };
      }, junit.text);
      if (
        parsed.error ||
        parsed.tests !== parsed.cases ||
        parsed.runId !== runId
      )
        throw new Error(`JUnit ${JSON.stringify(parsed)}`);
      if (parsed.cases !== json.verdict.checks.length)
        throw new Error(
          `${parsed.cases} test cases for ${json.verdict.checks.length} checks`,
        );
      return `CSV ${lines.length - 2} endpoint row(s) + Aggregated (${aggregated[2]} requests), JSON ${json.series.points.length} points, JUnit ${parsed.cases} test cases`;
    },
  );

  await check('delete the scenario', async () => {
    await page.getByRole('button', { name: 'Scenarios' }).first().click();
    await deleteScenario(page, name);
  });
} catch {
  failed = true;
} finally {
  await tearDown();
}
finish(failed);
