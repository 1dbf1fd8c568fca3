import { Config } from '@backstage/config';
import { PrometheusSeries } from '@internal/plugin-load-testing-common';

/** Where the target's metrics are read, from `loadTesting.prometheus`. */
export interface PrometheusConfig {
  baseUrl: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

export function readPrometheusConfig(
  root: Config,
): PrometheusConfig | undefined {
  const c = root.getOptionalConfig('loadTesting.prometheus');
  if (!c) return undefined;
  const baseUrl = c.getString('baseUrl').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(baseUrl))
    throw new Error(
      `loadTesting.prometheus.baseUrl must be an http(s) URL, not ${baseUrl}`,
    );
  const headers: Record<string, string> = {};
  const own = c.getOptionalConfig('headers');
  for (const key of own?.keys() ?? []) headers[key] = own!.getString(key);
  const token = c.getOptionalString('token');
  if (token) headers.Authorization = `Bearer ${token}`;
  return {
    baseUrl,
    headers,
    timeoutMs: (c.getOptionalNumber('timeoutSeconds') ?? 10) * 1000,
  };
}

/** Prometheus could not answer: unreachable, too slow, or the query was refused. */
export class PrometheusError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrometheusError';
  }
}

/** Bodies larger than this are refused rather than parsed. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** A range query's answer, as the API hands it on. */
export interface RangeResult {
  series: PrometheusSeries[];
}

/** Reads Prometheus' HTTP API (`/api/v1/query_range`). */
export class PrometheusClient {
  constructor(private readonly config: PrometheusConfig) {}

  /** `start`/`end` epoch ms, `stepSeconds` ≥ 1. */
  async queryRange(
    query: string,
    range: { start: number; end: number; stepSeconds: number },
  ): Promise<RangeResult> {
    const body = new URLSearchParams({
      query,
      start: (range.start / 1000).toFixed(3),
      end: (range.end / 1000).toFixed(3),
      step: String(range.stepSeconds),
      timeout: `${Math.max(1, Math.floor(this.config.timeoutMs / 1000))}s`,
    });
    const url = `${this.config.baseUrl}/api/v1/query_range`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          ...this.config.headers,
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
    } catch (e: any) {
      const why =
        e?.name === 'TimeoutError'
          ? `no answer within ${this.config.timeoutMs / 1000} s`
          : String(e?.cause?.message ?? e?.message ?? e);
      throw new PrometheusError(`Prometheus is unreachable: ${why}`);
    }
    const text = await readLimited(response);
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      throw new PrometheusError(
        `Prometheus answered HTTP ${response.status} that is not its API's JSON: ${text.slice(0, 200)}`,
      );
    }
    if (json?.status !== 'success') {
      throw new PrometheusError(
        `Prometheus refused the query (${json?.errorType ?? `HTTP ${response.status}`}): ${String(json?.error ?? 'no message').slice(0, 1000)}`,
      );
    }
    const data = json.data;
    if (data?.resultType !== 'matrix' || !Array.isArray(data.result))
      throw new PrometheusError(
        `Prometheus answered a ${data?.resultType ?? 'malformed'} result, not a range of values`,
      );
    return {
      series: data.result.map((r: any) => ({
        labels: stringRecord(r?.metric),
        points: (Array.isArray(r?.values) ? r.values : []).map(
          (v: any): [number, number | null] => {
            const value = Number(v?.[1]);
            return [
              Math.round(Number(v?.[0]) * 1000),
              Number.isFinite(value) ? value : null,
            ];
          },
        ),
      })),
    };
  }
}

function stringRecord(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof v !== 'object' || v === null) return out;
  for (const [k, x] of Object.entries(v)) out[k] = String(x);
  return out;
}

async function readLimited(response: Response): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > MAX_BODY_BYTES)
    throw new PrometheusError(
      `Prometheus' answer is too large (${declared} bytes); narrow the query`,
    );
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new PrometheusError(
        `Prometheus' answer is larger than ${MAX_BODY_BYTES} bytes; narrow the query`,
      );
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
