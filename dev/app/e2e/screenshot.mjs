// A whole-page screenshot of one portal page, signed in as guest:
/* eslint-disable no-console */ // a command-line tool: its output is the report
//   node dev/app/e2e/screenshot.mjs <path, e.g. /catalog/default/component/shop-api/load-tests> <file.png> [wait ms]
import {
  PORTAL,
  SCREENS,
  launchBrowser,
  openLoadTestsTab,
  requireApp,
  shot,
} from './common.mjs';

const [target, file, waitMs] = process.argv.slice(2);
if (!target || !file) {
  console.error(
    'usage: node dev/app/e2e/screenshot.mjs <path> <file.png> [wait ms]',
  );
  process.exit(2);
}
await requireApp();
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
await openLoadTestsTab(page); // signs in
await page.goto(`${PORTAL}${target}`);
await page.waitForTimeout(Number(waitMs ?? 4000));
await shot(page, file);
await browser.close();
console.log(`${SCREENS}/${file}`);
