#!/usr/bin/env node
// End-to-end test of a Kubernetes run in a real browser against a running dev portal
// with the kubernetes executor (dev/backend/app-config.kubernetes.yaml) on the dev/k8s
// test cluster, whose fake nodes run pods without containers: sign in as guest, create
// a scenario, run it on Kubernetes with a host alias and a toleration, see the cluster,
// namespace, time to ready, the pods on their nodes and the parameters, stop it, then
// see a run whose image cannot be pulled fail with the reason.
// Exits non-zero when a check fails. Usage: node dev/app/e2e/kubernetes.e2e.mjs
//   PORTAL_URL   (http://localhost:7007)    the backend that serves the built app
//   TARGET_URL   (http://127.0.0.1:7070)    the runs' target host (no load reaches it)
//   K8S_CLUSTER  (dev-k8s)                  the cluster name the portal's config gives
//   SCREENSHOT_DIR (/tmp/screens)  CHROMIUM_PATH (/usr/bin/chromium)
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
  seconds,
  setUp,
  shot,
  stamp,
  waitForStatus,
} from './common.mjs';

const TARGET = process.env.TARGET_URL ?? 'http://127.0.0.1:7070';
const CLUSTER = process.env.K8S_CLUSTER ?? 'dev-k8s';
const WORKERS = 2;
const ALIAS = { ip: '127.0.0.1', hostnames: 'shop.internal' };
const TOLERATION = {
  key: 'dedicated',
  operator: 'Equal',
  value: 'load',
  effect: 'NoSchedule',
};

const { browser, tearDown } = await setUp({ limitSeconds: 300 });
console.log(`portal ${PORTAL}, cluster ${CLUSTER}, target host ${TARGET}`);
const timings = [];
let failed = false;

/** The rows of the table under a heading, as objects keyed by column title. */
function readTable(page, title) {
  return page.evaluate(heading => {
    const label = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].find(
      h => h.textContent?.trim() === heading,
    );
    let box = label?.parentElement;
    while (box && !box.querySelector('table')) box = box.parentElement;
    const table = box?.querySelector('table');
    if (!table) return [];
    const titles = [...table.querySelectorAll('thead th')].map(th =>
      th.textContent.trim(),
    );
    return [...table.querySelectorAll('tbody tr')].map(tr =>
      Object.fromEntries(
        [...tr.querySelectorAll('td')].map((td, i) => [
          titles[i] ?? String(i),
          td.textContent.trim(),
        ]),
      ),
    );
  }, title);
}

/** Polls `read` until `ok` holds for its value, at most `timeout` ms; returns the value. */
async function until(read, ok, timeout, what) {
  const deadline = Date.now() + timeout;
  let value = await read();
  while (!ok(value)) {
    if (Date.now() > deadline)
      throw new Error(
        `${what} within ${seconds(timeout)}; saw ${JSON.stringify(value)}`,
      );
    await new Promise(r => setTimeout(r, 500));
    value = await read();
  }
  return value;
}

/** Opens the Run dialog of a scenario with the Kubernetes executor and section open. */
async function openKubernetesRunDialog(page, name) {
  await page.getByRole('button', { name: `Run ${name}` }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText(/Allowed targets/).waitFor();
  const radio = dialog.getByRole('radio', { name: 'Kubernetes' });
  if ((await radio.count()) === 0)
    throw new Error(
      'the Run dialog offers no Kubernetes executor: start the portal with dev/backend/app-config.kubernetes.yaml',
    );
  await radio.check();
  await dialog.locator('#kubernetes-section-summary').click();
  await dialog.getByRole('button', { name: 'Add host alias' }).waitFor();
  return dialog;
}

async function startRun(page, dialog) {
  const clickedAt = Date.now();
  await dialog.getByRole('button', { name: 'Start run' }).click();
  await page.waitForURL(/\/load-tests\/runs\/[0-9a-f-]+$/);
  const id = page.url().split('/').pop();
  return { id, clickedAt };
}

async function statusReason(page) {
  return page
    .getByTestId('run-status-reason')
    .innerText()
    .catch(() => '');
}

try {
  const page = await newPage(browser);
  const name = `e2e k8s ${stamp()}`;

  await check('sign in as guest and open the Load Tests tab', async () => {
    await openLoadTestsTab(page);
  });

  await check('create a scenario in the editor', async () => {
    await createScenario(page, name, {
      users: 4,
      spawnRate: 4,
      duration: 120,
      host: TARGET,
    });
  });

  let run;
  await check(
    'start a Kubernetes run with a host alias and a toleration',
    async () => {
      const dialog = await openKubernetesRunDialog(page, name);
      await dialog.locator('#run-parameter-workers').fill(String(WORKERS));
      await dialog.getByRole('button', { name: 'Add host alias' }).click();
      await dialog.locator('#kubernetes-host-alias-0-ip').fill(ALIAS.ip);
      await dialog
        .locator('#kubernetes-host-alias-0-hostnames')
        .fill(ALIAS.hostnames);
      await dialog.getByRole('button', { name: 'Add toleration' }).click();
      // one of the tolerations the portal's config allows (allowedTolerations)
      await dialog
        .locator('#kubernetes-toleration-0-key')
        .selectOption(
          `${TOLERATION.key}=${TOLERATION.value}:${TOLERATION.effect}`,
        );
      const summary = await dialog
        .getByTestId('kubernetes-summary')
        .innerText();
      await shot(page, 'k8s-01-run-dialog.png', 1500);
      run = await startRun(page, dialog);
      return `${page.url().replace(PORTAL, '')}; dialog summary: ${summary}`;
    },
  );

  await check('see the run running on the cluster', async () => {
    const status = await waitForStatus(page, ['running', ...TERMINAL], 90_000);
    if (status !== 'running')
      throw new Error(`the run is ${status}: ${await statusReason(page)}`);
    timings.push([
      'Start run click → status running',
      Date.now() - run.clickedAt,
    ]);
    const placement = page.getByTestId('run-placement');
    await placement.getByText(`Cluster ${CLUSTER}`, { exact: true }).waitFor();
    await placement
      .getByText(`Namespace load-test-${run.id}`, { exact: true })
      .waitFor();
    return `status ${status}, Cluster ${CLUSTER}, Namespace load-test-${run.id}`;
  });

  await check('see how long the workers took to be ready', async () => {
    const ready = page.getByTestId('run-workers-ready');
    await ready.getByText(/^Workers ready in /).waitFor();
    const text = await ready.innerText();
    const n = /^Workers ready in ([\d.]+) s$/.exec(text)?.[1];
    if (!n) throw new Error(`unexpected "${text}"`);
    timings.push(['Workers ready (as the page shows)', Number(n) * 1000]);
    return text;
  });

  await check(
    'see the master and worker pods Running on kwok nodes',
    async () => {
      const onNode = r => /^kwok-node-\d+$/.test(r.Node ?? '');
      const rows = await until(
        () => readTable(page, 'Nodes'),
        all =>
          all.filter(
            r => r.Role === 'master' && r.Phase === 'Running' && onNode(r),
          ).length === 1 &&
          all.filter(
            r => r.Role === 'worker' && r.Phase === 'Running' && onNode(r),
          ).length === WORKERS,
        30_000,
        `no master and ${WORKERS} worker pods Running on kwok nodes`,
      );
      return rows
        .filter(r => r.Role === 'master' || r.Role === 'worker')
        .map(r => `${r.Role} ${r.Pod} ${r.Phase} on ${r.Node}`)
        .join('; ');
    },
  );

  await check(
    'see the host alias and toleration in the parameters',
    async () => {
      const alias = `${ALIAS.ip} → ${ALIAS.hostnames}`;
      const toleration = `${TOLERATION.key}=${TOLERATION.value}:${TOLERATION.effect}`;
      await page.getByText(alias, { exact: true }).waitFor();
      await page.getByText(toleration, { exact: true }).waitFor();
      await shot(page, 'k8s-02-run-running.png');
      return `${alias}, ${toleration}`;
    },
  );

  await check('stop the run and see it cancelled', async () => {
    const clickedAt = Date.now();
    await page.getByRole('button', { name: 'Stop' }).click();
    const status = await waitForStatus(page, TERMINAL, 60_000);
    if (status !== 'cancelled')
      throw new Error(`the run ended ${status}: ${await statusReason(page)}`);
    timings.push(['Stop click → status cancelled', Date.now() - clickedAt]);
    await shot(page, 'k8s-03-run-cancelled.png');
    return `status ${status}`;
  });

  await check(
    'see a run whose image cannot be pulled fail with ImagePullBackOff',
    async () => {
      await page.getByRole('button', { name: 'Scenarios' }).first().click();
      const dialog = await openKubernetesRunDialog(page, name);
      await dialog.locator('#kubernetes-engine').click();
      await page.getByRole('option', { name: /broken-image/ }).click();
      await dialog
        .getByTestId('kubernetes-summary')
        .getByText(/broken-image/)
        .waitFor();
      const broken = await startRun(page, dialog);
      const status = await waitForStatus(page, TERMINAL, 90_000);
      if (status !== 'failed')
        throw new Error(`the run ended ${status}: ${await statusReason(page)}`);
      timings.push([
        'Start run click (broken-image) → status failed',
        Date.now() - broken.clickedAt,
      ]);
      const reason = await statusReason(page);
      if (!reason.includes('ImagePullBackOff'))
        throw new Error(`the reason does not name ImagePullBackOff: ${reason}`);
      await page
        .locator('[data-testid^="node-message-"]')
        .getByText(/ImagePullBackOff|Back-off pulling image/)
        .first()
        .waitFor();
      await shot(page, 'k8s-04-run-image-pull-backoff.png');
      return `status ${status}: ${reason}`;
    },
  );

  await check('delete the scenario', async () => {
    await page.getByRole('button', { name: 'Scenarios' }).first().click();
    await deleteScenario(page, name);
  });

  console.log('\ntimings');
  for (const [what, ms] of timings) console.log(`  ${what}: ${seconds(ms)}`);
} catch {
  failed = true;
} finally {
  await tearDown();
}
finish(failed);
