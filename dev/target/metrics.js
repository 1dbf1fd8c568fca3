'use strict';

// Prometheus metrics of the sample target, in the text exposition format (version 0.0.4):
// requests by method, route and status, their durations as a histogram, and the process'
// CPU time. Scrapes of /metrics itself are not counted.

const BUCKETS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);

// a bounded set of label values, whatever paths clients ask for
function routeOf(path) {
  if (path.startsWith('/api/items/')) return '/api/items/:id';
  if (path.startsWith('/repository/')) return '/repository/*';
  switch (path) {
    case '/':
    case '/health':
    case '/api/items':
    case '/api/orders':
    case '/api/slow':
    case '/api/flaky':
    case '/redirect':
      return path;
    default:
      return 'other';
  }
}

const escape = v => String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"');

function createMetrics() {
  // key "method\0path\0status" → count
  const requests = new Map();
  // key "method\0path" → { buckets: number[], sum, count }
  const durations = new Map();

  function observe(method, path, status, seconds) {
    const m = METHODS.has(method) ? method : 'other';
    const route = routeOf(path);
    const rk = `${m}\0${route}\0${status}`;
    requests.set(rk, (requests.get(rk) ?? 0) + 1);
    const dk = `${m}\0${route}`;
    let d = durations.get(dk);
    if (!d) {
      d = { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 };
      durations.set(dk, d);
    }
    for (let i = 0; i < BUCKETS.length; i++)
      if (seconds <= BUCKETS[i]) d.buckets[i]++;
    d.sum += seconds;
    d.count++;
  }

  /** Counts a request once its response is sent. */
  function track(res, method, path) {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      observe(method, path, res.statusCode, seconds);
    });
  }

  function render() {
    const lines = [
      '# HELP http_requests_total Requests answered, by method, route and status.',
      '# TYPE http_requests_total counter',
    ];
    for (const [key, n] of requests) {
      const [method, path, status] = key.split('\0');
      lines.push(
        `http_requests_total{method="${escape(method)}",path="${escape(path)}",status="${status}"} ${n}`,
      );
    }
    lines.push(
      '# HELP http_request_duration_seconds Time from a request to its response.',
      '# TYPE http_request_duration_seconds histogram',
    );
    for (const [key, d] of durations) {
      const [method, path] = key.split('\0');
      const labels = `method="${escape(method)}",path="${escape(path)}"`;
      BUCKETS.forEach((le, i) =>
        lines.push(
          `http_request_duration_seconds_bucket{${labels},le="${le}"} ${d.buckets[i]}`,
        ),
      );
      lines.push(
        `http_request_duration_seconds_bucket{${labels},le="+Inf"} ${d.count}`,
        `http_request_duration_seconds_sum{${labels}} ${d.sum}`,
        `http_request_duration_seconds_count{${labels}} ${d.count}`,
      );
    }
    const cpu = process.cpuUsage();
    lines.push(
      '# HELP process_cpu_seconds_total User and system CPU time of the process.',
      '# TYPE process_cpu_seconds_total counter',
      `process_cpu_seconds_total ${(cpu.user + cpu.system) / 1e6}`,
      '# HELP process_resident_memory_bytes Resident memory of the process.',
      '# TYPE process_resident_memory_bytes gauge',
      `process_resident_memory_bytes ${process.memoryUsage.rss()}`,
    );
    return `${lines.join('\n')}\n`;
  }

  return { observe, track, render };
}

module.exports = { createMetrics, routeOf, BUCKETS };
