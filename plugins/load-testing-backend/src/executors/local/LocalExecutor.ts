import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { LogChunk, NodeState } from '@internal/plugin-load-testing-common';
import { ChildProcess, spawn } from 'child_process';
import fs from 'fs';
import path from 'path';
import {
  masterArgs,
  monitorEnv,
  workerArgs,
} from '../../engines/locust/command';
import {
  Executor,
  ExecutorExit,
  ExecutorListener,
  ExecutorRunSpec,
  StopReason,
} from '../types';
import { findProcesses, freePort, killGroup } from './processes';
import { RunRow } from '../../database/Store';
import { largestLog, removeOldRunFolders, removeRunFolder } from './runFiles';
import { readLogFile } from '../logFiles';

interface LocalNode {
  name: string;
  role: 'master' | 'worker';
  child: ChildProcess;
  exited: boolean;
  exitCode?: number | null;
  signal?: NodeJS.Signals | null;
}

interface LocalRun {
  runId: string;
  dir: string;
  nodes: LocalNode[];
  listener: ExecutorListener;
  stoppedBy?: StopReason;
  masterExit?: ExecutorExit;
  killTimer?: NodeJS.Timeout;
  logTimer?: NodeJS.Timeout;
  /** Why the executor stopped the run itself, when it did. */
  logError?: string;
  done: Promise<void>;
  resolveDone: () => void;
}

/**
 * Runs a Locust master and N workers as child processes on loopback. Each node runs
 * in its own process group so stopping a node stops everything it spawned.
 */
export class LocalExecutor implements Executor {
  readonly name = 'local' as const;
  private readonly runs = new Map<string, LocalRun>();

  constructor(
    private readonly options: {
      locustCommand: string;
      workDir: string;
      stopGraceSeconds: number;
      /** A node's log past this stops the run (its monitor cuts it at half). */
      maxLogBytes: number;
      /** How long the files of a run that is over are kept. */
      keepRunFilesDays: number;
      logger: LoggerService;
    },
  ) {}

  private runDir(runId: string) {
    if (!/^[0-9a-f-]{36}$/.test(runId))
      throw new NotFoundError(`No run ${runId}`);
    return path.join(this.options.workDir, 'runs', runId);
  }

  async start(
    spec: ExecutorRunSpec,
    listener: ExecutorListener,
  ): Promise<void> {
    const { run } = spec;
    const dir = this.runDir(run.id);
    await fs.promises.mkdir(path.join(dir, 'logs'), { recursive: true });
    const scriptFile = path.join(dir, 'locustfile.py');
    await fs.promises.writeFile(scriptFile, run.script);
    const port = await freePort();
    const cmdOpts = {
      scriptFile,
      params: run.parameters,
      masterHost: '127.0.0.1',
      masterPort: port,
      csvPrefix: path.join(dir, 'locust'),
      shapeDriven: Boolean(run.shape),
    };
    const home = path.join(dir, 'home');
    await fs.promises.mkdir(home, { recursive: true });
    // an explicit, minimal environment: never the backend's own (its secrets, and
    // LOCUST_* variables Locust would read as options)
    const env: Record<string, string> = {
      PATH: '/usr/local/bin:/usr/bin:/bin',
      HOME: home,
      TMPDIR: home,
      LANG: 'C.UTF-8',
      PYTHONUNBUFFERED: '1',
      PYTHONDONTWRITEBYTECODE: '1',
      // the monitor cuts what Locust and the script print at half the limit
      LT_LOG_MAX_BYTES: String(Math.floor(this.options.maxLogBytes / 2)),
      ...monitorEnv({
        runId: run.id,
        webhookUrl: spec.webhookUrl,
        secret: spec.secret,
        intervalSeconds: spec.intervalSeconds,
        params: run.parameters,
        limits: spec.limits,
      }),
    };
    let resolveDone!: () => void;
    const done = new Promise<void>(r => {
      resolveDone = r;
    });
    const localRun: LocalRun = {
      runId: run.id,
      dir,
      nodes: [],
      listener,
      done,
      resolveDone,
    };
    this.runs.set(run.id, localRun);

    const launch = (
      name: string,
      role: 'master' | 'worker',
      args: string[],
    ) => {
      const out = fs.openSync(path.join(dir, 'logs', `${name}.log`), 'a');
      // only the master reports: workers never hold the run's webhook secret
      const { LT_WEBHOOK_SECRET: secret, ...shared } = env;
      const nodeEnv =
        role === 'master'
          ? { ...env, LT_NODE_NAME: name }
          : { ...shared, LT_NODE_NAME: name };
      const child = spawn(this.options.locustCommand, args, {
        cwd: dir,
        env: nodeEnv,
        detached: true,
        stdio: ['ignore', out, out],
      });
      fs.closeSync(out);
      const node: LocalNode = { name, role, child, exited: false };
      localRun.nodes.push(node);
      child.on('error', err => {
        this.options.logger.warn(
          `Run ${run.id}: ${name} could not start: ${err.message}`,
        );
        this.onNodeExit(
          localRun,
          node,
          null,
          null,
          `could not start: ${err.message}`,
        );
      });
      child.on('exit', (code, signal) =>
        this.onNodeExit(localRun, node, code, signal),
      );
      return node;
    };

    launch('master', 'master', masterArgs(cmdOpts));
    for (let i = 1; i <= run.parameters.workers; i++) {
      launch(`worker-${i}`, 'worker', workerArgs(cmdOpts));
    }
    listener.onNodes(
      run.id,
      localRun.nodes.map(n => ({
        name: n.name,
        role: n.role,
        state: n.exited ? 'failed' : 'starting',
        pid: n.child.pid,
        host: '127.0.0.1',
      })),
    );
    listener.onRunning(run.id);
    localRun.logTimer = setInterval(() => this.checkLogs(localRun), 5000);
    localRun.logTimer.unref();
  }

  /** A script that floods its log past the limit is stopped, naming the limit. */
  private async checkLogs(run: LocalRun) {
    const size = await largestLog(run.dir);
    if (size <= this.options.maxLogBytes || run.stoppedBy || run.masterExit)
      return;
    clearInterval(run.logTimer);
    run.logError = `A node's log went past ${Math.round(this.options.maxLogBytes / 2 ** 20)} MiB (loadTesting.limits.maxLogBytes): the run was stopped`;
    this.options.logger.warn(`Run ${run.runId}: ${run.logError}`);
    this.terminate(run, 'limit');
  }

  private onNodeExit(
    run: LocalRun,
    node: LocalNode,
    code: number | null,
    signal: NodeJS.Signals | null,
    error?: string,
  ) {
    // a run let go of at shutdown is no longer this backend's to report
    if (node.exited || this.runs.get(run.runId) !== run) return;
    node.exited = true;
    node.exitCode = code;
    node.signal = signal;
    const masterAlive = run.nodes.some(n => n.role === 'master' && !n.exited);
    const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
    if (node.role === 'worker') {
      // a worker lost mid-run: Locust marks it missing and does not replace its users
      const abnormal = Boolean(signal) || (code ?? 0) !== 0;
      const lost = abnormal && masterAlive && !run.stoppedBy && !run.masterExit;
      let state: NodeState = abnormal ? 'failed' : 'exited';
      if (lost) state = 'missing';
      run.listener.onNodes(run.runId, [
        {
          name: node.name,
          role: 'worker',
          state,
          exitCode: code ?? undefined,
          message:
            error ??
            (lost ? `process ${how}; its users are not replaced` : how),
        },
      ]);
    } else {
      run.masterExit = {
        exitCode: code ?? undefined,
        signal: signal ?? undefined,
        stoppedBy: run.logError ? undefined : run.stoppedBy,
        error:
          run.logError ??
          error ??
          (signal && !run.stoppedBy
            ? `The Locust master was ${how}`
            : undefined),
      };
      run.listener.onNodes(run.runId, [
        {
          name: node.name,
          role: 'master',
          state:
            (signal && !run.stoppedBy) || (code ?? 0) !== 0
              ? 'failed'
              : 'exited',
          exitCode: code ?? undefined,
          message: error ?? how,
        },
      ]);
      // workers outlive a dead master for a minute: stop them now
      for (const n of run.nodes) {
        if (!n.exited) killGroup(n.child.pid, 'SIGTERM');
      }
      clearTimeout(run.killTimer);
      run.killTimer = setTimeout(() => {
        for (const n of run.nodes)
          if (!n.exited) killGroup(n.child.pid, 'SIGKILL');
      }, 3000);
    }
    if (run.nodes.every(n => n.exited)) {
      clearTimeout(run.killTimer);
      clearInterval(run.logTimer);
      this.runs.delete(run.runId);
      run.listener.onExit(
        run.runId,
        run.masterExit ?? {
          error: 'The Locust master did not start',
          stoppedBy: run.stoppedBy,
        },
      );
      run.resolveDone();
    }
  }

  /** Startup, Locust's stop timeout (10 s) and the final snapshot. */
  limitGraceSeconds(): number {
    return 30;
  }

  /** SIGTERM lets the master stop its users and the monitor send the final snapshot. */
  private terminate(run: LocalRun, reason: StopReason) {
    run.stoppedBy ??= reason;
    const master = run.nodes.find(n => n.role === 'master');
    if (master && !master.exited) killGroup(master.child.pid, 'SIGTERM');
    else
      for (const n of run.nodes)
        if (!n.exited) killGroup(n.child.pid, 'SIGTERM');
  }

  async stop(runId: string, reason: StopReason): Promise<void> {
    const run = this.runs.get(runId);
    if (!run) return;
    this.terminate(run, reason);
    const timer = setTimeout(() => {
      for (const n of run.nodes)
        if (!n.exited) killGroup(n.child.pid, 'SIGKILL');
    }, this.options.stopGraceSeconds * 1000);
    await run.done;
    clearTimeout(timer);
  }

  async readLog(
    runId: string,
    node: string,
    options: { offset?: number; tail?: number; limit?: number },
  ): Promise<LogChunk> {
    if (!/^(master|worker-\d+)$/.test(node))
      throw new NotFoundError(`No node ${node}`);
    const file = path.join(this.runDir(runId), 'logs', `${node}.log`);
    return readLogFile(
      file,
      node,
      options,
      `No log for node ${node} of run ${runId}`,
    );
  }

  /** Stops Locust processes of runs that are over or unknown (left by an earlier backend). */
  async sweepAll(isActive: (runId: string) => Promise<boolean>) {
    const marker = `${path.join(this.options.workDir, 'runs')}${path.sep}`;
    const byRun = new Map<string, number[]>();
    for (const { pid, cmdline } of await findProcesses(marker)) {
      const id = /runs\/([0-9a-f-]{36})\//.exec(
        cmdline.slice(cmdline.indexOf(marker)),
      )?.[1];
      if (!id || this.runs.has(id)) continue;
      byRun.set(id, [...(byRun.get(id) ?? []), pid]);
    }
    let removed = 0;
    for (const [runId, pids] of byRun) {
      if (await isActive(runId)) continue;
      removed++;
      for (const pid of pids) killGroup(pid, 'SIGKILL');
      this.options.logger.info(
        `Stopped ${pids.length} leftover Locust process(es) of run ${runId}`,
      );
    }
    removed += await removeOldRunFolders({
      workDir: this.options.workDir,
      keepMs: this.options.keepRunFilesDays * 24 * 3600 * 1000,
      isActive: id =>
        this.runs.has(id) ? Promise.resolve(true) : isActive(id),
      logger: this.options.logger,
    });
    return removed;
  }

  /** Retention deleted the run: its folder goes too, unless it runs here still. */
  async deleteRunFiles(run: RunRow): Promise<void> {
    if (this.runs.has(run.id)) return;
    await removeRunFolder(this.options.workDir, run.id);
  }

  /**
   * Stops the processes of a run an earlier backend left running: SIGTERM first, so the
   * master can still report its final statistics, SIGKILL after the grace.
   */
  async sweep(runId: string): Promise<void> {
    const marker = `${path.sep}runs${path.sep}${runId}${path.sep}`;
    const pids = (await findProcesses(marker)).map(p => p.pid);
    if (!pids.length) return;
    this.options.logger.info(
      `Stopping ${pids.length} leftover Locust process(es) of run ${runId}`,
    );
    for (const pid of pids) killGroup(pid, 'SIGTERM');
    setTimeout(() => {
      for (const pid of pids) killGroup(pid, 'SIGKILL');
    }, this.options.stopGraceSeconds * 1000).unref();
  }

  /**
   * Stops every run while the backend still takes deliveries, so their final statistics
   * arrive. A master still delivering after the grace is left to finish: its monitor
   * keeps trying, and the next backend takes the final snapshot of the ended run.
   */
  async shutdown(): Promise<void> {
    const runs = [...this.runs.values()];
    for (const run of runs) this.terminate(run, 'shutdown');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(runs.map(r => r.done)),
      new Promise<void>(resolve => {
        timer = setTimeout(resolve, this.options.stopGraceSeconds * 1000);
      }),
    ]);
    clearTimeout(timer);
    for (const run of runs) {
      if (!this.runs.has(run.runId)) continue;
      this.runs.delete(run.runId);
      clearTimeout(run.killTimer);
      clearInterval(run.logTimer);
      for (const n of run.nodes) n.child.unref();
      this.options.logger.info(
        `Run ${run.runId}: Locust is still stopping; it reports its final statistics to the next backend`,
      );
      run.listener.onExit(run.runId, { stoppedBy: 'shutdown' });
    }
  }
}
