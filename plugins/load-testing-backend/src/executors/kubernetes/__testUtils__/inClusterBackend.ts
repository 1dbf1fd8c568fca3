/**
 * A backend whose kubernetes executor uses `authProvider: inCluster`, as one deployed in a
 * pod: the API server from KUBERNETES_SERVICE_HOST/PORT, the token and CA from
 * /var/run/secrets/kubernetes.io/serviceaccount. realKubernetes.test.ts starts it in a
 * mount namespace where that directory holds a token of the least-privilege account.
 *
 * Env: LT_DIR (work dir), LT_INSTANCE, LT_SECRETS_NAMESPACE. Prints `port <n>` once it
 * listens; stops on SIGTERM.
 */
import { startKubernetesBackend } from './testCluster';

async function main() {
  const backend = await startKubernetesBackend({
    dir: process.env.LT_DIR!,
    kubernetes: {
      instance: process.env.LT_INSTANCE,
      webhookBaseUrl: 'http://backstage.test/api/load-testing',
      clusters: [{ name: 'test', authProvider: 'inCluster' }],
      secretsNamespace: process.env.LT_SECRETS_NAMESPACE,
      secrets: [
        { name: 'shop-token', entities: ['component:default/shop-api'] },
      ],
      networkPolicy: {
        webhook: { namespace: 'backstage', podLabels: { app: 'backstage' } },
      },
    },
    loadTesting: { targets: { allow: ['http://*'] } },
  });
  process.stdout.write(`port ${backend.server.port()}\n`);
  process.once('SIGTERM', () => {
    backend.stop().finally(() => process.exit(0));
  });
}

main().catch(e => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});
