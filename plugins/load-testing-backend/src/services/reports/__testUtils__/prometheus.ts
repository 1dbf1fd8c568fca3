import { ChildProcess, spawn } from 'child_process';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';

/** Debian's `prometheus` package (dev/scripts/setup.sh installs it). */
export const PROMETHEUS_BIN =
  process.env.PROMETHEUS_BIN ??
  (fs.existsSync('/usr/bin/prometheus') ? '/usr/bin/prometheus' : undefined);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A real Prometheus server on 127.0.0.1 scraping `targets` (host:port) every second,
 * with its data in a folder of its own that goes when it stops.
 */
export class PrometheusServer {
  private process?: ChildProcess;
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-prom-'));
  private log = '';
  url = '';

  constructor(private readonly targets: string[]) {}

  async start(): Promise<this> {
    if (!PROMETHEUS_BIN) throw new Error('No prometheus binary');
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    const config = path.join(this.dir, 'prometheus.yml');
    fs.writeFileSync(
      config,
      [
        'global:',
        '  scrape_interval: 1s',
        '  evaluation_interval: 1s',
        'scrape_configs:',
        '  - job_name: target',
        '    static_configs:',
        `      - targets: [${this.targets.map(t => `'${t}'`).join(', ')}]`,
        '',
      ].join('\n'),
    );
    this.process = spawn(
      PROMETHEUS_BIN,
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${path.join(this.dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const keep = (b: Buffer) => {
      this.log = (this.log + b.toString()).slice(-20_000);
    };
    this.process.stdout!.on('data', keep);
    this.process.stderr!.on('data', keep);
    // ready, and the targets scraped at least once
    const until = Date.now() + 30_000;
    while (Date.now() < until) {
      if (this.process.exitCode !== null)
        throw new Error(`prometheus exited: ${this.log}`);
      try {
        const res = await fetch(`${this.url}/api/v1/query?query=up`);
        const body: any = await res.json();
        if (
          body.status === 'success' &&
          body.data.result.length === this.targets.length &&
          body.data.result.every((r: any) => r.value[1] === '1')
        )
          return this;
      } catch {
        // not listening yet
      }
      await new Promise(r => setTimeout(r, 250));
    }
    throw new Error(`prometheus did not scrape its targets: ${this.log}`);
  }

  async stop() {
    const p = this.process;
    if (p && p.exitCode === null) {
      const exited = new Promise(r => p.once('exit', r));
      p.kill('SIGTERM');
      await Promise.race([exited, new Promise(r => setTimeout(r, 10_000))]);
      if (p.exitCode === null) p.kill('SIGKILL');
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
