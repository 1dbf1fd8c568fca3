import request from 'supertest';
import { api } from '../../../__testUtils__/startBackend';
import { signBody } from '../../../services/signatures';
import { TestCluster } from './testCluster';

type Server = Parameters<typeof request>[0];

/** A delivery signed as the run's monitor signs it, with the secret its pods get. */
export async function deliverAsMonitor(
  k8s: TestCluster,
  server: Server,
  runId: string,
  namespace: string,
  snapshot: object,
) {
  const secret = await k8s.core.readNamespacedSecret({
    name: 'webhook',
    namespace,
  });
  const key = Buffer.from(secret.data!.LT_WEBHOOK_SECRET, 'base64').toString();
  const body = JSON.stringify(snapshot);
  return request(server)
    .post(api(`/webhooks/runs/${runId}`))
    .set('content-type', 'application/json')
    .set('x-load-testing-signature', signBody(key, body))
    .send(body);
}

/** What a Locust master whose monitor delivered its final snapshot leaves. */
export async function finishLikeLocust(
  k8s: TestCluster,
  server: Server,
  runId: string,
  namespace: string,
) {
  const entry = (name: string) => ({
    method: name === 'Aggregated' ? '' : 'GET',
    name,
    numRequests: 100,
    numFailures: 0,
    numNoneRequests: 0,
    totalResponseTime: 1000,
    minResponseTime: 5,
    maxResponseTime: 20,
    totalContentLength: 0,
    totalRps: 10,
    totalFailPerSec: 0,
    delta: {
      requests: 100,
      failures: 0,
      totalResponseTime: 1000,
      histogram: { '10': 100 },
    },
  });
  const res = await deliverAsMonitor(k8s, server, runId, namespace, {
    seq: 1,
    ts: Date.now() / 1000,
    final: true,
    state: 'stopped',
    userCount: 0,
    entries: [entry('/')],
    total: entry('Aggregated'),
    perSecond: { '': [[Math.floor(Date.now() / 1000), 100, 0]] },
    errors: [],
    exceptions: [],
    workers: [],
    master: { cpuPercent: 1, memoryBytes: 1 },
  });
  expect(res.status).toBeLessThan(300);
  await k8s.finishPods(await k8s.pods(namespace, 'master'), 'Succeeded');
}
