import net from 'net';
import { LOCUST_PERCENTILE_COLUMNS } from '../../services/reports/exporters/csv';

/**
 * A TCP proxy in front of the backend that can be made unreachable, to play a network
 * outage between the monitor and the backend.
 */
export class PausableProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly target: () => number) {}

  async start(port = 0): Promise<number> {
    this.server = net.createServer(client => {
      const upstream = net.connect(this.target(), '127.0.0.1');
      this.sockets.add(client).add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>(resolve =>
      this.server!.listen(port, '127.0.0.1', resolve),
    );
    this.port = (this.server!.address() as net.AddressInfo).port;
    return this.port;
  }

  /** Refuses connections and cuts the open ones. */
  async pause(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await new Promise<void>(resolve =>
      server ? server.close(() => resolve()) : resolve(),
    );
  }

  async resume(): Promise<void> {
    await this.start(this.port);
  }

  async stop(): Promise<void> {
    await this.pause();
  }
}

export interface LocustFinalStats {
  /** keyed `METHOD name`, `Aggregated` for the total */
  rows: Map<
    string,
    { requests: number; failures: number; percentiles: number[] }
  >;
}

/**
 * Locust's own final statistics as the master prints them at exit: the request table
 * and the percentile table (50 66 75 80 90 95 98 99 99.9 99.99 100).
 */
export function parseLocustSummary(log: string): LocustFinalStats {
  const rows = new Map<
    string,
    { requests: number; failures: number; percentiles: number[] }
  >();
  const start = log.lastIndexOf('Type     Name');
  const pctStart = log.lastIndexOf('Response time percentiles (approximated)');
  if (start < 0 || pctStart < 0)
    throw new Error('No final Locust summary in the log');
  const statsBlock = log.slice(
    log.lastIndexOf('Type     Name', pctStart),
    pctStart,
  );
  for (const line of statsBlock.split('\n')) {
    const m = /^(\S*)\s+(\S+)\s+(\d+)\s+(\d+)\(/.exec(line);
    if (!m) continue;
    const key =
      m[2] === 'Aggregated' && !m[1] ? 'Aggregated' : `${m[1]} ${m[2]}`;
    rows.set(key, {
      requests: Number(m[3]),
      failures: Number(m[4]),
      percentiles: [],
    });
  }
  const pctBlock = log.slice(pctStart).split('\n\n')[0];
  for (const line of pctBlock.split('\n')) {
    const parts = line.trim().split(/\s+/);
    if (parts.length < 13 || !/^\d+$/.test(parts[parts.length - 1])) continue;
    const values = parts.slice(-12, -1).map(Number);
    const key =
      parts.length === 13 && parts[0] === 'Aggregated'
        ? 'Aggregated'
        : `${parts[0]} ${parts[1]}`;
    const row = rows.get(key);
    if (row) row.percentiles = values;
  }
  return { rows };
}

/**
 * Rows of a CSV file as Python's csv module writes it: fields may be quoted ("a, b" or
 * "say ""hi"""), lines end in CRLF or LF, blank lines are skipped.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endRow = () => {
    row.push(field);
    if (row.length > 1 || row[0].trim()) rows.push(row);
    row = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') endRow();
    else if (c !== '\r') field += c;
  }
  if (field || row.length) endRow();
  return rows;
}

/** Locust's own `--csv` statistics (`locust_stats.csv`), as written at its exit. */
export function parseLocustCsv(text: string): LocustFinalStats {
  const [header, ...records] = parseCsv(text);
  const col = (name: string) => header.indexOf(name);
  const pct = LOCUST_PERCENTILE_COLUMNS.map(col);
  const rows = new Map<
    string,
    { requests: number; failures: number; percentiles: number[] }
  >();
  for (const r of records) {
    const type = r[col('Type')];
    const name = r[col('Name')];
    rows.set(
      name === 'Aggregated' && !type ? 'Aggregated' : `${type} ${name}`,
      {
        requests: Number(r[col('Request Count')]),
        failures: Number(r[col('Failure Count')]),
        percentiles: pct.map(i => (r[i] === 'N/A' ? 0 : Number(r[i]))),
      },
    );
  }
  return { rows };
}
