// Checks the tarballs of dev/scripts/pack.sh: each lists what an installed package needs
// at run time, its package.json points at built files, and its dependencies are on the
// registry or are packages of this project.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
const ours = new Set();
const packs = fs.readdirSync(dir).filter(f => f.endsWith('.tgz'));
const listing = f =>
  execFileSync('tar', ['-tzf', path.join(dir, f)], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map(p => p.replace(/^package\//, ''));
const manifest = f =>
  JSON.parse(
    execFileSync('tar', ['-xzOf', path.join(dir, f), 'package/package.json'], {
      encoding: 'utf8',
    }),
  );
for (const f of packs) ours.add(manifest(f).name);

const repo = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '../..',
);
const backendDir = path.join(repo, 'plugins/load-testing-backend');
const filesUnder = sub =>
  fs
    .readdirSync(path.join(backendDir, sub), { recursive: true })
    .filter(p => fs.statSync(path.join(backendDir, sub, p)).isFile())
    .map(p => `${sub}/${p}`);
const wanted = {
  '@internal/plugin-load-testing-backend': [
    'dist/index.cjs.js',
    'dist/index.d.ts',
    'config.schema.json',
    ...filesUnder('assets'),
    ...filesUnder('migrations'),
  ],
  '@internal/plugin-load-testing': [
    'dist/index.esm.js',
    'dist/index.d.ts',
    'dist/alpha.esm.js',
    'dist/alpha.d.ts',
  ],
  '@internal/plugin-load-testing-node': [
    'dist/index.cjs.js',
    'dist/index.d.ts',
  ],
  '@internal/plugin-load-testing-common': [
    'dist/index.cjs.js',
    'dist/index.d.ts',
  ],
  '@internal/plugin-scaffolder-backend-module-load-testing': [
    'dist/index.cjs.js',
  ],
  '@internal/load-testing-cli': ['bin/load-testing', 'dist/index.cjs.js'],
};

let failed = false;
for (const f of packs) {
  const m = manifest(f);
  const files = new Set(listing(f));
  const problems = [];
  for (const w of wanted[m.name] ?? [])
    if (!files.has(w)) problems.push(`missing ${w}`);
  for (const key of ['main', 'types', 'module'])
    if (m[key] && !files.has(m[key].replace(/^\.\//, '')))
      problems.push(`${key} points at ${m[key]}, not in the package`);
  if (m.main?.startsWith('src/')) problems.push(`main is ${m.main}`);
  for (const [dep, range] of Object.entries({
    ...m.dependencies,
    ...m.peerDependencies,
  })) {
    if (/^(file|link|workspace|portal):/.test(String(range)))
      problems.push(
        `dependency ${dep}@${range} does not install from a registry`,
      );
    if (dep.startsWith('@internal/') && !ours.has(dep))
      problems.push(
        `dependency ${dep} is neither on the registry nor one of these packages`,
      );
  }
  // a default export the code has must be in the types too (an app's backend.add(import(…)))
  const read = file =>
    execFileSync('tar', ['-xzOf', path.join(dir, f), `package/${file}`], {
      encoding: 'utf8',
    });
  for (const [js, dts] of [
    ['dist/index.cjs.js', 'dist/index.d.ts'],
    ['dist/index.esm.js', 'dist/index.d.ts'],
  ]) {
    if (!files.has(js) || !files.has(dts)) continue;
    const hasDefault = /exports\.default =|as default\b|export default/.test(
      read(js),
    );
    if (hasDefault && !/export default|as default\b/.test(read(dts)))
      problems.push(`${js} has a default export that ${dts} does not declare`);
  }
  const src = [...files].filter(p => p.startsWith('src/'));
  if (src.length)
    problems.push(`ships sources: ${src.slice(0, 3).join(', ')}…`);
  console.log(
    `${problems.length ? '✗' : '✓'} ${f}: ${files.size} files${problems.length ? `\n    ${problems.join('\n    ')}` : ''}`,
  );
  if (problems.length) failed = true;
}
if (packs.length < Object.keys(wanted).length) {
  console.log(
    `✗ ${packs.length} tarballs, ${Object.keys(wanted).length} expected`,
  );
  failed = true;
}
process.exit(failed ? 1 : 0);
