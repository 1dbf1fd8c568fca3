// The software template that needs no repository, in Chromium: fill its form in the
// scaffolder, create, follow the output page's links to the scenario it created and the
// run it started, and see that run end with a verdict. TARGET_URL: the host to load.
import {
  PORTAL,
  TERMINAL,
  check,
  finish,
  newPage,
  openLoadTestsTab,
  setUp,
  shot,
} from './common.mjs';

const target = process.env.TARGET_URL ?? 'http://127.0.0.1:7070';
const { browser, tearDown } = await setUp({ limitSeconds: 240 });
let failed = false;
try {
  const page = await newPage(browser);
  page.setDefaultTimeout(30_000);
  const name = `tpl-${Date.now().toString(36)}`;
  await openLoadTestsTab(page); // signs in

  await check(
    'fill the "Create a load-test scenario" template in the scaffolder',
    async () => {
      await page.goto(`${PORTAL}/create`);
      await page.getByText('Create a load-test scenario').first().waitFor();
      await shot(page, '20-templates.png');
      await page.goto(`${PORTAL}/create/templates/default/load-test-scenario`);
      const service = page.getByLabel(/Service/).first();
      await service.click();
      await service.fill('shop-api');
      await page
        .getByRole('option', { name: /shop-api/ })
        .first()
        .click();
      await page.getByRole('button', { name: /next/i }).click();
      await page.getByLabel(/^Name/).fill(name);
      await page.getByLabel(/Target host/).fill(target);
      await page.getByLabel(/^Users/).fill('4');
      await page.getByLabel(/Duration/).fill('6');
      await shot(page, '21-template-form.png');
      await page.getByRole('button', { name: /next/i }).click();
      await page.getByLabel(/Start a run once it is created/).check();
      await page.getByRole('button', { name: /review/i }).click();
      return name;
    },
  );

  await check(
    'create: the output page links the scenario and the run',
    async () => {
      await page
        .getByRole('button', { name: /create/i })
        .last()
        .click();
      await page
        .getByRole('link', { name: 'The run' })
        .waitFor({ timeout: 60_000 });
      await shot(page, '22-template-output.png');
    },
  );

  await check('the scenario it created is on the Load Tests tab', async () => {
    const href = await page
      .getByRole('link', { name: 'The scenario' })
      .getAttribute('href');
    await page.goto(href.startsWith('http') ? href : `${PORTAL}${href}`);
    await page.getByText(`Scenario “${name}”`).waitFor();
    return href.replace(PORTAL, '');
  });

  await check('the run it started ends with a verdict', async () => {
    await page.goBack();
    const href = await page
      .getByRole('link', { name: 'The run' })
      .getAttribute('href');
    await page.goto(href.startsWith('http') ? href : `${PORTAL}${href}`);
    const status = page.getByTestId('run-status').first();
    await page.waitForFunction(
      ([terminal]) => {
        const el = document.querySelector('[data-testid="run-status"]');
        return el && terminal.includes(el.textContent);
      },
      [TERMINAL],
      { timeout: 90_000 },
    );
    const verdict = await page.getByTestId('run-verdict').first().innerText();
    await shot(page, '23-template-run.png');
    return `${await status.innerText()}, ${verdict}`;
  });
} catch {
  failed = true;
} finally {
  await tearDown();
}
finish(failed);
