import { LoggerService } from '@backstage/backend-plugin-api';
import fs from 'fs';
import path from 'path';

const RUN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** When anything in a folder (one level down included) last changed. */
async function lastChange(dir: string): Promise<number> {
  let latest = (await fs.promises.stat(dir)).mtimeMs;
  for (const entry of await fs.promises.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    const stat = await fs.promises.stat(p).catch(() => undefined);
    if (stat) latest = Math.max(latest, stat.mtimeMs);
    if (entry.isDirectory()) {
      for (const inner of await fs.promises.readdir(p).catch(() => [])) {
        const s = await fs.promises
          .stat(path.join(p, inner))
          .catch(() => undefined);
        if (s) latest = Math.max(latest, s.mtimeMs);
      }
    }
  }
  return latest;
}

/**
 * Removes the folders (script, logs, Locust's CSV) of runs that are over and have not
 * changed for `keepMs`; returns how many.
 */
export async function removeOldRunFolders(options: {
  workDir: string;
  keepMs: number;
  isActive: (runId: string) => Promise<boolean>;
  logger: LoggerService;
  now?: number;
}): Promise<number> {
  const runs = path.join(options.workDir, 'runs');
  const now = options.now ?? Date.now();
  let entries: string[];
  try {
    entries = await fs.promises.readdir(runs);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const runId of entries.filter(e => RUN_ID.test(e))) {
    const dir = path.join(runs, runId);
    try {
      if (now - (await lastChange(dir)) < options.keepMs) continue;
      if (await options.isActive(runId)) continue;
      await fs.promises.rm(dir, { recursive: true, force: true });
      removed++;
    } catch (e) {
      options.logger.warn(`Could not remove the files of run ${runId}: ${e}`);
    }
  }
  if (removed)
    options.logger.info(`Removed the files of ${removed} old run(s)`);
  return removed;
}

/** Removes the folder of one run (script, logs, CSV); nothing there is no error. */
export async function removeRunFolder(
  workDir: string,
  runId: string,
): Promise<void> {
  if (!RUN_ID.test(runId)) return;
  await fs.promises.rm(path.join(workDir, 'runs', runId), {
    recursive: true,
    force: true,
  });
}

/** The size of the largest node log of a run, in bytes. */
export async function largestLog(runDir: string): Promise<number> {
  const logs = path.join(runDir, 'logs');
  let largest = 0;
  for (const name of await fs.promises.readdir(logs).catch(() => [])) {
    const stat = await fs.promises
      .stat(path.join(logs, name))
      .catch(() => undefined);
    if (stat) largest = Math.max(largest, stat.size);
  }
  return largest;
}
