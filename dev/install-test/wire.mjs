#!/usr/bin/env node
// Wires the Load Tests packages into an app made by @backstage/create-app, the way the
// top README's "Add it to your Backstage" tells a user to: the backend line, the
// frontend (new or legacy system), an annotated entity and the `loadTesting` config.
// Every edit checks that the stock file still has the text it anchors to, so a changed
// template fails here rather than producing an app that silently lacks the plugin.
//   node wire.mjs <step> <appDir> [options as KEY=VALUE]
//   steps: pin CREATE_APP=<dir>, resolutions PACKS=<dir relative to app>, backend, frontend-new,
//          frontend-legacy, entity, config LOCUST=… TARGET_URL=…
/* eslint-disable no-console */
import { execFileSync } from 'node:child_process';
import {
  readFileSync,
  readdirSync,
  writeFileSync,
  appendFileSync,
} from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const [step, appDir, ...rest] = process.argv.slice(2);
const opts = Object.fromEntries(rest.map(a => a.split(/=(.*)/s).slice(0, 2)));
const file = p => path.join(appDir, p);

function edit(rel, fn) {
  const before = readFileSync(file(rel), 'utf8');
  const after = fn(before);
  if (after === before) throw new Error(`${rel}: nothing changed`);
  writeFileSync(file(rel), after);
  console.log(`  edited ${rel}`);
}

/** Inserts `text` before (or after) the one occurrence of `anchor`. */
function insertAt(source, anchor, text, { after = false } = {}) {
  const at = source.indexOf(anchor);
  if (at < 0 || source.indexOf(anchor, at + 1) >= 0)
    throw new Error(`expected exactly one ${JSON.stringify(anchor)}`);
  const i = after ? at + anchor.length : at;
  return source.slice(0, i) + text + source.slice(i);
}

const steps = {
  // README step 1: map every @internal/... package to its tarball in the root package.json
  resolutions() {
    const packs = opts.PACKS ?? 'packs';
    edit('package.json', src => {
      const pkg = JSON.parse(src);
      pkg.resolutions ??= {};
      for (const f of readdirSync(file(packs)).filter(n =>
        n.endsWith('.tgz'),
      )) {
        const manifest = execFileSync('tar', [
          '-xzOf',
          file(path.join(packs, f)),
          'package/package.json',
        ]);
        const { name } = JSON.parse(manifest);
        pkg.resolutions[name] = `file:./${packs}/${f}`;
      }
      return `${JSON.stringify(pkg, null, 2)}\n`;
    });
  },

  // Stands for the yarn.lock seed create-app fetches from GitHub (unreachable here):
  // without it every `^` range floats to today's newest, and a 1.55 app gets plugins of
  // later releases (plugin-signals-backend 0.3.21 needs backend-defaults 0.19). Pins each
  // @backstage package create-app names to the version of its release (CREATE_APP=<dir>).
  pin() {
    const { packageVersions } = require(
      path.join(opts.CREATE_APP, 'dist/lib/versions.cjs.js'),
    );
    edit('package.json', src => {
      const pkg = JSON.parse(src);
      pkg.resolutions ??= {};
      for (const [name, version] of Object.entries(packageVersions))
        if (name.startsWith('@backstage/')) pkg.resolutions[name] = version;
      return `${JSON.stringify(pkg, null, 2)}\n`;
    });
  },

  // README step 2; STYLE=named: the backend README's other way, its named exports
  backend() {
    const named = opts.STYLE === 'named';
    edit('packages/backend/src/index.ts', src => {
      let out = src;
      if (named)
        out = insertAt(
          out,
          "import { createBackend } from '@backstage/backend-defaults';\n",
          'import {\n  loadTestingPlugin,\n  loadTestingModuleLocalExecutor,\n' +
            "} from '@internal/plugin-load-testing-backend';\n",
          { after: true },
        );
      return insertAt(
        out,
        'backend.start();',
        '// Load Tests\n' +
          (named
            ? 'backend.add(loadTestingPlugin);\nbackend.add(loadTestingModuleLocalExecutor);\n'
            : "backend.add(import('@internal/plugin-load-testing-backend'));\n") +
          "backend.add(import('@internal/plugin-scaffolder-backend-module-load-testing'));\n\n",
      );
    });
  },

  // README step 3, new frontend system (explicit, although `app.packages: all` would find it)
  'frontend-new'() {
    edit('packages/app/src/App.tsx', src => {
      let out = insertAt(
        src,
        "import catalogPlugin from '@backstage/plugin-catalog/alpha';\n",
        "import loadTestingPlugin from '@internal/plugin-load-testing/alpha';\n",
        { after: true },
      );
      out = insertAt(out, 'features: [catalogPlugin,', ' loadTestingPlugin,', {
        after: true,
      });
      return out;
    });
  },

  // README step 3, legacy frontend system: the tab on the service entity page
  'frontend-legacy'() {
    const rel = 'packages/app/src/components/catalog/EntityPage.tsx';
    edit(rel, src => {
      let out = insertAt(
        src,
        "import { EmptyState } from '@backstage/core-components';\n",
        'import {\n  EntityLoadTestingContent,\n  isLoadTestingAvailable,\n' +
          "} from '@internal/plugin-load-testing';\n",
        { after: true },
      );
      const page = out.indexOf('const serviceEntityPage = (');
      const ci = out.indexOf(
        '<EntityLayout.Route path="/ci-cd" title="CI/CD">',
        page,
      );
      if (page < 0 || ci < 0)
        throw new Error(`${rel}: no CI/CD tab in serviceEntityPage`);
      out =
        out.slice(0, ci) +
        '<EntityLayout.Route\n      path="/load-tests"\n      title="Load Tests"\n' +
        '      if={isLoadTestingAvailable}\n    >\n      <EntityLoadTestingContent />\n' +
        '    </EntityLayout.Route>\n\n    ' +
        out.slice(ci);
      return out;
    });
  },

  // README step 4: an annotated component in the stock example entities
  entity() {
    appendFileSync(
      file('examples/entities.yaml'),
      `---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: shop-api
  description: The sample target service, loaded by the install test
  annotations:
    load-testing.dev/enabled: 'true'
spec:
  type: service
  lifecycle: experimental
  owner: guests
  system: examples
`,
    );
    console.log('  appended component shop-api to examples/entities.yaml');
  },

  // README step 5, into the app's own app-config.yaml
  config() {
    for (const k of ['LOCUST', 'TARGET_ALLOW'])
      if (!opts[k]) throw new Error(`config needs ${k}=`);
    appendFileSync(
      file('app-config.yaml'),
      `
loadTesting:
  webhook:
    signingKey: \${LOAD_TESTING_SIGNING_KEY}
  targets:
    allow: ['${opts.TARGET_ALLOW}']
  executors:
    local:
      enabled: true
      locustCommand: ${opts.LOCUST}
  limits:
    maxUsers: 50
    maxWorkers: 2
    maxDurationSeconds: 120
`,
    );
    console.log('  appended loadTesting to app-config.yaml');
  },
};

if (!steps[step] || !appDir) {
  console.error(
    `usage: wire.mjs <${Object.keys(steps).join('|')}> <appDir> [KEY=VALUE…]`,
  );
  process.exit(2);
}
try {
  steps[step]();
} catch (e) {
  console.error(`✗ wire ${step}: ${e.message}`);
  process.exit(1);
}
