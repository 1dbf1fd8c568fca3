// The sample target for the end-to-end test: reuse one that answers, else start
// dev/target/server.js on a free loopback port and stop it afterwards.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const SERVER = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../target/server.js',
);

async function answers(url) {
  try {
    const res = await fetch(`${url}/api/items`, {
      signal: AbortSignal.timeout(2000),
    });
    return res.ok;
  } catch {
    return false;
  }
}

/** Returns `{ url, started, stop() }`; only loopback targets are accepted. */
export async function ensureTarget(preferred) {
  const host = new URL(preferred).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost') {
    throw new Error(`TARGET_URL must be on 127.0.0.1, not ${preferred}`);
  }
  if (await answers(preferred))
    return { url: preferred, started: false, stop: async () => {} };

  const child = spawn(process.execPath, [SERVER, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the sample target did not start in 10 s')),
      10_000,
    );
    let out = '';
    child.stdout.on('data', chunk => {
      out += chunk;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', code => {
      clearTimeout(timer);
      reject(new Error(`the sample target exited with code ${code}`));
    });
  });
  const stop = () =>
    new Promise(resolve => {
      if (child.exitCode !== null) {
        resolve();
        return;
      }
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { url, started: true, stop };
}
