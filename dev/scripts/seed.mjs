// Gives the dev portal's shop-api a sample scenario to run, once.
/* eslint-disable no-console */
import { readFileSync } from 'node:fs';

const base = `${process.env.PORTAL_URL ?? 'http://127.0.0.1:7007'}/api/load-testing`;
const headers = {
  authorization: `Bearer ${process.env.LOAD_TESTING_CI_TOKEN ?? 'dev-ci-token-change-me'}`,
  'content-type': 'application/json',
};
const entityRef = 'component:default/shop-api';

// scenarios belong to catalog entities: wait until the catalog has read shop-api
const catalog = `${process.env.PORTAL_URL ?? 'http://127.0.0.1:7007'}/api/catalog/entities/by-name/component/default/shop-api`;
for (let i = 0; ; i++) {
  const res = await fetch(catalog, { headers }).catch(() => undefined);
  if (res?.ok) break;
  if (i === 120)
    throw new Error(`the catalog has no ${entityRef}: ${res?.status ?? 'no answer'}`);
  await new Promise(r => setTimeout(r, 500));
}

const list = await fetch(
  `${base}/scenarios?entityRef=${encodeURIComponent(entityRef)}`,
  { headers },
);
if (!list.ok)
  throw new Error(`listing scenarios: ${list.status} ${await list.text()}`);
if ((await list.json()).items.length === 0) {
  const res = await fetch(`${base}/scenarios`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      entityRef,
      name: 'Browse the shop',
      description: 'Sample: 20 shoppers for 30 s against the dev target',
      script: readFileSync(
        new URL('../catalog/scenarios/browse-the-shop.py', import.meta.url),
        'utf8',
      ),
      parameters: {
        users: 20,
        spawnRate: 10,
        duration: 30,
        workers: 2,
        host: 'http://127.0.0.1:7070',
      },
      thresholds: { percentiles: { p95: 300 }, maxFailureRatio: 0.01 },
    }),
  });
  if (!res.ok)
    throw new Error(
      `creating the sample scenario: ${res.status} ${await res.text()}`,
    );
  console.log('sample scenario "Browse the shop" created for shop-api');
}
