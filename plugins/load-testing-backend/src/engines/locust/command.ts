import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { RunParameters } from '@internal/plugin-load-testing-common';
import path from 'path';

/** Where the Python files shipped with the backend are. */
export const ENGINE_DIR = resolvePackagePath(
  '@internal/plugin-load-testing-backend',
  'assets/locust',
);

/**
 * The Python files loaded next to the user's script: the target guard (first, before the
 * script runs), the monitor, and the stages shape (master of a staged run only).
 */
export const ENGINE_FILES = ['guard.py', 'monitor.py', 'shape.py'] as const;

export interface LocustCommandOptions {
  /** The user's locustfile. */
  scriptFile: string;
  params: RunParameters;
  masterHost: string;
  masterPort: number;
  /** Folder of Locust's own CSV statistics, `locust_stats.csv` etc. */
  csvPrefix?: string;
  /** Where the engine files are, when not beside this backend (a pod's mount). */
  engineDir?: string;
  /** Seconds the master waits for all workers. Default 60. */
  expectWorkersMaxWait?: number;
  /** A LoadTestShape in the script decides users and duration. */
  shapeDriven?: boolean;
}

function locustFiles(opts: LocustCommandOptions, role: 'master' | 'worker') {
  const engine = (name: string) =>
    path.posix.join(opts.engineDir ?? ENGINE_DIR, name);
  const files = [engine('guard.py'), opts.scriptFile, engine('monitor.py')];
  if (role === 'master' && opts.params.stages?.length)
    files.push(engine('shape.py'));
  return files.join(',');
}

/** Arguments of the Locust master: headless, no web UI, expecting the workers. */
export function masterArgs(opts: LocustCommandOptions): string[] {
  const p = opts.params;
  const args = [
    '-f',
    locustFiles(opts, 'master'),
    '--master',
    '--headless',
    '--master-bind-host',
    opts.masterHost,
    '--master-bind-port',
    String(opts.masterPort),
    '--expect-workers',
    String(p.workers),
    '--expect-workers-max-wait',
    String(opts.expectWorkersMaxWait ?? 60),
    '--host',
    p.host,
    '--only-summary',
    '--stop-timeout',
    '10',
    // failed requests and exceptions are checks of the verdict; a non-zero exit code
    // then means the script set one or Locust itself hit an error
    '--exit-code-on-error',
    '0',
  ];
  if (!p.stages?.length && !opts.shapeDriven) {
    args.push(
      '-u',
      String(p.users),
      '-r',
      String(p.spawnRate),
      '-t',
      `${p.duration}s`,
    );
  }
  if (p.tags?.length) args.push('--tags', ...p.tags);
  if (opts.csvPrefix) args.push('--csv', opts.csvPrefix);
  return args;
}

/** Arguments of one Locust worker. */
export function workerArgs(opts: LocustCommandOptions): string[] {
  return [
    '-f',
    locustFiles(opts, 'worker'),
    '--worker',
    '--master-host',
    opts.masterHost,
    '--master-port',
    String(opts.masterPort),
  ];
}

/** Quotes an argument for a POSIX shell. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)
    ? arg
    : `'${arg.replace(/'/g, `'\\''`)}'`;
}

import type { MonitorLimits } from '@internal/plugin-load-testing-node';

export type { MonitorLimits };

/** Environment the monitor and shape read. */
export function monitorEnv(options: {
  runId: string;
  webhookUrl: string;
  secret: string;
  intervalSeconds: number;
  params: RunParameters;
  limits?: MonitorLimits;
}): Record<string, string> {
  // the script's own variables first: they must not redirect the monitor
  const env: Record<string, string> = {
    ...(options.params.env ?? {}),
    LT_RUN_ID: options.runId,
    LT_WEBHOOK_URL: options.webhookUrl,
    LT_WEBHOOK_SECRET: options.secret,
    LT_INTERVAL: String(options.intervalSeconds),
    // a shape ends the run itself, but never after the run's duration
    LT_TIME_LIMIT: String(options.params.duration),
  };
  if (options.limits) {
    env.LT_MAX_USERS = String(options.limits.maxUsers);
    env.LT_MAX_USERS_SETTING = options.limits.maxUsersSetting;
    env.LT_ALLOWED_TARGETS = JSON.stringify(options.limits.allowedTargets);
  }
  if (options.params.stages?.length)
    env.LT_STAGES = JSON.stringify(options.params.stages);
  return env;
}
