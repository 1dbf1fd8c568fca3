'use strict';

// Sample "target service" to point load tests at. No dependencies, Node 20+.
// CLI: node server.js [--port N]   (or PORT=N; default 7070; 127.0.0.1 only)
// In-process: const { startTarget } = require('./server'); await startTarget({ port: 0 })

const http = require('node:http');
const crypto = require('node:crypto');
const fs = require('node:fs');
const nodePath = require('node:path');
const { createMetrics } = require('./metrics');

// files a "repository" holds for the dev portal's scenarios kept in a repository
const REPOSITORY = nodePath.resolve(__dirname, '../catalog/repository');

const HOST = '127.0.0.1';
const DEFAULT_PORT = 7070;
const MAX_SLOW_MS = 5000;
const MAX_ITEM_ID = 1000;
const MAX_BODY_BYTES = 1024 * 1024;

const JSON_TYPE = 'application/json; charset=utf-8';

function itemFor(id) {
  return {
    id,
    name: `Item ${id}`,
    price: Math.round(((id * 7919) % 10000) + 99) / 100,
    inStock: id % 7 !== 0,
  };
}

// Responses that never change are serialised once: the server has to sustain
// thousands of requests per second on a single core.
const ROOT_BODY = Buffer.from(
  JSON.stringify({
    service: 'load-testing sample target',
    routes: [
      'GET /',
      'GET /health',
      'GET /api/items',
      'GET /api/items/:id',
      'POST /api/orders',
      'GET /api/slow?ms=200',
      'GET /api/flaky?rate=0.1',
      'GET /metrics',
    ],
  }),
);
const ITEMS_BODY = Buffer.from(
  JSON.stringify({
    items: Array.from({ length: 20 }, (_, i) => itemFor(i + 1)),
  }),
);
const HEALTH_BODY = Buffer.from('ok');
const ITEM_BODIES = new Map();
const GET_PATHS = new Set([
  '/',
  '/health',
  '/api/items',
  '/api/slow',
  '/api/flaky',
  '/redirect',
]);

function send(res, status, body, type = JSON_TYPE, extraHeaders) {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
  const headers = { 'content-type': type, 'content-length': buf.length };
  if (extraHeaders) Object.assign(headers, extraHeaders);
  res.writeHead(status, headers);
  res.end(buf);
}

function queryParam(query, name) {
  if (!query) return null;
  return new URLSearchParams(query).get(name);
}

// Delay a response without blocking the event loop; the timer is dropped if the
// client goes away or the server closes, so nothing keeps the process alive.
function later(res, pending, ms, fn) {
  const timer = setTimeout(() => {
    pending.delete(timer);
    fn();
  }, ms);
  pending.add(timer);
  res.once('close', () => {
    clearTimeout(timer);
    pending.delete(timer);
  });
}

function readJsonBody(req, res, cb) {
  const chunks = [];
  let size = 0;
  let aborted = false;
  req.on('data', chunk => {
    if (aborted) return;
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      aborted = true;
      send(res, 413, { error: 'body too large' }, JSON_TYPE, {
        connection: 'close',
      });
      req.resume();
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (aborted) return;
    const text = Buffer.concat(chunks).toString('utf8');
    let body;
    try {
      body = text.length ? JSON.parse(text) : {};
    } catch {
      send(res, 400, { error: 'invalid JSON body' });
      return;
    }
    cb(body);
  });
}

function createHandler(pending) {
  let nextOrderId = 1;
  const metrics = createMetrics();

  return function handle(req, res) {
    const url = req.url || '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const query = q === -1 ? '' : url.slice(q + 1);
    const method = req.method === 'HEAD' ? 'GET' : req.method;

    // Prometheus' scrapes are not counted in what they report
    if (path === '/metrics' && method === 'GET')
      return send(
        res,
        200,
        Buffer.from(metrics.render()),
        'text/plain; version=0.0.4; charset=utf-8',
      );
    metrics.track(res, req.method, path);

    if (path === '/api/orders') {
      if (method !== 'POST')
        return send(res, 405, { error: 'method not allowed' }, JSON_TYPE, {
          allow: 'POST',
        });
      return readJsonBody(req, res, body => {
        const id = nextOrderId++;
        const items = body && Array.isArray(body.items) ? body.items.length : 0;
        send(res, 201, { id, status: 'created', items }, JSON_TYPE, {
          location: `/api/orders/${id}`,
        });
      });
    }

    if (method !== 'GET') {
      if (GET_PATHS.has(path) || path.startsWith('/api/items/')) {
        return send(res, 405, { error: 'method not allowed' }, JSON_TYPE, {
          allow: 'GET, HEAD',
        });
      }
      return send(res, 404, { error: 'not found', path });
    }

    switch (path) {
      case '/':
        return send(res, 200, ROOT_BODY);
      case '/health':
        return send(res, 200, HEALTH_BODY, 'text/plain; charset=utf-8');
      case '/api/items':
        // A little simulated backend latency (1-3 ms), without using CPU.
        return later(res, pending, 1 + Math.random() * 2, () =>
          send(res, 200, ITEMS_BODY),
        );
      case '/api/slow': {
        const raw = queryParam(query, 'ms');
        const n = raw === null || raw === '' ? 200 : Number(raw);
        const ms = Number.isFinite(n)
          ? Math.min(Math.max(n, 0), MAX_SLOW_MS)
          : 200;
        return later(res, pending, ms, () => send(res, 200, { sleptMs: ms }));
      }
      case '/api/flaky': {
        const raw = queryParam(query, 'rate');
        const n = raw === null || raw === '' ? 0.1 : Number(raw);
        const rate = Number.isFinite(n) ? Math.min(Math.max(n, 0), 1) : 0.1;
        if (Math.random() < rate)
          return send(res, 500, { error: 'flaky failure', rate });
        return send(res, 200, { ok: true, rate });
      }
      case '/redirect': {
        // sends the client on to `to` (clients' redirect handling under test)
        const to = queryParam(query, 'to') || '/';
        res.writeHead(302, { location: to, 'content-length': '0' });
        return res.end();
      }
      default:
        break;
    }

    if (path.startsWith('/repository/'))
      return serveRepositoryFile(req, res, path);

    if (path.startsWith('/api/items/')) {
      const idText = path.slice('/api/items/'.length);
      const id = /^[0-9]{1,9}$/.test(idText) ? Number(idText) : NaN;
      if (!(id >= 1 && id <= MAX_ITEM_ID))
        return send(res, 404, { error: 'item not found', id: idText });
      let body = ITEM_BODIES.get(id);
      if (!body) {
        body = Buffer.from(JSON.stringify(itemFor(id)));
        ITEM_BODIES.set(id, body);
      }
      return send(res, 200, body);
    }

    return send(res, 404, { error: 'not found', path });
  };
}

/** A file of dev/catalog/repository with its ETag, 304 when the client has it. */
function serveRepositoryFile(req, res, path) {
  const file = nodePath.join(
    REPOSITORY,
    decodeURIComponent(path.slice('/repository/'.length)),
  );
  if (
    !file.startsWith(REPOSITORY + nodePath.sep) ||
    !fs.existsSync(file) ||
    fs.statSync(file).isDirectory()
  )
    return send(res, 404, { error: 'not found', path });
  const body = fs.readFileSync(file);
  const etag = `"${crypto.createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { etag });
    return res.end();
  }
  return send(res, 200, body, 'text/plain; charset=utf-8', { etag });
}

function parsePort(value, source) {
  const port = Number(value);
  if (
    !Number.isInteger(port) ||
    port < 0 ||
    port > 65535 ||
    String(value).trim() === ''
  ) {
    throw new Error(`invalid port from ${source}: ${JSON.stringify(value)}`);
  }
  return port;
}

/**
 * Start the target in-process. Port 0 (the default here) picks a free port.
 * Resolves to { url, port, server, close() }.
 */
function startTarget({ port = 0, host = HOST } = {}) {
  if (host !== HOST) {
    return Promise.reject(
      new Error(`the target only binds ${HOST}, refusing host ${host}`),
    );
  }
  let listenPort;
  try {
    listenPort = parsePort(port, 'startTarget');
  } catch (err) {
    return Promise.reject(err);
  }
  const pending = new Set();
  const server = http.createServer(createHandler(pending));
  // Longer than typical client idle pools (urllib3, Node agents) so the server
  // never closes a keep-alive socket just as a load-test client reuses it.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, HOST, () => {
      server.off('error', reject);
      const actual = server.address().port;
      let closing;
      resolve({
        url: `http://${HOST}:${actual}`,
        port: actual,
        server,
        close() {
          if (!closing) {
            closing = new Promise(done => {
              for (const t of pending) clearTimeout(t);
              pending.clear();
              server.close(() => done());
              server.closeAllConnections();
            });
          }
          return closing;
        },
      });
    });
  });
}

function cliPort(argv, env) {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--port') return parsePort(argv[i + 1], '--port');
    if (arg.startsWith('--port='))
      return parsePort(arg.slice('--port='.length), '--port');
  }
  if (env.PORT !== undefined && env.PORT !== '')
    return parsePort(env.PORT, 'PORT');
  return DEFAULT_PORT;
}

function cliHost(argv) {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--host') return argv[i + 1];
    if (argv[i].startsWith('--host=')) return argv[i].slice('--host='.length);
  }
  return HOST;
}

async function main() {
  const argv = process.argv.slice(2);
  const target = await startTarget({
    port: cliPort(argv, process.env),
    host: cliHost(argv),
  });
  process.stdout.write(`target listening on ${target.url}\n`);

  let stopping = false;
  const stop = () => {
    // A second signal means "now": don't wait for in-flight requests.
    if (stopping) process.exit(1);
    stopping = true;
    target.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (require.main === module) {
  main().catch(err => {
    process.stderr.write(`target: ${err.message}\n`);
    process.exit(1);
  });
}

module.exports = { startTarget, DEFAULT_PORT };
