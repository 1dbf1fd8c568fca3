#!/usr/bin/env node
// End-to-end test of the resources under a run's charts in a real browser against a
// running dev portal: a short distributed run, then the load generators' CPU and memory
// per node and the target's request rate from Prometheus (the dev catalog's shop-api has
// a load-testing.dev/prometheus-query annotation; dev/scripts/e2e.sh starts a Prometheus
// scraping the target), on the same time axis as the run's throughput.
// Usage: node dev/app/e2e/resources.e2e.mjs
//   PORTAL_URL (http://localhost:7007)  TARGET_URL (http://127.0.0.1:7070)
//   SCREENSHOT_DIR (/tmp/screens)  CHROMIUM_PATH (/usr/bin/chromium)
/* eslint-disable no-console */ // a command-line test: its output is the report
import {
  api,
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

const RUN_SECONDS = 8;

const { browser, target, tearDown } = await setUp({
  limitSeconds: 150,
  withTarget: true,
});
let failed = false;

/** A chart's points and lines, and the labels of its time axis. */
async function readChart(page, id) {
  const chart = page.getByTestId(`chart-${id}`);
  await chart.waitFor();
  return chart.evaluate(el => ({
    points: Number(el.getAttribute('data-points')),
    lines: el.querySelectorAll('.recharts-line-curve').length,
    legend: [...el.querySelectorAll('.recharts-legend-item-text')].map(
      e => e.textContent,
    ),
    ticks: [
      ...el.querySelectorAll('.recharts-xAxis .recharts-cartesian-axis-tick'),
    ].map(t => ({
      text: t.textContent,
      x: Math.round(t.getBoundingClientRect().left),
    })),
    title: el.querySelector('h6')?.textContent ?? '',
  }));
}

try {
  const page = await newPage(browser);
  const name = `resources ${stamp()}`;

  await check('run a short scenario with a worker to its end', async () => {
    await openLoadTestsTab(page);
    await createScenario(page, name, {
      users: 10,
      spawnRate: 10,
      duration: RUN_SECONDS,
      workers: 1,
      host: target.url,
    });
    await runToEnd(page, name);
    return 'succeeded';
  });

  await check("the load generators' CPU and memory, per node", async () => {
    const cpu = await readChart(page, 'generators-cpu');
    const memory = await readChart(page, 'generators-memory');
    const problems = [];
    if (cpu.points < 3) problems.push(`${cpu.points} CPU points`);
    if (JSON.stringify(cpu.legend) !== '["master","worker-1"]')
      problems.push(`legend ${JSON.stringify(cpu.legend)}`);
    if (cpu.lines !== 2) problems.push(`${cpu.lines} CPU lines`);
    if (memory.lines !== 2) problems.push(`${memory.lines} memory lines`);
    if (problems.length) throw new Error(problems.join('; '));
    return `${cpu.points} points of ${cpu.legend.join(', ')}`;
  });

  await check("the target's request rate from Prometheus", async () => {
    // Prometheus scrapes every second: the last points come shortly after the end
    const chart = page.getByTestId('chart-target-prometheus');
    await chart.waitFor({ timeout: 30_000 });
    const prom = await readChart(page, 'target-prometheus');
    if (prom.title !== 'Target: sum(rate(http_requests_total[5s]))')
      throw new Error(`title ${prom.title}`);
    if (prom.points < 5 || prom.lines !== 1)
      throw new Error(`${prom.points} points, ${prom.lines} lines`);
    // its values, as the API gives them to the page (the portal's CI token)
    const runId = new URL(page.url()).pathname.split('/').pop();
    const body = await api(`/runs/${runId}/prometheus`).then(r => r.json());
    const max = Math.max(...body.series[0].points.map(p => p[1] ?? 0));
    if (!(max > 5)) throw new Error(`the target's rate peaked at ${max}`);
    return `${prom.points} points, up to ${max.toFixed(1)} req/s`;
  });

  await check('the same time axis as the throughput chart', async () => {
    const rps = await readChart(page, 'throughput');
    const cpu = await readChart(page, 'generators-cpu');
    const prom = await readChart(page, 'target-prometheus');
    const labels = c => c.ticks.map(t => t.text).join(' ');
    if (labels(rps) !== labels(cpu) || labels(rps) !== labels(prom))
      throw new Error(
        `ticks differ: ${labels(rps)} / ${labels(cpu)} / ${labels(prom)}`,
      );
    // the charts sit in columns of one width: each tick at the same offset in its chart
    const offsets = c => c.ticks.map(t => t.x - c.ticks[0].x).join(',');
    if (offsets(rps) !== offsets(cpu))
      throw new Error(`tick spacing ${offsets(rps)} vs ${offsets(cpu)}`);
    return labels(rps);
  });

  await check('screenshot of the run page with its resources', async () => {
    await page.getByTestId('chart-generators-cpu').scrollIntoViewIfNeeded();
    await shot(page, 'resources.png');
  });

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
