// Validates the software templates in templates/ with the real scaffolder backend of a
// running dev portal (its dry-run API): each template, each starting point, rendered and
// run in dry-run mode (nothing created, no pull request); each rendered Locust script must
// compile. Usage: PORTAL_URL=http://localhost:7007 node dev/scripts/templates-dry-run.mjs
/* eslint-disable no-console */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const portal = process.env.PORTAL_URL ?? 'http://localhost:7007';
const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../templates/load-tests',
);
const python = process.env.LOCUST_PYTHON ?? 'python3';

function filesOf(dir, base = dir) {
  return readdirSync(dir).flatMap(name => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory()
      ? filesOf(p, base)
      : [
          {
            path: path.relative(base, p),
            base64Content: readFileSync(p).toString('base64'),
          },
        ];
  });
}

// the dry run acts for a signed-in user: the dev portal's guest
const identity = await fetch(`${portal}/api/auth/guest/refresh`, {
  headers: { 'x-requested-with': 'XMLHttpRequest' },
}).then(r => r.json());
const token = identity.backstageIdentity?.token;
if (!token)
  throw new Error(
    `no guest token from ${portal}: ${JSON.stringify(identity).slice(0, 200)}`,
  );

const directoryContents = filesOf(root).filter(f =>
  f.path.startsWith('skeleton/'),
);
let failed = 0;
const kinds = ['read-heavy', 'write-auth', 'staged-ramp', 'soak'];
for (const file of ['load-test-scenario.yaml', 'add-load-test.yaml']) {
  const template = parse(readFileSync(path.join(root, file), 'utf8'));
  for (const kind of kinds) {
    const values = {
      component: 'component:default/shop-api',
      repoUrl: 'github.com?owner=acme&repo=shop-api',
      catalogInfoPath: 'catalog-info.yaml',
      name: `dry-${kind}`,
      kind,
      host: 'http://127.0.0.1:7070',
      readPath: '/api/items',
      writePath: '/api/orders',
      users: 20,
      duration: 60,
      p95: 300,
      failurePercent: 1,
      runNow: true,
    };
    const res = await fetch(`${portal}/api/scaffolder/v2/dry-run`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        template,
        values,
        secrets: {},
        directoryContents,
      }),
    });
    const body = await res.json();
    const name = `${template.metadata.name} (${kind})`;
    const errors = (body.log ?? [])
      .map(l => l.body)
      .filter(b => b.status === 'failed' || /error/i.test(b.message ?? ''));
    const script = (body.directoryContents ?? []).find(
      f => f.path === `loadtests/dry-${kind}.py`,
    );
    let compiled = 'missing';
    if (script) {
      try {
        execFileSync(
          python,
          ['-c', 'import sys; compile(sys.stdin.read(), "script", "exec")'],
          {
            input: Buffer.from(script.base64Content, 'base64'),
            stdio: ['pipe', 'pipe', 'pipe'],
          },
        );
        compiled = 'compiles';
      } catch (e) {
        compiled = `does not compile: ${String(e.stderr).trim().split('\n').pop()}`;
      }
    }
    const ok = res.ok && errors.length === 0 && compiled === 'compiles';
    if (!ok) failed++;
    console.log(
      `${ok ? '✓' : '✗'} ${name}: ${res.status}, ${(body.steps ?? []).length} steps, script ${compiled}, ` +
        `files ${(body.directoryContents ?? []).map(f => f.path).join(' ')}` +
        (errors.length
          ? `\n    ${errors.map(e => e.message).join('\n    ')}`
          : '') +
        (res.ok ? '' : `\n    ${JSON.stringify(body).slice(0, 400)}`),
    );
  }
}
console.log(
  failed
    ? `${failed} template dry run(s) failed`
    : 'every template dry run passed',
);
process.exit(failed ? 1 : 0);
